#!/usr/bin/env python3
"""Reference iterates for the course notes' worked examples, by the plain update rule with
hand-written gradients in IEEE doubles. The numbers it prints are pasted into
Tests/GDOptimTests/AcceptanceTests.swift; run it to re-derive them."""


def descend(grad, w, eta, steps, loss=None, tol_grad=None):
    """Returns (w, updates applied), stopping early when |grad| <= tol_grad."""
    for k in range(steps + 1):
        g = grad(w)
        if tol_grad is not None and abs(g) <= tol_grad:
            return w, k
        if k == steps:
            return w, k
        w = w - eta * g


print("0.5*w^2 from 5, eta=0.5:", descend(lambda w: w, 5.0, 0.5, 80, tol_grad=1e-10))
print("0.5*(w-1)^2 from 5, eta=0.5:", descend(lambda w: w - 1, 5.0, 0.5, 80, tol_grad=1e-10))
print("0.5*(w^2-1)^2 from 5, eta=0.02, 200 steps: %.17g" % descend(lambda w: 2 * w * (w * w - 1), 5.0, 0.02, 200)[0])
for eta in (0.25, 0.85):
    w, seq = 4.0, []
    for _ in range(6):
        seq.append(w)
        w = w - eta * 2 * w
    print("theta^2 from 4, eta=%g:" % eta, [repr(v) for v in seq])
# Two parameters, w1^2 + 5*w2^2 from (2.5, 1.5), eta=0.08, 60 steps.
w1, w2 = 2.5, 1.5
for _ in range(60):
    w1, w2 = w1 - 0.08 * 2 * w1, w2 - 0.08 * 10 * w2
print("w1^2 + 5*w2^2: %.17g %.17g" % (w1, w2))
