#!/usr/bin/env python3
"""The Python baselines of scripts/bench: gradient descent as course notes write it, (d) with a
hand-written derivative in a plain loop and (e) with SymPy's lambdify. Prints ns per step per loss,
tab-separated, and the start-up time of gd. Usage: bench_python.py GD_BINARY [--quick]"""
import statistics
import subprocess
import sys
import time

import sympy as sp

QUICK = "--quick" in sys.argv
REPEATS = 1 if QUICK else 5
STEPS = 2_000 if QUICK else 100_000


def half_square(w):
    return [w[0]]


def double_well(w):
    return [2 * w[0] * (w[0] ** 2 - 1)]


def quartic(w):
    return [4 * w[0] ** 3 - 6 * w[0]]


def bowl(w):
    return [2 * w[0], 10 * w[1]]


def rosenbrock(w):
    g = [0.0] * 20
    for i in range(19):
        a = w[i + 1] - w[i] ** 2
        g[i] += -400 * w[i] * a - 2 * (1 - w[i])
        g[i + 1] += 200 * a
    return g


ROSENBROCK = " + ".join(f"100*(x{i + 1} - x{i}**2)**2 + (1 - x{i})**2" for i in range(19))
CASES = [
    ("0.5*w^2", "0.5*w**2", ["w"], [5.0], half_square),
    ("0.5*(w^2-1)^2", "0.5*(w**2-1)**2", ["w"], [5.0], double_well),
    ("x^4 - 3*x^2 + 2", "x**4 - 3*x**2 + 2", ["x"], [2.0], quartic),
    ("w1^2 + 5*w2^2", "w1**2 + 5*w2**2", ["w1", "w2"], [2.5, 1.5], bowl),
    ("rosenbrock-20", ROSENBROCK, [f"x{i}" for i in range(20)], [-1.2] * 20, rosenbrock),
]


def per_step(loop, steps):
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        loop(steps)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) / steps * 1e9


def main():
    gd = sys.argv[1]
    eta = 1e-9
    for name, expr, params, start, grad in CASES:
        def python_loop(steps, grad=grad, start=start):
            w = list(start)
            for _ in range(steps):
                g = grad(w)
                w = [wi - eta * gi for wi, gi in zip(w, g)]

        symbols = sp.symbols(params)
        loss = sp.sympify(expr)
        fgrad = sp.lambdify(symbols, [sp.diff(loss, s) for s in symbols], "math")

        def sympy_loop(steps, fgrad=fgrad, start=start):
            w = list(start)
            for _ in range(steps):
                g = fgrad(*w)
                w = [wi - eta * gi for wi, gi in zip(w, g)]

        steps = STEPS // (20 if len(params) > 2 else 1)
        print(f"python\t{name}\t{per_step(python_loop, steps)}\t{per_step(sympy_loop, steps)}")

    runs = []
    for _ in range(5 if QUICK else 21):
        t0 = time.perf_counter()
        subprocess.run([gd, "-e", "1+1"], check=True, capture_output=True)
        runs.append(time.perf_counter() - t0)
    print(f"startup\t{statistics.median(runs) * 1e3}")


if __name__ == "__main__":
    main()
