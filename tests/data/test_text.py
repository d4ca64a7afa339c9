"""dlkit.data.text: the offline corpus, encoding by hand, consecutive splits, windows, error paths."""

import numpy as np
import pytest

from dlkit.data import text
from dlkit.errors import CheckError


def test_corpus_is_offline_and_large():
    corpus = text.python_docs_text()
    assert len(corpus) > 200_000 and corpus == corpus.lower()
    assert "assert" in corpus and len(text.char_vocabulary(corpus)) < 100


def test_encode_decode_round_trip_and_unknowns():
    vocab = text.char_vocabulary("hello world")
    assert vocab == [" ", "d", "e", "h", "l", "o", "r", "w"]
    ids = text.encode("hold", vocab)
    assert ids.tolist() == [3, 5, 4, 1] and text.decode(ids, vocab) == "hold"
    assert text.decode(text.encode("hex", vocab), vocab) == "he "        # x is not in the vocabulary


def test_split_and_windows():
    train, val, test = text.split_text(np.arange(50), train=0.6, val=0.2)
    assert (train[-1], val[0], val[-1], test[0], test[-1]) == (29, 30, 39, 40, 49)
    X, Y = text.char_windows(np.arange(10), 4)
    np.testing.assert_array_equal(X, [[0, 1, 2, 3], [4, 5, 6, 7]])
    np.testing.assert_array_equal(Y, X + 1)


@pytest.mark.parametrize("call, match", [
    (lambda: text.encode(["a"], ["a"]), "text must be a string"),
    (lambda: text.decode(np.array([0, 5]), ["a"]), "ids out of range"),
    (lambda: text.char_windows(np.arange(3), 3), "too short"),
    (lambda: text.split_text(np.arange(10), train=1.0), "train is out of range"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
