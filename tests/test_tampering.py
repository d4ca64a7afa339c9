"""Grading holds up against tampering and hostile input: every verdict is decided outside the kernel.

A small assignment built here (two exercises defined the way the chapters define theirs) is graded
with the course's real nbgrader configuration through the batch tool, together with submissions that
try the usual tricks and the attacks on the kernel itself: forged kernel replies, hidden tracebacks,
swallowed exceptions, trace functions, event hooks, forged answer files. Each submission must score
exactly what its correctly solved exercises deserve (the attacks on the kernel solve nothing: zero, the
blank notebook's score), never crash the batch, and the obvious tricks are flagged for a human look.
"""

from __future__ import annotations

import copy
import csv
import importlib.util
import os
import sys
import textwrap

import nbformat
import pytest

from dlgrade import batch, build
from dlgrade.notebooks import cell_scores, fill_solutions
from helpers import ROOT, nbgrader, read_nb

pytestmark = pytest.mark.slow
CH = "97_tamper"
MODULE = "tamper_exercises"

EXERCISES = '''
"""Exercises of the tampering test chapter."""
import numpy as np

from dlkit.checks.exercise import Case, Exercise, array_judge


def reference_scale(x, a):
    return a * np.asarray(x, dtype=float)


scale = Exercise(
    "scale",
    cases=[Case("scale([1, 2], 3)", x=np.array([1.0, 2.0]), a=3.0, hint="multiply every element by a")],
    hidden=lambda seed, n: Case(f"a random vector of {n} numbers", x=np.random.default_rng(seed).normal(size=n),
                                a=-2.0, hint="multiply every element by a"),
    reference=reference_scale,
    judge=array_judge(dtype="float"),
    hints=("multiply", "a * x", "return a * np.asarray(x, dtype=float)"),
    references=("tamper_exercises.reference_scale",),
)


def _judge_total(t, got, want):
    t.number(got, hint="return one float")
    t.close(got, want)


total = Exercise(
    "total",
    cases=[Case("total([1, 2.5])", x=np.array([1.0, 2.5]), hint="add the elements")],
    hidden=lambda n: Case(f"{n} ones", x=np.ones(n), hint="add the elements"),
    reference=lambda x: float(np.sum(x)),
    judge=_judge_total,
    hints=("add", "np.sum", "return float(np.sum(x))"),
)
'''

SOURCE = f'''
# %% [markdown]
# # A tiny chapter for tampering tests

# %%
import numpy as np
import {MODULE} as ex

# %% nbgrader="solution" grade_id="scale"
def scale(x, a):
    """Return a * x as a float array."""
    ### BEGIN SOLUTION
    return a * np.asarray(x, dtype=float)
    ### END SOLUTION

# %% nbgrader="tests" grade_id="scale_tests" points=2
ex.scale.check(scale)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=5, n=4), dict(seed=6, n=1)]
### END HIDDEN TESTS

# %% nbgrader="solution" grade_id="total"
def total(x):
    """Return the sum of x as a Python float."""
    ### BEGIN SOLUTION
    return float(np.sum(x))
    ### END SOLUTION

# %% nbgrader="tests" grade_id="total_tests" points=1
ex.total.check(total)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(n=7)]
### END HIDDEN TESTS
'''

# Copies the reference answer out of the instructor's files at grading time.
READER = textwrap.dedent('''
    import glob, json
    print([open(p, "rb").read(16) for p in glob.glob("../../../**/*.db", recursive=True)])
    for path in glob.glob("../../../solutions/*/*.ipynb"):
        for cell in json.load(open(path))["cells"]:
            if "def scale" in "".join(cell["source"]):
                exec("".join(cell["source"]))
''')
WRONG_SCALE = "def scale(x, a):\n    return np.asarray(x, dtype=float) + a\n"
LIAR = textwrap.dedent('''
    class Anything:
        def __eq__(self, other): return True
        def __bool__(self): return True
        def __array__(self, dtype=None, copy=None): return np.array([3.0, 6.0])
        def __float__(self): return 3.5
    def scale(x, a):
        return Anything()
''')

