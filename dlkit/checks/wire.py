"""Values as plain data: how answers cross from a learner's kernel to the grader, and back.

The grader never receives an object from the kernel, only data it decodes itself: a JSON tree that
describes the value, and the tree's arrays in the same `.npz` file (read with `allow_pickle=False`).
The encoding keeps what a check may care about, so the grader sees exactly what the learner's code
returned:

    Python float / int / bool / str / None       exact Python types        {"t": "float", "v": 1.5}
    numpy scalars (np.float64(1.5), np.int64(2))  type and dtype kept       {"t": "np.float", "dtype": "float64", ...}
    np.ndarray (exactly, not a subclass)          dtype and shape kept      {"t": "ndarray", "k": "a0"}
    list / tuple / dict (exact types)             containers kept           {"t": "tuple", "items": [...]}
    anything else (a model, a tensor, a function) only its type's name      {"t": "other", "type": "EagerTensor"}
    an exception raised while computing it        its type and message      {"t": "raised", "type": "ValueError", ...}

Decoding is strict: an unknown tag, an array of objects, a file over `MAX_BYTES` or a tree deeper than
`MAX_DEPTH` is refused with `WireError`, so a kernel that writes a hand-made file gains nothing but a
"malformed answer". `roundtrip(value)` is what a visible check compares: the value as the grader will
see it.

Example:
    >>> data = dumps((np.arange(3.0), 2.5))          # the bytes of an .npz file
    >>> loads(data)
    (array([0., 1., 2.]), 2.5)
"""

from __future__ import annotations

import io
import json
import math
import os
from dataclasses import dataclass

import numpy as np

__all__ = ["Other", "Raised", "WireError", "encode", "decode", "save", "load", "dumps", "loads", "roundtrip",
           "MAX_BYTES", "MAX_DEPTH"]

MAX_BYTES = 256 * 2**20          # an answer file larger than this is refused (256 MiB)
MAX_DEPTH = 32                   # nesting of lists/tuples/dicts
MAX_ITEMS = 100_000              # items of one list/tuple/dict
MAX_TEXT = 10_000                # characters kept of a string or an exception message
_ARRAY_KINDS = "biufcUS"         # bool, ints, floats, complex, text: never objects


class WireError(ValueError):
    """Data that is not a valid encoded value (a malformed or hand-made answer)."""


@dataclass(frozen=True)
class Other:
    """A value the wire does not carry: only the name of its type crosses (e.g. 'EagerTensor')."""

    type: str

    def __repr__(self) -> str:
        return f"<{self.type} object>"


@dataclass(frozen=True)
class Raised:
    """An exception raised while the answer was computed: its type name and message."""

    type: str
    message: str

    def __repr__(self) -> str:
        return f"<raised {self.type}: {self.message}>"


def _type_name(x) -> str:
    t = type(x)
    module = getattr(t, "__module__", "") or ""
    return t.__name__ if module in ("builtins", "__main__") else f"{module.split('.')[0]}.{t.__name__}"


