"""gd's random numbers are NumPy's legacy seeded stream (np.random.seed, randn, shuffle, uniform), so the SGD
notes' data and printed weights come out of gd as they come out of NumPy. References are computed here with
NumPy itself (Tests/reference/numpy_seeded_stream.py)."""
import csv
import pathlib
import sys

import pytest

np = pytest.importorskip("numpy")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "reference"))
from numpy_seeded_stream import notes  # noqa: E402

NOTES = """data pts = synth linear n=500 w=2,-1 noise=0.5 seed=0
L(a, b) = mean(pts, (a*x1 + b*x2 - y)^2)
run L from a=0, b=0 eta=0.05 steps=300 tol_grad=off
run L from a=0, b=0 method=sgd batch=32 eta=0.05 epochs=20 tol_grad=off
"""


def table(gd, tmp_path, script, name="pts"):
    path = tmp_path / f"{name}.csv"
    r = gd("-e", script + f"\nsave {name} to {path}")
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(path.open()))
    return np.array([[float(v) for v in row] for row in rows[1:]])


def test_synth_data_is_numpys_to_the_bit(gd, tmp_path):
    X, y, _, _ = notes()
    data = table(gd, tmp_path, "data pts = synth linear n=500 w=2,-1 noise=0.5 seed=0")
    assert data[0, 0] == 1.764052345967664 and data[0, 1] == 0.4001572083672233   # the notes' first row
    assert (data[:, :2] == X).all() and (data[:, 2] == y).all()


def test_the_notes_printed_weights(gd, tmp_path):
    _, _, full, sgd = notes()
    status, objs = gd.json("-e", NOTES)
    assert status == 0
    runs = [o for o in objs if o["kind"] == "run"]
    got_full = [runs[0]["final"]["a"], runs[0]["final"]["b"]]
    got_sgd = [runs[1]["final"]["a"], runs[1]["final"]["b"]]
    # As the notes print them (8 decimals), and to within the rounding of a differently ordered sum.
    assert [f"{v:.8f}" for v in got_full] == ["2.03123619", "-0.99509055"]
    assert [f"{v:.8f}" for v in got_sgd] == ["2.03380553", "-1.00017387"]
    assert got_full == pytest.approx(list(full), rel=1e-12) and got_sgd == pytest.approx(list(sgd), rel=1e-12)


def test_one_session_stream_that_seed_restarts(gd, tmp_path):
    # Two tables without a seed continue one stream, as two randn calls after one np.random.seed do.
    script = "set seed=7\ndata a = synth linear n=3 w=1 noise=0.5\ndata b = synth linear n=3 w=1 noise=0.5"
    a, b = table(gd, tmp_path, script, "a"), table(gd, tmp_path, script, "b")
    np.random.seed(7)
    xa = np.random.randn(3, 1); ea = np.random.randn(3)
    xb = np.random.randn(3, 1); eb = np.random.randn(3)
    assert (a[:, 0] == xa[:, 0]).all() and (a[:, 1] == xa[:, 0] * 1 + 0.5 * ea).all()
    assert (b[:, 0] == xb[:, 0]).all() and (b[:, 1] == xb[:, 0] * 1 + 0.5 * eb).all()
    # seed=N on the statement restarts it.
    c = table(gd, tmp_path, "data a = synth linear n=3 w=1 noise=0.5\ndata c = synth linear n=3 w=1 noise=0.5 seed=7", "c")
    assert (c == a).all()
    r = gd("-e", "set seed=4294967296")
    assert r.returncode == 1 and "a seed is at most 4294967295" in r.stderr


def test_seeded_multistart_starts_are_numpys_uniform(gd):
    status, objs = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2\nmultistart f from x=-3..3 count=5 seed=3 steps=0")
    assert status == 0
    starts = sorted(s["x"] for g in objs[-1]["groups"] for s in g["starts"])
    np.random.seed(3)
    assert starts == sorted(np.random.uniform(-3, 3, 5).tolist())
