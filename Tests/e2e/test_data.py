"""Losses over data: tables from CSV or made up, mean/sum over their rows, full-batch and mini-batch descent."""
import json

import pytest

POINTS = "x1,x2,y\n1,2,3\n2,0,2.5\n-1,1,0\n0.5,-1,-0.2\n"


def full_batch_by_hand(rows, eta, steps):
    """Gradient descent on mean((w1*x1 + w2*x2 - y)^2), the gradient worked out by hand."""
    w1 = w2 = 0.0
    n = len(rows)
    for _ in range(steps):
        g1 = sum(2 * x1 * (w1 * x1 + w2 * x2 - y) for x1, x2, y in rows) / n
        g2 = sum(2 * x2 * (w1 * x1 + w2 * x2 - y) for x1, x2, y in rows) / n
        w1, w2 = w1 - eta * g1, w2 - eta * g2
    return w1, w2


def test_full_batch_matches_a_hand_computation(gd, tmp_path):
    (tmp_path / "points.csv").write_text(POINTS)
    status, objs = gd.json("-e", f'data pts = csv("{tmp_path / "points.csv"}")\n'
                           "L(w1, w2) = mean(pts, (w1*x1 + w2*x2 - y)^2)\n"
                           "run L from w1=0, w2=0 eta=0.05 steps=300 tol_grad=off")
    assert status == 0, objs
    assert objs[0] == {"kind": "data", "name": "pts", "rows": 4, "columns": ["x1", "x2", "y"],
                       "head": [[1, 2, 3], [2, 0, 2.5], [-1, 1, 0], [0.5, -1, -0.2]]}
    rows = [(1, 2, 3), (2, 0, 2.5), (-1, 1, 0), (0.5, -1, -0.2)]
    w1, w2 = full_batch_by_hand(rows, 0.05, 300)
    final = objs[-1]["final"]
    assert abs(final["w1"] - w1) <= 1e-12 * abs(w1) and abs(final["w2"] - w2) <= 1e-12 * abs(w2)


def test_sum_and_the_derivative_taken_once_on_the_summand(gd, tmp_path):
    (tmp_path / "p.csv").write_text(POINTS)
    status, objs = gd.json("-e", f'data pts = csv("{tmp_path / "p.csv"}")\nS(w) = sum(pts, w*x1)\ndiff S\nS(2)\n'
                           "C(w) = sum(pts, w)\nC(3)")
    assert objs[2]["exprs"] == ["sum(pts, x1)"]
    assert objs[3]["value"] == 2 * (1 + 2 - 1 + 0.5)
    assert objs[5]["value"] == 12     # a summand without columns: 4 rows × 3


def test_sgd_is_reproducible_and_both_fit_the_synthetic_set(gd):
    script = ("data syn = synth linear n=500 w=2,-1 noise=0.5 seed=0\n"
              "L(w1, w2) = mean(syn, (w1*x1 + w2*x2 - y)^2)\n"
              "run L from w1=0, w2=0 eta=0.05 steps=300\n"
              "run L from w1=0, w2=0 method=sgd batch=32 epochs=20 seed=0 eta=0.05\n")
    status, first = gd.json("-e", script)
    status, second = gd.json("-e", script)
    assert first == second
    full, sgd = first[2], first[3]
    for run in (full, sgd):
        assert abs(run["final"]["w1"] - 2) < 0.05 and abs(run["final"]["w2"] + 1) < 0.05
    assert sgd["batch"] == 32 and sgd["steps"] == 20 * 16   # ⌈500/32⌉ = 16 batches an epoch
    status, other = gd.json("-e", script.replace("seed=0 eta", "seed=1 eta"))
    assert other[3]["final"] != sgd["final"]


