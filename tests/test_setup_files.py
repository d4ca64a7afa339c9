"""The install routes agree with the pins; the notebook header (badges, Colab cell) is right."""

from __future__ import annotations

import re
import sys
import types

import pytest

from dlgrade import build as build_notebooks
from dlgrade import envs as sync_envs
from dlgrade.course import course_config
from helpers import ROOT, chapters, course_nb


def test_lock_pins_every_direct_requirement():
    pins = sync_envs.read_lock()
    for name, _ in sync_envs.read_direct():
        assert sync_envs.normalize(name) in pins, f"{name} is not pinned in requirements.lock"


def test_environment_yml_and_binder_match_the_lock():
    """environment.yml and binder/ are what dlgrade/envs.py writes from the lock."""
    for path, text in sync_envs.files().items():
        assert path.read_text() == text, f"{path.relative_to(ROOT)} is out of date: run `make envs`"
    pins = sync_envs.read_lock()
    for path in (ROOT / "environment.yml", ROOT / "binder" / "requirements.txt"):
        found = re.findall(r"([A-Za-z0-9_.\-]+)==([^\s;\"]+)", path.read_text())
        assert len(found) >= len(sync_envs.read_direct())
        for name, version in found:
            assert pins[sync_envs.normalize(name)] == version, f"{path.name}: {name}=={version} vs lock"
    assert "requirements.lock" in (ROOT / "environment.yml").read_text()
    assert "-e ." in (ROOT / "binder" / "postBuild").read_text()


def test_installed_versions_are_the_pinned_ones():
    """The environment the tests run in is the locked one (catches a stale .venv)."""
    from importlib.metadata import version

    pins = sync_envs.read_lock()
    for name in ["numpy", "keras", "nbgrader", "jupyterlab", "ipywidgets", "matplotlib", "scikit-learn"]:
        assert version(name) == pins[name], f"{name} {version(name)} installed, {pins[name]} pinned"


def test_readme_quick_start_and_ci_use_make():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("chapter", chapters())
def test_badges_point_at_the_configured_repository(chapter):
    cfg = course_config()
    first = course_nb(chapter).cells[0]
    links = build_notebooks.badge_links(chapter, cfg)
    assert links["colab"] in first.source and links["binder"] in first.source
    repo = build_notebooks.github_path(cfg["repository"])
    assert f"colab.research.google.com/github/{repo}/blob/{cfg['branch']}/course/{chapter}/{chapter}.ipynb" in first.source
    assert f"mybinder.org/v2/gh/{repo}/{cfg['branch']}" in first.source


def _run_install_cell(source, monkeypatch, on_colab):
    calls = []
    fake_subprocess = types.SimpleNamespace(run=lambda cmd, **kw: calls.append((cmd, kw)))
    monkeypatch.setitem(sys.modules, "subprocess", fake_subprocess)
    if on_colab:
        monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(source, "<colab cell>", "exec"), {})
    return calls


@pytest.mark.parametrize("chapter", chapters())
def test_colab_cell_installs_dlkit_only_on_colab(chapter, monkeypatch):
    cell = course_nb(chapter).cells[1]
    assert cell.cell_type == "code" and "google.colab" in cell.source
    assert _run_install_cell(cell.source, monkeypatch, on_colab=False) == []
    calls = _run_install_cell(cell.source, monkeypatch, on_colab=True)
    assert len(calls) == 1
    cmd, kw = calls[0]
    cfg = course_config()
    assert cmd[:4] == [sys.executable, "-m", "pip", "install"]
    assert f"git+{cfg['repository']}.git@{cfg['branch']}" in cmd[-1] and cmd[-1].startswith("dlkit @ ")
    assert kw.get("check") is True


def test_colab_install_spec_is_installable_by_pip():
    """The requirement string the Colab cell hands pip parses as a direct reference to dlkit."""
    from packaging.requirements import Requirement

    spec = re.search(r'"(dlkit @ [^"]+)"', build_notebooks.colab_install_source()).group(1)
    req = Requirement(spec)
    assert req.name == "dlkit" and req.url.startswith("git+https://github.com/")
