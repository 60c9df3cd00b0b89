"""hessian f at …: the values, eigenvalues, condition number and stable step size, against SymPy's Hessian
evaluated exactly at the point and its eigenvalues taken from the exact characteristic polynomial."""
import pytest
import sympy as sp

CASES = [
    # Rosenbrock's valley at its minimum: [[802, -400], [-400, 200]], badly conditioned.
    ("R(x, y) = (1 - x)^2 + 100*(y - x^2)^2", "(1 - x)**2 + 100*(y - x**2)**2", ["x", "y"], ["1", "1"]),
    ("R(x, y) = (1 - x)^2 + 100*(y - x^2)^2", "(1 - x)**2 + 100*(y - x**2)**2", ["x", "y"], ["-1/2", "3/4"]),
    ("L(a, b, c) = a^2*b + sin(c)*a + exp(b*c)", "a**2*b + sin(c)*a + exp(b*c)", ["a", "b", "c"], ["1/2", "-1", "2"]),
    ("S(a, b) = a*b + a^4", "a*b + a**4", ["a", "b"], ["1/4", "3"]),
    ("f(x) = x^4 - 3*x^2 + 2", "x**4 - 3*x**2 + 2", ["x"], ["3/2"]),
]


def close(a, b, tol=1e-10):
    return abs(a - b) <= tol * max(1.0, abs(b))


@pytest.mark.parametrize("definition,sympy_loss,params,point", CASES)
def test_hessian_at_a_point_matches_sympy(gd, definition, sympy_loss, params, point):
    symbols = sp.symbols(params)
    loss = sp.sympify(sympy_loss, locals=dict(zip(params, symbols)))
    at = {s: sp.Rational(v) for s, v in zip(symbols, point)}
    exact = sp.hessian(loss, symbols).subs(at)
    values = [[float(exact[i, j].evalf(30)) for j in range(len(params))] for i in range(len(params))]
    lam = sp.Symbol("lam")
    roots = sp.Poly((exact - lam * sp.eye(len(params))).det(), lam).nroots(n=30)
    eigenvalues = sorted(float(sp.re(r)) for r in roots)

    given = ", ".join(f"{p}={v}" for p, v in zip(params, point))
    name = definition.split("(")[0]
    status, objs = gd.json("-e", f"{definition}\nhessian {name} at {given}")
    assert status == 0, objs
    h = objs[-1]
    assert h["kind"] == "hessian" and h["wrt"] == params
    assert all(close(h["at"][p], float(sp.Rational(v))) for p, v in zip(params, point))
    for row, expected in zip(h["values"], values):
        assert all(close(a, b, 1e-12) for a, b in zip(row, expected)), (h["values"], values)
    assert len(h["eigenvalues"]) == len(eigenvalues)
    assert all(close(a, b) for a, b in zip(h["eigenvalues"], eigenvalues)), (h["eigenvalues"], eigenvalues)
    low, high = eigenvalues[0], eigenvalues[-1]
    if high > 0:
        assert close(h["eta_max"], 2 / high)
    else:
        assert h["eta_max"] is None
    if low > 0:
        assert h["shape"] == "positive definite" and close(h["condition"], high / low)
    else:
        assert h["condition"] is None
        assert h["shape"] == ("indefinite" if high > 0 and low < 0 else "negative definite")


def test_hessian_at_a_point_errors(gd):
    r = gd("-e", "R(x, y) = x*y\nhessian R at x=1")
    assert r.returncode == 1 and "no value for 'y', a parameter of R" in r.stderr
    r = gd("-e", "R(x, y) = x*y\nhessian R at x=1, y=2, z=3")
    assert r.returncode == 1 and "'z' is not a parameter of R" in r.stderr and "^" in r.stderr
    r = gd("-e", "R(x, y) = x*y\nhessian R x=1")
    assert r.returncode == 1 and "expected 'at' and the point, or the end of the statement" in r.stderr
