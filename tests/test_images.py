"""Tests of dlkit.images: drawing, the image folder tree, class weights, standardisation, figures,
the augmentation block and its explorer (state, figure, headless wiring)."""

import csv

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit import env, images

env.quiet_tensorflow()


def test_draw_shape_is_seeded_uint8_and_differs_by_class():
    a = images.draw_shape("circle", 24, np.random.default_rng(1))
    b = images.draw_shape("circle", 24, np.random.default_rng(1))
    assert a.shape == (24, 24, 3) and a.dtype == np.uint8
    assert np.array_equal(a, b)
    # a noise-free square fills more of its bounding box than a circle or a cross
    masks = {}
    for name in images.SHAPES:
        img = images.draw_shape(name, 64, np.random.default_rng(3), noise=0.0).astype(int)
        corner = img[0, 0]
        masks[name] = np.any(img != corner, axis=-1)
    ys, xs = np.nonzero(masks["square"])
    box = (ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)
    assert masks["square"].sum() == box
    for name in ("circle", "cross", "triangle"):
        ys, xs = np.nonzero(masks[name])
        assert masks[name].sum() < 0.9 * (ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)


def test_make_shapes_counts_and_order():
    X, y, names = images.make_shapes({"square": 2, "circle": 3}, size=16, seed=0)
    assert names == ["circle", "square"]
    assert X.shape == (5, 16, 16, 3) and y.tolist() == [0, 0, 0, 1, 1]
    X2, _, _ = images.make_shapes({"square": 2, "circle": 3}, size=16, seed=0)
    assert np.array_equal(X, X2)


def test_write_image_folder_tree_and_csv(tmp_path):
    info = images.write_image_folder(tmp_path, {"cross": 2, "triangle": 3}, size=12, seed=4)
    assert info["n"] == 5 and info["class_names"] == ["cross", "triangle"]
    assert sorted(p.name for p in (tmp_path / "shapes").iterdir()) == ["cross", "triangle"]
    assert len(list((tmp_path / "shapes" / "triangle").glob("*.png"))) == 3
    with open(info["csv"]) as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["path", "label"] and rows[1] == ["shapes/cross/000.png", "cross"]
    paths, labels = images.read_labels_csv(info["csv"])
    assert labels == ["cross", "cross", "triangle", "triangle", "triangle"]
    from PIL import Image
    X, _, _ = images.make_shapes({"cross": 2, "triangle": 3}, size=12, seed=4)
    assert np.array_equal(np.asarray(Image.open(paths[2])), X[2])      # PNG is lossless


def test_keras_reads_the_tree(tmp_path):
    keras = pytest.importorskip("keras")
    info = images.write_image_folder(tmp_path, {"circle": 6, "square": 4}, size=16, seed=0)
    ds = keras.utils.image_dataset_from_directory(info["root"], image_size=(16, 16), batch_size=4,
                                                  shuffle=False, verbose=False)
    assert ds.class_names == ["circle", "square"]
    labels = np.concatenate([lab.numpy() for _, lab in ds])
    assert labels.tolist() == [0] * 6 + [1] * 4


def test_balanced_class_weights_by_hand_and_vs_sklearn():
    w = images.balanced_class_weights(np.array([0] * 90 + [1] * 10))
    assert w == pytest.approx({0: 100 / 180, 1: 5.0})
    assert all(type(k) is int for k in w)
    from sklearn.utils.class_weight import compute_class_weight
    y = np.random.default_rng(0).integers(0, 5, 200) ** 2 % 5
    ref = compute_class_weight("balanced", classes=np.unique(y), y=y)
    got = images.balanced_class_weights(y)
    assert list(got) == np.unique(y).tolist()
    assert np.allclose(list(got.values()), ref)
    # each class contributes n / K to the weighted count
    counts = np.bincount(y)
    assert np.allclose([got[c] * counts[c] for c in got], y.size / len(got))


