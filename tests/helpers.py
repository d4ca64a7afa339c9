"""Shared test helpers: paths, chapters, a scratch copy of the course for nbgrader."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


def chapters() -> list[str]:
    """Chapter names that have a solution notebook."""
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and p.name[:2].isdigit())


def read_nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def solution_nb(chapter: str) -> nbformat.NotebookNode:
    return read_nb(ROOT / "solutions" / chapter / f"{chapter}.ipynb")


def course_nb(chapter: str) -> nbformat.NotebookNode:
    return read_nb(ROOT / "course" / chapter / f"{chapter}.ipynb")


def scratch_course(tmp: Path, chapter_names: list[str]) -> Path:
    """Copy nbgrader_config.py and the chapters' solution folders into tmp; return tmp."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp / "nbgrader_config.py")
    for name in chapter_names:
        shutil.copytree(ROOT / "solutions" / name, tmp / "solutions" / name)
    return tmp


def nbgrader(root: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in root (its nbgrader_config.py applies); raise with the log on failure."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0",
               DLCOURSE_GRADING_DIR=str(root / "grading"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    env.pop("DLCOURSE_DB_URL", None)
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def region_lines(nb, regions=("SOLUTION", "HIDDEN TESTS"), min_len: int = 25) -> list[str]:
    """Distinctive code lines inside ### BEGIN/END <region> blocks of a source notebook."""
    import re

    pattern = "|".join(re.escape(r) for r in regions)
    lines, inside = [], False
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if re.search(rf"### BEGIN ({pattern})", line):
                inside = True
            elif re.search(rf"### END ({pattern})", line):
                inside = False
            elif inside and len(line.strip()) >= min_len and not line.strip().startswith("#"):
                lines.append(line.strip())
    return lines


def html_text(path: Path) -> str:
    """Visible text of an HTML file (tags removed, entities decoded)."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(errors="replace")))
