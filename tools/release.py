"""Generate course/ from solutions/ with nbgrader (the only way course/ is made).

    python tools/release.py [--root DIR]

Runs `nbgrader generate_assignment --no-db --force` for every chapter in DIR/solutions (default: the
repository) and removes released chapters whose source is gone. --no-db keeps the gradebook out of
it: instructors' gradebooks learn of assignments when they grade.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def chapters(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir() and p.name[:2].isdigit())


def release(root: Path = ROOT, quiet: bool = False) -> list[str]:
    """Release every chapter of root/solutions into root/course; return the chapter names."""
    names = chapters(root)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3",
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    for name in names:
        cmd = [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--no-db", "--force",
               "--log-level=WARN"]
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n{proc.stdout}\n{proc.stderr}")
        if not quiet:
            print(f"released course/{name}/")
    course = root / "course"
    for stale in course.iterdir() if course.exists() else []:
        if stale.is_dir() and stale.name[:2].isdigit() and stale.name not in names:
            shutil.rmtree(stale)
            if not quiet:
                print(f"removed stale course/{stale.name}/")
    return names


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="course repository root")
    args = parser.parse_args(argv)
    release(args.root.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
