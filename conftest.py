"""pytest set-up for everything under the repository: quiet TensorFlow, headless matplotlib, the names
every docstring example may use (`np`), and how `make test` shares tests between its pytest-xdist workers."""

import os

import matplotlib
import numpy as np
import pytest

from dlkit.env import QUIET_ENV

matplotlib.use("Agg")
for _key, _value in QUIET_ENV.items():
    os.environ.setdefault(_key, _value)


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["np"] = np


# --- pytest-xdist (make test: -n auto --dist loadgroup) ---------------------------------------------------
# Scopes: tests that share an expensive module-scoped fixture must run on one worker, or each worker builds
# it again (a chapter's whole nbgrader round trip, the tampering batch, a JupyterLab server). "file": the
# file's tests together; "param": one worker per value of the test's parameter (a chapter); an nbval
# notebook's cells share one kernel; every other test is its own scope. Decided from test ids by the
# scheduler below, because xdist's own xdist_group marks are silently ignored under pytest 9.2 (xdist 3.8
# writes item._nodeid, which pytest 9.2 no longer reads).
XDIST_SCOPES = {"test_roundtrip.py": "param", "test_tampering.py": "file", "test_browser.py": "file",
                "test_postgres.py": "file"}

# Tests that run whole notebooks go first, later (heavier) chapters first: a long test started last keeps
# one core busy while the other idles. Order does not change results.
_NOTEBOOK_RUNS = ("test_wrong_answers.py", "test_roundtrip.py", "test_tampering.py", "test_browser.py")


def xdist_scope(nodeid: str) -> str:
    """The scheduling scope of a test id, e.g.
    'tests/test_roundtrip.py::test_x[04_gradient_descent]' -> 'tests/test_roundtrip.py[04_gradient_descent]'.

    >>> xdist_scope("tests/test_tampering.py::test_every_submission[liar]")
    'tests/test_tampering.py'
    >>> xdist_scope("tests/nn/test_conv.py::test_naive")
    'tests/nn/test_conv.py::test_naive'
    """
    path, _, rest = nodeid.partition("::")
    rule = "file" if path.endswith(".ipynb") else XDIST_SCOPES.get(os.path.basename(path))
    if rule == "file":
        return path
    if rule == "param" and rest.endswith("]") and "[" in rest:
        return f"{path}[{rest[rest.index('[') + 1:-1]}]"
    return nodeid


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:                                   # no pytest-xdist: everything runs in one process
    LoadScopeScheduling = None

if LoadScopeScheduling is not None:
    class CourseScheduling(LoadScopeScheduling):
        """xdist's load-scope scheduling, with the scopes of xdist_scope."""

        def _split_scope(self, nodeid: str) -> str:
            return xdist_scope(nodeid)

    @pytest.hookimpl(tryfirst=True, optionalhook=True)   # optional: `-p no:xdist` still works
    def pytest_xdist_make_scheduler(config, log):
        return CourseScheduling(config, log) if config.getvalue("dist") == "loadgroup" else None


def _chapter_number(item) -> float:
    callspec = getattr(item, "callspec", None)
    for value in (callspec.params.values() if callspec else []):
        if isinstance(value, str) and value[:2].isdigit():
            return int(value[:2])
    return 10.5                   # tampering and browser tests: about as long as a heavy chapter


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Notebook runs first, later (heavier) chapters first (see _NOTEBOOK_RUNS)."""
    items.sort(key=lambda item: (os.path.basename(str(item.path)) not in _NOTEBOOK_RUNS, -_chapter_number(item)))
