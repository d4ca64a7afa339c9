"""Validators for the arguments of dlkit's public functions: each returns the clean value or raises.

Every failure goes through `dlkit.errors.fail`, so every message reads the same way:

    dense_forward: W has the wrong shape
      expected: (3, H), one row per input feature of X (3, 2)
      received: (2, 4)

    >>> number(0.1, "learning_rate", low=0, low_open=True)
    0.1
    >>> integer(True, "epochs")
    Traceback (most recent call last):
    ...
    dlkit.errors.CheckError: epochs must be an integer
      expected: an int
      received: True (bool)

Randomness: `rng(x)` turns a np.random.Generator, an int seed or None (seed 0) into a Generator. No
dlkit function touches numpy's, Python's or Keras' global random state behind the caller's back.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from dlkit.errors import fail, shape_text, type_name

__all__ = ["array", "number", "integer", "choice", "rng", "array_list", "same_shape", "labels"]


def _received(x) -> str:
    if isinstance(x, np.ndarray):
        return f"array of shape {x.shape} and dtype {x.dtype}"
    text = repr(x)
    return f"{text if len(text) <= 60 else text[:57] + '...'} ({type_name(x)})"


def array(x, name: str, *, ndim: int | None = None, shape: tuple | None = None, dtype=float,
          finite: bool = True, where: str = ""):
    """x as a new numpy array of `dtype` (numbers only), checked for ndim, shape and finiteness.

    Args:
        x: a number, list or array.
        name: the argument's name in messages.
        ndim: required number of dimensions, or None.
        shape: required shape; a None entry accepts any size (e.g. (None, 3)).
        dtype: the dtype of the returned array (float by default).
        finite: refuse nan and inf.
        where: the function's name, put in front of the message ("dense_forward: ...").

    Returns:
        np.ndarray (a copy: the caller's array is never changed).
    """
    prefix = f"{where}: " if where else ""
    if x is None or isinstance(x, (str, bytes, dict, set)):
        raise fail(f"{prefix}{name} must be numbers", "a number or an array of numbers", _received(x))
    try:
        arr = np.array(x, dtype=dtype)
    except (TypeError, ValueError) as err:
        raise fail(f"{prefix}{name} must be numbers", "a number or an array of numbers",
                   f"{type_name(x)} ({err})") from None
    if ndim is not None and arr.ndim != ndim:
        raise fail(f"{prefix}{name} has the wrong number of dimensions", f"a {ndim}-D array",
                   f"shape {arr.shape}")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(s is None or s == t for s, t in zip(shape, arr.shape))
        if not ok:
            raise fail(f"{prefix}{name} has the wrong shape", shape_text(shape), str(arr.shape))
    if finite and arr.dtype.kind in "fc" and not np.all(np.isfinite(arr)):
        raise fail(f"{prefix}{name} must be finite", "finite numbers", "values containing nan or inf")
    return arr


def number(x, name: str, *, low: float | None = None, high: float | None = None, low_open: bool = False,
           high_open: bool = False, where: str = "") -> float:
    """x as a finite float within the bounds ([low, high]; open ends with low_open/high_open).

    Accepts Python and numpy numbers and 0-d arrays; refuses bools, strings and arrays with elements.
    """
    prefix = f"{where}: " if where else ""
    ok = not isinstance(x, (bool, np.bool_)) and (isinstance(x, numbers.Real) or
                                                   (isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iuf"))
    if not ok or not math.isfinite(float(x)):
        raise fail(f"{prefix}{name} must be a finite number", "a number", _received(x))
    value = float(x)
    below = low is not None and (value < low or (low_open and value == low))
    above = high is not None and (value > high or (high_open and value == high))
    if below or above:
        lo = "" if low is None else f"{'>' if low_open else '>='} {low:g}"
        hi = "" if high is None else f"{'<' if high_open else '<='} {high:g}"
        raise fail(f"{prefix}{name} is out of range", "a number " + " and ".join(s for s in (lo, hi) if s),
                   f"{name}={value:g}")
    return value


def integer(x, name: str, *, low: int | None = None, high: int | None = None, where: str = "") -> int:
    """x as an int within [low, high]; refuses bools and floats (even 3.0)."""
    prefix = f"{where}: " if where else ""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        raise fail(f"{prefix}{name} must be an integer", "an int", _received(x))
    value = int(x)
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = " and ".join(s for s in (f">= {low}" if low is not None else "",
                                          f"<= {high}" if high is not None else "") if s)
        raise fail(f"{prefix}{name} is out of range", f"an integer {bounds}", f"{name}={value}")
    return value


def choice(x, name: str, options, *, where: str = ""):
    """x if it is one of `options` (strings compared as given), else a CheckError listing them."""
    prefix = f"{where}: " if where else ""
    try:
        ok = x in options
    except TypeError:
        ok = False
    if not ok:
        raise fail(f"{prefix}{name} is not one of the choices", " or ".join(map(repr, options)), _received(x))
    return x


def rng(x, name: str = "rng", *, where: str = "") -> np.random.Generator:
    """A np.random.Generator from a Generator (returned as is), an int seed, or None (seed 0)."""
    if x is None:
        return np.random.default_rng(0)
    if isinstance(x, np.random.Generator):
        return x
    if isinstance(x, numbers.Integral) and not isinstance(x, (bool, np.bool_)):
        return np.random.default_rng(int(x))
    prefix = f"{where}: " if where else ""
    raise fail(f"{prefix}{name} must be a random generator or a seed",
               "np.random.default_rng(seed) or an int seed", _received(x))


def array_list(x, name: str, *, where: str = "") -> list:
    """x as a list of numpy arrays (e.g. parameters updated in place): refuses a bare array."""
    prefix = f"{where}: " if where else ""
    if isinstance(x, np.ndarray) or not isinstance(x, (list, tuple)):
        raise fail(f"{prefix}{name} must be a list of numpy arrays", "a list with one array per parameter",
                   _received(x))
    return list(x)


def same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str, *, where: str = "") -> None:
    """Raise unless a and b have one shape (e.g. a gradient and its parameter)."""
    if np.shape(a) != np.shape(b):
        prefix = f"{where}: " if where else ""
        raise fail(f"{prefix}{name_a} must have the shape of {name_b}", str(np.shape(b)), str(np.shape(a)))


def labels(x, name: str = "y", *, n: int | None = None, classes: int | None = None, where: str = "") -> np.ndarray:
    """x as an int array of class labels, shape (N,): integers (or whole floats) in [0, classes).

    Args:
        n: required number of labels (one per row of X), or None.
        classes: number of classes C (labels must be < C), or None.

    Example:
        >>> labels([0, 2.0, 1], classes=3)
        array([0, 2, 1])
    """
    prefix = f"{where}: " if where else ""
    arr = array(x, name, ndim=1, where=where)
    if n is not None and arr.shape != (n,):
        raise fail(f"{prefix}{name} has the wrong shape", f"({n},), one label per example", str(arr.shape))
    if not np.all(arr == np.round(arr)):
        raise fail(f"{prefix}{name} must hold integer class labels", "whole numbers 0, 1, ...",
                   f"values such as {arr[arr != np.round(arr)][:3].tolist()}")
    out = arr.astype(int)
    if out.size and (out.min() < 0 or (classes is not None and out.max() >= classes)):
        want = f"labels in [0, {classes})" if classes is not None else "labels >= 0"
        raise fail(f"{prefix}{name} has labels out of range", want, f"min {out.min()}, max {out.max()}")
    return out