def test_sgd_history_has_batch_and_epoch_losses(gd, tmp_path):
    status, objs = gd.json("-e", "data syn = synth linear n=100 w=1 noise=0.1 seed=3\n"
                           "L(w) = mean(syn, (w*x1 - y)^2)\n"
                           f"run L from w=0 method=sgd batch=10 epochs=3 seed=0 eta=0.1\nsave history to {tmp_path / 'h.json'}\n"
                           f"plot loss to {tmp_path / 'l.svg'}")
    assert status == 0
    assert len(json.loads((tmp_path / "h.json").read_text())["iterates"]) == 31
    # The loss over all rows is drawn at every iterate, against epochs.
    assert ">L (all rows)</text>" in (tmp_path / "l.svg").read_text() and ">epoch</text>" in (tmp_path / "l.svg").read_text()


def test_show_and_save_a_table(gd, tmp_path):
    (tmp_path / "p.csv").write_text(POINTS)
    r = gd("-e", f'data pts = csv("{tmp_path / "p.csv"}")\nshow pts\nsave pts to {tmp_path / "copy.csv"}\nshow')
    assert r.returncode == 0, r.stderr
    assert "table pts: 4 rows × 3 columns" in r.stdout
    assert (tmp_path / "copy.csv").read_text() == POINTS
    assert "table pts: 4 rows of x1, x2, y" in r.stdout


@pytest.mark.parametrize("contents,message,where", [
    (None, "cannot read", None),
    ("", "is empty", (1, 1)),
    ("x,y\n", "has a header but no rows", (1, 1)),
    ("x,y\n1,2\n3\n", "row 2 has 1 value, but the header has 2 columns", (3, 1)),
    ("x,y\n1,2\n3,abc\n", "'abc' in column y is not a number", (3, 3)),
    ("x,1y\n1,2\n", "column 2 of the header is '1y', not a name", (1, 3)),
    ("x,x\n1,2\n", "column 'x' appears twice in the header", (1, 3)),
])
def test_bad_tables(gd, tmp_path, contents, message, where):
    path = tmp_path / "bad.csv"
    if contents is not None:
        path.write_text(contents)
    r = gd("-e", f'data t = csv("{path}")')
    assert r.returncode == 1
    assert message in r.stderr, r.stderr
    if where:
        assert f"{path}:{where[0]}:{where[1]}: error:" in r.stderr


@pytest.mark.parametrize("script,message", [
    ("L(w) = mean(pts, w)", "unknown table 'pts'"),
    ("L(w) = mean(t, w*x3)", "unknown name 'x3'"),
    ("L(w) = mean(t, mean(t, w))", "mean inside another mean or sum is not supported"),
    ("L(x) = mean(t, x)", "'x' is both a parameter and a column of t"),
    ("L(w) = mean(t)", "mean takes a table and an expression"),
    ("L(w) = w^2\nrun L from w=1 batch=4", "mini-batches need a loss over one table"),
    ("L(w) = mean(t, (w*x - y)^2)\nrun L from w=1 epochs=3", "'epochs' belongs to mini-batch runs"),
    ("data u = synth quadratic n=3", "unknown synthetic data 'quadratic'"),
    ("data u = synth linear n=3", "synth linear needs the true weights"),
    ("data u = table(1)", "unknown data source 'table'"),
])
def test_data_errors(gd, tmp_path, script, message):
    (tmp_path / "t.csv").write_text("x,y\n1,2\n2,3\n")
    r = gd("-e", f'data t = csv("{tmp_path / "t.csv"}")\n' + script)
    assert r.returncode == 1
    assert message in r.stderr, r.stderr