# --- attacks on the kernel (prepended to the untouched, unsolved first answer cell) ----------------------
# The attack of the issue that made the referee: errors reported as success, tracebacks hidden, the old
# grader's sentinel line read from the cell text and set before the cell runs; names spelled indirectly.
REPLY_FORGER = textwrap.dedent('''
    import re as _re
    _ip = get_ipython()
    _session = getattr(getattr(_ip, "ker" + "nel"), "sess" + "ion")
    _send = getattr(_session, "se" + "nd")
    def _lying_send(stream, msg_or_type, content=None, *args, **kwargs):
        kind = msg_or_type if isinstance(msg_or_type, str) else msg_or_type.get("header", {}).get("msg_type")
        if kind == "error":
            return None
        if kind == "execute_reply" and isinstance(content, dict) and content.get("status") == "error":
            content = {"status": "ok", "execution_count": content.get("execution_count"),
                       "user_expressions": {}, "payload": []}
        return _send(stream, msg_or_type, content, *args, **kwargs)
    setattr(_session, "se" + "nd", _lying_send)
    setattr(_ip, "show" + "traceback", lambda *a, **k: None)
    def _sentinel(info):
        for line in (info.raw_cell or "").splitlines():
            m = _re.match(r"^(_dlcourse_[0-9a-f]+) = ('[0-9a-f]+')$", line)
            if m:
                _ip.user_ns[m.group(1)] = m.group(2).strip("'")
    getattr(_ip, "eve" + "nts").register("pre_" + "run_cell", _sentinel)
''')
CUSTOM_EXC = "get_ipython().set_custom_exc((BaseException,), lambda self, etype, value, tb, tb_offset=None: [])\n"
TRACER = textwrap.dedent('''
    import linecache as _lc, sys as _sys
    def _skip_raises(frame, event, arg):
        if event == "line" and _lc.getline(frame.f_code.co_filename, frame.f_lineno).strip().startswith("raise"):
            try:
                frame.f_lineno = frame.f_lineno + 1
            except ValueError:
                pass
        return _skip_raises
    _sys.settrace(_skip_raises)
''')
TRACEBACK_REWRITE = textwrap.dedent('''
    _ip = get_ipython()
    _ip.showtraceback = lambda *a, **k: None
    _ip._showtraceback = lambda *a, **k: None
    _ip.InteractiveTB.structured_traceback = lambda *a, **k: []
''')
REPLY_PATCH = textwrap.dedent('''
    _kernel = get_ipython().kernel
    _do_execute = _kernel.do_execute
    async def _always_ok(*args, **kwargs):
        reply = _do_execute(*args, **kwargs)
        if hasattr(reply, "__await__"):
            reply = await reply
        if reply.get("status") == "error":
            reply = {"status": "ok", "execution_count": reply.get("execution_count"), "payload": [],
                     "user_expressions": {}}
        return reply
    _kernel.do_execute = _always_ok
''')
EVENT_HOOKS = textwrap.dedent('''
    def _forget_errors(result):
        result.error_in_exec = None
        result.error_before_exec = None
    get_ipython().events.register("post_run_cell", _forget_errors)
''')
# A hook that replaces the kernel's answer file with the visible case's expected values for every case.
ANSWER_FORGER = textwrap.dedent('''
    import re as _re
    import numpy as _np
    from dlkit.checks import wire as _wire
    def _forge(result):
        m = _re.search(r"'([^']*response-[0-9]+\\.npz)'", result.info.raw_cell or "")
        req = _re.search(r"'([^']*request-[0-9]+\\.npz)'", result.info.raw_cell or "")
        if m and req:
            n = len(_wire.load(req.group(1)))
            _wire.save(m.group(1), [_np.array([3.0, 6.0]) if "scale" in result.info.raw_cell else 3.5] * n)
    get_ipython().events.register("post_run_cell", _forge)
''')
# A hook that writes a hand-made answer file holding a pickled object (never decoded: allow_pickle=False).
PICKLE_FORGER = textwrap.dedent('''
    import re as _re
    import numpy as _np
    def _forge(result):
        m = _re.search(r"'([^']*response-[0-9]+\\.npz)'", result.info.raw_cell or "")
        if m:
            with open(m.group(1), "wb") as f:
                _np.savez(f, __tree__=_np.array([object()], dtype=object))
    get_ipython().events.register("post_run_cell", _forge)
''')
KERNEL_ATTACKS = {"reply_forger": REPLY_FORGER, "custom_exc": CUSTOM_EXC, "tracer": TRACER,
                  "traceback_rewrite": TRACEBACK_REWRITE, "reply_patch": REPLY_PATCH, "event_hooks": EVENT_HOOKS,
                  "answer_forger": ANSWER_FORGER, "pickle_forger": PICKLE_FORGER}