def _float_value(x: float):
    """JSON has no nan/inf: write them as strings."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _float_back(v) -> float:
    if isinstance(v, str):
        if v not in ("nan", "inf", "-inf"):
            raise WireError(f"expected a number or 'nan'/'inf'/'-inf', received {v!r}")
        return float(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise WireError(f"expected a number, received {type(v).__name__}")
    return float(v)


def encode(value, arrays: dict | None = None, _depth: int = 0):
    """(tree, arrays): a JSON-able description of `value` and the arrays it refers to by key.

    Only exact types are looked at (`type(x) is ...`), so an object that pretends to be a number or an
    array through `__class__`, `__array__` or `__eq__` is carried as Other(its type name).
    """
    arrays = {} if arrays is None else arrays
    t = type(value)
    if _depth > MAX_DEPTH:
        return {"t": "other", "type": "too deeply nested value"}, arrays
    if value is None:
        return {"t": "none"}, arrays
    if t is bool:
        return {"t": "bool", "v": value}, arrays
    if t is int:
        return {"t": "int", "v": str(value) if abs(value) > 2**53 else value}, arrays
    if t is float:
        return {"t": "float", "v": _float_value(value)}, arrays
    if t is str or t is np.str_:     # np.str_ (an element of a text array) reads as a str
        return {"t": "str", "v": str(value)[:MAX_TEXT]}, arrays
    if t is np.bool_:
        return {"t": "np.bool", "v": bool(value)}, arrays
    if isinstance(value, np.generic) and t.__module__ == "numpy" and value.dtype.kind in "iuf":
        kind = "np.float" if value.dtype.kind == "f" else "np.int"
        v = _float_value(float(value)) if kind == "np.float" else int(value)
        return {"t": kind, "dtype": value.dtype.name, "v": v}, arrays
    if t is np.ndarray:
        if value.dtype.kind not in _ARRAY_KINDS:
            return {"t": "other", "type": f"ndarray of {value.dtype}"}, arrays
        key = f"a{len(arrays)}"
        arrays[key] = value
        return {"t": "ndarray", "k": key}, arrays
    if t in (list, tuple):
        items = [encode(v, arrays, _depth + 1)[0] for v in value[:MAX_ITEMS]]
        return {"t": t.__name__, "items": items, "n": len(value)}, arrays
    if t is dict:
        items = [[encode(k, arrays, _depth + 1)[0], encode(v, arrays, _depth + 1)[0]]
                 for k, v in list(value.items())[:MAX_ITEMS]]
        return {"t": "dict", "items": items, "n": len(value)}, arrays
    if t is Raised:
        return {"t": "raised", "type": str(value.type)[:200], "message": str(value.message)[:MAX_TEXT]}, arrays
    if t is Other:
        return {"t": "other", "type": str(value.type)[:200]}, arrays
    return {"t": "other", "type": _type_name(value)}, arrays


def decode(tree, arrays, _depth: int = 0):
    """The value a tree describes; raises WireError for anything that is not a valid tree."""
    if _depth > MAX_DEPTH + 1:
        raise WireError("the value is nested too deeply")
    if not isinstance(tree, dict) or not isinstance(tree.get("t"), str):
        raise WireError(f"expected a tagged value, received {type(tree).__name__}")
    tag = tree["t"]
    if tag == "none":
        return None
    if tag in ("bool", "np.bool"):
        v = tree.get("v")
        if type(v) is not bool:
            raise WireError(f"expected true/false for a {tag}, received {v!r}")
        return np.bool_(v) if tag == "np.bool" else v
    if tag == "int":
        v = tree.get("v")
        if isinstance(v, str) and v.lstrip("-").isdigit():
            return int(v)
        if type(v) is not int:
            raise WireError(f"expected an integer, received {v!r}")
        return v
    if tag == "float":
        return _float_back(tree.get("v"))
    if tag == "str":
        v = tree.get("v")
        if type(v) is not str:
            raise WireError("expected a string")
        return v
    if tag in ("np.float", "np.int"):
        dtype = tree.get("dtype")
        if not isinstance(dtype, str):
            raise WireError("expected a dtype name")
        try:
            dt = np.dtype(dtype)
        except TypeError:
            raise WireError(f"unknown dtype {dtype!r}") from None
        if dt.kind not in ("f" if tag == "np.float" else "iu"):
            raise WireError(f"dtype {dtype!r} does not fit a {tag}")
        v = tree.get("v")
        return dt.type(_float_back(v) if tag == "np.float" else int(v))
    if tag == "ndarray":
        key = tree.get("k")
        if not isinstance(key, str) or key not in arrays:
            raise WireError(f"the answer refers to a missing array {key!r}")
        arr = arrays[key]
        if type(arr) is not np.ndarray or arr.dtype.kind not in _ARRAY_KINDS:
            raise WireError("an array of objects is not a valid answer")
        return arr
    if tag in ("list", "tuple"):
        items = tree.get("items")
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise WireError(f"expected the items of a {tag}")
        out = [decode(item, arrays, _depth + 1) for item in items]
        return tuple(out) if tag == "tuple" else out
    if tag == "dict":
        items = tree.get("items")
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise WireError("expected the items of a dict")
        out = {}
        for pair in items:
            if not isinstance(pair, list) or len(pair) != 2:
                raise WireError("expected [key, value] pairs")
            key = decode(pair[0], arrays, _depth + 1)
            if isinstance(key, (np.ndarray, list, dict)):
                raise WireError("a dict key must be a number, a string or a tuple")
            out[key] = decode(pair[1], arrays, _depth + 1)
        return out
    if tag == "raised":
        return Raised(str(tree.get("type", "Exception"))[:200], str(tree.get("message", ""))[:MAX_TEXT])
    if tag == "other":
        return Other(str(tree.get("type", "object"))[:200])
    raise WireError(f"unknown tag {tag!r}")


def dumps(value) -> bytes:
    """`value` as the bytes of an .npz file (its tree in the entry '__tree__')."""
    tree, arrays = encode(value)
    buf = io.BytesIO()
    payload = np.frombuffer(json.dumps(tree, allow_nan=False).encode("utf-8"), dtype=np.uint8)
    np.savez(buf, __tree__=payload, **arrays)
    return buf.getvalue()


def loads(data: bytes):
    """The value in the bytes of an .npz file written by dumps(); WireError if they are not one."""
    if len(data) > MAX_BYTES:
        raise WireError(f"the answer is {len(data) / 2**20:.0f} MiB, more than the {MAX_BYTES / 2**20:.0f} MiB allowed")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            names = list(z.files)
            if "__tree__" not in names:
                raise WireError("the answer file has no '__tree__' entry")
            raw = z["__tree__"]
            if raw.dtype != np.uint8 or raw.ndim != 1:
                raise WireError("the answer's tree is not text")
            tree = json.loads(raw.tobytes().decode("utf-8"))
            arrays = {name: z[name] for name in names if name != "__tree__"}
    except WireError:
        raise
    except Exception as exc:  # noqa: BLE001 (zip, npy or JSON errors: all mean "not a valid answer")
        raise WireError(f"the answer file cannot be read: {type(exc).__name__}: {exc}") from None
    return decode(tree, arrays)


def save(path, value) -> None:
    """Write `value` to `path` (.npz), atomically: a reader sees the old file or the whole new one."""
    tmp = f"{path}.part"
    with open(tmp, "wb") as f:
        f.write(dumps(value))
    os.replace(tmp, path)


def load(path):
    """Read a value written by save(); WireError if the file is missing, too large or malformed."""
    try:
        size = os.path.getsize(path)
    except OSError:
        raise WireError(f"no answer was written to {os.path.basename(str(path))}") from None
    if size > MAX_BYTES:
        raise WireError(f"the answer is {size / 2**20:.0f} MiB, more than the {MAX_BYTES / 2**20:.0f} MiB allowed")
    with open(path, "rb") as f:
        return loads(f.read())


def roundtrip(value):
    """`value` as the grader will see it: encoded and decoded (arrays are copied)."""
    return loads(dumps(value))
