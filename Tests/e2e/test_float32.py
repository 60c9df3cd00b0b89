"""precision=f32 against the NumPy float32 loops of Tests/reference/float32_pytorch_loop.py: the course notes' three
PyTorch lines exactly, and every iterate of the method loops bit for bit (float32 values, compared as the doubles
gd's JSON prints them)."""
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "Tests" / "reference"))
import float32_pytorch_loop as ref  # noqa: E402


def _run(gd, problem, start, options, statement="run"):
    p = ref.PROBLEMS[problem]
    frm = ", ".join(f"{n}={v!r}" for n, v in zip(p["params"], start))
    status, objs = gd.json("-e", f"{p['definition']}\n{statement} {p['name']} from {frm} {options}\ntrace")
    assert status == 0, objs
    return objs[1], objs[-1]["iterates"]


@pytest.mark.parametrize("note", ref.NOTES, ids=lambda n: n[0])
def test_the_notes_lines(gd, note):
    label, problem, w0, eta, most, tol, line = note
    run, iterates = _run(gd, problem, [w0], f"eta={eta} steps={most} tol_grad={tol} precision=f32")
    assert run["precision"] == "f32"
    w, L, iters = ref.notes_loop(problem, w0, eta, most, tol)
    assert ref.notes_line(label, w, L, iters) == line   # the reference reproduces the notes
    assert run["final"]["w"] == float(w)
    if run["stop"] == "tol_grad":
        # The notes count iterates: one more than the updates when the tolerance stops the loop.
        assert run["steps"] + 1 == iters
        assert run["loss"] == float(L)
        shown = run["loss"]
    else:
        # The notes' loop prints the loss it computed before its last update: gd's L at w₁₉₉, not at w₂₀₀.
        assert run["stop"] == "steps" and run["steps"] == iters == most
        assert iterates[-2]["k"] == most - 1 and iterates[-2]["loss"] == float(L)
        assert run["loss"] == float(ref.loss(problem, [w])) != float(L)
        shown = iterates[-2]["loss"]
    assert ref.notes_line(label, run["final"]["w"], shown, iters) == line


def test_the_double_well_ends_below_the_notes_loss(gd):
    run, _ = _run(gd, "doublewell", [5.0], "eta=0.02 steps=200 precision=f32")
    assert f"{run['final']['w']:.7e}" == "9.9999911e-01"
    assert f"{run['loss']:.7e}" == "1.5987212e-12"


@pytest.mark.parametrize("method", list(ref.DEFAULTS))
@pytest.mark.parametrize("case", ref.METHOD_RUNS, ids=lambda c: c[0])
def test_every_iterate_matches_the_float32_loop(gd, case, method):
    problem, start, eta, steps = case
    params = ref.PROBLEMS[problem]["params"]
    run, iterates = _run(gd, problem, start, f"method={method} eta={eta} steps={steps} tol_grad=off precision=f32")
    want = ref.descend(problem, method, start, eta, steps)
    assert len(iterates) == len(want) == steps + 1
    for it, w in zip(iterates, want):
        assert [it["point"][n] for n in params] == [float(x) for x in w], it["k"]
        assert it["loss"] == float(ref.loss(problem, w)), it["k"]


def test_f32_is_not_f64(gd):
    f32, _ = _run(gd, "shifted", [5.0], "eta=0.5 steps=80 tol_grad=1e-10 precision=f32")
    f64, _ = _run(gd, "shifted", [5.0], "eta=0.5 steps=80 tol_grad=1e-10")
    assert (f32["steps"], f64["steps"]) == (26, 36)
    assert "precision" not in f64


def test_set_precision_and_the_text_says_so(gd):
    r = gd("-e", "s(w) = 0.5*(w - 1)^2\nset precision=f32\nrun s from w=5 eta=0.5 tol_grad=1e-10 steps=80")
    assert r.returncode == 0, r.stderr
    assert "run s from w = 5 with gd, η = 0.5, f32" in r.stdout
    assert "after 26 steps" in r.stdout


@pytest.mark.parametrize("statement, options", [
    ("sweep", "eta=0.1..0.5 count=3"),
    ("compare", "methods=gd,adam"),
    ("multistart", "count=3"),
])
def test_every_statement_that_runs_says_f32(gd, statement, options):
    frm = "w=-2..2" if statement == "multistart" else "w=5"
    status, objs = gd.json("-e", f"s(w) = 0.5*(w - 1)^2\n{statement} s from {frm} {options} precision=f32")
    assert status == 0, objs
    assert objs[-1]["kind"] == statement and objs[-1]["precision"] == "f32"
    status, objs = gd.json("-e", f"s(w) = 0.5*(w - 1)^2\n{statement} s from {frm} {options}")
    assert "precision" not in objs[-1]


def test_step_goes_on_in_f32(gd):
    status, objs = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2\nrun f from x=2 eta=0.01 steps=40 tol_grad=off precision=f32\nstep 60\ntrace")
    assert status == 0, objs
    assert objs[2]["precision"] == "f32"
    want = ref.descend("quartic", "gd", [2.0], 0.01, 100)
    assert [it["point"]["x"] for it in objs[-1]["iterates"]] == [float(w[0]) for w in want]


