#!/usr/bin/env python3
"""Gradient descent in float32, as PyTorch's default tensors compute it, written in NumPy float32 scalars (PyTorch is
not installed here) and not from gd's code. Tests/e2e/test_float32.py compares gd's `precision=f32` runs with these
loops, iterate by iterate and bit for bit; run this file to print the course notes' three lines and the final
iterates of the method loops.

Every value is an np.float32 and every operation is one float32 operation, rounded as float32 rounds it:
    - constants (η, the tolerance, the loss's numbers, the hyperparameters) are rounded to float32 once, as
      torch.tensor(c) or np.float32(c) round them; a constant that is a formula of Python numbers (Adam's
      1 − β1, its bias corrections and step size) is computed in double first, as Python computes it before
      torch sees it;
    - w² is w*w; w³ and w⁴ are correctly rounded (computed exactly with fractions, then rounded to the nearest
      float32, ties to even). PyTorch's own w**3 is w*w*w, rounded twice, which can differ in the last bit;
      `cube_is_w_times_w_times_w` below checks that it does not on these runs;
    - the gradient is the one autograd computes for the loss as written: d/dw 0.5*u² = 0.5*(2*u)·du, which for
      these losses is exact scaling and comes to u·du.

The notes' loop tests |g| < tol before each update and prints the last loss it computed: for the double well,
which runs its 200 updates without meeting the tolerance, that is the loss at w₁₉₉, not at the final w₂₀₀.
"""
import math
from fractions import Fraction

import numpy as np

F = np.float32


def power(x, n):
    """x**n for a float32 x and a whole n ≥ 2, correctly rounded to float32 (ties to even)."""
    if n == 2:
        return F(x * x)
    exact = Fraction(float(x)) ** n
    near = F(float(exact))
    candidates = [np.nextafter(near, F(-np.inf)), near, np.nextafter(near, F(np.inf))]
    return min(candidates, key=lambda c: (abs(Fraction(float(c)) - exact), int(np.array(c).view(np.uint32)) & 1))


# The losses as gd reads them (`definition`), with L and ∇L in float32 as written and as autograd differentiates.
def _quadratic():
    half = F(0.5)
    return dict(name="q", definition="q(w) = 0.5*w^2", params=["w"],
                loss=lambda p: [half * F(p[0] * p[0])],
                grad=lambda p: [half * (F(2) * p[0])])


def _shifted():
    half, one = F(0.5), F(1)
    return dict(name="s", definition="s(w) = 0.5*(w - 1)^2", params=["w"],
                loss=lambda p: [half * power(p[0] - one, 2)],
                grad=lambda p: [half * (F(2) * (p[0] - one))])


def _doublewell():
    half, one, two = F(0.5), F(1), F(2)

    def grad(p):
        u = p[0] * p[0] - one
        return [(half * (two * u)) * (two * p[0])]
    return dict(name="d", definition="d(w) = 0.5*(w^2 - 1)^2", params=["w"],
                loss=lambda p: [half * power(p[0] * p[0] - one, 2)], grad=grad)


def _quartic():
    three, two, four = F(3), F(2), F(4)
    return dict(name="f", definition="f(x) = x^4 - 3*x^2 + 2", params=["x"],
                loss=lambda p: [power(p[0], 4) - three * (p[0] * p[0]) + two],
                grad=lambda p: [four * power(p[0], 3) - three * (two * p[0])])


def _bowl():
    five, two = F(5), F(2)
    return dict(name="b", definition="b(w1, w2) = w1^2 + 5*w2^2", params=["w1", "w2"],
                loss=lambda p: [p[0] * p[0] + five * (p[1] * p[1])],
                grad=lambda p: [two * p[0], five * (two * p[1])])


def _exponentials():
    """Σ exp(wᵢ) − (i+1)·wᵢ over seven weights, summed left to right as written: a built-in, and more values than
    gd's machine-code loop keeps in registers. exp is computed in double and rounded once to float32, as gd
    documents for its built-ins (math.exp is the C library's exp, which gd calls too)."""
    n = 7
    c = [F(i + 2) for i in range(n)]
    ex = lambda x: F(math.exp(float(x)))

    def value(p):
        total = None
        for i in range(n):
            total = ex(p[i]) if total is None else total + ex(p[i])
            total = total - c[i] * p[i]
        return [total]
    terms = " + ".join(f"exp(w{i + 1}) - {i + 2}*w{i + 1}" for i in range(n))
    return dict(name="g", definition=f"g({', '.join(f'w{i + 1}' for i in range(n))}) = {terms}",
                params=[f"w{i + 1}" for i in range(n)], loss=value,
                grad=lambda p: [ex(p[i]) - c[i] for i in range(n)])


PROBLEMS = {"quadratic": _quadratic(), "shifted": _shifted(), "doublewell": _doublewell(),
            "quartic": _quartic(), "bowl": _bowl(), "exponentials": _exponentials()}


def loss(problem, point):
    return PROBLEMS[problem]["loss"](point)[0]


def notes_loop(problem, w0, eta, max_steps, tol):
    """The course notes' PyTorch loop: (final w, the last loss it computed, iters)."""
    p = PROBLEMS[problem]
    w, eta, tol = [F(w0)], F(eta), F(tol)
    for it in range(max_steps):
        L = p["loss"](w)[0]
        g = p["grad"](w)[0]
        if abs(g) < tol:
            break
        w = [w[0] - eta * g]
    return w[0], L, it + 1


