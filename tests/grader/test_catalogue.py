"""dlgrade.catalogue: entries that name their edits, checked to apply."""

import pytest

from dlgrade.catalogue import CatalogueError, apply_edits, load_catalogue, solution_text

SOLUTION = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x + 1\n    ### END SOLUTION\n"


def test_solution_text_drops_the_markers():
    assert solution_text(SOLUTION) == "def f(x):\n    return 2 * x + 1\n"


def test_edits_must_apply_exactly_once():
    assert apply_edits("a + b", [("+ b", "- b")], "here") == "a - b"
    with pytest.raises(CatalogueError, match="occurs 0 times"):
        apply_edits("a + b", [("* b", "")], "here")
    with pytest.raises(CatalogueError, match="occurs 2 times"):
        apply_edits("b + b", [("b", "c")], "here")


def test_load_resolves_edits_and_refuses_bad_entries(tmp_path):
    path = tmp_path / "cat.py"
    path.write_text('WRONG = {"f": [{"why": "no +1", "expect": "one", "edit": [(" + 1", "")]}]}\n'
                    'RIGHT = {"f": [{"why": "x + x", "code": "def f(x):\\n    return x + x + 1\\n"}]}\n')
    wrong, right = load_catalogue(path, {"f": SOLUTION})
    assert wrong["f"][0].code == "def f(x):\n    return 2 * x\n" and wrong["f"][0].expect == "one"
    assert right["f"][0].why == "x + x"
    for text, match in [('WRONG = {"f": [{"why": "w", "edit": [("2", "3")]}]}\nRIGHT = {}\n', "expect"),
                        ('WRONG = {}\nRIGHT = {"g": []}\n', "unknown exercise"),
                        ('WRONG = {}\nRIGHT = {"f": [{"why": "same", "edit": [("2 * x", "2 * x")]}]}\n', "solution itself"),
                        ('WRONG = {}\nRIGHT = {"f": [{"why": "both", "code": "x", "edit": []}]}\n', "exactly one")]:
        path.write_text(text)
        with pytest.raises(CatalogueError, match=match):
            load_catalogue(path, {"f": SOLUTION})
