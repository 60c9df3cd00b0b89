"""The course notes' worked examples through the command line, against plain Python loops."""
import pathlib
import re


def python_descent(grad, w, eta, steps):
    for _ in range(steps):
        w = w - eta * grad(w)
    return w


def test_double_well(gd):
    status, objs = gd.json("-e", "L(w) = 0.5*(w^2-1)^2\nrun L from w=5 eta=0.02 steps=200")
    assert status == 0
    expected = python_descent(lambda w: 2 * w * (w * w - 1), 5.0, 0.02, 200)
    assert abs(objs[1]["final"]["w"] - expected) < 1e-12
    assert abs(objs[1]["final"]["w"] - 0.999999084) < 1e-9


def test_half_square_stops_by_tol_grad(gd):
    status, objs = gd.json("-e", "h(w) = 0.5*w^2\nrun h from w=5 eta=0.5 tol_grad=1e-10 steps=80")
    assert objs[1]["stop"] == "tol_grad" and objs[1]["steps"] == 36
    assert objs[1]["final"]["w"] == 5 / 2**36


def test_theta_squared(gd):
    for eta, expect in ((0.25, "halve"), (0.85, "alternate"), (1.1, "diverge")):
        status, objs = gd.json("-e", f"t(θ) = θ^2\nrun t from θ=4 eta={eta} steps=200 tol_grad=off\ntrace")
        run, trace = objs[1], objs[2]
        xs = [it["point"]["θ"] for it in trace["iterates"]]
        if expect == "halve":
            assert xs[:6] == [4, 2, 1, 0.5, 0.25, 0.125]
        elif expect == "alternate":
            assert all(a * b < 0 for a, b in zip(xs, xs[1:10]))
        else:
            assert run["stop"] == "diverged"


def test_tour_example_runs(gd, tmp_path):
    import pathlib
    tour = pathlib.Path(__file__).resolve().parents[2] / "examples" / "tour.gdscript"
    r = gd(str(tour), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "error" not in r.stderr
    assert (tmp_path / "tour-session.gdscript").exists() and (tmp_path / "tour-session.pts.csv").exists()


def test_timing_example_times_each_statement(gd):
    path = pathlib.Path(__file__).resolve().parents[2] / "examples" / "timing.gdscript"
    r = gd(str(path))
    assert r.returncode == 0, r.stderr
    times = re.findall(r"^time: [0-9.]+ (?:µs|ms|s) \(wall clock\)$", r.stdout, flags=re.M)
    assert len(times) == 2