def test_channel_stats_and_standardize_vs_numpy_and_keras():
    rng = np.random.default_rng(1)
    train = rng.uniform(0, 255, size=(6, 5, 4, 3)) * np.array([1.0, 0.5, 0.2])
    other = rng.uniform(0, 255, size=(2, 5, 4, 3))
    mean, std = images.channel_stats(train)
    assert mean.shape == (3,) and std.shape == (3,)
    assert np.allclose(mean, train.reshape(-1, 3).mean(axis=0))
    assert np.allclose(std, train.reshape(-1, 3).std(axis=0))
    z_tr, z_ot = images.standardize(train, other)
    assert np.allclose(z_tr.reshape(-1, 3).mean(axis=0), 0) and np.allclose(z_tr.reshape(-1, 3).std(axis=0), 1)
    assert np.allclose(z_ot, (other - mean) / std)
    keras = pytest.importorskip("keras")
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(train.astype("float32"))
    assert np.allclose(np.asarray(norm(other.astype("float32"))), z_ot, rtol=1e-4, atol=1e-4)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="unknown shape"):
        images.draw_shape("hexagon")
    with pytest.raises(ValueError, match="integer class indices"):
        images.balanced_class_weights(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="wrong shape"):
        images.channel_stats(np.zeros((4, 4, 3)))
    with pytest.raises(ValueError, match="unknown class"):
        images.make_shapes({"hexagon": 3})
    with pytest.raises(ValueError, match=r"factor in \[0, 1\)"):
        images.augmentation_block(rotation=2.0)


def test_sample_grid_figure_titles_and_images():
    X, y, names = images.make_shapes({"circle": 3, "cross": 1, "square": 2}, size=10, seed=2)
    fig = images.sample_grid_figure(X, y, names, per_class=2)
    assert isinstance(fig, Figure) and len(fig.axes) == 6
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["circle", "circle", "cross", "(none)", "square", "square"]
    assert np.array_equal(np.asarray(fig.axes[4].images[0].get_array()), X[4])
    assert not fig.axes[3].images


def test_augmentation_block_layers_training_and_inference():
    keras = pytest.importorskip("keras")
    block = images.augmentation_block(0.1, 0.2, 0.3, seed=0)
    kinds = [type(layer).__name__ for layer in block.layers]
    assert kinds == ["RandomFlip", "RandomRotation", "RandomZoom", "RandomBrightness"]
    assert isinstance(block, keras.Sequential)
    X, _, _ = images.make_shapes(2, size=16, seed=0)
    x = X.astype("float32")
    assert np.allclose(np.asarray(block(x, training=False)), x)
    out = np.asarray(block(x, training=True))
    assert out.shape == x.shape and not np.allclose(out, x)
    assert out.min() >= 0 and out.max() <= 255
    assert [type(la).__name__ for la in images.augmentation_block(0.0, 0.0, 0.1, flip=None).layers] == \
        ["RandomBrightness"]


def test_augmentation_state_and_figure():
    pytest.importorskip("keras")
    X, _, names = images.make_shapes(1, size=16, seed=0)
    s = images.augmentation_state(X, rotation=0.2, draws=3, seed=1)
    assert s["augmented"].shape == (3, 4, 16, 16, 3) and s["inference_identity"]
    assert s["changed"] == 1.0
    s0 = images.augmentation_state(X, 0.0, 0.0, 0.0, flip=None)
    assert s0["changed"] == 0.0
    again = images.augmentation_state(X, rotation=0.2, draws=3, seed=1)
    assert np.allclose(again["augmented"], s["augmented"])
    fig = images.augmentation_figure(X, draws=1, titles=names)
    assert isinstance(fig, Figure) and len(fig.axes) == 8
    assert [ax.get_title() for ax in fig.axes[:4]] == names


def test_augmentation_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("keras")
    X, _, names = images.make_shapes(1, size=16, seed=0)
    box = images.augmentation_explorer(X, titles=names, draws=1)
    c = box.controls
    assert set(c) == {"rotation", "zoom", "brightness", "flip", "seed"}
    assert len(box.output.outputs) == 1
    first = box.output.outputs[0]["data"]["image/png"]
    c["rotation"].value = 0.4
    assert len(box.output.outputs) == 1
    assert box.output.outputs[0]["data"]["image/png"] != first
