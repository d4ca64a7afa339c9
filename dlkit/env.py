"""The learner's environment: versions, CPU or GPU, Colab or Binder, and a quiet TensorFlow.

`quiet_tensorflow()` must run before TensorFlow is imported (dlkit.setup_notebook calls it):
TensorFlow's C++ start-up messages go to stderr, and nbgrader gives zero points to a test cell
that writes to stderr.
"""

from __future__ import annotations

import os
import platform
import sys
import warnings

QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "KERAS_BACKEND": "tensorflow"}


def quiet_tensorflow() -> None:
    """Silence TensorFlow's C++ logs and a few known-harmless warnings. Idempotent; imports no TF."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    warnings.filterwarnings("ignore", message=r".*np\.find_common_type.*", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=r"Do not pass an `input_shape`", category=UserWarning)
    warnings.filterwarnings("ignore", message=r".*oneDNN custom operations.*")
    if "absl.logging" in sys.modules:
        sys.modules["absl.logging"].set_verbosity("error")
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].get_logger().setLevel("ERROR")


def on_colab() -> bool:
    """True inside Google Colab."""
    return "google.colab" in sys.modules


def on_binder() -> bool:
    """True on mybinder.org (repo2docker sets these variables)."""
    return "BINDER_SERVICE_HOST" in os.environ or "BINDER_REQUEST" in os.environ


def platform_name() -> str:
    """'Colab', 'Binder' or 'local'."""
    return "Colab" if on_colab() else "Binder" if on_binder() else "local"


def _tensorflow():
    quiet_tensorflow()
    try:
        import tensorflow as tf
    except ImportError:
        return None
    tf.get_logger().setLevel("ERROR")
    return tf


def report() -> dict:
    """Versions and hardware: python, numpy, tensorflow, keras, device ('GPU'/'CPU'), gpus, platform."""
    import numpy as np

    tf = _tensorflow()
    gpus = [] if tf is None else [d.name for d in tf.config.list_physical_devices("GPU")]
    keras_version = None
    if tf is not None:
        import keras

        keras_version = keras.__version__
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "tensorflow": None if tf is None else tf.__version__,
        "keras": keras_version,
        "device": "GPU" if gpus else "CPU",
        "gpus": gpus,
        "platform": platform_name(),
    }


def print_report() -> None:
    """Print report() as a small table."""
    info = report()
    width = max(map(len, info))
    for key, value in info.items():
        if key == "gpus":
            value = ", ".join(value) or "none"
        print(f"{key:<{width}}  {value if value is not None else 'not installed'}")


def compute_scale() -> str:
    """'gpu' or 'cpu': the one switch later chapters use to size models and training.

    Set DLKIT_SCALE=cpu or gpu to override (e.g. to test the small sizes on a GPU machine).
    """
    forced = os.environ.get("DLKIT_SCALE", "").lower()
    if forced in ("cpu", "gpu"):
        return forced
    if forced:
        raise ValueError(f"DLKIT_SCALE must be 'cpu' or 'gpu', received {forced!r}")
    tf = _tensorflow()
    return "gpu" if tf is not None and tf.config.list_physical_devices("GPU") else "cpu"
