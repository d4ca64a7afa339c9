"""Grade a class's submissions for one chapter: in parallel, with a progress bar, into a CSV.

    python -m dlgrade.batch CHAPTER SUBMISSIONS [--workers N] [--csv FILE] [--feedback]
    make grade CHAPTER=01_perceptron SUBMISSIONS=~/Downloads/submissions.zip

SUBMISSIONS is one of
  * nbgrader's layout: SUBMISSIONS/<student>/<CHAPTER>/<CHAPTER>.ipynb;
  * a folder or .zip of notebooks as an LMS exports them: one notebook per student, either in a
    folder per student (the folder name is the student) or flat (the file name, less the chapter
    name and LMS numbers, is the student: "alice_01_perceptron.ipynb", "bob_1234_5678_01_perceptron.ipynb").

The submissions are split into `--workers` chunks (default: one per CPU core); each chunk is graded
by one `nbgrader autograde` process (one start-up per chunk, not per student), all writing to the
course's one gradebook. A submission nbgrader
cannot grade (invalid notebook, dead kernel) is reported and the batch goes on. The CSV has one row
per student: score, max_score, status (ok | flagged | error) and the reason, where
  flagged = the referee saw the kernel not answer as asked (GradingIntegrityError), an answer imports
            its exercise's dlkit reference (GradingFlag), or the answers do things a solution never
            needs to (open files, exit the kernel, patch modules): look before you publish;
  error   = nbgrader could not grade it at all (the student gets no score until you look).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from dlgrade import course
from dlgrade.course import ROOT, environ
from dlgrade.referee import FLAG, INTEGRITY
from dlgrade.scan import release_sources, scan_answers


@dataclass
class Result:
    student: str
    score: float = 0.0
    max_score: float = 0.0
    status: str = "ok"
    reasons: list[str] = field(default_factory=list)


def student_id(raw: str, chapter: str) -> str:
    """A safe nbgrader student id from a folder or file name of an LMS export."""
    name = raw.removesuffix(".ipynb").replace(chapter, " ")
    name = re.split(r"_\d{2,}", name, maxsplit=1)[0]  # Canvas/Moodle numbers and what follows
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_.-").lower()
    return name or "unknown"


def collect(submissions: Path, chapter: str, scratch: Path) -> dict[str, Path]:
    """{student id: notebook path} from any supported SUBMISSIONS form."""
    if submissions.is_file() and submissions.suffix == ".zip":
        with zipfile.ZipFile(submissions) as zf:
            for member in zf.namelist():  # refuse absolute paths and '..' in an archive
                if member.startswith("/") or ".." in Path(member).parts:
                    raise ValueError(f"unsafe path in {submissions.name}: {member!r}")
            zf.extractall(scratch / "unzipped")
        submissions = scratch / "unzipped"
    if not submissions.is_dir():
        raise ValueError(f"expected a folder or a .zip of submissions, received {submissions}")
    found: dict[str, Path] = {}
    nbgrader_layout = sorted(submissions.glob(f"*/{chapter}/*.ipynb"))
    if nbgrader_layout:
        for path in nbgrader_layout:
            if path.name == f"{chapter}.ipynb":
                found[student_id(path.parent.parent.name, chapter)] = path
        return found
    for path in sorted(submissions.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or path.name.startswith("._"):
            continue
        raw = path.parent.name if path.parent != submissions and path.stem == chapter else path.name
        sid = student_id(raw, chapter)
        base, n = sid, 2
        while sid in found:  # two files map to one name: keep both, visibly
            sid, n = f"{base}-{n}", n + 1
        found[sid] = path
    return found


def nbgrader_cmd(*args: str) -> list[str]:
    return course.nbgrader_cmd(*args, "--log-level=WARN")


def env_for(db_url: str | None) -> dict:
    """nbgrader's environment: quiet TensorFlow, this interpreter's tools first, the gradebook URL."""
    env = environ()
    if db_url:
        env["DLCOURSE_DB_URL"] = db_url
    return env


STUDENT_LINE = re.compile(r"Creating/updating student with ID '([^']+)'")
ERROR_LINE = re.compile(r"error processing assignment '[^']+' for student '([^']+)'")


def autograde_chunk(root: Path, chapter: str, students: list[str], grading_dir: Path, scratch: Path,
                    env: dict, timeout: int, done) -> dict[str, str]:
    """Autograde `students` in ONE nbgrader process (one start-up for the whole chunk).

    The chunk's submissions are linked into a folder of their own, given to nbgrader as its
    submitted directory; nbgrader grades them one after another into the shared autograded folder
    and gradebook. `done(student)` is called as each finishes (read from nbgrader's log).
    Returns {student: error text} for the students nbgrader could not grade.
    """
    chunk_dir = scratch / f"chunk-{students[0]}"
    for sid in students:
        (chunk_dir / sid).mkdir(parents=True)
        (chunk_dir / sid / chapter).symlink_to(grading_dir / "submitted" / sid / chapter, target_is_directory=True)
    cmd = nbgrader_cmd("autograde", chapter, "--force", f"--CourseDirectory.submitted_directory={chunk_dir}")
    cmd[-1] = "--log-level=INFO"
    errors, current, lines = {}, None, []
    deadline = time.monotonic() + timeout * len(students)
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout:
        lines.append(line)
        if m := STUDENT_LINE.search(line):
            if current is not None:
                done(current)
            current = m.group(1)
        if m := ERROR_LINE.search(line):
            tail = [l.strip() for l in lines[-40:] if "ERROR" in l and "Traceback" not in l]
            errors[m.group(1)] = " | ".join(tail[-2:])[:300]
        if time.monotonic() > deadline:
            proc.kill()
            break
    proc.wait()
    if current is not None:
        done(current)
    for sid in students:
        if proc.returncode not in (0, 1) and sid not in errors:
            errors[sid] = f"nbgrader stopped with exit code {proc.returncode}"
    return errors


def grade(chapter: str, submissions: Path, root: Path = ROOT, workers: int | None = None,
          db_url: str | None = None, feedback: bool = False, progress: bool = True,
          timeout: int = 1800) -> list[Result]:
    """Autograde every submission of `chapter`; return one Result per student."""
    from nbgrader.api import Gradebook

    workers = workers or os.cpu_count() or 1
    env = env_for(db_url)
    grading_dir = Path(env.get("DLCOURSE_GRADING_DIR", root / "grading"))
    db_url = db_url or f"sqlite:///{grading_dir / 'gradebook.db'}"
    with tempfile.TemporaryDirectory() as tmp:
        found = collect(Path(submissions), chapter, Path(tmp))
        if not found:
            raise ValueError(f"no notebooks for {chapter} found in {submissions}")
        # The gradebook must know the chapter's graded cells: release it into a scratch folder.
        proc = subprocess.run(nbgrader_cmd("generate_assignment", chapter, "--force",
                                           f"--CourseDirectory.release_directory={tmp}/release"),
                              cwd=root, env=env, capture_output=True, text=True)
        if proc.returncode:
            raise RuntimeError(f"nbgrader generate_assignment {chapter} failed:\n{proc.stderr[-2000:]}")
        released = release_sources(Path(tmp) / "release" / chapter / f"{chapter}.ipynb")
        for sid, path in found.items():
            target = grading_dir / "submitted" / sid / chapter
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            shutil.copy(path, target / f"{chapter}.ipynb")
    results = {sid: Result(sid) for sid in found}
    bar = _progress(len(found), progress, f"grading {chapter}")
    ids = sorted(found)
    chunks = [ids[i::workers] for i in range(min(workers, len(ids)))]
    with tempfile.TemporaryDirectory() as scratch, ThreadPoolExecutor(max_workers=len(chunks)) as pool:
        futures = [pool.submit(autograde_chunk, root, chapter, chunk, grading_dir, Path(scratch), env,
                               timeout, lambda sid: bar.update(1)) for chunk in chunks]
        for fut in as_completed(futures):
            for sid, log in fut.result().items():
                results[sid].status = "error"
                results[sid].reasons.append(f"nbgrader could not grade it: {log or 'see its log'}")
    bar.close()
    with Gradebook(db_url) as gb:
        for sid, res in results.items():
            try:
                sub = gb.find_submission(chapter, sid)
                res.score, res.max_score = sub.score, sub.max_score
            except Exception as exc:  # noqa: BLE001 (a submission nbgrader never recorded)
                res.status = "error"
                res.reasons.append(f"not in the gradebook: {exc}")
    for sid, res in results.items():
        graded = grading_dir / "autograded" / sid / chapter / f"{chapter}.ipynb"
        if graded.exists():
            text = graded.read_text(errors="replace")
            if INTEGRITY in text:
                res.reasons.append(f"the kernel did not answer the referee as asked ({INTEGRITY})")
            if f"{FLAG}:" in text:
                res.reasons.append(f"the referee noted something to read ({FLAG}): see the autograded notebook")
        elif res.status != "error":
            res.status = "error"
            res.reasons.append("no autograded notebook was written")
        suspicious = scan_answers(grading_dir / "submitted" / sid / chapter / f"{chapter}.ipynb", released)
        res.reasons += [f"answer code {why}" for why in suspicious]
        if res.status == "ok" and res.reasons:
            res.status = "flagged"
    if feedback:
        subprocess.run(nbgrader_cmd("generate_feedback", chapter, "--force"), cwd=root, env=env,
                       capture_output=True, text=True)
    return sorted(results.values(), key=lambda r: r.student)


def _progress(total: int, enabled: bool, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="nb", disable=not enabled, file=sys.stdout)


def write_csv(results: list[Result], chapter: str, path: Path) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "chapter", "score", "max_score", "status", "reasons"])
        for r in results:
            w.writerow([r.student, chapter, f"{r.score:g}", f"{r.max_score:g}", r.status, "; ".join(r.reasons)])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter")
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--workers", type=int, default=None, help="parallel graders (default: CPU cores)")
    parser.add_argument("--csv", type=Path, default=None, help="output CSV (default: grading/CHAPTER.csv)")
    parser.add_argument("--db", default=None, help="gradebook SQLAlchemy URL (default: grading/gradebook.db)")
    parser.add_argument("--feedback", action="store_true", help="also generate feedback")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    results = grade(args.chapter, args.submissions, workers=args.workers, db_url=args.db,
                    feedback=args.feedback, progress=not args.quiet)
    out = args.csv or ROOT / "grading" / f"{args.chapter}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_csv(results, args.chapter, out)
    counts = {s: sum(r.status == s for r in results) for s in ("ok", "flagged", "error")}
    print(f"{len(results)} submissions in {time.perf_counter() - t0:.0f} s: "
          f"{counts['ok']} ok, {counts['flagged']} flagged, {counts['error']} errors -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
