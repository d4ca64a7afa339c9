"""dlgrade.batch without nbgrader: finding submissions in the forms instructors receive them."""

import json
import zipfile

import pytest

from dlgrade import batch as grade

CH = "01_perceptron"


def _nb(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))


def test_student_ids_from_lms_names():
    assert grade.student_id("alice_01_perceptron.ipynb", CH) == "alice"
    assert grade.student_id("smithbob_12345_67890_01_perceptron.ipynb", CH) == "smithbob"
    assert grade.student_id("Carol Jones_4411_assignsubmission_file_", CH) == "carol_jones"
    assert grade.student_id("../../etc", CH) == "etc"


def test_nbgrader_layout(tmp_path):
    for s in ("ann", "ben"):
        _nb(tmp_path / s / CH / f"{CH}.ipynb")
    found = grade.collect(tmp_path, CH, tmp_path / "scratch")
    assert sorted(found) == ["ann", "ben"]


def test_zip_of_flat_and_foldered_notebooks(tmp_path):
    src = tmp_path / "src"
    _nb(src / f"alice_1001_2002_{CH}.ipynb")
    _nb(src / "Bob Smith_4411_assignsubmission_file_" / f"{CH}.ipynb")
    _nb(src / f"carol_{CH}.ipynb")
    _nb(src / ".ipynb_checkpoints" / f"carol_{CH}-checkpoint.ipynb")
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in src.rglob("*.ipynb"):
            zf.write(p, p.relative_to(src))
    (tmp_path / "scratch").mkdir()
    found = grade.collect(archive, CH, tmp_path / "scratch")
    assert sorted(found) == ["alice", "bob_smith", "carol"]


def test_unsafe_zip_is_refused(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../outside.ipynb", "{}")
    with pytest.raises(ValueError, match="unsafe path"):
        grade.collect(archive, CH, tmp_path)


def test_scan_flags_only_the_learners_code(tmp_path):
    nb = {"cells": [{"cell_type": "code", "source": "import sys\nsys.modules['x']", "metadata": {}},
                    {"cell_type": "code", "source": "np.allclose = lambda *a: True", "metadata": {}}]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    assert grade.scan_answers(path, released={"import sys\nsys.modules['x']"}) == ["replaces a library function"]
    path.write_text("{not json")
    assert grade.scan_answers(path) == []
