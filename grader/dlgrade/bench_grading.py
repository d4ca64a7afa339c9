"""Benchmark batch grading: N copies of a solved submission, parallel dlgrade.batch vs plain
sequential `nbgrader autograde` (one process grading them one after another).

    python -m dlgrade.bench_grading [CHAPTER] [--copies 50] [--workers N]

CHAPTER defaults to the chapter whose solution notebook runs longest (by a quick timing run).
Runs in a scratch copy of the course; prints seconds per submission and submissions per minute.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from dlgrade import batch as grade
from dlgrade.course import ROOT
from dlgrade.notebooks import fill_solutions


def heaviest_chapter() -> str:
    from dlgrade import bench

    times = {}
    for nb in sorted((ROOT / "solutions").glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb")):
        r = bench.run_one(nb)
        times[nb.parent.name] = r.get("wall_s", 0)
    return max(times, key=times.get)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", nargs="?")
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args(argv)
    chapter = args.chapter or heaviest_chapter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(ROOT / "nbgrader_config.py", root)
        shutil.copytree(ROOT / "solutions" / chapter, root / "solutions" / chapter)
        env = grade.env_for(None)
        subprocess.run(grade.nbgrader_cmd("generate_assignment", chapter, "--force", "--no-db"),
                       cwd=root, env=env, check=True, capture_output=True)
        release = nbformat.read(str(root / "course" / chapter / f"{chapter}.ipynb"), 4)
        solution = nbformat.read(str(root / "solutions" / chapter / f"{chapter}.ipynb"), 4)
        solved = fill_solutions(release, solution)
        incoming = root / "incoming"
        for i in range(args.copies):
            (incoming / f"s{i:03d}" / chapter).mkdir(parents=True)
            nbformat.write(solved, str(incoming / f"s{i:03d}" / chapter / f"{chapter}.ipynb"))

        os.environ["DLCOURSE_GRADING_DIR"] = str(root / "grading_parallel")
        t0 = time.perf_counter()
        results = grade.grade(chapter, incoming, root=root, workers=args.workers)
        parallel = time.perf_counter() - t0
        ok = sum(r.status == "ok" and r.score == r.max_score for r in results)

        os.environ["DLCOURSE_GRADING_DIR"] = str(root / "grading_sequential")
        env = grade.env_for(None)
        shutil.copytree(incoming, root / "grading_sequential" / "submitted")
        subprocess.run(grade.nbgrader_cmd("generate_assignment", chapter, "--force",
                                          f"--CourseDirectory.release_directory={root}/rel"),
                       cwd=root, env=env, check=True, capture_output=True)
        t0 = time.perf_counter()
        subprocess.run(grade.nbgrader_cmd("autograde", chapter, "--force"), cwd=root, env=env,
                       check=True, capture_output=True)
        sequential = time.perf_counter() - t0
    n = args.copies
    print(f"chapter {chapter}, {n} copies of a solved submission, {os.cpu_count()} CPU cores")
    print(f"  dlgrade.batch, {args.workers} workers: {parallel:7.1f} s  {parallel / n:5.2f} s/submission  "
          f"{60 * n / parallel:5.1f} submissions/min  ({ok}/{n} full marks)")
    print(f"  nbgrader autograde (sequential): {sequential:7.1f} s  {sequential / n:5.2f} s/submission  "
          f"{60 * n / sequential:5.1f} submissions/min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
