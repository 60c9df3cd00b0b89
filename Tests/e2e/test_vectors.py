"""Vector and matrix parameters: derivatives against SymPy on the models written out in scalars, runs against NumPy
written as the notes write it (Tests/reference/vector_models.py), and the way points print and save."""
import random
import sys

import numpy as np
import pytest
import sympy as sp

from conftest import ROOT

sys.path.insert(0, str(ROOT / "Tests" / "reference"))
import vector_models  # noqa: E402


def symbols(name, *sizes):
    """SymPy symbols for each component of a vector (a list) or a matrix (a list of rows)."""
    if len(sizes) == 1:
        return [sp.Symbol(f"{name}_{i}", real=True) for i in range(1, sizes[0] + 1)]
    return [[sp.Symbol(f"{name}_{i}_{j}", real=True) for j in range(1, sizes[1] + 1)] for i in range(1, sizes[0] + 1)]


def flat(v):
    return [x for row in v for x in row] if isinstance(v[0], list) else list(v)


def network_case():
    W, c, v, d = symbols("W", 3, 2), symbols("c", 3), symbols("v", 3), sp.Symbol("d", real=True)
    xs = [-1 + 0.5 * k for k in range(5)]
    loss = sum((sum(v[i] * sp.tanh(W[i][0] * x + W[i][1] * x ** 2 + c[i]) for i in range(3)) + d - sp.sin(3 * x)) ** 2
               for x in xs) / len(xs)
    source = ("N(W[3,2], c[3], v[3], d) = mean(k=1..5, (sum(i=1..3, v[i]*tanh(W[i,1]*(k/2 - 1.5) + W[i,2]*(k/2 - 1.5)^2 + c[i]))"
              " + d - sin(3*(k/2 - 1.5)))^2)")
    return "N", source, [("W", W), ("c", c), ("v", v), ("d", d)], loss


def cases():
    w = symbols("w", 4)
    b = sp.Symbol("b", real=True)
    r = symbols("r", 5)
    u = symbols("u", 3)
    return [
        ("A", "A(w[4], b) = (dot(w, w) - 1)^2 + b*norm(w) + w[2]*w[4]",
         [("w", w), ("b", b)], (sum(x ** 2 for x in w) - 1) ** 2 + b * sp.sqrt(sum(x ** 2 for x in w)) + w[1] * w[3]),
        ("R", "R(r[5]) = sum(i=1..4, 100*(r[i+1] - r[i]^2)^2 + (1 - r[i])^2)",
         [("r", r)], sum(100 * (r[i + 1] - r[i] ** 2) ** 2 + (1 - r[i]) ** 2 for i in range(4))),
        ("S", "S(u[3], b) = mean(j=1..3, sigmoid(u[j]*j + b)) + sumsq(u)/2",
         [("u", u), ("b", b)], sum(1 / (1 + sp.exp(-(u[j] * (j + 1) + b))) for j in range(3)) / 3 + sum(x ** 2 for x in u) / 2),
        network_case(),
    ]


@pytest.mark.parametrize("case", cases(), ids=lambda c: c[0])
def test_gradient_matches_sympy(gd, case):
    name, source, params, loss = case
    rng = random.Random(7)
    variables = [x for _, p in params for x in (flat(p) if isinstance(p, list) else [p])]
    gradient = [sp.diff(loss, x) for x in variables]
    for _ in range(3):
        values = {x: rng.uniform(-1.5, 1.5) for x in variables}
        point = []
        for pname, p in params:
            if isinstance(p, list):
                point.append(f"{pname}=" + ",".join(repr(values[x]) for x in flat(p)))
            else:
                point.append(f"{pname}={values[p]!r}")
        status, objs = gd.json("-e", f"{source}\ncheck {name} at {' '.join(point)}")
        assert status == 0, objs
        symbolic = objs[-1]["symbolic"]
        want = [float(g.subs(values)) for g in gradient]
        assert len(symbolic) == len(want)
        for got, expected in zip(symbolic, want):
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_linear_regression_with_ten_features_matches_numpy(gd):
    w_true = [1, -2, 3, -4, 5, -1, 2, -3, 4, -5]
    script = (f"data syn = synth linear n=200 w={','.join(map(str, w_true))} noise=0.1 seed=0\n"
              "L(w[10], b) = mean(syn, (dot(w, x) + b - y)^2)\n"
              "run L from w=0 b=0 eta=0.05 steps=300 tol_grad=0\n")
    status, objs = gd.json("-e", script)
    assert status == 0, objs
    run = objs[-1]
    X, y = vector_models.synth_linear(200, w_true, 0.1, 0)
    w, b, loss = vector_models.linear_regression_gd(X, y, 0.05, 300)
    assert run["final"]["w"] == pytest.approx(list(w), rel=1e-12)
    assert run["final"]["b"] == pytest.approx(b, rel=1e-9, abs=1e-13)
    assert run["loss"] == pytest.approx(loss, rel=1e-9)
    # It found the weights the data were made with.
    assert np.max(np.abs(np.array(run["final"]["w"]) - w_true)) < 0.05


