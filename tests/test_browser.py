"""The learner's and the instructor's JupyterLab, driven in headless Chromium.

Each test starts the real server the way `make lab` / `make instructor` do (same Makefile targets,
on a scratch copy, a free localhost port and a token), drives Debian's Chromium with Playwright,
and saves a screenshot of every step under artifacts/browser/. Servers and browsers are stopped
even when a step fails.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from dlgrade import build as build_notebooks
from dlgrade.course import environ, nbgrader_cmd
from dlgrade.notebooks import fill_solutions
from helpers import ROOT, chapters, course_nb, solution_nb

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "browser"
CH = "01_perceptron"
TOKEN = "dlcourse-test-token"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update"]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed: `sudo apt-get install chromium chromium-driver` "
                "(.ci/run does this)", allow_module_level=True)
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server started through a Makefile target, stopped with its process group."""

    def __init__(self, target: str, tmp: Path, env: dict, **make_vars):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        settings = tmp / "user-settings" / "@jupyterlab" / "notebook-extension"
        settings.mkdir(parents=True)
        # Render every cell (no windowing) so the test can read outputs far down the notebook.
        (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
        args = (f"--no-browser --port={self.port} --ServerApp.token={TOKEN} --allow-root "
                f"--LabApp.expose_app_in_browser=True --LabApp.user_settings_dir={tmp / 'user-settings'} "
                f"--LabApp.workspaces_dir={tmp / 'workspaces'} --ServerApp.open_browser=False")
        cmd = ["make", "-s", "-C", str(ROOT), target, f"LAB_ARGS={args}"]
        cmd += [f"{k}={v}" for k, v in make_vars.items()]
        self.log = open(tmp / f"{target}.log", "w")
        self.proc = subprocess.Popen(cmd, cwd=env.pop("_cwd", ROOT), env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={TOKEN}", timeout=2)
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"`make {target}` did not serve on {self.url}; log: {(tmp / f'{target}.log').read_text()[-2000:]}")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def _env(**extra) -> dict:
    env = environ(**extra)
    env.pop("MPLBACKEND", None)
    return env


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def browser_page(browser, viewport):
    """A fresh page; on failure a full-page screenshot (artifacts/browser/FAILED.png) before it closes."""
    page = browser.new_page(viewport=viewport)
    try:
        yield page
    except Exception:
        page.screenshot(path=str(SHOTS / "FAILED.png"), full_page=True)
        raise
    finally:
        page.close()


@pytest.fixture(scope="module")
def learner_lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("learner")
    course = tmp / "course"
    shutil.copytree(ROOT / "course" / CH, course / CH)
    solved = fill_solutions(course_nb(CH), solution_nb(CH))
    nbformat.write(solved, str(course / CH / "solved.ipynb"))
    lab = Lab("lab", tmp, _env(), COURSE_DIR=str(course))
    try:
        yield lab
    finally:
        lab.stop()


JS_READY = """async () => {
  const app = window.jupyterapp;
  const w = app.shell.currentWidget;
  await w.context.ready; await w.sessionContext.ready;
  return w.content.widgets.length;
}"""
JS_RUN = """async (i) => {
  const app = window.jupyterapp, w = app.shell.currentWidget;
  w.content.activeCellIndex = i;
  await app.commands.execute('notebook:run-cell');
  const k = w.sessionContext.session.kernel;
  for (let n = 0; n < 600 && k.status !== 'idle'; n++) await new Promise(r => setTimeout(r, 100));
  return w.content.widgets[i].model.toJSON().outputs || [];
}"""
JS_RUN_ALL = """async () => {
  const app = window.jupyterapp, w = app.shell.currentWidget;
  await app.commands.execute('notebook:run-all-cells');
  const k = w.sessionContext.session.kernel;
  for (let n = 0; n < 600 && k.status !== 'idle'; n++) await new Promise(r => setTimeout(r, 100));
}"""
JS_FIND = """(text) => window.jupyterapp.shell.currentWidget.content.widgets.findIndex(
  c => c.model.sharedModel.getSource().includes(text))"""
JS_SET = """([i, src]) => window.jupyterapp.shell.currentWidget.content.widgets[i].model.sharedModel.setSource(src)"""


def open_notebook(page, lab, path):
    page.goto(f"{lab.url}/lab/tree/{path}?token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.content", timeout=90_000)
    return page.evaluate(JS_READY)


def run_cell(page, index):
    return page.evaluate(JS_RUN, index)


def run_through(page, text):
    """Run every code cell up to and including the first cell containing `text`; return its index."""
    last = page.evaluate(JS_FIND, text)
    assert last >= 0, f"no cell contains {text!r}"
    for i in range(last + 1):
        if page.evaluate(f"() => window.jupyterapp.shell.currentWidget.content.widgets[{i}].model.type") == "code":
            run_cell(page, i)
    return last


def test_learner_sees_badges_hint_and_validate(browser, learner_lab):
    with browser_page(browser, {"width": 1400, "height": 1000}) as page:
        open_notebook(page, learner_lab, f"{CH}/{CH}.ipynb")
        links = build_notebooks.badge_links(CH)
        hrefs = page.eval_on_selector_all(".jp-RenderedMarkdown a", "els => els.map(e => e.href)")
        assert links["colab"] in hrefs and links["binder"] in hrefs, hrefs[:5]
        assert page.locator("button:has-text('Validate'), jp-button:has-text('Validate')").count() >= 1
        assert page.locator("text=Formgrader").count() == 0, "learners must not see formgrader"
        page.screenshot(path=str(SHOTS / "learner_1_open.png"))

        # Run All on the untouched notebook stops at the first exercise's test cell.
        answer = page.evaluate(JS_FIND, "def weighted_sum(")
        page.evaluate(JS_RUN_ALL)
        first_test = page.evaluate(f"() => window.jupyterapp.shell.currentWidget.content.widgets[{answer + 1}]"
                                   ".model.toJSON().outputs")
        assert any(o.get("ename") == "CheckError" and "not written yet" in o.get("evalue", "")
                   for o in first_test), first_test

        # A learner's wrong answer: forgot the bias. The visible test names the problem.
        page.evaluate(JS_SET, [answer, "def weighted_sum(x, w, b):\n    return np.asarray(x) @ np.asarray(w)\n"])
        run_cell(page, answer)
        outputs = run_cell(page, answer + 1)
        errors = [o for o in outputs if o.get("output_type") == "error"]
        assert errors and "Hint:" in errors[0]["evalue"] and "bias" in errors[0]["evalue"], outputs
        page.locator(".jp-OutputArea-output").filter(has_text="Hint:").first.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "learner_2_hint.png"))


