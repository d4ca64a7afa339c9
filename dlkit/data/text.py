"""An offline text corpus and character-level encoding (chapter 11): nothing is downloaded.

The corpus is the help text that ships with every Python installation: the standard library's
`pydoc_data.topics` (what `help("assert")` shows), about 465 000 characters of English prose and code
for Python 3.11. Its exact content depends on the Python version.

Symbols (docs/NAMING.md): V characters in the vocabulary, N windows, T characters per window.
    ids  (L,) int       a text as vocabulary indices
    X, Y (N, T) int     windows and the same windows shifted by one character (the next characters)

    python_docs_text(lower=True)      the corpus as one string
    char_vocabulary(text)             the sorted characters of a text
    encode(text, vocab), decode(ids, vocab)
    split_text(ids, train, val)       three consecutive parts: training, validation, test
    char_windows(ids, T)              non-overlapping windows (X, Y) for next-character training

Example:
    >>> vocab = char_vocabulary("hello")
    >>> vocab, encode("hole", vocab).tolist(), decode([3, 0], vocab)
    (['e', 'h', 'l', 'o'], [1, 3, 2, 0], 'oe')
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name

__all__ = ["python_docs_text", "char_vocabulary", "encode", "decode", "split_text", "char_windows"]


def python_docs_text(lower=True) -> str:
    """The help topics of the Python standard library (pydoc_data.topics), joined in sorted order.

    Args:
        lower: lower-case the text (fewer characters to learn: about 75 instead of 100).

    Returns:
        str.
    """
    from pydoc_data.topics import topics

    text = "\n\n".join(topics[key].strip() for key in sorted(topics))
    return text.lower() if lower else text


def _text(text, where):
    if not isinstance(text, str):
        raise fail(f"{where}: text must be a string", "a str", type_name(text))
    return text


def char_vocabulary(text) -> list:
    """The distinct characters of `text`, sorted: index i stands for vocab[i].

    Example:
        >>> char_vocabulary("abba ")
        [' ', 'a', 'b']
    """
    return sorted(set(_text(text, "char_vocabulary")))


def encode(text, vocab) -> np.ndarray:
    """The indices of the characters of `text` in `vocab`; a character outside it becomes a space
    (or index 0 if the vocabulary has no space).

    Example:
        >>> encode("ab?", ["a", "b", " "]).tolist()
        [0, 1, 2]
    """
    text = _text(text, "encode")
    index = {c: i for i, c in enumerate(vocab)}
    unknown = index.get(" ", 0)
    return np.array([index.get(c, unknown) for c in text], dtype=np.int32)


def decode(ids, vocab) -> str:
    """The text of a sequence of indices.

    Example:
        >>> decode(np.array([1, 0]), ["i", "h"])
        'hi'
    """
    ids = validate.array(ids, "ids", ndim=1, dtype=int, where="decode")
    if ids.size and (ids.min() < 0 or ids.max() >= len(vocab)):
        raise fail("decode: ids out of range", f"indices in [0, {len(vocab)})", f"min {ids.min()}, max {ids.max()}")
    return "".join(vocab[i] for i in ids)


def split_text(ids, train=0.8, val=0.1):
    """Three consecutive parts of a text: the first `train` fraction, the next `val` fraction, the rest.

    Consecutive, not shuffled: a random split of overlapping windows would put almost the same text in
    training and test.

    Returns:
        (train_ids, val_ids, test_ids).

    Example:
        >>> [len(p) for p in split_text(np.arange(100))]
        [80, 10, 10]
    """
    ids = np.asarray(ids)
    train = validate.number(train, "train", low=0, high=1, low_open=True, high_open=True, where="split_text")
    val = validate.number(val, "val", low=0, high=1 - train, low_open=True, where="split_text")
    a, b = int(round(train * len(ids))), int(round((train + val) * len(ids)))
    return ids[:a], ids[a:b], ids[b:]


def char_windows(ids, T):
    """Non-overlapping windows of T characters and, for each position, the character that follows.

    Returns:
        X: (N, T) int32 with X[k] = ids[k T : (k + 1) T]; Y: (N, T) int32 with Y[k, t] = ids[k T + t + 1];
        N = (len(ids) - 1) // T.

    Example:
        >>> X, Y = char_windows(np.arange(7), 3)
        >>> X.tolist(), Y.tolist()
        ([[0, 1, 2], [3, 4, 5]], [[1, 2, 3], [4, 5, 6]])
    """
    ids = validate.array(ids, "ids", ndim=1, dtype=np.int32, where="char_windows")
    T = validate.integer(T, "T", low=1, where="char_windows")
    N = (len(ids) - 1) // T
    if N < 1:
        raise fail("char_windows: the text is too short", f"more than T = {T} characters", f"{len(ids)}")
    return ids[: N * T].reshape(N, T), ids[1: N * T + 1].reshape(N, T)