def test_rosenbrock_in_five_dimensions_matches_numpy(gd):
    start = [-1, 1, -1, 1, 0.5]
    status, objs = gd.json("-e", "R(r[5]) = sum(i=1..4, 100*(r[i+1] - r[i]^2)^2 + (1 - r[i])^2)\n"
                                 f"run R from r={','.join(map(str, start))} eta=0.001 steps=500 tol_grad=0\n")
    assert status == 0, objs
    assert objs[-1]["final"]["r"] == pytest.approx(list(vector_models.rosenbrock_gd(start, 0.001, 500)), rel=1e-11)


def test_points_print_as_vectors_and_matrices(gd):
    r = gd("-e", "M(W[2,3], v[12], b) = sum(i=1..2, sum(j=1..3, (W[i,j] - i*j)^2)) + sum(k=1..12, (v[k] - k)^2) + b^2\n"
                 "run M from W=0 v=0 b=1 eta=0.25 steps=1\n")
    assert r.returncode == 0, r.stderr
    assert "run M from W = [[0, 0, 0], [0, 0, 0]], v = [0, 0, 0, 0, 0, 0, …, 0] (12 numbers), b = 1 with gd" in r.stdout
    # One step of η = 1/4 on (c − z)² from z = 0 goes halfway: z = c/2.
    assert "at    W = [[0.5, 1, 1.5], [1, 2, 3]], v = [0.5, 1, 1.5, 2, 2.5, 3, …, 6] (12 numbers), b = 0.5" in r.stdout


def test_json_gives_arrays_and_a_saved_session_reads_back(gd, tmp_path):
    saved = tmp_path / "s.gdscript"
    status, objs = gd.json("-e", "M(W[2,2], b) = sumsq(W[1,1] - 1) + W[1,2]^2 + W[2,1]^2 + W[2,2]^2 + b^2\n")
    assert status != 0   # sumsq takes a vector, not W[1,1] − 1
    script = "M(W[2,2], b) = (W[1,1] - 1)^2 + W[1,2]^2 + (W[2,1] + 2)^2 + W[2,2]^2 + b^2\n"
    status, objs = gd.json("-e", script + f"run M from W=1,2,3,4 b=0 eta=0.5 steps=1\nsave session \"{saved}\"\n")
    assert status == 0, objs
    run = objs[1]
    assert run["start"] == {"W": [[1, 2], [3, 4]], "b": 0}
    assert run["final"] == {"W": [[1, 0], [-2, 0]], "b": 0}
    assert "M(W[2,2], b) = " in saved.read_text()
    status, objs = gd.json("-e", f"load \"{saved}\"\nrun M from W=0 b=0 eta=0.5 steps=1\n")
    assert status == 0, objs
    assert objs[-1]["final"]["W"] == [[1, 0], [-2, 0]]


def test_sweep_compare_and_multistart_take_vector_starts(gd):
    source = "R(r[3]) = sum(i=1..2, 100*(r[i+1] - r[i]^2)^2 + (1 - r[i])^2)\n"

    def single(start, options):
        status, objs = gd.json("-e", source + f"run R from r={start} {options}\n")
        assert status == 0, objs
        return objs[-1]

    status, objs = gd.json("-e", source + "sweep R from r=0 eta=0.0005..0.002 count=2 steps=200\n"
                                          "compare R from r=0.5 methods=gd,momentum eta=0.001 steps=100\n"
                                          "multistart R from r=-1..1 count=5 seed=2 eta=0.001 steps=100\n")
    assert status == 0, objs
    sweep, compare, multistart = objs[1:]
    # Each lane of the sweep, each row of compare and each run of multistart is the single run from its start.
    for row in sweep["rows"]:
        assert row["final_loss"] == single("0", f"eta={row['eta']} steps=200")["loss"]
    assert compare["start"] == {"r": [0.5, 0.5, 0.5]}
    for row in compare["rows"]:
        assert row["final"] == single("0.5", f"method={row['method']} eta=0.001 steps=100")["final"]
    assert multistart["runs"] == 5 and len(multistart["groups"]) >= 1
    for group in multistart["groups"]:
        start = group["starts"][0]["r"]
        assert len(start) == 3 and all(-1 <= v <= 1 for v in start)
        assert group["point"] == single(",".join(map(repr, start)), "eta=0.001 steps=100")["final"]


