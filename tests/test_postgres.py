"""Grading into a PostgreSQL gradebook, as for grading spread over several machines.

The test starts a real PostgreSQL server from Debian's package on a free localhost port (as the
`postgres` user when run as root), grades a small batch in parallel into it with dlgrade.batch,
and reads the scores back. Without PostgreSQL installed it skips and says how to install it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from test_tampering import CH, WRONG_SCALE, answers, mini_course

from dlgrade import batch as grade
from dlgrade.notebooks import cell_scores

pytestmark = pytest.mark.slow


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return os.path.dirname(found[-1])
    path = shutil.which("pg_ctl")
    return os.path.dirname(path) if path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed: `sudo apt-get install postgresql` (Debian/Ubuntu) "
                    "or `brew install postgresql` (macOS), then run the tests again")
    tmp = Path(tempfile.mkdtemp(prefix="dlcourse-pg-"))  # directly in /tmp: the server user must reach it
    data, sock, port = tmp / "data", tmp / "sock", _free_port()
    sock.mkdir()
    as_user = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(tmp, "postgres")
        shutil.chown(sock, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    run = lambda *cmd: subprocess.run(as_user + list(cmd), check=True, capture_output=True, text=True)
    run(f"{bindir}/initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    run(f"{bindir}/pg_ctl", "-D", str(data), "-w", "-l", str(tmp / "log"), "-o",
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    try:
        for _ in range(50):
            if subprocess.run(as_user + [f"{bindir}/pg_isready", "-h", "127.0.0.1", "-p", str(port)],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        run(f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "gradebook")
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run(as_user + [f"{bindir}/pg_ctl", "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def test_parallel_grading_into_postgres(postgres, tmp_path, monkeypatch):
    solved, _ = mini_course(tmp_path)
    incoming = tmp_path / "incoming"
    subs = {f"student{i:02d}": solved if i % 2 == 0 else answers(solved, scale=WRONG_SCALE) for i in range(6)}
    for name, nb in subs.items():
        (incoming / name).mkdir(parents=True)
        nbformat.write(nb, str(incoming / name / f"{CH}.ipynb"))
    monkeypatch.setenv("DLCOURSE_GRADING_DIR", str(tmp_path / "grading"))
    results = grade.grade(CH, incoming, root=tmp_path, workers=2, db_url=postgres, progress=False)
    assert [r.status for r in results] == ["ok"] * 6, results
    for i, r in enumerate(results):
        assert r.score == (3.0 if i % 2 == 0 else 1.0) and r.max_score == 3.0, r
    assert cell_scores(postgres, CH, CH, "student01") == {"scale_tests": (0.0, 2.0), "total_tests": (1.0, 1.0)}
    assert not (tmp_path / "grading" / "gradebook.db").exists(), "grades went to SQLite, not PostgreSQL"
