#!/usr/bin/env python3
"""Models over vectors of parameters in NumPy, written as the course notes write them (`X @ w`, `X.T @ r`), not from
gd's code. Tests/e2e/test_vectors.py runs the same models in gd and compares; run this file to print the results.

- `synth_linear`: the notes' synthetic regression data, `np.random.seed(seed)`, `X = randn(n, d)`,
  `y = X @ w + noise * randn(n)`.
- `linear_regression_gd`: full-batch gradient descent on L(w, b) = mean((X @ w + b - y)^2):
  r = X @ w + b - y, ∇w = (2/n) X.T @ r, ∇b = 2 mean(r), then w -= η ∇w, b -= η ∇b.
- `rosenbrock_gd`: gradient descent on the n-dimensional Rosenbrock function
  Σ_{i<n} 100 (w[i+1] − w[i]²)² + (1 − w[i])², with its gradient written out by hand.
"""
import numpy as np


def synth_linear(n, w, noise, seed):
    np.random.seed(seed)
    X = np.random.randn(n, len(w))
    y = X @ np.array(w, dtype=float) + noise * np.random.randn(n)
    return X, y


def linear_regression_gd(X, y, eta, steps):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(steps):
        r = X @ w + b - y
        gw, gb = (2 / n) * (X.T @ r), 2 * r.mean()
        w, b = w - eta * gw, b - eta * gb
    return w, b, np.mean((X @ w + b - y) ** 2)


def synth_clouds(n, d, sep, seed):
    np.random.seed(seed)
    X = np.random.randn(n, d)
    y = (np.arange(n) >= n // 2).astype(float)
    X += (y[:, None] - 0.5) * sep
    return X, y


def logistic_regression_gd(X, y, eta, steps):
    """Gradient descent on the mean cross-entropy of p = σ(X @ w + b): ∇w = X.T @ (p − y) / n, ∇b = mean(p − y).
    Returns w, b, the loss and the accuracy (the fraction of rows with p > 1/2 exactly when y = 1)."""
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        w, b = w - eta * (X.T @ (p - y)) / n, b - eta * np.mean(p - y)
    z = X @ w + b
    loss = np.mean(np.log1p(np.exp(z)) - y * z)
    return w, b, loss, np.mean((z > 0) == (y == 1))


def rosenbrock_gd(w0, eta, steps):
    w = np.array(w0, dtype=float)
    for _ in range(steps):
        g = np.zeros_like(w)
        a, c = w[:-1], w[1:]
        g[:-1] += -400 * a * (c - a ** 2) - 2 * (1 - a)
        g[1:] += 200 * (c - a ** 2)
        w = w - eta * g
    return w


if __name__ == "__main__":
    X, y = synth_linear(200, [1, -2, 3, -4, 5, -1, 2, -3, 4, -5], 0.1, 0)
    print(linear_regression_gd(X, y, 0.05, 300))
    print(rosenbrock_gd([-1, 1, -1, 1, 0.5], 0.001, 500))
    print(logistic_regression_gd(*synth_clouds(200, 2, 3, 0), 0.5, 500))