# What each submission deserves, cell by cell: its correctly solved exercises, nothing more.
DESERVED = {
    "honest": {"scale_tests": 2, "total_tests": 1},
    "wrong": {"scale_tests": 0, "total_tests": 1},
    "hardcoded": {"scale_tests": 0, "total_tests": 1},
    "liar": {"scale_tests": 0, "total_tests": 1},
    "edited_tests": {"scale_tests": 0, "total_tests": 1},
    "deleted_tests": {"scale_tests": 0, "total_tests": 1},
    "stripped_metadata": {"scale_tests": 0, "total_tests": 1},
    "patched_numpy": {"scale_tests": 0, "total_tests": 1},
    "patched_checks": {"scale_tests": 0, "total_tests": 1},
    "patched_builtins": {"scale_tests": 2, "total_tests": 0},   # scale is solved and refereed before the patch
    "transformer": {"scale_tests": 0, "total_tests": 0},        # it blanks every later cell, its own included
    "looping": {"scale_tests": 0, "total_tests": 1},
    "shouting": {"scale_tests": 0, "total_tests": 1},
    "sys_exit": {"scale_tests": 0, "total_tests": 1},
    "deleter": {"scale_tests": 0, "total_tests": 1},
    "blank": {"scale_tests": 0, "total_tests": 0},
    **{name: {"scale_tests": 0, "total_tests": 0} for name in KERNEL_ATTACKS},
}


def answers(nb, **replace):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in replace:
            cell.source = replace[gid]
    return nb


def _exercise_module(folder):
    """Write the chapter's exercise module into `folder`; import it here; let subprocesses find it."""
    folder.mkdir(exist_ok=True)
    (folder / f"{MODULE}.py").write_text(EXERCISES)
    spec = importlib.util.spec_from_file_location(MODULE, folder / f"{MODULE}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[MODULE] = module
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))


def mini_course(root):
    """Build the tiny chapter into a scratch course root; return (solved, release) notebooks."""
    _exercise_module(root / "pylib")
    (root / "authoring").mkdir()
    src = root / "authoring" / f"{CH}.py"
    src.write_text(SOURCE)
    from dlgrade.course import write_nb

    write_nb(build.build(src, module=MODULE), root / "solutions" / CH / f"{CH}.ipynb")
    config = (ROOT / "nbgrader_config.py").read_text() + f'\nc.RefereeExecute.exercise_module = "{MODULE}"\n'
    (root / "nbgrader_config.py").write_text(config)
    nbgrader(root, "generate_assignment", CH, "--force", "--no-db", f"--CourseDirectory.release_directory={root}/course")
    release = read_nb(root / "course" / CH / f"{CH}.ipynb")
    sol = read_nb(root / "solutions" / CH / f"{CH}.ipynb")
    return fill_solutions(release, sol), release


@pytest.fixture(scope="module")
def batch_results(tmp_path_factory):
    root = tmp_path_factory.mktemp("tamper")
    solved, release = mini_course(root)

    subs = {
        "honest": solved,
        "blank": release,
        "wrong": answers(solved, scale=WRONG_SCALE),
        "hardcoded": answers(solved, scale="def scale(x, a):\n    return np.array([3.0, 6.0])\n"),
        "liar": answers(solved, scale=LIAR),
        "edited_tests": answers(solved, scale=WRONG_SCALE, scale_tests="pass"),
        "patched_numpy": answers(solved, scale="np.array_equal = lambda *a, **k: True\n"
                                               "np.allclose = lambda *a, **k: True\n" + WRONG_SCALE),
        "patched_checks": answers(solved, scale="import dlkit.checks as checks\n"
                                                "checks.check_close = lambda *a, **k: None\n" + WRONG_SCALE),
        "patched_builtins": answers(solved, total="import builtins\nbuiltins.float = lambda x=0: 3.5\n"
                                                  "def total(x):\n    return 0\n"),
        "transformer": answers(solved, scale=WRONG_SCALE + "get_ipython().input_transformers_cleanup.append("
                                                           "lambda lines: [])\n"),
        "looping": answers(solved, scale="while True:\n    pass\n"),
        "shouting": answers(solved, scale="for _ in range(200000):\n    print('spam ' * 20)\n" + WRONG_SCALE),
        "sys_exit": answers(solved, scale="import sys\nsys.exit(0)\n"),
        "os_exit": answers(solved, scale="import os\nos._exit(0)\n"),
        "deleter": answers(solved, scale="import os\nfor f in os.listdir('.'):\n    os.remove(f)\n" + WRONG_SCALE),
        "reader": answers(solved, scale=READER),
        "copier": answers(solved, scale=f"from {MODULE} import reference_scale as scale\n"),
    }
    blank_scale = next(c.source for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "scale")
    for name, attack in KERNEL_ATTACKS.items():
        subs[name] = answers(release, scale=attack + "\n" + blank_scale)
    deleted = copy.deepcopy(solved)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "scale_tests"]
    subs["deleted_tests"] = answers(deleted, scale=WRONG_SCALE)
    nometa = answers(solved, scale=WRONG_SCALE, scale_tests="pass")
    for cell in nometa.cells:
        if cell.source == "pass":
            cell.metadata = {}
    subs["stripped_metadata"] = nometa

    incoming = root / "incoming"
    for name, nb in subs.items():
        (incoming / name).mkdir(parents=True)
        nbformat.write(nb, str(incoming / name / f"{CH}.ipynb"))
    (incoming / "truncated").mkdir()
    (incoming / "truncated" / f"{CH}.ipynb").write_text(nbformat.writes(solved)[:300])

    os.environ["DLCOURSE_CELL_TIMEOUT"] = "15"
    os.environ["DLCOURSE_GRADING_DIR"] = str(root / "grading")
    try:
        results = batch.grade(CH, incoming, root=root, workers=2, progress=False, feedback=True)
    finally:
        os.environ.pop("DLCOURSE_CELL_TIMEOUT")
        os.environ.pop("DLCOURSE_GRADING_DIR")
    batch.write_csv(results, CH, root / "grades.csv")
    db = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
    return {"root": root, "results": {r.student: r for r in results}, "db": db}


