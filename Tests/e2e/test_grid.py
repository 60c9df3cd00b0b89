"""grid: every (start, η) cell must be exactly the run `run` would make from that start with that η."""


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
            assert g["converged"][i][j] == (run["stop"] in ("tol_grad", "tol_loss", "tol_step"))


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
