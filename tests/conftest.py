import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
# The instructor tools (tools/*.py) are scripts, not a package: make them importable for tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
