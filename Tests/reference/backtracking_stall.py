#!/usr/bin/env python3
"""Armijo backtracking on x^4 - 3x^2 + 2 from x = 2 with trial step 1 (shrink 0.5, c = 1e-4), the loss as
NumPy computes its text (x**4 by the C library's pow), the gradient 4x^3 - 6x. Prints the step at which
|L(w_k+1) - L(w_k)| first falls to 1e-12 and the step at which |g| first falls to 1e-8, which
StatementTests' LossChangeToleranceTests expect."""

L = lambda x: x**4 - 3 * x**2 + 2
G = lambda x: 4 * x**3 - 6 * x

x, loss, stalled = 2.0, L(2.0), None
for k in range(1000):
    g = G(x)
    if abs(g) <= 1e-8:
        break
    t = 1.0
    for _ in range(100):
        p = x - t * g
        if L(p) <= loss - 1e-4 * (g * (x - p)):
            break
        t *= 0.5
    x, previous, loss = p, loss, L(p)
    if stalled is None and abs(loss - previous) <= 1e-12:
        stalled = k + 1
print("tol_dloss=1e-12 stops after", stalled, "steps; tol_grad=1e-8 after", k, "steps")
