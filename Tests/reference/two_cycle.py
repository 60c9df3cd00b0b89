#!/usr/bin/env python3
"""Gradient descent on L(w) = 0.5*(w^2 - 1)^2 with eta = 0.51 (past 2/L''(1) = 0.5) from w = 1.02 and from
w = 1.5: each settles into a 2-cycle. Prints the cycle's points, L'' = 6w^2 - 2 at each, and 2/max L'', which
StatementTests' CycleReportTests expect (both runs must report the same cycle, whichever point they stop on)."""

for w in (1.02, 1.5):
    for _ in range(1000):
        w = w - 0.51 * (2 * w * (w * w - 1))
    nxt = w - 0.51 * (2 * w * (w * w - 1))
    a, b = sorted((w, nxt))
    curv = [6 * a * a - 2, 6 * b * b - 2]
    print("cycle %.6g %.6g  L'' %.6g %.6g  2/max %.6g" % (a, b, curv[0], curv[1], 2 / max(curv)))
# |x| from 1 with eta = 0.3: 1, 0.7, 0.4, 0.1, -0.2, 0.1, -0.2, ...
x = 1.0
for _ in range(1000):
    x = x - 0.3 * (1 if x > 0 else -1)
print("abs cycle %.6g %.6g" % tuple(sorted((x, x - 0.3 * (1 if x > 0 else -1)))))
