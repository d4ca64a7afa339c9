"""The augmentation block of chapter 09: Keras' random image layers in one keras.Sequential.

Symbols (docs/NAMING.md): images (N, Hi, Wi, Ci) with values in 0..255.

    RandomFlip(flip)                    mirror with probability 1/2 (skipped if flip is None)
    RandomRotation(rotation)            angle uniform in [-rotation, rotation] * 360 degrees
    RandomZoom(zoom)                    height/width scaled by a factor in [1 - zoom, 1 + zoom]
    RandomBrightness(brightness)        add delta uniform in [-brightness, brightness] * 255, clip to 0..255

The layers act only when called with training=True (fit does); at inference (predict, evaluate,
training=False) they return the images unchanged. What the block does to a few images is shown by
dlkit.viz.images.augmentation_explorer.
"""

from __future__ import annotations

from dlkit import validate

__all__ = ["FLIPS", "augmentation_block"]

FLIPS = (None, "horizontal", "vertical", "horizontal_and_vertical")


def augmentation_block(rotation: float = 0.1, zoom: float = 0.1, brightness: float = 0.2,
                       flip: str | None = "horizontal", seed: int | None = None):
    """A keras.Sequential of augmentation layers, for images with values in 0..255.

    A factor of 0 drops that layer (all off: one Identity layer). Each layer gets `seed`, so a seeded
    block draws the same transformations in every run without touching any global seed.

    Args:
        rotation, zoom, brightness: factors in [0, 1).
        flip: one of FLIPS (None: no flip layer).
        seed: int >= 0 for the layers' own seed generators, or None (Keras' global generator).

    Returns:
        keras.Sequential named "augmentation".

    Example:
        >>> [type(layer).__name__ for layer in augmentation_block(0.1, 0.0, 0.2, flip=None).layers]
        ['RandomRotation', 'RandomBrightness']
    """
    import keras

    where = "augmentation_block"
    rotation = validate.number(rotation, "rotation", low=0, high=1, high_open=True, where=where)
    zoom = validate.number(zoom, "zoom", low=0, high=1, high_open=True, where=where)
    brightness = validate.number(brightness, "brightness", low=0, high=1, high_open=True, where=where)
    flip = validate.choice(flip, "flip", FLIPS, where=where)
    seed = None if seed is None else validate.integer(seed, "seed", low=0, where=where)
    layers = []
    if flip:
        layers.append(keras.layers.RandomFlip(flip, seed=seed))
    if rotation:
        layers.append(keras.layers.RandomRotation(rotation, fill_mode="reflect", seed=seed))
    if zoom:
        layers.append(keras.layers.RandomZoom(zoom, fill_mode="reflect", seed=seed))
    if brightness:
        layers.append(keras.layers.RandomBrightness(brightness, value_range=(0, 255), seed=seed))
    return keras.Sequential(layers or [keras.layers.Identity()], name="augmentation")
