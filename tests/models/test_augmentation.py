"""Tests of dlkit.models.augmentation: the augmentation block of chapter 09."""

import numpy as np
import pytest

from dlkit.data.images import make_shapes
from dlkit.errors import CheckError

keras = pytest.importorskip("keras")
from dlkit.models.augmentation import augmentation_block  # noqa: E402


def test_augmentation_block_layers_training_and_inference():
    block = augmentation_block(0.1, 0.2, 0.3, seed=0)
    kinds = [type(layer).__name__ for layer in block.layers]
    assert kinds == ["RandomFlip", "RandomRotation", "RandomZoom", "RandomBrightness"]
    assert isinstance(block, keras.Sequential)
    X, _, _ = make_shapes(2, size=16, seed=0)
    x = X.astype("float32")
    assert np.allclose(np.asarray(block(x, training=False)), x)
    out = np.asarray(block(x, training=True))
    assert out.shape == x.shape and not np.allclose(out, x)
    assert out.min() >= 0 and out.max() <= 255
    assert [type(la).__name__ for la in augmentation_block(0.0, 0.0, 0.1, flip=None).layers] == \
        ["RandomBrightness"]
    assert [type(la).__name__ for la in augmentation_block(0.0, 0.0, 0.0, flip=None).layers] == ["Identity"]


def test_seeded_blocks_draw_the_same_and_brightness_matches_its_formula():
    X, _, _ = make_shapes(1, size=12, seed=1)
    x = X.astype("float32")
    a = np.asarray(augmentation_block(0.2, 0.1, 0.2, seed=5)(x, training=True))
    b = np.asarray(augmentation_block(0.2, 0.1, 0.2, seed=5)(x, training=True))
    np.testing.assert_array_equal(a, b)
    # brightness alone adds one delta in [-0.2, 0.2] * 255 per image (then clips to 0..255)
    out = np.asarray(augmentation_block(0.0, 0.0, 0.2, flip=None, seed=2)(x, training=True))
    for img, orig in zip(out, x):
        inside = (orig > 60) & (orig < 190)                       # far from the clipping ends
        delta = img[inside] - orig[inside]
        assert np.ptp(delta) < 1e-3 and abs(delta.mean()) <= 0.2 * 255 + 1e-3


@pytest.mark.parametrize("kwargs, match", [
    ({"rotation": 2.0}, "rotation is out of range"),
    ({"zoom": -0.1}, "zoom is out of range"),
    ({"flip": "diagonal"}, "flip is not one of the choices"),
    ({"seed": 1.5}, "seed must be an integer"),
])
def test_errors(kwargs, match):
    with pytest.raises(CheckError, match=match):
        augmentation_block(**kwargs)
