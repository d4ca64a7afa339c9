"""Benchmark every solution notebook: wall time and peak memory of its kernel.

    python -m dlgrade.bench [CHAPTER ...] [--repeat N] [--conv | --no-conv]

Each notebook runs top to bottom in a fresh kernel, in its own folder, from a fresh Python process
whose only child is that kernel, so the peak resident memory of the kernel is read from
getrusage(RUSAGE_CHILDREN). Budget per notebook (CURRICULUM): <= 60 s and < 1.5 GB on 2 CPU cores.
This is a measurement, not a test: it prints a table and exits 1 only if a notebook fails or
exceeds the budget.

After the notebooks (all of them, or when 10_cnn is among those asked for; --conv alone, --no-conv never)
a second table times chapter 10's numpy convolutions against tf.nn.conv2d on one realistic batch, in a
fresh process (dlkit.models.cnn.time_convolutions: 64 x 28 x 28 x 8 float32 images, 16 filters of 3 x 3;
the naive loops run on one image and are scaled to 64). Goal: the vectorised one within CONV_GOAL times
TensorFlow; the ratio is printed, not enforced.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from dlgrade.course import ROOT, environ

BUDGET_S, BUDGET_MB = 60.0, 1536.0
CONV_GOAL = 3.0          # vectorised numpy convolution / tf.nn.conv2d

CONV_RUNNER = r"""
import json
import dlkit
dlkit.setup_notebook()
from dlkit.models.cnn import time_convolutions
print(json.dumps(time_convolutions(repeat=20)))
"""

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
    env = environ()
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(nb_path), str(nb_path.parent)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout)[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def conv_speed() -> dict:
    """time_convolutions() in a fresh Python process (quiet TensorFlow), as a dict of seconds."""
    proc = subprocess.run([sys.executable, "-c", CONV_RUNNER], capture_output=True, text=True, env=environ())
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout)[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def print_conv_speed(result: dict) -> None:
    """The convolution table: milliseconds per batch and the ratio to tf.nn.conv2d."""
    if "error" in result:
        print(f"convolution speed FAILED\n{result['error']}")
        return
    tf_s = result["tensorflow"]
    n, size, _, ci = result["batch"]
    k, _, _, co = result["kernel"]
    print(f"\nconvolution, {n} x {size} x {size} x {ci} float32 images, {co} filters of {k} x {k} "
          f"(valid, stride 1), best of 20")
    print(f"{'implementation':<50} {'ms':>10} {'x tf.nn.conv2d':>15}")
    rows = [("tf.nn.conv2d", tf_s, ""),
            ("dlkit.nn.conv.conv2d_forward (vectorised)", result["vectorised"],
             f"  goal <= {CONV_GOAL:g}x: {'met' if result['vectorised'] <= CONV_GOAL * tf_s else 'NOT MET'}"),
            (f"dlkit.nn.conv.conv2d_naive (loops, {result['naive_measured_on']} image x {n})", result["naive"], "")]
    for name, seconds, note in rows:
        print(f"{name:<50} {seconds * 1e3:10.1f} {seconds / tf_s:15.1f}{note}")
    print(f"naive / vectorised: {result['naive'] / result['vectorised']:,.0f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*")
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook (the slowest is reported)")
    conv = parser.add_mutually_exclusive_group()
    conv.add_argument("--conv", action="store_true", help="only the convolution speed table (no notebooks)")
    conv.add_argument("--no-conv", action="store_true", help="leave the convolution speed table out")
    args = parser.parse_args(argv)
    if args.conv:
        print_conv_speed(conv_speed())
        return 0
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
    if not args.no_conv and (not args.chapters or "10_cnn" in args.chapters):
        print_conv_speed(conv_speed())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
