import logging
import os
import subprocess
import sys
import types
import warnings

import pytest

from dlkit import env


@pytest.fixture
def local(monkeypatch):
    """A plain local machine: no google.colab, no Binder variables."""
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.delenv("BINDER_SERVICE_HOST", raising=False)
    monkeypatch.delenv("BINDER_REQUEST", raising=False)
    return monkeypatch


def test_platform_local(local):
    assert not env.on_colab() and not env.on_binder() and env.platform_name() == "local"


@pytest.mark.parametrize("var", ["BINDER_SERVICE_HOST", "BINDER_REQUEST"])
def test_platform_binder(local, var):
    local.setenv(var, "x")
    assert env.on_binder() and env.platform_name() == "Binder"


def test_platform_colab_wins(local):
    local.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    local.setenv("BINDER_REQUEST", "x")
    assert env.on_colab() and env.platform_name() == "Colab"


def test_quiet_tensorflow_sets_defaults_without_overriding(monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")
    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    with warnings.catch_warnings():  # keep the filters it adds local to this test
        env.quiet_tensorflow()
        n_filters = len(warnings.filters)
        env.quiet_tensorflow()
        assert len(warnings.filters) == n_filters  # idempotent
        with warnings.catch_warnings(record=True) as caught:
            warnings.warn("Do not pass an `input_shape`/`input_dim` argument to a layer.", UserWarning)
            warnings.warn("something else", UserWarning)  # not silenced: the filters are narrow
        assert [str(w.message) for w in caught] == ["something else"]
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "1" and os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"


def test_importing_dlkit_and_quieting_imports_no_tensorflow():
    code = ("import sys, dlkit, dlkit.checks, dlkit.data.synthetic, dlkit.env, dlkit.nn.gradcheck\n"
            "import dlkit.viz.style, dlkit.viz.plots\n"
            "dlkit.env.quiet_tensorflow()\n"
            "bad = [m for m in ('tensorflow', 'keras', 'ipywidgets') if m in sys.modules]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_report_keys_and_types():
    info = env.report()
    assert set(info) == {"python", "numpy", "tensorflow", "keras", "device", "gpus", "platform"}
    assert info["device"] in ("CPU", "GPU") and isinstance(info["gpus"], list)
    assert (info["device"] == "GPU") == bool(info["gpus"])
    assert info["tensorflow"].startswith("2.") and info["keras"].startswith("3.")
    assert info["python"].count(".") == 2 and info["platform"] in ("local", "Colab", "Binder")


def test_report_without_tensorflow(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # `import tensorflow` now raises ImportError
    info = env.report()
    assert info["tensorflow"] is None and info["keras"] is None and info["device"] == "CPU"
    assert info["gpus"] == []


def fake_tensorflow(monkeypatch, gpus):
    """Put a stand-in TensorFlow (and Keras) into sys.modules that sees the given GPU names."""
    devices = [types.SimpleNamespace(name=name) for name in gpus]
    tf = types.ModuleType("tensorflow")
    tf.__version__ = "2.99.0"
    tf.get_logger = lambda: logging.getLogger("fake_tensorflow")
    tf.config = types.SimpleNamespace(list_physical_devices=lambda kind: devices if kind == "GPU" else [])
    keras = types.ModuleType("keras")
    keras.__version__ = "3.99.0"
    monkeypatch.setitem(sys.modules, "tensorflow", tf)
    monkeypatch.setitem(sys.modules, "keras", keras)


def test_report_and_scale_with_a_gpu(monkeypatch):
    fake_tensorflow(monkeypatch, ["/physical_device:GPU:0"])
    monkeypatch.delenv("DLKIT_SCALE", raising=False)
    info = env.report()
    assert info["device"] == "GPU" and info["gpus"] == ["/physical_device:GPU:0"]
    assert info["tensorflow"] == "2.99.0" and info["keras"] == "3.99.0"
    assert env.compute_scale() == "gpu"
    fake_tensorflow(monkeypatch, [])
    assert env.report()["device"] == "CPU" and env.compute_scale() == "cpu"


def test_print_report_is_an_aligned_table(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tensorflow", None)
    assert env.print_report() is None
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7 and lines[2].startswith("tensorflow  not installed")
    assert len({line.index(value) for line, value in zip(lines, ["3.", "2.", "not"])}) == 1


def test_compute_scale(monkeypatch):
    monkeypatch.setenv("DLKIT_SCALE", "GPU")
    assert env.compute_scale() == "gpu"
    monkeypatch.setenv("DLKIT_SCALE", "cpu")
    assert env.compute_scale() == "cpu"
    monkeypatch.setenv("DLKIT_SCALE", "tpu")
    with pytest.raises(ValueError, match="received: 'tpu'"):
        env.compute_scale()
    monkeypatch.setenv("DLKIT_SCALE", "gpu")
    assert env.sized(cpu=10, gpu=30) == 30
    monkeypatch.setenv("DLKIT_SCALE", "cpu")
    assert env.sized(cpu=10, gpu=30) == 10
    monkeypatch.delenv("DLKIT_SCALE")
    assert env.compute_scale() == env.report()["device"].lower()


def test_tensorflow_python_warnings_stay_silent_even_after_a_level_reset():
    """In IPython, importing TensorFlow resets its logger to INFO; the filter quiet_tensorflow adds survives."""
    import logging

    env.quiet_tensorflow()
    env.quiet_tensorflow()
    logger = logging.getLogger("tensorflow")
    assert sum(isinstance(f, env._ErrorsOnly) for f in logger.filters) == 1      # idempotent
    logger.setLevel(logging.INFO)                                                 # what TF does in IPython
    assert not logger.filter(logging.LogRecord("tensorflow", logging.WARNING, "", 0, "retracing", None, None))
    assert logger.filter(logging.LogRecord("tensorflow", logging.ERROR, "", 0, "real error", None, None))
