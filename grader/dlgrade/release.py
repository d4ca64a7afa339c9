"""Generate course/ from solutions/ with nbgrader (the only way course/ is made).

    python -m dlgrade.release [CHAPTER ...] [--root DIR]

Runs `nbgrader generate_assignment --no-db --force` for every chapter in DIR/solutions (default: the
repository) and removes released chapters whose source is gone. --no-db keeps the gradebook out of
it: instructors' gradebooks learn of assignments when they grade.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from dlgrade.course import ROOT, chapters, environ, nbgrader_cmd


def release(root: Path = ROOT, quiet: bool = False, only: list[str] | None = None) -> list[str]:
    """Release every chapter of root/solutions (or those in `only`) into root/course; return their names."""
    names = chapters(root)
    if only:
        missing = set(only) - set(names)
        if missing:
            raise ValueError(f"no solution notebook for {sorted(missing)}")
        names = sorted(only)
    env = environ()
    for name in names:
        cmd = nbgrader_cmd("generate_assignment", name, "--no-db", "--force", "--log-level=WARN")
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n{proc.stdout}\n{proc.stderr}")
        if not quiet:
            print(f"released course/{name}/")
    course = root / "course"
    for stale in course.iterdir() if course.exists() and not only else []:
        if stale.is_dir() and stale.name[:2].isdigit() and stale.name not in names:
            shutil.rmtree(stale)
            if not quiet:
                print(f"removed stale course/{stale.name}/")
    return names


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapters to release (default: all)")
    parser.add_argument("--root", type=Path, default=ROOT, help="course repository root")
    args = parser.parse_args(argv)
    release(args.root.resolve(), only=args.chapters or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
