"""dlkit.checks.wire: values cross as data, exactly typed, and nothing else crosses."""

import io
import json

import numpy as np
import pytest

from dlkit.checks import wire


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2**60, 1.5, float("nan"), float("inf"), "text",
    np.float64(1.5), np.float32(2.0), np.int64(3), np.bool_(True),
    np.arange(6.0).reshape(2, 3), np.array([True, False]), np.array(["a", "bc"]), np.zeros((0, 3)),
    [1, 2.0, "x"], (np.ones(2), 3.5, True, [0, 1]), {"w": np.ones(2), 0: 1.5, (1, 2): None},
])
def test_roundtrip_keeps_values_and_types(value):
    back = wire.roundtrip(value)
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and np.array_equal(back, value)
    elif isinstance(value, float) and np.isnan(value):
        assert np.isnan(back)
    elif isinstance(value, (list, tuple)):
        assert [type(v) for v in back] == [type(v) for v in value]
    elif not isinstance(value, dict):
        assert back == value
    if isinstance(value, np.generic):
        assert back.dtype == value.dtype


def test_objects_cross_as_their_type_name_only():
    class Liar:
        def __eq__(self, other):
            return True

        def __array__(self, dtype=None, copy=None):
            return np.array([3.0, 6.0])

        def __float__(self):
            return 3.5

    assert wire.roundtrip(Liar()).type.endswith("Liar")     # "Liar" when defined in a notebook
    assert wire.roundtrip(np.ma.masked_array([1.0])) == wire.Other("numpy.MaskedArray")   # a subclass is not an array
    assert wire.roundtrip(np.array([object()], dtype=object)) == wire.Other("ndarray of object")
    assert wire.roundtrip(lambda x: x) == wire.Other("function")
    assert wire.roundtrip(wire.Raised("ValueError", "bad")) == wire.Raised("ValueError", "bad")
    nested = []
    nested.append(nested)
    assert isinstance(wire.roundtrip(nested), list)          # a self-referencing list ends as Other, no hang


def _npz(**entries) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **entries)
    return buf.getvalue()


def _tree(tree) -> np.ndarray:
    return np.frombuffer(json.dumps(tree).encode(), dtype=np.uint8)


def test_hand_made_files_are_refused():
    with pytest.raises(wire.WireError, match="cannot be read"):
        wire.loads(b"not a zip file")
    with pytest.raises(wire.WireError, match="no '__tree__'"):
        wire.loads(_npz(a0=np.ones(2)))
    with pytest.raises(wire.WireError, match="cannot be read"):       # a pickled object array: allow_pickle=False
        wire.loads(_npz(__tree__=np.array([object()], dtype=object)))
    with pytest.raises(wire.WireError, match="unknown tag"):
        wire.loads(_npz(__tree__=_tree({"t": "pickle", "v": "..."})))
    with pytest.raises(wire.WireError, match="missing array"):
        wire.loads(_npz(__tree__=_tree({"t": "ndarray", "k": "a9"})))
    with pytest.raises(wire.WireError, match="dtype"):
        wire.loads(_npz(__tree__=_tree({"t": "np.float", "dtype": "int64", "v": 1})))
    with pytest.raises(wire.WireError, match="true/false"):
        wire.loads(_npz(__tree__=_tree({"t": "bool", "v": 1})))


def test_save_and_load_files(tmp_path):
    path = tmp_path / "answer.npz"
    wire.save(path, {"out": np.arange(3.0)})
    assert wire.load(path)["out"].tolist() == [0.0, 1.0, 2.0]
    with pytest.raises(wire.WireError, match="no answer was written"):
        wire.load(tmp_path / "missing.npz")