def scores(batch_results, student):
    return {k: v[0] for k, v in cell_scores(batch_results["db"], CH, CH, student).items()}


@pytest.mark.parametrize("student", sorted(DESERVED))
def test_every_submission_scores_what_it_deserves(batch_results, student):
    assert scores(batch_results, student) == DESERVED[student], batch_results["results"][student]


@pytest.mark.parametrize("student", sorted(KERNEL_ATTACKS))
def test_attacks_on_the_kernel_score_no_more_than_the_blank_notebook(batch_results, student):
    blank = sum(scores(batch_results, "blank").values())
    assert sum(scores(batch_results, student).values()) <= blank == 0


def test_honest_submission_is_clean(batch_results):
    r = batch_results["results"]["honest"]
    assert r.score == r.max_score == 3 and r.status == "ok", r


@pytest.mark.parametrize("student", ["patched_numpy", "patched_checks", "transformer", "patched_builtins",
                                     "sys_exit", "deleter", "reply_forger", "custom_exc", "tracer",
                                     "traceback_rewrite", "event_hooks", "answer_forger", "pickle_forger"])
def test_tricks_are_flagged_for_a_human_look(batch_results, student):
    r = batch_results["results"][student]
    assert r.status in ("flagged", "error"), f"{student} was not flagged: {r}"


def test_a_forged_answer_file_is_an_integrity_flag(batch_results):
    r = batch_results["results"]["pickle_forger"]
    assert any("did not answer the referee as asked" in reason for reason in r.reasons), r


def test_the_dead_kernel_is_contained(batch_results):
    r = batch_results["results"]["os_exit"]
    assert r.score < r.max_score and r.status in ("flagged", "error"), r


def test_reading_grading_files_is_flagged(batch_results):
    """The kernel runs with the grader's file rights (sandboxing is the grading host's job), so a
    submission can read solutions/ and the gradebook; the batch report must flag it."""
    r = batch_results["results"]["reader"]
    assert r.status == "flagged" and any("files" in reason for reason in r.reasons), r


def test_copying_the_reference_passes_but_is_flagged(batch_results):
    """What the referee cannot tell from values: a learner who calls the reference implementation."""
    r = batch_results["results"]["copier"]
    assert scores(batch_results, "copier")["scale_tests"] == 2
    assert r.status == "flagged" and any("GradingFlag" in reason for reason in r.reasons), r


def test_truncated_notebook_is_an_error_not_a_crash(batch_results):
    r = batch_results["results"]["truncated"]
    assert r.status == "error" and r.score == 0, r
    assert batch_results["results"]["honest"].score == 3, "the batch did not go on past the broken notebook"


def test_feedback_never_shows_hidden_parameters(batch_results):
    from helpers import html_text

    text = html_text(batch_results["root"] / "grading" / "feedback" / "hardcoded" / CH / f"{CH}.html")
    assert "hidden check" in text and "HIDDEN =" not in text and "seed=5" not in text


def test_csv_has_a_row_per_submission(batch_results):
    rows = list(csv.DictReader(open(batch_results["root"] / "grades.csv")))
    assert {r["student"] for r in rows} == set(batch_results["results"])
    assert {"student", "chapter", "score", "max_score", "status", "reasons"} <= set(rows[0])


def test_gradebook_is_intact_after_parallel_grading(batch_results):
    import sqlite3

    con = sqlite3.connect(batch_results["root"] / "grading" / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = con.execute("SELECT count(*) FROM submitted_assignment").fetchone()[0]
    con.close()
    assert n == len(batch_results["results"]), f"{n} submissions recorded for {len(batch_results['results'])} students"
