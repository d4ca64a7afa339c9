"""Build the nbgrader source notebooks from the chapter sources.

    authoring/NN_slug.py  (jupytext py:percent)  ->  solutions/NN_slug/NN_slug.ipynb

Cell metadata written in the .py (see docs/AUTHORING.md) becomes nbgrader metadata:

    nbgrader="solution" grade_id="x"            -> autograded answer cell
    nbgrader="tests"    grade_id="x" points=2   -> locked, graded test cell

A locked header is prepended: title badges (Colab, Binder) built from [tool.dlcourse] in
pyproject.toml, two lines on how the chapter is worked and graded, and the Colab install cell.

With --execute the notebook is run once and the outputs of cells tagged "nbval-check-output"
(the source documents' worked numbers) are stored, so that nbval can check them exactly; every
other output is dropped to keep the files small and reviewable.

A test cell is checked to be in the referee's form (see docs/AUTHORING.md): one visible line,
`ex.<exercise>.check(<name>)`, and a hidden-tests region holding `HIDDEN = [dict(...), ...]`, whose
parameters the chapter's exercise module must turn into cases.

Usage: python -m dlgrade.build [--execute] [--out DIR] [CHAPTER ...]
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib
import sys
from pathlib import Path

import jupytext
import nbformat

from dlgrade.course import ROOT, chapter_sources, course_config, exercise_module, write_nb
from dlgrade.referee import RefereeError, hidden_params

SOLUTIONS = ROOT / "solutions"
CHECK_OUTPUT_TAG = "nbval-check-output"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def github_path(repository: str) -> str:
    """'https://github.com/org/repo(.git)' -> 'org/repo'."""
    prefix = "https://github.com/"
    if not repository.startswith(prefix):
        raise ValueError(f"expected a https://github.com/ORG/REPO address, received {repository!r}")
    return repository[len(prefix):].removesuffix(".git").strip("/")


def badge_links(chapter: str, cfg: dict | None = None) -> dict[str, str]:
    """Colab and Binder addresses of the learner's notebook of `chapter`."""
    cfg = cfg or course_config()
    repo, branch = github_path(cfg["repository"]), cfg["branch"]
    nb = f"course/{chapter}/{chapter}.ipynb"
    return {
        "colab": f"https://colab.research.google.com/github/{repo}/blob/{branch}/{nb}",
        "binder": f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{nb}",
    }


def colab_install_source(cfg: dict | None = None) -> str:
    """Source of the first code cell: installs dlkit when the notebook runs on Colab."""
    cfg = cfg or course_config()
    spec = f"dlkit @ git+{cfg['repository'].removesuffix('.git')}.git@{cfg['branch']}"
    return (
        "# On Google Colab, install the course kit (dlkit) first; elsewhere this cell does nothing.\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        "    import subprocess\n"
        "\n"
        f'    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "{spec}"], check=True)'
    )


def _locked(grade_id: str) -> dict:
    return {"grade": False, "grade_id": grade_id, "locked": True, "schema_version": 3,
            "solution": False, "task": False}


def header_cells(chapter: str, cfg: dict | None = None) -> list:
    links = badge_links(chapter, cfg)
    badges = (
        f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({links['colab']}) "
        f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({links['binder']})\n\n"
        "*How to work through this notebook:* run the cells from top to bottom (Shift+Enter), fill in "
        "every cell that says `# YOUR CODE HERE`, and run the test cell below it until it passes.  \n"
        "*How it is graded:* the check below each exercise tests your code on the visible examples and "
        "says what to try when it fails; `ex.<exercise>.hint()` gives a hint, in three levels. At grading "
        "time the grader runs the same checks, on these examples and on new inputs, and decides them in "
        "its own process from the values your functions return. Use **Validate** (nbgrader toolbar) "
        "before you submit."
    )
    md = nbformat.v4.new_markdown_cell(badges)
    md.metadata["nbgrader"] = _locked("header_badges")
    code = nbformat.v4.new_code_cell(colab_install_source(cfg))
    code.metadata["nbgrader"] = _locked("header_colab_install")
    return [md, code]


def nbgrader_metadata(cell, chapter: str) -> None:
    """Translate the short py:percent metadata into nbgrader's cell metadata (in place)."""
    role = cell.metadata.pop("nbgrader", None)
    grade_id = cell.metadata.pop("grade_id", None)
    points = cell.metadata.pop("points", None)
    if role is None:
        if grade_id is not None or points is not None:
            raise ValueError(f"{chapter}: grade_id/points given on a cell without nbgrader=: {cell.source[:60]!r}")
        return
    if not grade_id:
        raise ValueError(f"{chapter}: every nbgrader cell needs a grade_id, received none: {cell.source[:60]!r}")
    if role == "solution":
        if "### BEGIN SOLUTION" not in cell.source:
            raise ValueError(f"{chapter}/{grade_id}: a solution cell needs ### BEGIN/END SOLUTION markers")
        cell.metadata["nbgrader"] = {"grade": False, "grade_id": grade_id, "locked": False,
                                     "schema_version": 3, "solution": True, "task": False}
    elif role == "tests":
        if not isinstance(points, (int, float)) or points <= 0:
            raise ValueError(f"{chapter}/{grade_id}: a tests cell needs points > 0, received {points!r}")
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": grade_id, "locked": True,
                                     "points": points, "schema_version": 3, "solution": False, "task": False}
    else:
        raise ValueError(f"{chapter}: nbgrader= must be 'solution' or 'tests', received {role!r}")


