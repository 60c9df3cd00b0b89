"""Every method and schedule against an independent Python implementation of the update rules as
torch.optim documents them, on the course losses, for the first iterates, to 1e-12 relative."""
import math

import pytest

LOSSES = {
    "f": ("f(x) = x^4 - 3*x^2 + 2", ["x"], [-2.5],
          lambda w: w[0] ** 4 - 3 * w[0] ** 2 + 2,
          lambda w: [4 * w[0] ** 3 - 6 * w[0]]),
    "bowl": ("bowl(w1, w2) = w1^2 + 5*w2^2", ["w1", "w2"], [2.5, 1.5],
             lambda w: w[0] ** 2 + 5 * w[1] ** 2,
             lambda w: [2 * w[0], 10 * w[1]]),
}


def lr_schedule(name, lr0, hp):
    """η_t for t = 0, 1, … as a function (plateau keeps state and is fed the loss)."""
    if name == "constant":
        return lambda t, loss: lr0
    if name == "step":
        return lambda t, loss: lr0 * hp.get("gamma", 0.1) ** (t // hp.get("every", 10))
    if name == "exp":
        return lambda t, loss: lr0 * math.exp(-hp.get("k", 0.01) * t)
    if name == "cosine":
        return lambda t, loss: 0.5 * lr0 * (1 + math.cos(math.pi * t / hp["T"]))
    if name == "plateau":
        # torch.optim.lr_scheduler.ReduceLROnPlateau(mode="min", threshold_mode="rel"), stepped after each update.
        state = {"lr": lr0, "best": math.inf, "bad": 0}
        factor, patience, threshold = hp.get("factor", 0.1), hp.get("patience", 10), hp.get("threshold", 1e-4)

        def eta(t, loss):
            lr = state["lr"]
            if loss < state["best"] * (1 - threshold):
                state["best"], state["bad"] = loss, 0
            else:
                state["bad"] += 1
            if state["bad"] > patience:
                new = lr * factor
                if lr - new > 1e-8:
                    state["lr"] = new
                state["bad"] = 0
            return lr
        return eta
    raise ValueError(name)


def reference(method, loss, grad, w0, lr, steps, schedule="constant", **hp):
    w = list(w0)
    n = len(w)
    buf, m, v, s = [None] * n, [0.0] * n, [0.0] * n, [0.0] * n
    eta = lr_schedule(schedule, lr, hp)
    out = [list(w)]
    for t in range(steps):
        g = grad(w)
        lr_t = eta(t, loss(w))
        for i in range(n):
            if method == "gd":
                w[i] -= lr_t * g[i]
            elif method in ("momentum", "nesterov"):
                mu = hp.get("beta", 0.9)
                buf[i] = g[i] if buf[i] is None else mu * buf[i] + g[i]
                d = buf[i] if method == "momentum" else g[i] + mu * buf[i]
                w[i] -= lr_t * d
            elif method == "adagrad":
                s[i] += g[i] ** 2
                w[i] -= lr_t * g[i] / (math.sqrt(s[i]) + hp.get("epsilon", 1e-10))
            elif method == "rmsprop":
                a = hp.get("rho", 0.99)
                s[i] = a * s[i] + (1 - a) * g[i] ** 2
                w[i] -= lr_t * g[i] / (math.sqrt(s[i]) + hp.get("epsilon", 1e-8))
            elif method == "adam":
                b1, b2, eps = hp.get("beta1", 0.9), hp.get("beta2", 0.999), hp.get("epsilon", 1e-8)
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2
                mhat, vhat = m[i] / (1 - b1 ** (t + 1)), v[i] / (1 - b2 ** (t + 1))
                w[i] -= lr_t * mhat / (math.sqrt(vhat) + eps)
        if method == "backtracking":
            shrink, c = hp.get("shrink", 0.5), hp.get("c", 1e-4)
            step, l0, gg = lr_t, loss(w), sum(x * x for x in g)
            for _ in range(100):
                trial = [w[i] - step * g[i] for i in range(n)]
                if loss(trial) <= l0 - c * step * gg:
                    break
                step *= shrink
            w = trial
        out.append(list(w))
    return out


def gd_trace(gd, definition, name, params, start, options):
    frm = ", ".join(f"{p}={v!r}" for p, v in zip(params, start))
    status, objs = gd.json("-e", f"{definition}\nrun {name} from {frm} {options} tol_grad=off\ntrace")
    assert status == 0, objs
    return [[it["point"][p] for p in params] for it in objs[-1]["iterates"]]


def assert_close(got, want, rel):
    assert len(got) == len(want)
    for k, (a, b) in enumerate(zip(got, want)):
        for x, y in zip(a, b):
            assert abs(x - y) <= rel * max(abs(y), 1e-300), f"iterate {k}: {x} vs {y}"


CASES = [
    ("gd", "eta=0.01", {}),
    ("momentum", "eta=0.01 beta=0.9", {"beta": 0.9}),
    ("momentum", "eta=0.005 beta=0.5", {"beta": 0.5}),
    ("nesterov", "eta=0.01", {}),
    ("adagrad", "eta=0.5", {}),
    ("rmsprop", "eta=0.01 rho=0.9", {"rho": 0.9}),
    ("adam", "eta=0.1", {}),
    ("adam", "eta=0.05 beta1=0.8 beta2=0.99 epsilon=1e-6", {"beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6}),
    ("backtracking", "eta=1", {}),
    ("backtracking", "eta=2 shrink=0.3 c=0.5", {"shrink": 0.3, "c": 0.5}),
]


@pytest.mark.parametrize("loss", ["f", "bowl"])
@pytest.mark.parametrize("method,options,hp", CASES)
def test_method_matches_reference(gd, loss, method, options, hp):
    definition, params, start, L, grad = LOSSES[loss]
    got = gd_trace(gd, definition, loss, params, start, f"method={method} {options} steps=12")
    want = reference(method, L, grad, start, float(options.split()[0][4:]), 12, **hp)
    assert_close(got, want, 1e-12)


SCHEDULES = [
    ("step", "gamma=0.5 every=3", {"gamma": 0.5, "every": 3}),
    ("exp", "k=0.1", {"k": 0.1}),
    ("cosine", "T=8", {"T": 8}),
    ("plateau", "factor=0.5 patience=1 threshold=0.1", {"factor": 0.5, "patience": 1, "threshold": 0.1}),
]


@pytest.mark.parametrize("loss", ["f", "bowl"])
@pytest.mark.parametrize("schedule,options,hp", SCHEDULES)
@pytest.mark.parametrize("method", ["gd", "momentum", "adam"])
def test_schedule_matches_reference(gd, loss, schedule, options, hp, method):
    definition, params, start, L, grad = LOSSES[loss]
    got = gd_trace(gd, definition, loss, params, start, f"method={method} schedule={schedule} {options} eta=0.01 steps=12")
    want = reference(method, L, grad, start, 0.01, 12, schedule=schedule, **hp)
    assert_close(got, want, 1e-12)


def test_schedule_eta_recorded_in_history(gd):
    status, objs = gd.json("-e", "f(x) = x^2\nrun f from x=1 eta=0.4 schedule=step gamma=0.5 every=2 steps=5 tol_grad=off\ntrace")
    etas = [it["eta"] for it in objs[-1]["iterates"][:5]]
    assert etas == [0.4, 0.4, 0.2, 0.2, 0.1]


def test_exact_line_search_on_a_quadratic(gd):
    # On w1^2 + 5*w2^2 the exact step along -g is t = g·g / g·Hg with H = diag(2, 10).
    got = gd_trace(gd, LOSSES["bowl"][0], "bowl", ["w1", "w2"], [2.5, 1.5], "method=exact steps=8")
    w = [2.5, 1.5]
    want = [list(w)]
    for _ in range(8):
        g = [2 * w[0], 10 * w[1]]
        t = (g[0] ** 2 + g[1] ** 2) / (2 * g[0] ** 2 + 10 * g[1] ** 2)
        w = [w[0] - t * g[0], w[1] - t * g[1]]
        want.append(list(w))
    assert_close(got, want, 1e-12)


def test_newton_reaches_the_minimum_in_six_steps(gd):
    status, objs = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2\nrun f from x=2 method=newton steps=6")
    run = objs[-1]
    assert run["stop"] == "tol_grad" and run["steps"] <= 6
    assert abs(run["final"]["x"] - math.sqrt(1.5)) < 1e-12
    assert run["fallbacks"] == 0


def test_newton_falls_back_where_the_hessian_is_not_positive_definite(gd):
    # f'' = 12x^2 - 6 < 0 at x = 0.5: a gradient step of size eta, then Newton.
    status, objs = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2\nrun f from x=0.5 method=newton eta=0.1 steps=20")
    assert objs[-1]["fallbacks"] >= 1
    assert objs[-1]["stop"] == "tol_grad"
    assert abs(abs(objs[-1]["final"]["x"]) - math.sqrt(1.5)) < 1e-9


def test_exact_beats_every_fixed_eta(gd):
    status, objs = gd.json("-e", "bowl(w1, w2) = w1^2 + 5*w2^2\nrun bowl from w1=2.5, w2=1.5 method=exact tol_grad=1e-8")
    exact_steps = objs[-1]["steps"]
    status, objs = gd.json("-e", "bowl(w1, w2) = w1^2 + 5*w2^2\n"
                           "sweep bowl from w1=2.5, w2=1.5 eta=0.001..0.199 count=199 tol_grad=1e-8 target=-1 steps=2000")
    fastest = min(r["steps"] for r in objs[-1]["rows"] if r["stop"] == "tol_grad")
    assert exact_steps < fastest


def test_stability_bound_on_the_bowl(gd):
    defn = "bowl(w1, w2) = w1^2 + 5*w2^2\n"
    status, objs = gd.json("-e", defn + "run bowl from w1=2.5, w2=1.5 eta=0.08 steps=60")
    ok = objs[-1]
    assert abs(ok["final"]["w1"] - 7.156e-05) < 1e-8 and abs(ok["final"]["w2"] - 1.729e-42) < 1e-45
    assert ok["eta_max"] == pytest.approx(0.2, rel=1e-12) and ok["past_stability_bound"] is False
    assert ok["rate"]["kind"] == "linear"
    status, objs = gd.json("-e", defn + "run bowl from w1=2.5, w2=1.5 eta=0.21 steps=1000")
    bad = objs[-1]
    assert bad["past_stability_bound"] is True and bad["stop"] == "diverged"
    assert bad["curvature"] == pytest.approx(10, rel=1e-12)


def test_multistart_finds_both_minima_and_the_stuck_run(gd):
    status, objs = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2\nmultistart f from x=-3..3 count=61 eta=0.01 steps=1000")
    m = objs[-1]
    kinds = {round(g["point"]["x"], 6): g["kind"] for g in m["groups"]}
    assert kinds[-1.224745] == "minimum" and kinds[1.224745] == "minimum"
    assert kinds[0.0] == "maximum"
    stuck = [g for g in m["groups"] if g["kind"] == "maximum"]
    assert stuck[0]["starts"] == [{"x": 0}] and m["stuck"] == 1
    assert sum(g["count"] for g in m["groups"]) + m["diverged"] == 61


def test_projected_descent_stops_on_the_bound(gd):
    status, objs = gd.json("-e", "g(w) = (w-1)^2\nrun g from w=3 where w >= 2 eta=0.1")
    run = objs[-1]
    assert run["final"] == {"w": 2} and run["active_bounds"] == ["w >= 2"]
    assert run["stop"] == "tol_grad"


def test_compare_table(gd):
    status, objs = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2\ncompare f from x=-2.5 methods=gd,momentum,adam eta=0.01 steps=200 target=-0.2")
    c = objs[-1]
    assert [r["method"] for r in c["rows"]] == ["gd", "momentum", "adam"]
    want = reference("gd", LOSSES["f"][3], LOSSES["f"][4], [-2.5], 0.01, 200)
    first = next(k for k, w in enumerate(want) if LOSSES["f"][3](w) <= -0.2)
    assert c["rows"][0]["steps_to_target"] == first


def test_the_rate_agrees_with_the_stop_and_ignores_the_floating_point_floor(gd, tmp_path):
    import numpy as np
    # Heavy-ball momentum on x² (β = 0.9, ηλ = 0.02): the iteration's roots are complex with modulus √β, so the
    # error shrinks by √0.9 a step while the steps swing. The run meets tol_grad; its rate must not say otherwise.
    status, objs = gd.json("-e", "q(x) = x^2\nrun q from x=4 method=momentum eta=0.01")
    run = objs[1]
    assert run["stop"] == "tol_grad"
    assert run["rate"]["kind"] == "linear" and abs(run["rate"]["rho"] - 0.9 ** 0.5) < 2e-3
    assert 0 < run["rate"]["from_k"] < run["rate"]["to_k"] <= run["steps"]
    # Full-batch descent on least squares with tol_grad off: the error is a sum of modes shrinking by |1 − ηλ| for
    # the eigenvalues λ of H = (2/n)XᵀX, so the rate lies between the modes' until round-off, after which the steps
    # say nothing (read with them, it was called sublinear).
    csv = tmp_path / "pts.csv"
    status, objs = gd.json("-e", f"data pts = synth linear n=500 w=2,-1 noise=0.5 seed=0\nsave pts to {csv}\n"
                           "L(w1, w2) = mean(pts, (w1*x1 + w2*x2 - y)^2)\n"
                           "run L from w1=0, w2=0 eta=0.05 steps=2000 tol_grad=off")
    data = np.loadtxt(csv, delimiter=",", skiprows=1)
    X = data[:, :2]
    lam = np.linalg.eigvalsh(2 / len(X) * X.T @ X)
    modes = abs(1 - 0.05 * lam)
    run = objs[-1]
    assert run["rate"]["kind"] == "linear" and min(modes) - 1e-9 <= run["rate"]["rho"] <= max(modes) + 1e-9
    assert run["rate"]["to_k"] < 2000
