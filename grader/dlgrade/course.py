"""Where the course's things are: its root, chapters, notebooks, configuration and quiet environment.

    ROOT                  the course repository (the folder holding nbgrader_config.py)
    chapters(root)        ["00_welcome", "01_perceptron", ...]: chapters with a solution notebook
    chapter_sources(root) authoring/NN_slug.py files (the *_answers.py catalogues are not chapters)
    environ(**extra)      os.environ for a subprocess: quiet TensorFlow, this interpreter's tools first
    nbgrader_cmd(*args)   the command line that runs nbgrader (through dlgrade.nbgrader_cli)
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import nbformat

from dlkit.env import QUIET_ENV

ROOT = Path(os.environ.get("DLCOURSE_ROOT", Path(__file__).resolve().parents[2]))

__all__ = ["ROOT", "chapters", "chapter_sources", "read_nb", "write_nb", "solution_nb", "course_nb",
           "course_config", "environ", "exercise_module", "nbgrader_cmd"]


def chapters(root: Path = ROOT) -> list[str]:
    """Names of the chapters that have a solution notebook, in order."""
    folder = Path(root) / "solutions"
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name[:2].isdigit()) if folder.exists() else []


def chapter_sources(root: Path = ROOT) -> list[Path]:
    """authoring/NN_slug.py files (catalogues, NN_slug_answers.py, are not chapters)."""
    return sorted(p for p in (Path(root) / "authoring").glob("[0-9][0-9]_*.py") if not p.stem.endswith("_answers"))


def exercise_module(chapter: str) -> str:
    """The dlkit module that defines a chapter's exercises: '01_perceptron' -> 'dlkit.exercises.ch01_perceptron'."""
    return f"dlkit.exercises.ch{chapter}"


def read_nb(path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def write_nb(nb, path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        nbformat.write(nb, f)


def solution_nb(chapter: str, root: Path = ROOT) -> nbformat.NotebookNode:
    return read_nb(Path(root) / "solutions" / chapter / f"{chapter}.ipynb")


def course_nb(chapter: str, root: Path = ROOT) -> nbformat.NotebookNode:
    return read_nb(Path(root) / "course" / chapter / f"{chapter}.ipynb")


def course_config(root: Path = ROOT) -> dict:
    """The [tool.dlcourse] table of pyproject.toml (repository URL and branch)."""
    with open(Path(root) / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["dlcourse"]


def environ(**extra: str) -> dict:
    """The environment for nbgrader, kernels and notebooks run as subprocesses.

    dlkit.env.QUIET_ENV as defaults (TensorFlow's C++ logs off, ...), this interpreter's bin folder first
    on PATH (nbgrader runs `alembic` and `jupyter` by name), then `extra`.
    """
    env = dict(os.environ)
    for key, value in QUIET_ENV.items():
        env.setdefault(key, value)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def nbgrader_cmd(*args: str) -> list[str]:
    """`nbgrader ARGS` with this interpreter, through dlgrade.nbgrader_cli (2 s faster start-up)."""
    return [sys.executable, "-m", "dlgrade.nbgrader_cli", *args]
