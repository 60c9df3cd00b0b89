#!/usr/bin/env python3
"""Check the hand-derived derivatives in Tests/GDLangTests/DerivativeTable.swift against SymPy.

For every DerivativeCase (one per line in the Swift file) and every point, this script
  * translates the gd expression and the hand-written derivative to SymPy,
  * checks the point lies in the real domain (every subexpression of the loss, and both
    derivatives, evaluate to real finite numbers) and at least 1e-2 away from kinks of
    abs/relu/min/max/sign/heaviside,
  * checks sympy.diff(expr) equals the hand derivative to relative error 1e-12
    (relative to max(1, |value|), evaluated with 30 significant digits).
It also checks the table covers every gd function, as gd itself lists them (`gd --json -e 'help functions'`),
and that each has a SymPy translation here. Prints one line per failure, then `N passed, M failed` (counting
cases); exits 1 if anything failed.

Usage (from the repository root, after `swift build`): python3 Tests/reference/verify_derivative_table.py
GD_BINARY names the gd binary to ask; by default, the one `swift build` made.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import sympy as sp
from sympy.parsing.sympy_parser import (auto_number, convert_xor,
                                        parse_expr, rationalize)

ROOT = Path(__file__).resolve().parents[2]
SWIFT_FILE = ROOT / "Tests" / "GDLangTests" / "DerivativeTable.swift"
DIGITS = 30
REL_TOL = sp.Float("1e-12", DIGITS)
KINK_MARGIN = sp.Rational(1, 100)
MIN_CASES = 40
MIN_USES = 3  # each language function must occur in at least this many losses

x = sp.Symbol("x", real=True)

# gd functions -> SymPy; every function gd lists must be here. heaviside(0) = 0 in gd; the points avoid kinks,
# so H0 is irrelevant.
FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "exp": sp.exp, "log": lambda u, **kw: sp.log(u, **kw), "log1p": lambda u, **kw: sp.log(1 + u, **kw),
    "sqrt": sp.sqrt, "abs": sp.Abs,
    "sigmoid": lambda u, **kw: 1 / (1 + sp.exp(-u)),
    "softplus": lambda u, **kw: sp.log(1 + sp.exp(u)),
    "relu": lambda u, **kw: sp.Max(u, 0, **kw),
    "min": lambda a, b, **kw: sp.Min(a, b, **kw),
    "max": lambda a, b, **kw: sp.Max(a, b, **kw),
    "sign": sp.sign,
    "heaviside": lambda u, **kw: sp.Heaviside(u, 0, **kw),
}
# Functions the table need not differentiate: zero wherever they are differentiable, they are what abs and relu
# (and min, max) differentiate to. Every other gd function must occur in at least MIN_USES losses.
NOT_IN_LOSSES = {"sign", "heaviside"}
NAMES = dict(FUNCTIONS, x=x, pi=sp.pi, e=sp.E)

# Only the standard tokens of gd: no implicit multiplication, no unknown names.
TRANSFORMS = (auto_number, rationalize, convert_xor)
GD_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_]\w*)|([-+*/^(),]))")

CASE_RE = re.compile(
    r'DerivativeCase\(\s*expr:\s*"([^"\\]*)",\s*derivative:\s*"([^"\\]*)",'
    r'\s*points:\s*\[([^\]]*)\]\s*\),?\s*(?://.*)?$')
POINT_RE = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")


def gd_functions():
    """gd's built-in functions, [(name, arity)], as `gd --json -e 'help functions'` lists them."""
    path = os.environ.get("GD_BINARY")
    if not path:
        path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip() + "/gd"
    try:
        out = subprocess.run([path, "--json", "-e", "help functions"], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        sys.exit(f"cannot ask gd for its functions ({err}); build it with `swift build` or set GD_BINARY")
    return [(f["name"], f["arity"]) for f in json.loads(out)["functions"]]


def check_functions(functions):
    """Problems with FUNCTIONS against gd's functions: one missing, one gd lacks, or a wrong number of arguments."""
    problems = [f"coverage: gd's {name} has no SymPy translation in FUNCTIONS"
                for name, _ in functions if name not in FUNCTIONS]
    problems += [f"coverage: FUNCTIONS translates {name}, which gd does not have"
                 for name in sorted(set(FUNCTIONS) - {name for name, _ in functions})]
    for name, arity in functions:
        if name in FUNCTIONS:
            try:
                FUNCTIONS[name](*[x] * arity)
            except TypeError:
                problems.append(f"coverage: FUNCTIONS' {name} does not take {arity} argument(s)")
    return problems


def check_gd_syntax(src):
    """Reject anything that is not gd syntax (unknown names, stray characters)."""
    pos = 0
    names = []
    while pos < len(src):
        if src[pos:].strip() == "":
            break
        m = GD_TOKEN.match(src, pos)
        if not m:
            raise ValueError(f"unexpected character {src[pos:].strip()[0]!r}")
        if m.group(2):
            if m.group(2) not in NAMES:
                raise ValueError(f"unknown name {m.group(2)!r}")
            names.append(m.group(2))
        pos = m.end()
    return names


def to_sympy(src, evaluate=True):
    """Parse gd source; evaluate=False keeps every written subexpression (for domain checks)."""
    names = check_gd_syntax(src)
    global_dict = {"__builtins__": {}, "Integer": sp.Integer, "Rational": sp.Rational,
                   "Float": sp.Float, "Add": sp.Add, "Mul": sp.Mul, "Pow": sp.Pow}
    return parse_expr(src, local_dict=dict(NAMES), global_dict=global_dict,
                      transformations=TRANSFORMS, evaluate=evaluate), names


def value_at(expr, p):
    return sp.N(expr.subs(x, p), DIGITS)


def real_finite(v):
    return v.is_number and v.is_real is True and v.is_finite is True


def kink_arguments(expr):
    """Expressions whose sign change is a kink of expr."""
    out = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Abs, sp.sign, sp.Heaviside)):
            out.append(node.args[0])
        elif isinstance(node, (sp.Max, sp.Min)):
            args = node.args
            out.extend(a - b for i, a in enumerate(args) for b in args[i + 1:])
    return [a for a in out if a.has(x)]


