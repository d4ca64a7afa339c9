"""Tests of dlkit.data.images: drawing, the image folder tree, class weights, standardisation."""

import csv

import numpy as np
import pytest

from dlkit.data import images
from dlkit.errors import CheckError


def test_draw_shape_is_seeded_uint8_and_differs_by_class():
    a = images.draw_shape("circle", 24, np.random.default_rng(1))
    b = images.draw_shape("circle", 24, np.random.default_rng(1))
    assert a.shape == (24, 24, 3) and a.dtype == np.uint8
    assert np.array_equal(a, b) and np.array_equal(images.draw_shape("circle", 24, 1), a)
    # a noise-free square fills its bounding box; a circle, a cross and a triangle do not
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
    # a noise-free circle covers about pi r^2 of its bounding box (pi / 4 of it)
    ys, xs = np.nonzero(masks["circle"])
    assert masks["circle"].sum() / ((ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)) == \
        pytest.approx(np.pi / 4, abs=0.05)


def test_make_shapes_counts_and_order():
    X, y, names = images.make_shapes({"square": 2, "circle": 3}, size=16, seed=0)
    assert names == ["circle", "square"]
    assert X.shape == (5, 16, 16, 3) and y.tolist() == [0, 0, 0, 1, 1]
    X2, _, _ = images.make_shapes({"square": 2, "circle": 3}, size=16, seed=0)
    assert np.array_equal(X, X2)
    X, y, names = images.make_shapes(2, size=8)
    assert names == list(images.SHAPES) and np.bincount(y).tolist() == [2, 2, 2, 2]


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


def test_image_loaders_split_like_two_keras_calls(tmp_path):
    keras = pytest.importorskip("keras")
    info = images.write_image_folder(tmp_path, {"circle": 9, "square": 5, "triangle": 6}, size=10, seed=2)
    train_ds, val_ds = images.image_loaders(info["root"], image_size=(10, 10), batch_size=4,
                                            validation_split=0.25, seed=3)
    oracle = {sub: keras.utils.image_dataset_from_directory(
        info["root"], validation_split=0.25, subset=sub, seed=3, image_size=(10, 10), batch_size=4,
        verbose=False).file_paths for sub in ("training", "validation")}
    assert train_ds.file_paths == oracle["training"] and val_ds.file_paths == oracle["validation"]
    assert len(val_ds.file_paths) == int(0.25 * 20) and not set(train_ds.file_paths) & set(val_ds.file_paths)
    x, y = next(iter(train_ds))
    assert tuple(x.shape) == (4, 10, 10, 3) and x.dtype.name == "float32" and y.dtype.name == "int32"
    counts = images.folder_class_counts(train_ds.file_paths, train_ds.class_names)
    assert sum(counts.values()) == 15 and set(counts) == {"circle", "square", "triangle"}


def test_folder_class_counts_by_hand_and_refusal():
    assert images.folder_class_counts(["a/x/1.png", "a/y/2.png", "a/x/3.png"], ["x", "y", "z"]) == \
        {"x": 2, "y": 1, "z": 0}
    with pytest.raises(CheckError, match="outside the class folders"):
        images.folder_class_counts(["a/w/1.png"], ["x"])
    with pytest.raises(CheckError, match="existing folder"):
        images.image_loaders("/no/such/folder")


def test_class_counts_by_hand():
    assert images.class_counts(np.array([0, 2, 2])).tolist() == [1, 0, 2]
    assert images.class_counts(np.array([0, 2, 2]), n_classes=4).tolist() == [1, 0, 2, 0]


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
    # each class contributes N / C to the weighted count
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
    tr_n, ot_n = images.standardize(train, other)
    assert np.allclose(tr_n.reshape(-1, 3).mean(axis=0), 0) and np.allclose(tr_n.reshape(-1, 3).std(axis=0), 1)
    assert np.allclose(ot_n, (other - mean) / std)
    keras = pytest.importorskip("keras")
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(train.astype("float32"))
    assert np.allclose(np.asarray(norm(other.astype("float32"))), ot_n, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("call, match", [
    (lambda: images.draw_shape("hexagon"), "shape is not one of the choices"),
    (lambda: images.draw_shape("circle", size=4), "size is out of range"),
    (lambda: images.balanced_class_weights(np.array([0.5, 1.0])), "integer class labels"),
    (lambda: images.balanced_class_weights(np.array([], dtype=int)), r"len\(labels\) is out of range"),
    (lambda: images.class_counts(np.array([0, 3]), n_classes=2), "labels out of range"),
    (lambda: images.channel_stats(np.zeros((4, 4, 3))), "wrong number of dimensions"),
    (lambda: images.standardize(np.zeros((2, 2, 2, 3)), np.zeros((1, 2, 2, 1))), "as many channels"),
    (lambda: images.make_shapes({"hexagon": 3}), "a class in counts is not one of the choices"),
    (lambda: images.make_shapes({"circle": 0}), r"counts\['circle'\] is out of range"),
    (lambda: images.make_shapes("many"), "counts must be an int"),
])
def test_bad_input_is_refused(call, match):
    with pytest.raises(CheckError, match=match):
        call()


def test_read_labels_csv_needs_its_columns(tmp_path):
    (tmp_path / "bad.csv").write_text("file,class\na.png,x\n")
    with pytest.raises(CheckError, match="must have the columns path,label"):
        images.read_labels_csv(tmp_path / "bad.csv")
