"""scikit-learn's bundled 8x8 digits (1797 images, 10 classes): the data of chapters 05, 07, 08 and 10.

Nothing is downloaded: the images ship with scikit-learn. The split is stratified and seeded (`seed`
is scikit-learn's random_state), so the same seed gives the same split on every machine.

Symbols (docs/NAMING.md): N examples, D = 64 pixel features (8 x 8, values 0..16 before
standardising), C = 10 classes.
    X   (N, 64) float   one flattened image per row
    y   (N,)    int     the digit, 0..9

Example:
    >>> X_tr, X_te, y_tr, y_te = digits_split()
    >>> X_tr.shape, X_te.shape, y_tr.shape, y_te.shape
    ((1347, 64), (450, 64), (1347,), (450,))
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dlkit import validate
from dlkit.data import tabular

__all__ = ["DigitsSplits", "digits_splits", "digits_image_splits", "digits_split", "small_data"]


class DigitsSplits(NamedTuple):
    """Train, validation and test parts of the digits: fit on train, select on val, report test once."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def digits_splits(seed: int = 0, val_size: float = 0.2, test_size: float = 0.2, standardize: bool = True):
    """The course's split of the digits into training, validation and test sets (stratified, seeded).

    The roles, kept apart in every chapter from 05 on:
        train       the model's parameters are fitted on it;
        validation  choices are made on it: epochs, learning rates, architectures, checkpoints;
        test        touched once, at the end, to report how well the chosen model does on new data.
    With the defaults 1797 images split 1077 / 360 / 360, each part with the same class proportions.
    With standardize=True every pixel is standardised with the *training* mean and standard deviation
    (dlkit.data.tabular.normalize), so nothing of the validation or test images leaks into training.

    Args:
        seed: int, the split's random state.
        val_size, test_size: fractions of all images, each in (0, 1), together below 1.
        standardize: standardise the pixels (else they stay 0..16).

    Returns:
        DigitsSplits(X_train, y_train, X_val, y_val, X_test, y_test): X float (N_part, 64), y int (N_part,).

    Example:
        >>> s = digits_splits()
        >>> s.X_train.shape, s.X_val.shape, s.X_test.shape
        ((1077, 64), (360, 64), (360, 64))
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    seed = validate.integer(seed, "seed", where="digits_splits")
    val_size = validate.number(val_size, "val_size", low=0, high=1, low_open=True, high_open=True, where="digits_splits")
    test_size = validate.number(test_size, "test_size", low=0, high=1 - val_size, low_open=True, high_open=True,
                                where="digits_splits")
    digits = load_digits()
    X, y = digits.data.astype(float), digits.target
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=val_size / (1 - test_size),
                                                      random_state=seed, stratify=y_rest)
    if standardize:
        raw_train = X_train
        X_train, X_val = tabular.normalize(raw_train, X_val)      # training statistics only
        X_test = tabular.normalize(raw_train, X_test)[1]
    return DigitsSplits(X_train, y_train, X_val, y_val, X_test, y_test)


def digits_image_splits(seed: int = 0, val_size: float = 0.2, test_size: float = 0.2):
    """digits_splits as images for a CNN (chapter 10): X float32 (N_part, 8, 8, 1), pixels scaled to [0, 1].

    The same stratified 1077 / 360 / 360 split as digits_splits(seed); every pixel is divided by 16 (the
    scale of the digits) instead of being standardised per pixel, so an image stays an image: one
    filter sees the same scale wherever it slides.

    Returns:
        DigitsSplits(X_train, y_train, X_val, y_val, X_test, y_test): X float32 (N_part, 8, 8, 1) in [0, 1],
        y int (N_part,).

    Example:
        >>> s = digits_image_splits()
        >>> s.X_train.shape, s.X_train.dtype, float(s.X_train.max())
        ((1077, 8, 8, 1), dtype('float32'), 1.0)
    """
    s = digits_splits(seed, val_size=val_size, test_size=test_size, standardize=False)
    image = lambda X: (X / 16.0).reshape(-1, 8, 8, 1).astype(np.float32)       # noqa: E731  (N, 64) -> (N, 8, 8, 1)
    return DigitsSplits(image(s.X_train), s.y_train, image(s.X_val), s.y_val, image(s.X_test), s.y_test)


def digits_split(test_size: float = 0.25, seed: int = 0, standardize: bool = True):
    """The digits split stratified into train and test sets, optionally standardised.

    With standardize=True every pixel column is shifted and scaled by the *training* mean and standard
    deviation, (x - mu_train) / sigma_train (dlkit.data.tabular.normalize, the one standardiser), so no
    test information leaks into training. A pixel that is constant in the training set
    (sigma_train = 0, e.g. a corner that is always blank) is only shifted, as scikit-learn's
    StandardScaler does: dividing by a tiny number would blow up its rare non-zero test values.

    Args:
        test_size: fraction of the examples held out, in (0, 1).
        seed: int, the split's random_state.
        standardize: whether to standardise the pixels (else they stay in 0..16).

    Returns:
        X_train (N_train, 64), X_test (N_test, 64) float; y_train (N_train,), y_test (N_test,) int
        labels in 0..9.

    Example:
        >>> X_tr, X_te, y_tr, y_te = digits_split(standardize=False)
        >>> float(X_tr.min()), float(X_tr.max())
        (0.0, 16.0)
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    test_size = validate.number(test_size, "test_size", low=0, high=1, low_open=True, high_open=True,
                                where="digits_split")
    seed = validate.integer(seed, "seed", where="digits_split")
    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data.astype(float), digits.target, test_size=test_size, random_state=seed,
        stratify=digits.target)                                   # (N_train, 64), (N_test, 64), ...
    if standardize:
        X_train, X_test = tabular.normalize(X_train, X_test)      # the one standardiser (chapter 07's reference)
    return X_train, X_test, y_train, y_test


