"""What the grader checks inside a learner's kernel to notice tampering.

`fingerprint()` runs in the kernel (through the execute request's user_expressions, which IPython
evaluates without input transformers) before any learner code and again after every graded test
cell. It records the identity of the functions the tests rely on (builtins, numpy's comparisons,
dlkit.checks) and the number of IPython input/AST transformers. A change between the two means the
learner's code patched something the tests trust, and the test cell is flagged.

This catches the usual tricks (`np.allclose = lambda *a, **k: True`, blanking later cells with an
input transformer, replacing `dlkit.checks.check_close`). It cannot stop a determined attacker who
runs code in the same process as the tests: see README, "What grading guards against, and what it cannot".
"""

from __future__ import annotations

import sys

WATCHED = {
    "builtins": ["isinstance", "type", "len", "abs", "all", "any", "float", "int", "print", "__import__",
                 "getattr", "id", "repr"],
    "numpy": ["allclose", "isclose", "array_equal", "asarray", "array", "all", "any", "abs", "isfinite"],
    "numpy.testing": ["assert_allclose", "assert_array_equal"],
    "dlkit.checks": ["check_close", "check_equal", "check_shape", "check_type", "check_finite"],
    "dlkit.keras_checks": ["check_model", "check_architecture", "check_compiled", "check_held_out",
                           "held_out_score"],
    "tensorflow": ["reduce_all", "equal", "convert_to_tensor"],
    "tensorflow.debugging": ["assert_near", "assert_equal"],
}


def fingerprint() -> str:
    """'name=id;...' for the watched functions and the IPython transformer counts."""
    import importlib

    for name in ("builtins", "numpy", "numpy.testing", "dlkit.checks"):
        try:  # make sure the watched modules are loaded; a missing one is simply not watched
            importlib.import_module(name)
        except ImportError:
            pass
    parts = []
    for module_name, names in WATCHED.items():
        module = sys.modules.get(module_name)
        if module is None:
            continue
        parts.append(f"{module_name}={id(module)}")
        for name in names:
            parts.append(f"{module_name}.{name}={id(getattr(module, name, None))}")
    if "numpy" in sys.modules:
        parts.append(f"numpy.ndarray.__eq__={id(sys.modules['numpy'].ndarray.__eq__)}")
    try:
        shell = get_ipython()  # noqa: F821 (defined in an IPython kernel)
    except NameError:
        shell = None
    if shell is not None:
        parts.append(f"input_transformers_cleanup={len(shell.input_transformers_cleanup)}")
        parts.append(f"input_transformers_post={len(shell.input_transformers_post)}")
        parts.append(f"ast_transformers={len(shell.ast_transformers)}")
    return ";".join(parts)


def changed(baseline: str, now: str) -> list[str]:
    """Names whose value differs between two fingerprints (keys present in both)."""
    a = dict(p.split("=", 1) for p in baseline.split(";") if p)
    b = dict(p.split("=", 1) for p in now.split(";") if p)
    return sorted(k for k in a.keys() & b.keys() if a[k] != b[k])


def merge(baseline: str, now: str) -> str:
    """The baseline plus the names that first appear in `now` (a module imported since, e.g. TensorFlow).

    A name is adopted the first time a graded cell sees it, so a module patched before its first graded
    cell goes unnoticed: the check catches patches made after the learner's code met a test.
    """
    known = {p.split("=", 1)[0] for p in baseline.split(";") if p}
    extra = [p for p in now.split(";") if p and p.split("=", 1)[0] not in known]
    return ";".join([baseline, *extra]) if baseline else ";".join(extra)


EXPRESSION = "__import__('dlkit.integrity', fromlist=['fingerprint']).fingerprint()"
