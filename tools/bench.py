"""Benchmark every solution notebook: wall time and peak memory of its kernel.

    python tools/bench.py [CHAPTER ...] [--repeat N]

Each notebook runs top to bottom in a fresh kernel, in its own folder, from a fresh Python process
whose only child is that kernel, so the peak resident memory of the kernel is read from
getrusage(RUSAGE_CHILDREN). Budget per notebook (CURRICULUM): <= 60 s and < 1.5 GB on 2 CPU cores.
This is a measurement, not a test: it prints a table and exits 1 only if a notebook fails or
exceeds the budget.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S, BUDGET_MB = 60.0, 1536.0

RUNNER = r"""
import json, resource, sys, time
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
t0 = time.perf_counter()
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
wall = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
mb = rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024
print(json.dumps({"wall_s": wall, "peak_mb": mb}))
"""


def run_one(nb_path: Path) -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0")
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(nb_path), str(nb_path.parent)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout)[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*")
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook (the slowest is reported)")
    args = parser.parse_args(argv)
    notebooks = sorted((ROOT / "solutions").glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb"))
    if args.chapters:
        notebooks = [p for p in notebooks if p.parent.name in args.chapters]
    print(f"{'notebook':<40} {'wall s':>8} {'peak MB':>9}  budget ({BUDGET_S:.0f} s, {BUDGET_MB:.0f} MB)", flush=True)
    failed = False
    for nb in notebooks:
        runs = [run_one(nb) for _ in range(args.repeat)]
        bad = [r for r in runs if "error" in r]
        if bad:
            print(f"{nb.parent.name:<40} FAILED\n{bad[0]['error']}")
            failed = True
            continue
        wall = max(r["wall_s"] for r in runs)
        mb = max(r["peak_mb"] for r in runs)
        ok = wall <= BUDGET_S and mb < BUDGET_MB
        failed |= not ok
        print(f"{nb.parent.name:<40} {wall:8.1f} {mb:9.0f}  {'ok' if ok else 'OVER BUDGET'}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