def small_data(n_train: int = 150, n_wrong: int = 0, seed: int = 0) -> DigitsSplits:
    """The small-data experiment of chapter 08: few training images, some of them mislabelled.

    The course's split (digits_splits(seed=seed): 1077 / 360 / 360, standardised with the training
    statistics) with only the first `n_train` training images kept. `n_wrong` of them get a wrong
    label, a different class drawn at random (careless annotation), so that a network that memorises
    its training set shows it on the validation images. The validation and test parts are unchanged
    and always correctly labelled: models are compared on validation, the test part is for the end.

    Args:
        n_train: number of training images, 1..1077.
        n_wrong: how many of them get a wrong label, 0..n_train.
        seed: int, the split's random_state and the seed of the wrong labels.

    Returns:
        DigitsSplits with X_train (n_train, 64), X_val (360, 64), X_test (360, 64) float32 and the
        int labels y_train (n_train,) (n_wrong of them wrong), y_val (360,), y_test (360,).

    Example:
        >>> s = small_data(n_train=150, n_wrong=30)
        >>> s.X_train.shape, s.X_val.shape, s.X_test.shape, s.X_train.dtype
        ((150, 64), (360, 64), (360, 64), dtype('float32'))
        >>> int(np.sum(s.y_train != small_data(n_train=150).y_train))
        30
    """
    n_train = validate.integer(n_train, "n_train", low=1, high=1077, where="small_data")
    n_wrong = validate.integer(n_wrong, "n_wrong", low=0, high=n_train, where="small_data")
    seed = validate.integer(seed, "seed", low=0, where="small_data")
    s = digits_splits(seed=seed)
    y_train = s.y_train[:n_train].copy()
    if n_wrong:
        rng = np.random.default_rng(seed)
        wrong = rng.choice(n_train, size=n_wrong, replace=False)                 # (n_wrong,) positions
        y_train[wrong] = (y_train[wrong] + rng.integers(1, 10, size=n_wrong)) % 10   # never the true class
    f32 = np.float32
    return DigitsSplits(s.X_train[:n_train].astype(f32), y_train, s.X_val.astype(f32), s.y_val,
                        s.X_test.astype(f32), s.y_test)