def same_sign_near(arg, p):
    """True if arg is nonzero with one sign on 11 samples across [p - 1e-2, p + 1e-2]."""
    signs = {sp.sign(value_at(arg, p + KINK_MARGIN * i / 5)) for i in range(-5, 6)}
    return len(signs) == 1 and sp.Integer(0) not in signs


def check_case(expr_src, deriv_src, points):
    """Return a list of problems (empty when the case passes)."""
    problems = []
    try:
        f, _ = to_sympy(expr_src)
        g, _ = to_sympy(deriv_src)
        f_raw, _ = to_sympy(expr_src, evaluate=False)
    except Exception as err:  # noqa: BLE001 - report any parse error
        return [f"parse error: {err}"]
    for h, what in ((f, "expr"), (g, "derivative")):
        extra = h.free_symbols - {x}
        if extra:
            problems.append(f"{what} has unknown symbols {sorted(map(str, extra))}")
    if problems:
        return problems
    if not 2 <= len(points) <= 4:
        problems.append(f"{len(points)} points (want 2 to 4)")
    df = sp.diff(f, x)
    kinks = kink_arguments(f) + kink_arguments(g)
    # Every subexpression as written (doit() evaluates each one exactly on its own, so an
    # out-of-domain piece cannot hide behind a simplification like 0*sqrt(x - 1)).
    subexprs = [s.doit() for s in sp.preorder_traversal(f_raw) if s.has(x) and not s.is_Symbol]
    for ps in points:
        p = sp.Rational(ps)
        bad = [s for s in subexprs if not real_finite(value_at(s, p))]
        if bad:
            problems.append(f"x={ps}: outside real domain at {bad[-1]}")
            continue
        near = [k for k in kinks if not same_sign_near(k, p)]
        if near:
            problems.append(f"x={ps}: within 1e-2 of a kink of {near[0]}")
            continue
        want, got = value_at(df, p), value_at(g, p)
        if not real_finite(want) or not real_finite(got):
            problems.append(f"x={ps}: derivative not real/finite (sympy {want}, hand {got})")
            continue
        err = abs(want - got) / max(sp.Integer(1), abs(want))
        if err > REL_TOL:
            problems.append(f"x={ps}: sympy {sp.N(want, 17)} != hand {sp.N(got, 17)} "
                            f"(rel err {sp.N(err, 3)})")
    return problems


def main():
    lines = SWIFT_FILE.read_text().splitlines()
    cases = []
    passed = failed = 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip().startswith("DerivativeCase("):
            continue
        m = CASE_RE.search(line)
        if not m:
            print(f"line {lineno}: cannot parse DerivativeCase: {line.strip()}")
            failed += 1
            continue
        expr_src, deriv_src, pts_src = m.groups()
        points = [s.strip() for s in pts_src.split(",") if s.strip()]
        bad_points = [s for s in points if not POINT_RE.match(s)]
        if bad_points:
            problems = [f"bad point literal(s) {bad_points}"]
        else:
            problems = check_case(expr_src, deriv_src, points)
        cases.append(expr_src)
        if problems:
            failed += 1
            for prob in problems:
                print(f"line {lineno}: {expr_src!r} -> {deriv_src!r}: {prob}")
        else:
            passed += 1

    table_ok = True
    if len(cases) < MIN_CASES:
        print(f"table has {len(cases)} cases, want at least {MIN_CASES}")
        table_ok = False
    functions = gd_functions()
    for problem in check_functions(functions):
        print(problem)
        table_ok = False
    uses = {name: 0 for name, _ in functions if name not in NOT_IN_LOSSES}
    for src in cases:
        try:
            for name in set(check_gd_syntax(src)):
                if name in uses:
                    uses[name] += 1
        except ValueError:
            pass
    for name, count in uses.items():
        if count < MIN_USES:
            print(f"coverage: {name} used in {count} losses, want at least {MIN_USES}")
            table_ok = False

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and table_ok else 1


if __name__ == "__main__":
    sys.exit(main())
