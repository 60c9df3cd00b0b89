"""Differential test against SymPy: seeded random expressions over every function of the language, as gd lists them;
gd's symbolic derivative (and its printed form, parsed back by SymPy) must match SymPy's derivative at
random points of their common domain to 1e-9 relative. GD_DIFFERENTIAL_COUNT sets how many (default 300)."""
import json
import os
import random

import sympy as sp

X = sp.Symbol("x", real=True)

# gd's built-in functions in SymPy. gd lists its functions (`help functions`); each must be here.
SYMPY = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "exp": sp.exp, "log": sp.log,
    "log1p": lambda u: sp.log(1 + u), "sqrt": sp.sqrt,
    "abs": sp.Abs, "sigmoid": lambda u: 1 / (1 + sp.exp(-u)), "softplus": lambda u: sp.log(1 + sp.exp(u)),
    "relu": lambda u: sp.Max(u, 0), "min": sp.Min, "max": sp.Max,
    "sign": sp.sign, "heaviside": lambda u: sp.Heaviside(u, 0),
}
# Left out of the random expressions: zero wherever they are differentiable, they are what abs and relu (and min,
# max) differentiate to, and come into the printed derivatives that way.
NOT_GENERATED = {"sign", "heaviside"}


def gd_functions(gd):
    """gd's built-in functions, [(name, arity)], as `help functions` lists them in JSON."""
    status, objs = gd.json("-e", "help functions")
    assert status == 0, objs
    return [(f["name"], f["arity"]) for f in objs[0]["functions"]]


def sympy_function(name, args):
    return SYMPY[name](*args)


def test_every_function_of_gd_has_a_sympy_translation(gd):
    functions = gd_functions(gd)
    assert len(functions) >= 20
    missing = [name for name, _ in functions if name not in SYMPY]
    assert not missing, f"gd's {missing} not covered: add them to SYMPY (and NOT_GENERATED if they are not to be drawn)"
    for name, arity in functions:
        sympy_function(name, [X] * arity)   # takes that many arguments
    assert not set(SYMPY) - {name for name, _ in functions}, "SYMPY has functions gd does not"


def generate(rng, depth, unary, binary):
    """A random expression as (gd source, SymPy expression)."""
    if depth == 0 or rng.random() < 0.25:
        if rng.random() < 0.6:
            return "x", X
        c = rng.choice([0.5, 1, 2, 3, 1.5, 0.25])
        return repr(c), sp.nsimplify(c)
    kind = rng.random()
    if kind < 0.45:
        f = rng.choice(unary)
        s, e = generate(rng, depth - 1, unary, binary)
        return f"{f}({s})", sympy_function(f, [e])
    if kind < 0.55:
        f = rng.choice(binary)
        (s1, e1), (s2, e2) = generate(rng, depth - 1, unary, binary), generate(rng, depth - 1, unary, binary)
        return f"{f}({s1}, {s2})", sympy_function(f, [e1, e2])
    op = rng.choice(["+", "-", "*", "/", "^"])
    (s1, e1), (s2, e2) = generate(rng, depth - 1, unary, binary), generate(rng, depth - 1, unary, binary)
    if op == "^":
        n = rng.choice([2, 3, -1, 0.5])
        return f"({s1})^{n}", e1 ** sp.nsimplify(n)
    e = {"+": e1 + e2, "-": e1 - e2, "*": e1 * e2, "/": e1 / e2}[op]
    return f"({s1}) {op} ({s2})", e


def value(expr, x):
    """expr at x with 30 digits, or None where it is not a finite real number."""
    try:
        v = sp.N(expr.subs(X, sp.Float(x, 30)), 30)
    except (ValueError, TypeError, ZeroDivisionError):
        return None
    if not v.is_real or not v.is_finite:
        return None
    return float(v)


def to_sympy(printed):
    """gd's printed derivative as SymPy, to check the printer too."""
    names = {n: (lambda n: (lambda *a: sympy_function(n, list(a))))(n) for n in SYMPY}
    names.update({"x": X, "pi": sp.pi, "e": sp.E})
    return sp.sympify(printed.replace("^", "**"), locals=names)


def test_random_derivatives_match_sympy(gd):
    count = int(os.environ.get("GD_DIFFERENTIAL_COUNT", "300"))
    functions = gd_functions(gd)
    missing = [name for name, _ in functions if name not in SYMPY]
    assert not missing, f"gd's {missing} have no SymPy translation"
    unary = [name for name, arity in functions if arity == 1 and name not in NOT_GENERATED]
    binary = [name for name, arity in functions if arity == 2 and name not in NOT_GENERATED]
    rng = random.Random(20261123)
    cases = []
    while len(cases) < count:
        try:
            source, expr = generate(rng, rng.randint(1, 4), unary, binary)
        except (ValueError, TypeError):
            continue   # SymPy refuses some constant pieces, such as min(acos(3/2), 1)
        if X not in expr.free_symbols:
            continue
        points = [rng.uniform(-3, 3) for _ in range(3)]
        cases.append((source, expr, points))
    script = []
    for i, (source, _, points) in enumerate(cases):
        script.append(f"f{i}(x) = {source}")
        script.append(f"diff f{i}")
        for p in points:
            # check gives the derivative diff prints; a run's first iterate, the gradient runs compile (reverse mode).
            script += [f"check f{i} at x={p!r}", f"run f{i} from x={p!r} steps=0"]
    status, objs = gd.json(stdin="\n".join(script) + "\n")
    assert status == 0, objs[-1]
    compared = 0
    failures = []
    it = iter(objs)
    for i, (source, expr, points) in enumerate(cases):
        assert next(it)["kind"] == "define"
        printed = next(it)["exprs"][0]
        reference = sp.diff(expr, X)
        try:
            reparsed = to_sympy(printed)
        except ValueError:
            # SymPy's Heaviside refuses an argument it simplified to a tiny complex part (seen at 3,000 cases).
            reparsed = None
        for p in points:
            check = next(it)
            run = next(it)
            assert run["kind"] == "run"
            want = value(reference, p)
            got = check["symbolic"][0]
            if want is None or got is None or value(expr, p) is None:
                continue   # outside the common domain
            compared += 1
            tolerance = 1e-9 * max(abs(want), abs(got)) + 1e-12
            if abs(got - want) > tolerance:
                failures.append(f"f{i}(x) = {source} at x = {p}: gd {got}, SymPy {want}")
            norm = run["grad_norm"]
            if run["loss"] is None:
                continue   # gd's loss is not finite here, though SymPy's simplified one is: sqrt(x)^2 at x < 0
            if norm is None or abs(norm - abs(want)) > tolerance:
                failures.append(f"f{i}(x) = {source} at x = {p}: compiled gradient's norm {norm}, SymPy |{want}|")
            again = value(reparsed, p) if reparsed is not None else None
            if again is not None and abs(again - want) > tolerance:
                failures.append(f"printed derivative {printed} of {source} at {p}: {again} vs {want}")
    assert not failures, "\n".join(failures[:20])
    print(f"compared {compared} points of {count} expressions")
    assert compared >= count   # most points lie in the domain