def test_random_starts_are_numpys_draws(gd):
    status, objs = gd.json("-e", "L(W[2,3], b) = sumsq(W) + b^2\nset seed=3\n"
                                 "run L from W=randn(0.5) b=randn() steps=1\nrun L from W=randn(2) b=0 steps=1\n")
    assert status == 0, objs
    first, second = [o for o in objs if o.get("kind") == "run"]
    np.random.seed(3)
    W = 0.5 * np.random.randn(2, 3)
    b = np.random.randn()
    assert first["start"] == {"W": W.tolist(), "b": b}
    # The stream goes on, as NumPy's does.
    assert second["start"]["W"] == (2 * np.random.randn(2, 3)).tolist()


def test_logistic_regression_and_its_accuracy_at_the_kept_run(gd):
    script = ("data pts = synth clouds n=200 d=2 sep=3 seed=0\n"
              "L(w[2], b) = mean(pts, softplus(dot(w, x) + b) - y*(dot(w, x) + b))\n"
              "run L from w=0 b=0 eta=0.5 steps=500 tol_grad=0 as fit\n"
              "accuracy(w[2], b) = mean(pts, heaviside((2*y - 1)*(dot(w, x) + b)))\n"
              "accuracy(fit)\nL(fit)\n")
    status, objs = gd.json("-e", script)
    assert status == 0, objs
    run = next(o for o in objs if o.get("kind") == "run")
    accuracy, loss = [o["value"] for o in objs if o.get("kind") == "value"]
    w, b, want_loss, want_accuracy = vector_models.logistic_regression_gd(*vector_models.synth_clouds(200, 2, 3, 0), 0.5, 500)
    assert run["final"]["w"] == pytest.approx(list(w), rel=1e-9)
    assert run["final"]["b"] == pytest.approx(b, rel=1e-9)
    assert loss == run["loss"] and loss == pytest.approx(want_loss, rel=1e-9)
    assert accuracy == want_accuracy
    status, objs = gd.json("-e", script + "clear fit\naccuracy(fit)\n")
    assert status != 0 and objs[-1]["message"].startswith("'fit' names no kept run")


def test_diff_writes_a_vectors_partials_in_one_line_where_each_reads_so(gd):
    r = gd("-e", "data syn = synth linear n=20 w=1,2,3 seed=0\nL(w[3], b) = mean(syn, (dot(w, x) + b - y)^2)\ndiff L\n"
                 "A(w[4], b) = (dot(w, w) - 1)^2 + b*w[2]*w[4]\ndiff A\n")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "∂L/∂w[i] = mean(syn, 2*x[i]*(dot(w, x) + b - y))   for i = 1..3" in lines
    assert "∂L/∂b = mean(syn, 2*dot(w, x) + 2*b - 2*y)" in lines
    # w[2] and w[4] have a term the others lack: each partial has its own line.
    assert [l.split(" = ")[0] for l in lines if l.startswith("∂A/")] == ["∂A/∂w[1]", "∂A/∂w[2]", "∂A/∂w[3]", "∂A/∂w[4]", "∂A/∂b"]
    assert "∂A/∂w[2] = 4*w[2]*(sumsq(w) - 1) + b*w[4]" in lines
    # The rows of a matrix of as many rows follow the index too.
    r = gd("-e", "M(W[3,2], v[3]) = sum(i=1..3, (v[i] - W[i,1]*W[i,2])^2)\ndiff M\n")
    lines = r.stdout.splitlines()
    assert "∂M/∂v[i] = -2*W[i,1]*W[i,2] + 2*v[i]   for i = 1..3" in lines
    assert "∂M/∂W[2,1] = -2*W[2,2]*(-W[2,1]*W[2,2] + v[2])" in lines


