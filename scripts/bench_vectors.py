#!/usr/bin/env python3
"""Models over vectors of parameters (issue 24), gd against NumPy written as the notes write it, in one run:
- one full-batch step (L and ∇L) of a linear regression of d features over n rows: gd's step is the time of a run of
  101 steps less that of a run of 1, over 100, each timed by gd's own `time`; NumPy's is `r = X @ w + b - y`,
  `L = mean(r*r)`, `gw = (2/n) X.T @ r`, `gb = 2 mean(r)`;
- define, differentiate and compile a 10,000-feature model: `time` of the definition plus a run of no steps;
- the 2-8-1 tanh network's full-batch step over 1,000 rows, against the same model in PyTorch (float64, as the notes'
  later chapters write it: nn.Sequential, MSE loss, backward, an SGD step) where PyTorch is installed
  (`scripts/setup --bench`), and against its forward and backward pass by hand in NumPy.
Prints tab-separated rows: kind, name, gd ms, anchor ms (NumPy), and for the network PyTorch's ms or nan.
Usage: bench_vectors.py GD_BINARY [--quick]"""
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

QUICK = "--quick" in sys.argv
GD = sys.argv[1]
TURNS = 1 if QUICK else 5
STEPS = 4 if QUICK else 400


def gd_times(script, steps=None):
    """The times `time` printed, in ms, in order; with `steps`, after checking the last run took that many steps
    (a run that diverged early would time nothing)."""
    with tempfile.NamedTemporaryFile("w", suffix=".gdscript", delete=False) as f:
        f.write(script)
    out = subprocess.run([GD, f.name], check=True, capture_output=True, text=True).stdout
    if steps is not None:
        assert f"reached the step limit ({steps} steps)" in out, out
    scale = {"µs": 1e-3, "ms": 1, "s": 1e3}
    return [float(m) * scale[unit] for m, unit in re.findall(r"^time: ([0-9.e+-]+) (µs|ms|s) ", out, re.M)]


def median_ms(f, repeats=20):
    ts = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return 1e3 * statistics.median(ts)


def weights(d):
    rng = np.random.RandomState(1)
    return rng.uniform(-1, 1, d).round(3)


def linear(d, n, eta):
    w = weights(d)
    data = f"data syn = synth linear n={n} w={','.join(map(str, w))} noise=0.1 seed=0\n"
    model = f"L(w[{d}], b) = mean(syn, (dot(w, x) + b - y)^2)\n"
    steps = []
    for _ in range(TURNS):
        t = gd_times(data + model + f"time run L from w=0 b=0 eta={eta} steps=1 tol_grad=0\n"
                                    f"time run L from w=0 b=0 eta={eta} steps={1 + STEPS} tol_grad=0\n", steps=1 + STEPS)
        steps.append((t[1] - t[0]) / STEPS)
    np.random.seed(0)
    X = np.random.randn(n, d)
    y = X @ w + 0.1 * np.random.randn(n)
    wv, b = np.zeros(d), 0.0

    def step():
        r = X @ wv + b - y
        return np.mean(r * r), (2 / n) * (X.T @ r), 2 * r.mean()
    return statistics.median(steps), median_ms(step)


def compile_time(d, n):
    w = weights(d)
    script = (f"data syn = synth linear n={n} w={','.join(map(str, w))} noise=0.1 seed=0\n"
              f"time L(w[{d}], b) = mean(syn, (dot(w, x) + b - y)^2)\n"
              "time run L from w=0 b=0 steps=0\n")
    return statistics.median(sum(gd_times(script)) for _ in range(TURNS))


def network(n):
    source = (f"data t = synth linear n={n} w=1 seed=0\n"
              "N(W[8,2], v[8], a) = mean(t, (sum(i=1..8, v[i]*tanh(W[i,1]*x1 + W[i,2])) + a - y)^2)\n"
              "set seed=1\n")
    steps = []
    for _ in range(TURNS):
        t = gd_times(source + "time run N from W=randn(1) v=randn(0.5) a=0 eta=0.01 steps=1 tol_grad=0\n"
                              "set seed=1\ntime run N from W=randn(1) v=randn(0.5) a=0 eta=0.01 steps=201 tol_grad=0\n",
                     steps=201)
        steps.append((t[1] - t[0]) / 200)
    np.random.seed(0)
    x = np.random.randn(n)
    y = x + 0.0 * np.random.randn(n)
    W, c, v, a = np.random.randn(8, 1), np.random.randn(8), 0.5 * np.random.randn(8), 0.0

    def step():
        h = np.tanh(np.outer(x, W[:, 0]) + c)          # n × 8
        r = h @ v + a - y
        dr = (2 / n) * r
        dh = np.outer(dr, v) * (1 - h * h)
        return np.mean(r * r), (dh * x[:, None]).sum(0), dh.sum(0), h.T @ dr, dr.sum()
    return statistics.median(steps), median_ms(step, 200), torch_network_ms(x, y, W, c, v, a)


def torch_network_ms(x, y, W, c, v, a):
    """One full-batch step of the same network in PyTorch, float64; nan where PyTorch is not installed."""
    try:
        import torch
    except ImportError:
        return float("nan")
    X, Y = torch.tensor(x[:, None]), torch.tensor(y[:, None])
    model = torch.nn.Sequential(torch.nn.Linear(1, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).double()
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor(W))
        model[0].bias.copy_(torch.tensor(c))
        model[2].weight.copy_(torch.tensor(v[None, :]))
        model[2].bias.fill_(a)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(X), Y)
        loss.backward()
        optimizer.step()
    return median_ms(step, 200)


if QUICK:
    print("linear\t20 × 200\t%.4f\t%.4f" % linear(20, 200, 0.01))
    print("compile\t100 × 10\t%.4f\t0" % compile_time(100, 10))
    print("network\t100\t%.4f\t%.4f\t%.4f" % network(100))
else:
    # η below 2/λmax of each (λmax of 2 XᵀX/n is about 2(1 + √(d/n))²: 3.7 and 242).
    print("linear\t1000 × 10000\t%.4f\t%.4f" % linear(1000, 10000, 0.01))
    print("linear\t10000 × 100\t%.4f\t%.4f" % linear(10000, 100, 0.002))
    print("compile\t10000 × 100\t%.4f\t0" % compile_time(10000, 100))
    print("network\t1000\t%.4f\t%.4f\t%.4f" % network(1000))