def check_test_cell(cell, chapter: str, module) -> None:
    """A graded test cell in the referee's form, whose exercise and hidden cases exist (else ValueError).

    Form: one visible statement `<alias>.<exercise>.check(<name>)` with <exercise> = the grade_id less
    "_tests", then the hidden-tests region with `HIDDEN = [dict(...), ...]`.
    """
    gid = cell.metadata["nbgrader"]["grade_id"]
    where = f"{chapter}/{gid}"
    if not gid.endswith("_tests"):
        raise ValueError(f"{where}: a test cell's grade_id must be '<exercise>_tests'")
    name = gid[: -len("_tests")]
    visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
    body = [n for n in ast.parse(visible).body]
    ok = (len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call)
          and isinstance(body[0].value.func, ast.Attribute) and body[0].value.func.attr == "check"
          and isinstance(body[0].value.func.value, ast.Attribute) and body[0].value.func.value.attr == name)
    if not ok:
        raise ValueError(f"{where}: the visible part of a test cell is one line, `ex.{name}.check({name})`; "
                         f"received {visible.strip()[:120]!r}")
    try:
        params = hidden_params(cell.source)
    except RefereeError as exc:
        raise ValueError(f"{where}: {exc}") from None
    exercise = getattr(module, name, None)
    if exercise is None:
        raise ValueError(f"{where}: {module.__name__} defines no exercise {name!r}")
    for p in params:
        try:
            exercise.hidden(p)
        except Exception as exc:  # noqa: BLE001 (any failure is an authoring error to report)
            raise ValueError(f"{where}: hidden parameters {p} do not make a case: {type(exc).__name__}: {exc}") from None


def build(source: Path, module: str | None = None) -> nbformat.NotebookNode:
    """Read one chapter source and return the nbgrader source notebook (no outputs).

    Args:
        source: authoring/NN_slug.py.
        module: the module defining the chapter's exercises (default: dlkit.exercises.ch<chapter>).
    """
    chapter = source.stem
    exercises = importlib.import_module(module or exercise_module(chapter))
    text = jupytext.read(source, fmt="py:percent")
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    nb.cells = header_cells(chapter)
    seen = set()
    for cell in text.cells:
        cell = copy.deepcopy(cell)
        if cell.cell_type == "code":
            nbgrader_metadata(cell, chapter)
            if cell.metadata.get("nbgrader", {}).get("grade"):
                check_test_cell(cell, chapter, exercises)
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("lines_to_next_cell", None)
        nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid is not None and gid in seen:
            raise ValueError(f"{chapter}: grade_id {gid!r} is used twice")
        seen.add(gid)
        cell.id = gid if gid else f"cell-{i:03d}"
    nbformat.validate(nb)
    return nb


def store_checked_outputs(nb: nbformat.NotebookNode, workdir: Path, timeout: int = 300) -> None:
    """Execute `nb` in `workdir`; keep the outputs of cells tagged nbval-check-output only."""
    from nbclient import NotebookClient

    run = copy.deepcopy(nb)
    NotebookClient(run, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(workdir)}}).execute()
    for built, ran in zip(nb.cells, run.cells):
        if built.cell_type != "code":
            continue
        for out in ran.outputs:
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                raise RuntimeError(f"cell {built.id} wrote to stderr (nbgrader would zero a test cell):\n{out['text']}")
        if CHECK_OUTPUT_TAG in built.metadata.get("tags", []):
            built.outputs = ran.outputs
            built.execution_count = ran.execution_count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter names (default: all in authoring/)")
    parser.add_argument("--execute", action="store_true", help="run and store nbval-check-output outputs")
    parser.add_argument("--out", type=Path, default=SOLUTIONS, help="output root (default: solutions/)")
    args = parser.parse_args(argv)
    sources = chapter_sources(ROOT)
    if args.chapters:
        wanted = set(args.chapters)
        sources = [s for s in sources if s.stem in wanted]
        missing = wanted - {s.stem for s in sources}
        if missing:
            parser.error(f"no source in authoring/ for: {', '.join(sorted(missing))}")
    for source in sources:
        nb = build(source)
        target = args.out / source.stem / f"{source.stem}.ipynb"
        if args.execute:
            target.parent.mkdir(parents=True, exist_ok=True)
            store_checked_outputs(nb, target.parent)
        write_nb(nb, target)
        print(f"built {target.relative_to(args.out.parent) if args.out.parent in target.parents else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