def _validate(page, lab, path):
    open_notebook(page, lab, path)
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1000)
    page.locator(".validate-button:visible").first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=120_000)
    page.wait_for_function("() => !document.querySelector('.jp-Dialog').innerText.includes('Validating')",
                           timeout=180_000)
    return dialog.inner_text()


def test_validate_fails_blank_and_passes_solved(browser, learner_lab):
    with browser_page(browser, {"width": 1400, "height": 1000}) as page:
        text = _validate(page, learner_lab, f"{CH}/{CH}.ipynb")
        page.screenshot(path=str(SHOTS / "learner_3_validate_blank.png"))
        assert "not written yet" in text or "failed" in text.lower(), text[:500]
        page.keyboard.press("Escape")
        text = _validate(page, learner_lab, f"{CH}/solved.ipynb")
        page.screenshot(path=str(SHOTS / "learner_4_validate_solved.png"))
        assert "Success" in text and "passes all the tests" in text, text[:500]


def test_explorer_widget_renders_and_redraws(browser, learner_lab):
    with browser_page(browser, {"width": 1400, "height": 1100}) as page:
        open_notebook(page, learner_lab, f"{CH}/{CH}.ipynb")
        run_through(page, "import dlkit")
        cell = page.evaluate(JS_FIND, "perceptron_explorer(")
        run_cell(page, cell)
        area = page.locator(".jp-Cell").filter(has=page.locator(".jupyter-widgets")).first
        area.locator(".jupyter-widgets").first.wait_for(timeout=60_000)
        assert page.locator("text=Error displaying widget").count() == 0
        assert area.locator("text=FloatSlider(").count() == 0, "the widget printed as text"
        img = area.locator(".jp-OutputArea-output img").first
        img.wait_for(timeout=30_000)
        before = img.get_attribute("src")
        area.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "learner_5_widget.png"))
        handle = area.locator(".noUi-handle").first  # the w1 slider: drag it left, as a learner would
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] - 40, box["y"] + box["height"] / 2, steps=8)
        page.mouse.up()
        # The Output widget re-renders: a new <img> replaces the old one.
        page.wait_for_function("""(src) => [...document.querySelectorAll('.jp-OutputArea-output img')]
                                   .some(el => el.getAttribute('src') && el.getAttribute('src') !== src)""",
                               arg=before, timeout=30_000)
        assert area.locator("text=w = (1.0, 0.5)").count() == 0, "the text line did not follow the slider"
        page.wait_for_timeout(500)
        area.screenshot(path=str(SHOTS / "learner_6_widget_moved.png"))


