#!/usr/bin/env python3
"""The sweep of scripts/bench as whole processes: gd against the same sweep hand-written in C (scripts/bench_lanes.c,
lanes in the inner loop, AVX2, one core) and against NumPy doing it with arrays. Each process runs in turn with the
others, five turns; the medians of wall and CPU time are printed, tab-separated.
Usage: bench_sweep.py GD_BINARY [--quick]"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

QUICK = "--quick" in sys.argv
TURNS = 1 if QUICK else 5
LANES, STEPS, TARGET = (64, 500, -1.0) if QUICK else (1024, 50_000, -1.0)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(command):
    """Wall and CPU seconds (user + system, of the process and its children) of one run of command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def numpy_sweep(lanes, steps, target):
    """The sweep as the notes would write it with arrays: every lane a step size, stopped lanes masked."""
    x = np.full(lanes, 2.0)
    eta = np.linspace(0.001, 0.05, lanes)
    alive = np.ones(lanes, dtype=bool)
    for _ in range(steps):
        x2 = x * x
        loss = x2 * x2 - 3 * x2 + 2
        g = 4 * x2 * x - 6 * x
        alive &= (loss > target) & np.isfinite(loss)
        if not alive.any():
            break
        x = np.where(alive, x - eta * g, x)
    return x


def has_avx2():
    with open("/proc/cpuinfo") as f:
        return any(line.startswith("flags") and " avx2" in line for line in f)


def main():
    gd = sys.argv[1]
    if not has_avx2():
        print("# the C anchor is written for AVX2, which this processor lacks: no sweep measured")
        return
    with tempfile.TemporaryDirectory() as work:
        c = os.path.join(work, "bench_lanes")
        subprocess.run([os.environ.get("CC", "cc"), "-O2", "-march=native", "-o", c,
                        os.path.join(ROOT, "scripts", "bench_lanes.c"), "-lm"], check=True)
        print("# sweep\tmethod\tgd_wall_s\tgd_cpu_s\tc_wall_s\tc_cpu_s\tlanes\tsteps")
        for method in ["gd", "momentum", "adam"]:
            sweep = (f"sweep f from x=2 eta=0.001..0.05 count={LANES} target={TARGET:g} steps={STEPS}"
                     + ("" if method == "gd" else f" method={method}"))
            commands = {"gd": [gd, "-e", "f(x) = x^4 - 3*x^2 + 2", "-e", sweep],
                        "c": [c, method, str(LANES), str(STEPS), str(TARGET)]}
            times = {k: [] for k in commands}
            for _ in range(TURNS):
                for k, command in commands.items():
                    times[k].append(timed(command))
            med = {k: (statistics.median(t[0] for t in v), statistics.median(t[1] for t in v)) for k, v in times.items()}
            print(f"sweep\t{method}\t{med['gd'][0]}\t{med['gd'][1]}\t{med['c'][0]}\t{med['c'][1]}\t{LANES}\t{STEPS}")
        walls = []
        for _ in range(TURNS):
            start = time.perf_counter()
            numpy_sweep(LANES, STEPS, TARGET)
            walls.append(time.perf_counter() - start)
        print(f"numpy\tgd\t{statistics.median(walls)}")


main()
