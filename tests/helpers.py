"""Shared test helpers: paths, chapters, a scratch copy of the course for nbgrader."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from dlgrade.course import ROOT, chapters, course_nb, environ, nbgrader_cmd, read_nb, solution_nb

__all__ = ["ROOT", "chapters", "read_nb", "solution_nb", "course_nb", "scratch_course", "nbgrader",
           "region_lines", "html_text"]


def scratch_course(tmp: Path, chapter_names: list[str]) -> Path:
    """Copy nbgrader_config.py and the chapters' solution folders into tmp; return tmp."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp / "nbgrader_config.py")
    for name in chapter_names:
        shutil.copytree(ROOT / "solutions" / name, tmp / "solutions" / name)
    return tmp


def nbgrader(root: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in root (its nbgrader_config.py applies); raise with the log on failure."""
    env = environ(DLCOURSE_GRADING_DIR=str(root / "grading"))
    env.pop("DLCOURSE_DB_URL", None)
    proc = subprocess.run(nbgrader_cmd(*args), cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def region_lines(nb, regions=("SOLUTION", "HIDDEN TESTS"), min_len: int = 25) -> list[str]:
    """Distinctive code lines inside ### BEGIN/END <region> blocks of a source notebook."""
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

    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(errors="replace")))


CHECK_OUTPUT_TAG = "nbval-check-output"
_UNCOMPARED = {"image/png", "image/jpeg", "image/svg+xml", "application/vnd.jupyter.widget-view+json"}


def comparable_outputs(cell) -> dict:
    """A cell's outputs as nbval compares them: stdout text and every data entry but pictures and widgets."""
    out: dict[str, list[str]] = {}
    for o in cell.get("outputs", []):
        kind = o.get("output_type")
        if kind == "stream" and o.get("name") == "stdout":
            out.setdefault("stdout", []).append(o.get("text", ""))
        elif kind in ("execute_result", "display_data"):
            for key, value in o.get("data", {}).items():
                if key not in _UNCOMPARED:
                    out.setdefault(key, []).append(value if isinstance(value, str) else "".join(value))
        elif kind == "error":
            out.setdefault("error", []).append(o.get("ename", ""))
    if "stdout" in out:
        out["stdout"] = ["".join(out["stdout"])]
    return out


def output_mismatches(stored_nb, ran_nb) -> list[str]:
    """Cells tagged nbval-check-output whose outputs differ between the stored and a fresh run (nbval's rule)."""
    problems = []
    for stored, ran in zip(stored_nb.cells, ran_nb.cells):
        if stored.cell_type == "code" and CHECK_OUTPUT_TAG in stored.metadata.get("tags", []):
            want, got = comparable_outputs(stored), comparable_outputs(ran)
            if want != got:
                problems.append(f"cell {stored.id}: stored {want} but the run printed {got}")
    return problems


def stderr_cells(nb) -> list[str]:
    """Ids of the cells that wrote to stderr (a solution notebook never does)."""
    return [c.id for c in nb.cells if c.cell_type == "code"
            and any(o.get("output_type") == "stream" and o.get("name") == "stderr" for o in c.get("outputs", []))]
