import sys
import types

import pytest

from dlkit import env


def test_platform_detection(monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.delenv("BINDER_SERVICE_HOST", raising=False)
    monkeypatch.delenv("BINDER_REQUEST", raising=False)
    assert env.platform_name() == "local"
    monkeypatch.setenv("BINDER_SERVICE_HOST", "10.0.0.1")
    assert env.on_binder() and env.platform_name() == "Binder"
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert env.on_colab() and env.platform_name() == "Colab"


def test_quiet_tensorflow_keeps_user_settings(monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")
    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    env.quiet_tensorflow()
    env.quiet_tensorflow()
    import os

    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "1" and os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"


def test_report_has_versions_and_device():
    info = env.report()
    assert set(info) == {"python", "numpy", "tensorflow", "keras", "device", "gpus", "platform"}
    assert info["device"] in ("CPU", "GPU") and isinstance(info["gpus"], list)
    assert info["tensorflow"].startswith("2.") and info["keras"].startswith("3.")


def test_compute_scale_override(monkeypatch):
    monkeypatch.setenv("DLKIT_SCALE", "gpu")
    assert env.compute_scale() == "gpu"
    monkeypatch.setenv("DLKIT_SCALE", "tpu")
    with pytest.raises(ValueError, match="received 'tpu'"):
        env.compute_scale()