NOTES = [  # (label, problem, w0, η, most steps, tol_grad, the line the notes print)
    ("quadratic", "quadratic", 5.0, 0.5, 80, 1e-10, "[quadratic]  final w=7.275958e-11, final L=2.646978e-21, iters=37"),
    ("shifted", "shifted", 5.0, 0.5, 80, 1e-10, "[shifted]    final w=1.000000e+00, final L=0.000000e+00, iters=27"),
    ("doublewell", "doublewell", 5.0, 0.02, 200, 1e-10, "[doublewell] final w=9.999991e-01, final L=1.818989e-12, iters=200"),
]


def notes_line(label, w, L, iters):
    return f"{'[' + label + ']':<12} final w={w:e}, final L={L:e}, iters={iters}"


# The methods' float32 loops, each written from gd's declaration in Sources/GDOptim/Methods/ (its update formula
# and its defaults), operation by operation in the order the formula reads.
DEFAULTS = {"gd": {}, "momentum": {"beta": 0.9}, "nesterov": {"beta": 0.9}, "adagrad": {"epsilon": 1e-10},
            "rmsprop": {"rho": 0.99, "epsilon": 1e-8}, "adam": {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
            "adamw": {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weight_decay": 0.01}}


def descend(problem, method, start, eta, steps, tol_grad=None):
    """w_0, w_1, …: the iterates of `method` in float32, stopping before an update where ‖∇L‖ ≤ tol_grad (the norm
    summed and rooted in float32) or after `steps` updates."""
    h = DEFAULTS[method]
    grad = PROBLEMS[problem]["grad"]
    w = [F(x) for x in start]
    n = len(w)
    eta32 = F(eta)
    b = [F(0)] * n   # momentum buffer, or Adagrad's and RMSprop's sum of squares
    m = [F(0)] * n
    v = [F(0)] * n
    iterates = [list(w)]
    for k in range(steps):
        g = grad(w)
        if tol_grad is not None:
            squares = F(0)
            for gi in g:
                squares = squares + gi * gi
            if np.sqrt(squares) <= F(tol_grad):
                break
        new = list(w)
        if method == "gd":
            new = [w[i] - eta32 * g[i] for i in range(n)]
        elif method in ("momentum", "nesterov"):
            beta = F(h["beta"])
            b = [g[i] if k == 0 else beta * b[i] + g[i] for i in range(n)]
            if method == "momentum":
                new = [w[i] - eta32 * b[i] for i in range(n)]
            else:
                new = [w[i] - eta32 * (g[i] + beta * b[i]) for i in range(n)]
        elif method == "adagrad":
            eps = F(h["epsilon"])
            b = [b[i] + g[i] * g[i] for i in range(n)]
            new = [w[i] - eta32 * g[i] / (np.sqrt(b[i]) + eps) for i in range(n)]
        elif method == "rmsprop":
            rho, keep, eps = F(h["rho"]), F(1 - h["rho"]), F(h["epsilon"])
            b = [rho * b[i] + keep * g[i] * g[i] for i in range(n)]
            new = [w[i] - eta32 * g[i] / (np.sqrt(b[i]) + eps) for i in range(n)]
        elif method in ("adam", "adamw"):
            if method == "adamw":
                decay = F(1 - eta * h["weight_decay"])
                new = [w[i] * decay for i in range(n)]
            beta1, beta2 = h["beta1"], h["beta2"]
            t = float(k + 1)
            correction1 = 1 - beta1 ** t
            correction2 = F((1 - beta2 ** t) ** 0.5)
            step_size = F(eta / correction1)
            b1, b2, c1, c2, eps = F(beta1), F(beta2), F(1 - beta1), F(1 - beta2), F(h["epsilon"])
            m = [b1 * m[i] + c1 * g[i] for i in range(n)]
            v = [b2 * v[i] + c2 * g[i] * g[i] for i in range(n)]
            new = [new[i] - step_size * m[i] / (np.sqrt(v[i]) / correction2 + eps) for i in range(n)]
        w = new
        assert all(isinstance(x, np.float32) for x in w), "a value left float32"
        iterates.append(list(w))
    return iterates


METHOD_RUNS = [  # (problem, start, η, steps)
    ("quartic", [2.0], 0.01, 100),
    ("bowl", [1.0, 1.0], 0.05, 100),
    ("exponentials", [0.0] * 7, 0.05, 100),
]


def cube_is_w_times_w_times_w(problem, method, start, eta, steps):
    """Whether PyTorch's w**3 (w*w*w, rounded twice) equals the correctly rounded cube at every iterate."""
    return all(F(F(x * x) * x) == power(x, 3) for it in descend(problem, method, start, eta, steps) for x in it)


if __name__ == "__main__":
    for label, problem, w0, eta, most, tol, line in NOTES:
        w, L, iters = notes_loop(problem, w0, eta, most, tol)
        print(notes_line(label, w, L, iters))
        assert notes_line(label, w, L, iters) == line, line
    w200 = descend("doublewell", "gd", [5.0], 0.02, 200)[-1][0]
    print(f"double well at w_200 = {w200:.7e}: L = {loss('doublewell', [w200]):.7e}")
    for problem, start, eta, steps in METHOD_RUNS:
        for method in DEFAULTS:
            final = descend(problem, method, start, eta, steps)[-1]
            same = cube_is_w_times_w_times_w(problem, method, start, eta, steps) if problem == "quartic" else True
            print(f"{problem:9} {method:9} w_{steps} = {[float(x) for x in final]}  L = {float(loss(problem, final)):.9g}"
                  + ("" if same else "  (PyTorch's w*w*w differs from the correctly rounded cube here)"))
