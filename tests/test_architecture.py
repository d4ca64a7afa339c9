"""dlkit's shape: imports go one way, there is no cycle, and nothing a learner installs needs the grader.

    base (env, errors, validate, progress) -> nn -> data -> checks -> models -> viz -> exercises

A module may import modules of its own package and of the packages before it; every import counts,
including the ones inside functions (lazy imports hide a cycle, they do not remove it).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DLKIT = ROOT / "dlkit"
ORDER = ["base", "nn", "data", "checks", "models", "viz", "exercises"]
BASE = {"env", "errors", "validate", "progress"}
INSTRUCTOR_ONLY = ("dlgrade", "nbgrader", "nbclient", "nbconvert", "jupytext", "nbformat", "nbval")


def modules() -> dict[str, Path]:
    """{'dlkit.nn.layers': path, ...} for every module of dlkit except the package's own __init__."""
    out = {}
    for path in sorted(DLKIT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        if name != "dlkit":
            out[name] = path
    return out


def imported(path: Path) -> set[str]:
    """Every module name imported anywhere in a file (absolute names; relative imports resolved)."""
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names.add(base)
            names |= {f"{base}.{a.name}" for a in node.names}
    return names


def layer(module: str) -> str:
    parts = module.split(".")
    return "base" if len(parts) == 2 and parts[1] in BASE else parts[1]


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {m: {n for n in imported(p) if n in mods and n != m} for m, p in mods.items()}


def test_every_module_belongs_to_a_layer():
    unknown = {m for m in modules() if layer(m) not in ORDER}
    assert not unknown, f"modules outside the layers {ORDER}: {sorted(unknown)} (move them, or add a layer)"


def test_imports_go_one_way():
    wrong = []
    for module, deps in graph().items():
        for dep in deps:
            if ORDER.index(layer(dep)) > ORDER.index(layer(module)):
                wrong.append(f"{module} ({layer(module)}) imports {dep} ({layer(dep)})")
    assert not wrong, "imports against the layer order " + " -> ".join(ORDER) + ":\n" + "\n".join(sorted(wrong))


def test_no_import_cycle():
    g, index, low, stack, on_stack, cycles = graph(), {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in g:
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_cycle_detection_sees_a_cycle(tmp_path, monkeypatch):
    """The checks above can fail: a planted lazy cycle is found."""
    pkg = tmp_path / "dlkit" / "nn"
    pkg.mkdir(parents=True)
    (tmp_path / "dlkit" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from dlkit.nn import b\n")
    (pkg / "b.py").write_text("from dlkit.nn import a\n")
    (tmp_path / "dlkit" / "errors.py").write_text("from dlkit.nn import a\n")
    monkeypatch.setattr(sys.modules[__name__], "DLKIT", tmp_path / "dlkit")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    with pytest.raises(AssertionError, match="import cycles"):
        test_no_import_cycle()
    with pytest.raises(AssertionError, match="dlkit.errors \\(base\\) imports dlkit.nn.a"):
        test_imports_go_one_way()


def test_no_dlkit_module_mentions_the_grader():
    bad = {m: sorted(n for n in imported(p) if n.split(".")[0] in INSTRUCTOR_ONLY) for m, p in modules().items()}
    bad = {m: names for m, names in bad.items() if names}
    assert not bad, f"dlkit must not import the instructors' tools: {bad}"


BLOCKER = r"""
import importlib, importlib.abc, pkgutil, sys
BLOCKED = {blocked!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is blocked: a learner does not have it")
sys.meta_path.insert(0, Block())
import dlkit
failed = []
for info in pkgutil.walk_packages(dlkit.__path__, "dlkit."):
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed.append(f"{{info.name}}: {{type(exc).__name__}}: {{exc}}")
print("\n".join(failed) or "ALL IMPORTED")
"""


@pytest.mark.slow          # imports TensorFlow and Keras in a subprocess (~10 s)
def test_every_dlkit_module_imports_without_the_instructor_tools():
    code = BLOCKER.format(blocked=INSTRUCTOR_ONLY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().endswith("ALL IMPORTED"), proc.stdout[-3000:]