def test_diff_of_thousands_of_parameters_prints_a_screenful_and_json_every_partial(gd):
    script = "B(w[3000]) = sumsq(w) + w[1]*w[2]\ndiff B\n"
    r = gd("-e", script)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) <= 26
    assert "∂B/∂w[1] = 2*w[1] + w[2]" in lines and "∂B/∂w[3000] = 2*w[3000]" in lines
    assert "… 2977 more partials (diff --json gives every partial in full)" in lines
    status, objs = gd.json("-e", script)
    assert status == 0
    assert len(objs[-1]["exprs"]) == 3000 and objs[-1]["exprs"][2] == "2*w[3]"


@pytest.mark.parametrize("name", ["linear-regression", "logistic-regression", "neural-network"])
def test_the_examples_of_models_over_vectors_run(gd, tmp_path, name):
    script = (ROOT / "examples" / f"{name}.gdscript").read_text()
    (tmp_path / f"{name}.gdscript").write_text(script)
    r = gd(str(tmp_path / f"{name}.gdscript"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    if name == "linear-regression":
        assert "at    w = [0.995225, -2.00437, 3.00551, -4.00282, 5.00664, -1.00086, …, -5.0048] (10 numbers)" in r.stdout
    if name == "logistic-regression":
        assert r.stdout.splitlines()[-1] == "0.975"
    if name == "neural-network":
        loss = float(next(l for l in r.stdout.splitlines() if l.startswith("  L = ")).split()[2].rstrip(","))
        assert loss < 1e-4


def test_hessian_of_a_vector_goes_block_by_block_with_its_eigenvalues(gd):
    r = gd("-e", "B(w[30], b) = sumsq(w) + w[1]*w[2] + b^2 + b*w[3]\nhessian B at w=1 b=0\nhessian B\n")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    # The Hessian by hand: 2 on the diagonal of the w block, 1 at (w1, w2) and (w3, b), 2 for b: 31 nonzero entries
    # on and above the w block's diagonal.
    assert ("∂²B/∂w² (30 × 30): ∂²B/∂w[1]∂w[1] = 2, ∂²B/∂w[1]∂w[2] = 1, ∂²B/∂w[2]∂w[2] = 2, ∂²B/∂w[3]∂w[3] = 2, "
            "… (31 nonzero on and above the diagonal)") in lines
    assert "∂²B/∂w∂b (30 × 1): ∂²B/∂w[3]∂b = 1" in lines and "∂²B/∂b² = 2" in lines
    # Eigenvalues: w1, w2 give 2 ± 1; w3, b give 2 ± 1; the other 27 are 2.
    want = sorted([1, 3, 1, 3] + [2] * 27)
    eig = next(l for l in lines if l.startswith("eigenvalues "))
    assert eig.startswith("eigenvalues 1, 1, 2, 2, 2, 2, …, 2, 3, 3 (31, from the smallest): positive definite")
    assert "condition number κ = λmax/λmin = 3" in eig and want[-1] / want[0] == 3
    assert "gd is stable near here for η < 2/λmax = 0.666667" in lines


def test_compare_writes_a_long_vector_in_one_column(gd):
    r = gd("-e", "R(r[8]) = sum(i=1..7, 100*(r[i+1] - r[i]^2)^2 + (1 - r[i])^2)\n"
                 "compare R from r=0.5 methods=gd,momentum eta=0.001 steps=100\n")
    assert r.returncode == 0, r.stderr
    assert "w[1]" not in r.stdout and "r[1]" not in r.stdout   # no column per component
    status, objs = gd.json("-e", "R(r[8]) = sum(i=1..7, 100*(r[i+1] - r[i]^2)^2 + (1 - r[i])^2)\n"
                                 "run R from r=0.5 eta=0.001 steps=100\n")
    final = objs[-1]["final"]["r"]
    assert f"gd: point r = [{', '.join(f'{v:.6g}' for v in final)}]," in r.stdout


def test_show_writes_the_declaration(gd):
    r = gd("-e", "L(w[2], W[2,3], b) = sumsq(w) + sumsq(W) + b\nshow L\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1] == "L(w[2], W[2,3], b) = sumsq(w) + sumsq(W) + b"


def test_trace_writes_a_long_vector_in_one_column_and_a_short_one_in_columns(gd):
    r = gd("-e", "R(r[8]) = sum(i=1..7, 100*(r[i+1] - r[i]^2)^2 + (1 - r[i])^2)\nrun R from r=0.5 eta=0.001 steps=2\ntrace\n"
                 "L(w[2]) = sumsq(w)\nrun L from w=1 steps=2\ntrace\n")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any(l.startswith("k 0, point r = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],") for l in lines)
    assert "r[1]" not in r.stdout
    # w ← w − 0.1·2w = 0.8w from 1.
    assert [l.split() for l in lines[-4:]] == [["k", "w[1]", "w[2]", "L", "‖∇L‖"], ["0", "1", "1", "2", "2.82843"],
                                               ["1", "0.8", "0.8", "1.28", "2.26274"], ["2", "0.64", "0.64", "0.8192", "1.81019"]]


def test_multistart_over_a_vector_draws_its_starts_from_the_session_stream(gd):
    # Twenty starts cannot make a grid with two values of each of ten components: they are drawn at random, as
    # np.random.uniform draws them after np.random.seed(5), one start (ten numbers) after another, and the report
    # says so. Before, the grid had one value per component: a single run from the box's corner.
    source = "L(w[10]) = sumsq(w)\nset seed=5\nmultistart L from w=-1..1 steps=0\n"
    status, objs = gd.json("-e", source)
    assert status == 0, objs
    ms = objs[-1]
    assert ms["runs"] == 20 and ms["starts_drawn"] == "random"
    starts = sorted(tuple(s["w"]) for g in ms["groups"] for s in g["starts"])
    np.random.seed(5)
    assert starts == sorted(tuple(row) for row in np.random.uniform(-1, 1, (20, 10)).tolist())
    text = gd("-e", source)
    assert text.returncode == 0
    assert "note: 20 starts cannot make a grid with two values of each of the 10 numbers ranged" in text.stdout
    # Where the grid can be made, it is, and nothing is drawn.
    status, objs = gd.json("-e", "f(x, y) = x^2 + y^2\nmultistart f from x=-1..1 y=-1..1 count=4 steps=0\n")
    assert status == 0 and "starts_drawn" not in objs[-1]
    assert sorted(tuple(s.values()) for g in objs[-1]["groups"] for s in g["starts"]) == [(-1, -1), (-1, 1), (1, -1), (1, 1)]


def test_one_component_given_by_itself(gd):
    source = "L(w[2], b) = (w[1] - 1)^2 + 10*(w[2] + 2)^2 + b^2\n"
    # A component by itself takes the place of the vector's value for it.
    status, objs = gd.json("-e", source + "run L from w=0 w[2]=5 b=1 eta=0.01 steps=3\nrun L from w=0,5 b=1 eta=0.01 steps=3\n")
    assert status == 0, objs
    assert objs[1]["start"] == {"w": [0, 5], "b": 1}
    assert objs[1]["final"] == objs[2]["final"]
    # A grid ranges one component with the others fixed; each cell is the run from its start.
    status, objs = gd.json("-e", source + "grid L from w[1]=-3..3 count=4 w[2]=0.5 b=0 eta=0.01..0.09 count=3 steps=200\n")
    assert status == 0, objs
    g = objs[-1]
    assert g["param"] == "w[1]" and g["starts"] == [-3, -1, 1, 3]
    for i, eta in enumerate(g["etas"]):
        for j, x in enumerate(g["starts"]):
            status, run = gd.json("-e", source + f"run L from w={x!r},0.5 b=0 eta={eta!r} steps=200\n")
            assert g["steps"][i][j] == run[-1]["steps"] and g["stop"][i][j] == run[-1]["stop"], (x, eta)
    # A component twice, or one past the vector's end, is an error with a caret.
    r = gd("-e", source + "run L from w=0 w[2]=1 w[2]=3 b=0")
    assert r.returncode == 1 and "'w[2]' is given twice" in r.stderr
    r = gd("-e", source + "run L from w[3]=1 b=0")
    assert r.returncode == 1 and "'w[3]' is neither a parameter of L nor an option" in r.stderr and "^" in r.stderr


def test_a_bound_on_a_vector_holds_for_a_component_given_by_itself(gd):
    status, objs = gd.json("-e", "f(w[3]) = sum(i=1..3, (w[i] + 5)^2)\nrun f from w=0 w[2]=5 where w >= -1\n")
    assert status == 0, objs
    assert objs[-1]["start"] == {"w": [0, 5, 0]}
    assert objs[-1]["final"] == {"w": [-1, -1, -1]}
    assert objs[-1]["active_bounds"] == ["w[1] >= -1", "w[2] >= -1", "w[3] >= -1"]