@pytest.fixture(scope="module")
def instructor_lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("instructor")
    grading = tmp / "grading"
    env = _env(DLCOURSE_GRADING_DIR=str(grading))
    os.environ["DLCOURSE_GRADING_DIR"] = str(grading)
    try:
        root = ROOT
        for ch in chapters():                      # formgrader lists every chapter of the course
            subprocess.run(nbgrader_cmd("generate_assignment", ch, "--force",
                            f"--CourseDirectory.release_directory={tmp / 'release'}"),
                           cwd=root, env=env, check=True, capture_output=True)
        solved = fill_solutions(nbformat.read(str(tmp / "release" / CH / f"{CH}.ipynb"), 4), solution_nb(CH))
        (grading / "submitted" / "ada" / CH).mkdir(parents=True)
        nbformat.write(solved, str(grading / "submitted" / "ada" / CH / f"{CH}.ipynb"))
        subprocess.run(nbgrader_cmd("autograde", CH, "--force"), cwd=root, env=env,
                       check=True, capture_output=True)
    finally:
        os.environ.pop("DLCOURSE_GRADING_DIR")
    lab = Lab("instructor", tmp, env)
    try:
        yield lab
    finally:
        lab.stop()


def test_instructor_formgrader_lists_chapters_and_scores(browser, instructor_lab):
    with browser_page(browser, {"width": 1400, "height": 900}) as page:
        page.goto(f"{instructor_lab.url}/formgrader?token={TOKEN}")
        page.wait_for_selector(f"text={CH}", timeout=60_000)
        missing = [ch for ch in chapters() if page.locator(f"text={ch}").count() == 0]
        assert not missing, f"formgrader does not list {missing}"
        page.screenshot(path=str(SHOTS / "instructor_1_assignments.png"))
        page.goto(f"{instructor_lab.url}/formgrader/gradebook/{CH}/{CH}?token={TOKEN}")
        page.wait_for_selector("a:has-text('ada')", state="attached", timeout=60_000)
        total = sum(c.metadata.nbgrader["points"] for c in solution_nb(CH).cells
                    if c.metadata.get("nbgrader", {}).get("grade"))
        body = page.inner_text("body")
        assert f"{float(total):g} / {float(total):g}" in body or f"{total} / {total}" in body, body[:800]
        page.screenshot(path=str(SHOTS / "instructor_2_scores.png"))
        page.goto(f"{instructor_lab.url}/lab?token={TOKEN}")
        page.wait_for_selector("text=Nbgrader", timeout=60_000)
        page.screenshot(path=str(SHOTS / "instructor_3_lab.png"))