def test_regression_example_runs(gd, tmp_path):
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[2]
    r = gd(str(root / "examples" / "regression.gdscript"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "regression-loss.svg").exists() and (tmp_path / "syn.csv").exists()


def test_a_mini_batch_history_names_its_two_losses(gd, tmp_path):
    import numpy as np
    # The history of an SGD run keeps the batch's loss of each step and the loss over all rows where it was measured
    # (the start, each epoch's end); `loss` alone mixed them. The loss over all rows is checked against NumPy on the
    # table itself, at the points the run reached.
    table, history = tmp_path / "pts.csv", tmp_path / "h.csv"
    script = ("data pts = synth linear n=40 w=2,-1 noise=0.5 seed=0\n"
              f"save pts to {table}\n"
              "L(a, b) = mean(pts, (a*x1 + b*x2 - y)^2)\n"
              "run L from a=0, b=0 method=sgd batch=8 epochs=2\n"
              f"save history to {history}\ntrace")
    status, objs = gd.json("-e", script)
    assert status == 0
    iterates = objs[-1]["iterates"]
    data = np.loadtxt(table, delimiter=",", skiprows=1)
    def full(p):
        return float(np.mean((p["a"] * data[:, 0] + p["b"] * data[:, 1] - data[:, 2]) ** 2))
    measured = {it["k"]: it["full_loss"] for it in iterates if it["full_loss"] is not None}
    assert sorted(measured) == [0, 5, 10]          # 40 rows in batches of 8: an epoch is 5 steps
    for it in iterates:
        if it["full_loss"] is not None:
            assert abs(it["full_loss"] - full(it["point"])) <= 1e-12 * max(1, abs(it["full_loss"]))
    # At the start the batch's loss is not the loss over all rows, and each has its own name.
    assert iterates[0]["batch_loss"] == iterates[0]["loss"] and iterates[0]["batch_loss"] != iterates[0]["full_loss"]
    # The last iterate is measured on all rows: its batch loss is unknown, not the full one under another name.
    assert iterates[-1]["batch_loss"] is None and iterates[-1]["full_loss"] == iterates[-1]["loss"]
    header = history.read_text().splitlines()[0]
    assert header == "k,a,b,loss,grad_norm,eta,batch_loss,full_loss"
    text = gd("-e", script.replace(f"save history to {history}\n", ""))
    assert "L batch  L all rows" in text.stdout


def test_full_loss_every_step_is_measured_on_all_rows(gd, tmp_path):
    import numpy as np
    # full_loss=step measures the loss over all rows after every update (the notes' SGD curve), not only at each
    # epoch's end; each value is checked against NumPy on the table at the point the run reached.
    table = tmp_path / "pts.csv"
    script = ("data pts = synth linear n=40 w=2,-1 noise=0.5 seed=0\n"
              f"save pts to {table}\n"
              "L(a, b) = mean(pts, (a*x1 + b*x2 - y)^2)\n"
              "run L from a=0, b=0 method=sgd batch=8 epochs=2 full_loss=step\ntrace")
    status, objs = gd.json("-e", script)
    assert status == 0
    iterates = objs[-1]["iterates"]
    data = np.loadtxt(table, delimiter=",", skiprows=1)
    assert [it["k"] for it in iterates] == list(range(11))
    for it in iterates:
        p = it["point"]
        full = float(np.mean((p["a"] * data[:, 0] + p["b"] * data[:, 1] - data[:, 2]) ** 2))
        assert it["full_loss"] is not None and abs(it["full_loss"] - full) <= 1e-12 * max(1, full)
    # The option belongs to mini-batch runs and takes one of two words.
    r = gd("-e", script.replace("method=sgd batch=8 epochs=2 ", ""))
    assert r.returncode != 0 and "'full_loss' belongs to mini-batch runs" in r.stderr
    r = gd("-e", script.replace("full_loss=step", "full_loss=every"))
    assert r.returncode != 0 and "unknown full_loss 'every'" in r.stderr and "epoch, step" in r.stderr


def test_help_names_an_option(gd):
    # Every name a user can type has help: an option's meaning and default, per statement where they differ.
    r = gd("-e", "help eta")
    assert r.returncode == 0 and "option eta of run, sweep" in r.stdout and "default 0.1" in r.stdout
    r = gd("-e", "help seed")
    assert "option seed of data: restart the session's random stream first" in r.stdout
    assert "option seed of run" in r.stdout


def test_help_names_a_built_in_function_or_constant_and_one_step_is_one_step(gd):
    r = gd("-e", "help sin\nhelp pi\nf(x) = x^2\nrun f from x=1 eta=0.5")
    assert r.returncode == 0, r.stderr
    assert "function sin(x): trigonometric sin, in radians" in r.stdout and "constant pi = 3.141592653589793" in r.stdout
    # x ← x − 0.5·2x = 0: the gradient vanishes after one update.
    assert "after 1 step\n" in r.stdout
