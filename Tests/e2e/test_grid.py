"""grid: every (start, η) cell must be exactly the run `run` would make from that start with that η."""
import pytest


def test_grid_cells_equal_single_runs(gd):
    status, objs = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2\ngrid f from x=-3..3 count=13 eta=0.01..0.25 count=7 steps=300")
    assert status == 0
    g = objs[-1]
    assert g["kind"] == "grid" and g["param"] == "x" and len(g["etas"]) == 7 and len(g["starts"]) == 13
    assert g["starts"][6] == 0 and g["etas"][0] == 0.01
    for i in (0, 3, 6):
        for j in (0, 2, 6, 12):
            x, eta = g["starts"][j], g["etas"][i]
            status, run = gd.json("-e", f"f(x) = x^4 - 3*x^2 + 2\nrun f from x={x!r} eta={eta!r} steps=300")
            run = run[-1]
            assert g["steps"][i][j] == run["steps"], (x, eta)
            assert g["stop"][i][j] == run["stop"], (x, eta)
            # Converged means to a minimum: a cell whose run stopped on a maximum, saddle or flat point is not.
            assert g["point_kind"][i][j] == run.get("point_kind"), (x, eta)
            assert g["converged"][i][j] == (run["stop"] in ("tol_grad", "tol_loss", "tol_step")
                                            and run.get("point_kind") not in ("maximum", "saddle", "flat")), (x, eta)


@pytest.mark.parametrize("options", [
    "method=momentum beta=0.8",
    "method=adam schedule=cosine",
    "method=nesterov schedule=step gamma=0.5 every=50",
    "method=rmsprop tol_dloss=1e-12",
])
def test_grid_takes_a_method_and_each_cell_is_its_run(gd, options):
    src = "f(x) = x^4 - 3*x^2 + 2"
    status, objs = gd.json("-e", f"{src}\ngrid f from x=-2.5..2.5 count=6 eta=0.01..0.3 count=4 steps=200 {options}")
    assert status == 0, objs
    g = objs[-1]
    assert g["method"] == options.split()[0].split("=")[1]
    if "schedule=" in options:
        assert g["schedule"] == options.split("schedule=")[1].split()[0]
    for i, eta in enumerate(g["etas"]):
        for j, x in enumerate(g["starts"]):
            status, run = gd.json("-e", f"{src}\nrun f from x={x!r} eta={eta!r} steps=200 {options}")
            run = run[-1]
            assert (g["steps"][i][j], g["stop"][i][j]) == (run["steps"], run["stop"]), (x, eta)
            assert g["point_kind"][i][j] == run.get("point_kind"), (x, eta)


def test_grid_of_a_loss_over_data_runs_each_cell(gd):
    src = "data pts = synth linear n=40 w=2 noise=0.1 seed=4\nL(w) = mean(pts, (w*x1 - y)^2)"
    status, objs = gd.json("-e", f"{src}\ngrid L from w=-1..3 count=3 eta=0.1..1.2 count=3 steps=100")
    assert status == 0, objs
    g = objs[-1]
    for i, eta in enumerate(g["etas"]):
        for j, w in enumerate(g["starts"]):
            status, run = gd.json("-e", f"{src}\nrun L from w={w!r} eta={eta!r} steps=100")
            assert (g["steps"][i][j], g["stop"][i][j]) == (run[-1]["steps"], run[-1]["stop"]), (w, eta)
    assert "diverged" in g["stop"][2] and "tol_grad" in g["stop"][0]


def test_grid_names_its_method_in_the_text(gd):
    r = gd("-e", "f(x) = x^4 - 3*x^2 + 2\ngrid f from x=-2..2 count=5 eta=0.01..0.1 count=3 method=momentum schedule=cosine precision=f32")
    assert r.returncode == 0, r.stderr
    assert "grid f with momentum, cosine schedule, in f32: 3 step sizes × 5 starts of x" in r.stdout
    r = gd("-e", "f(x) = x^2\ngrid f from x=-1..1 count=5 eta=0.1..0.2 method=momentum bta=0.5")
    assert r.returncode == 1 and "did you mean 'beta'?" in r.stderr


def test_grid_with_a_fixed_second_parameter(gd):
    status, objs = gd.json("-e", "L(w1, w2) = w1^2 + 5*w2^2\ngrid L from w1=-2..2 count=5, w2=1 eta=0.05..0.25 count=3 steps=200")
    g = objs[-1]
    assert g["fixed"] == {"w1": 0, "w2": 1}
    # eta = 0.25 > 2/10 makes w2 oscillate and grow: every run of that row diverges.
    assert all(s == "diverged" for s in g["stop"][2])
    assert all(g["converged"][0])


def test_grid_errors(gd):
    r = gd("-e", "f(x) = x^2\ngrid f from x=-1..1 count=5")
    assert r.returncode == 1 and "grid needs a range of step sizes" in r.stderr
    r = gd("-e", "f(x) = x^2\ngrid f from x=1 eta=0.1..0.2")
    assert r.returncode == 1 and "grid needs a range of starts for one parameter of f" in r.stderr


def test_plot_grid_key_shows_the_quartiles_of_the_converged_steps(gd):
    """The plot's key and the report's map use the same quartiles, computed here from the JSON cells:
    the quartile q of the n sorted step counts is the one at index floor(q*n)."""
    script = "f(x) = x^4 - 3*x^2 + 2\ngrid f from x=-3..3 count=15 eta=0.01..0.2 count=10 steps=200"
    status, objs = gd.json("-e", script)
    g = objs[-1]
    steps = sorted(s for row_s, row_c in zip(g["steps"], g["converged"]) for s, c in zip(row_s, row_c) if c)
    n = len(steps)
    q = [steps[min(n - 1, int(f * n))] for f in (0.25, 0.5, 0.75)]
    knots = [steps[0]] + q + [steps[-1]]
    r = gd("-e", script + "\nplot grid")
    assert r.returncode == 0, r.stderr
    shades = "█▓▒░"
    entries = [f"{shades[s]} {knots[s]}–{knots[s + 1]}" for s in range(4) if knots[s] != knots[s + 1]]
    assert r.stdout.splitlines()[-1].strip() == "  ".join(entries) + "  steps to converge"
    assert f"█ ≤ {q[0]} steps, ▓ ≤ {q[1]}, ▒ ≤ {q[2]}, ░ ≤ {steps[-1]}" in r.stdout


def test_multistart_header_counts_where_runs_really_ended(gd):
    # x² − y² from a 5 × 5 grid over [−1, 1]²: y ← 1.2·y each step, so the 20 starts with y ≠ 0 grow past 1e12
    # within 100 steps (0.5·1.2¹⁰⁰ ≈ 4e7, L ≈ −2e15), and the 5 with y = 0 reach the saddle at the origin.
    r = gd("-e", "sad(x, y) = x^2 - y^2\nmultistart sad from x=-1..1, y=-1..1 count=25 steps=100")
    assert r.returncode == 0, r.stderr
    assert "multistart sad: 25 runs, 5 ended at 1 stationary point, 20 diverged" in r.stdout
    # Runs that did not converge are not said to have ended at points.
    r = gd("-e", "f(x) = x^2\nmultistart f from x=-1..1 count=3 steps=0")
    assert "multistart f: 3 runs, 1 ended at 1 stationary point, 2 did not converge" in r.stdout