def test_an_unknown_precision_is_located(gd):
    status, objs = gd.json("-e", "s(w) = 0.5*(w - 1)^2\nrun s from w=5 precision=f16")
    assert status != 0
    error = objs[-1]
    assert error["kind"] == "error" and error["message"] == "unknown precision 'f16'"
    assert error["line"] == 2 and error["column"] == 26 and "f32" in error["help"]


def test_f32_refuses_a_loss_over_a_table(gd):
    status, objs = gd.json("-e", "data pts = synth linear n=20 w=1 noise=0.1 seed=3\nL(w) = mean(pts, (w*x1 - y)^2)\nrun L from w=0 precision=f32")
    assert status != 0 and "table" in objs[-1]["message"]
    status, objs = gd.json("-e", "data pts = synth linear n=20 w=1 noise=0.1 seed=3\nL(w) = mean(pts, (w*x1 - y)^2)\n"
                                 "grid L from w=-1..1 count=3 eta=0.1..0.5 count=3 precision=f32")
    assert status != 0 and "table" in objs[-1]["message"]


@pytest.mark.parametrize("method", ["gd", "momentum", "adam"])
def test_grid_in_f32_gives_each_cell_its_f32_run(gd, method):
    """Every cell of an f32 grid is the f32 run from its start with its η, which the float32 loops check."""
    starts, etas = [-1.5, 0.3, 1.9], [0.005, 0.02, 0.1]
    status, objs = gd.json("-e", f"f(x) = x^4 - 3*x^2 + 2\ngrid f from x=-1.5..1.9 count=3 eta=0.005..0.1 count=3 "
                                 f"method={method} steps=60 tol_grad=1e-3 precision=f32")
    assert status == 0, objs
    grid = objs[-1]
    assert grid["precision"] == "f32" and grid.get("method", "gd") == method
    grid_etas = grid["etas"]
    assert grid_etas[0] == 0.005 and grid_etas[-1] == 0.1
    for i, eta in enumerate(grid_etas):
        for j, x in enumerate(grid["starts"]):
            path = ref.descend("quartic", method, [x], eta, 60, tol_grad=1e-3)
            assert grid["steps"][i][j] == len(path) - 1, (eta, x)
            assert grid["stop"][i][j] == ("tol_grad" if len(path) - 1 < 60 else "steps"), (eta, x)


def test_a_typed_value_in_f32_is_the_float32_one(gd):
    x3 = 1.1376725435256958   # where float32 x*x*x is one unit off the correctly rounded cube
    status, objs = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2\nf(2.1)\nset precision=f32\nf(2.1)\n0.1 + 0.2\n"
                                 f"exp(0.3)*2\n{x3!r}^3\na = 1/3\na")
    assert status == 0, objs
    values = [o for o in objs if o["kind"] == "value"]
    F = ref.F
    assert "precision" not in values[0]
    assert all(v["precision"] == "f32" for v in values[1:])
    assert values[1]["value"] == float(ref.loss("quartic", [F(2.1)]))
    assert values[2]["value"] == float(F(0.1) + F(0.2)) != 0.1 + 0.2
    assert values[3]["value"] == float(F(ref.math.exp(float(F(0.3)))) * F(2))
    assert values[4]["value"] == float(ref.power(F(x3), 3)) != float(F(F(x3) * F(x3)) * F(x3))
    # A name bound by a = … holds the double, as a Python float does; printed, it is rounded.
    assert values[5]["value"] == float(F(1 / 3))
    r = gd("-e", "set precision=f32\n1/3")
    assert r.stdout.strip().endswith("0.333333 (f32)")


def test_check_in_f32_checks_the_float32_gradient(gd):
    x = ref.F(2.1)
    status, objs = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2\ndf(x) = 4*x^3 - 6*x\nbad(x) = 4*x^3 - 6.01*x\n"
                                 "check f at 2.1 precision=f32\ncheck f using df at x=2.1 precision=f32\n"
                                 "set precision=f32\ncheck f using bad at 2.1")
    assert status == 0, objs
    plain, using, wrong = [o for o in objs if o["kind"] == "check"]
    assert plain["precision"] == "f32" and plain["at"] == {"x": float(x)}
    assert plain["symbolic"] == [float(ref.PROBLEMS["quartic"]["grad"]([x])[0])]
    # Central differences of the float32 loss, h = cbrt(2^-23)·max(1, |x|), the points rounded to float32.
    h = 2.0 ** (-23 / 3) * max(1, abs(float(x)))
    up, down = ref.F(float(x) + h), ref.F(float(x) - h)
    want = (float(ref.loss("quartic", [up])) - float(ref.loss("quartic", [down]))) / (float(up) - float(down))
    assert plain["central"] == [pytest.approx(want, rel=1e-15)]
    # Forward mode: the exact derivative, in double.
    exact = 4 * ref.Fraction(float(x)) ** 3 - 6 * ref.Fraction(float(x))
    assert plain["forward"] == [pytest.approx(float(exact), rel=1e-15)]
    assert using["agrees"] is True and using["user"] == [float(ref.F(4) * ref.power(x, 3) - ref.F(6) * x)]
    assert wrong["agrees"] is False and wrong["precision"] == "f32"
