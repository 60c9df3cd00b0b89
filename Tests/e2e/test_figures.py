"""The notes' figures, each one plot statement: several runs on one curve or contour map, several functions, a log
axis, the steps and the tangent, full-batch against mini-batch. The SVG files are parsed and their geometry checked
against values computed here, independently of gd."""
import re
import xml.etree.ElementTree as ET

import pytest

NS = "{http://www.w3.org/2000/svg}"

QUARTIC_RUNS = """f(x) = x^4 - 3*x^2 + 2
run f from x=-2.5 eta=0.01 as small
run f from x=-2.5 eta=0.1 as mid
run f from x=-2.5 eta=0.5 as big
"""

BOWL_RUNS = """bowl(w1, w2) = w1^2 + 5*w2^2
run bowl from w1=-4, w2=2 eta=0.02 as small
run bowl from w1=-4, w2=2 eta=0.15 as mid
run bowl from w1=-4, w2=2 eta=0.21 as big
"""

SEQUENCES = """sub(n) = 1/(n+1)
geo(n) = 0.8^n
"""

STEPS = """q(t) = t^2
run q from t=4 eta=0.2 steps=8
"""

SGD = """data pts = synth linear n=200 w=2,-1 noise=0.5 seed=0
L(a, b) = mean(pts, (a*x1 + b*x2 - y)^2)
run L from a=0, b=0 eta=0.05 steps=100 as full
run L from a=0, b=0 method=sgd batch=20 eta=0.05 epochs=10 as sgd
"""


def svg_of(gd, tmp_path, script, plot):
    path = tmp_path / "figure.svg"
    r = gd("-e", script + f"{plot} to {path}")
    assert r.returncode == 0, r.stderr
    return ET.parse(path).getroot(), r.stdout


def legend(root):
    """The legend's entries, in order: the texts after the frame of the legend box."""
    texts = [t for t in root.iter(NS + "text") if t.get("font-size") == "12" and t.get("class") is None]
    return ["".join(t.itertext()) for t in texts]


def polylines(root):
    return [p for p in root.iter(NS + "polyline")]


def points_of(polyline):
    return [tuple(map(float, p.split(","))) for p in polyline.get("points").split()]


def test_several_runs_on_one_curve(gd, tmp_path):
    root, _ = svg_of(gd, tmp_path, QUARTIC_RUNS, "plot f -3..3 small mid big")
    assert legend(root) == ["f(x)", "small: η = 0.01", "mid: η = 0.1", "big: η = 0.5, diverged"]
    colours = [p.get("stroke") for p in polylines(root)]
    # The curve and each run its own colour; the diverged run is drawn to where it leaves the window.
    assert len(set(colours)) == 4, colours
    big = [p for p in polylines(root) if p.get("stroke") == colours[-1]]
    assert big and min(y for _, y in points_of(big[-1])) <= 40.5   # reaches the top of the plot area


def test_several_paths_over_one_contour_map(gd, tmp_path):
    root, _ = svg_of(gd, tmp_path, BOWL_RUNS, "plot path small mid big")
    assert legend(root) == ["small: η = 0.02", "mid: η = 0.15", "big: η = 0.21, diverged"]
    strokes = {p.get("stroke") for p in polylines(root)}
    assert len(strokes) == 3
    # The window frames the runs that did not diverge: the start (-4, 2) and the minimum (0, 0) are inside it.
    labels = [float("".join(t.itertext()).replace("−", "-")) for t in root.iter(NS + "text")
              if t.get("font-size") == "11" and t.get("text-anchor") == "middle" and re.fullmatch(r"-?[\d.]+", "".join(t.itertext()))]
    assert min(labels) <= -4 and max(labels) >= 0


def test_several_functions_with_a_legend_and_a_log_axis(gd, tmp_path):
    root, _ = svg_of(gd, tmp_path, SEQUENCES, "plot sub, geo 0..50")
    assert legend(root) == ["sub(n)", "geo(n)"]
    assert len({p.get("stroke") for p in polylines(root)}) == 2
    root, _ = svg_of(gd, tmp_path, SEQUENCES, "plot sub, geo 0..50 log")
    # The y ticks of a log axis are powers of ten (10ⁿ with a superscript), from 0.8⁵⁰ ≈ 1.4e-5 up to 1.
    powers = sorted(int("".join(t.find(NS + "tspan").itertext()).replace("−", "-"))
                    for t in root.iter(NS + "text") if t.find(NS + "tspan") is not None)
    assert powers == list(range(-5, 1)), powers
    # geo is a straight line on it: equal steps in n fall by equal steps in y.
    geo = [p for p in polylines(root) if p.get("stroke") != polylines(root)[0].get("stroke")][0]
    pts = points_of(geo)
    (x0, y0), (x1, y1) = pts[0], pts[-1]
    assert all(abs(y0 + (y1 - y0) * (x - x0) / (x1 - x0) - y) < 0.05 for x, y in pts)   # within the file's rounding


def test_a_log_axis_leaves_out_values_that_are_not_positive_and_says_so(gd, tmp_path):
    root, out = svg_of(gd, tmp_path, "h(x) = x\n", "plot h -1..1 log")
    xs = [-1 + 2 * i / 400 for i in range(401)]
    hidden = sum(1 for x in xs if x <= 0)
    assert f"note: {hidden} of 401 values of h are not positive and are left out of the log axis" in out
    # Left out, not drawn at a floor: the line has only the positive values' points.
    assert len(points_of(polylines(root)[0])) == 401 - hidden


@pytest.mark.parametrize("plot, message", [
    ("plot sub, geo 0..50 log linear", "'linear' and 'log' contradict each other"),
    ("plot sub 0..50 ascii braille", "'ascii' and 'braille' contradict each other"),
    ("plot sub 0..50 batchloss", "'batchloss' does not apply to a plot of a function of one parameter"),
    ("plot sub 0..50 steps", "'steps' draws a run; there is none of sub"),
    ("plot sub 0..50 lgo", "did you mean 'log'?"),
    ("plot sub 0..50 animate", "an animation is an SVG file to open in a browser"),
    ("plot sub 0..50 fps=3", "fps= is the pace of an animation"),
    ("plot sub 0..50 animate to a.svg", "animate plays a run; there is none to play"),
])
def test_contradictory_or_meaningless_words_are_errors(gd, plot, message):
    r = gd("-e", SEQUENCES + plot)
    assert r.returncode == 1 and message in r.stderr, r.stderr


def test_the_steps_and_the_tangent(gd, tmp_path):
    root, _ = svg_of(gd, tmp_path, STEPS, "plot q -5..5 steps tangent=1")
    # The run's iterates, computed here: w_k+1 = w_k - 0.2 * 2 w_k = 0.6 w_k from 4.
    w = [4 * 0.6 ** k for k in range(9)]
    dots = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(NS + "circle")
            if c.get("r") == "3.2"][:9]
    # The device map, fitted on the dots: x_dev = a + b·w, y_dev = c + d·w².
    n = len(w)
    def fit(xs, ys):
        mx, my = sum(xs) / n, sum(ys) / n
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        return my - slope * mx, slope
    a, b = fit(w, [d[0] for d in dots])
    c, d = fit([v * v for v in w], [p[1] for p in dots])
    assert all(abs(a + b * x - dx) < 0.02 for x, (dx, _) in zip(w, dots))
    arrows = [g for g in root.iter(NS + "g") if g.get("class") == "arrow"]
    drawn = [(tuple(map(float, g.get("data-from").split(","))), tuple(map(float, g.get("data-to").split(","))))
             for g in arrows]
    legend_arrow = drawn.pop()     # the last is the legend's sample
    assert len(drawn) == 8
    for k, (tail, head) in enumerate(drawn):
        assert abs(tail[0] - (a + b * w[k])) < 0.02 and abs(head[0] - (a + b * w[k + 1])) < 0.02
        assert tail[1] == head[1]                    # level, on a row of its own
        assert tail[1] > c                           # below the curve's lowest point (y grows downwards)
    assert len({t[1] for t, _ in drawn}) == 8
    # The tangent at k = 1: through (2.4, 5.76) with slope 2·2.4 = 4.8, in data coordinates.
    tangent = [p for p in polylines(root) if p.get("stroke") not in {polylines(root)[0].get("stroke"), polylines(root)[1].get("stroke")}]
    (x0, y0), (x1, y1) = points_of(tangent[0])[0], points_of(tangent[0])[-1]
    data = [((x - a) / b, (y - c) / d) for x, y in [(x0, y0), (x1, y1)]]
    slope = (data[1][1] - data[0][1]) / (data[1][0] - data[0][0])
    assert abs(slope - 4.8) < 1e-3
    assert abs(data[0][1] + slope * (2.4 - data[0][0]) - 5.76) < 1e-2
    assert [t.text for t in root.iter(NS + "text") if t.get("class") == "label"] == ["slope 4.8"]


def test_full_batch_against_mini_batch_in_epochs(gd, tmp_path):
    root, _ = svg_of(gd, tmp_path, SGD, "plot loss full sgd")
    assert legend(root) == ["full L", "sgd L (all rows)"]
    texts = ["".join(t.itertext()) for t in root.iter(NS + "text")]
    assert "epoch" in texts
    # 10 epochs of sgd end at x = 10, 100 full-batch updates at x = 100: both on the one axis.
    sgd = points_of(polylines(root)[1])
    full = points_of(polylines(root)[0])
    assert abs((sgd[-1][0] - sgd[0][0]) / (full[-1][0] - full[0][0]) - 0.1) < 1e-3
    root, _ = svg_of(gd, tmp_path, SGD, "plot loss full sgd batchloss per=step")
    assert legend(root) == ["full L", "sgd L (mini-batch)", "sgd L (all rows)"]
    assert [p.get("stroke-opacity") for p in polylines(root)][1] == "0.3"
    assert "k" in ["".join(t.itertext()) for t in root.iter(NS + "text")]


@pytest.mark.parametrize("script, plot", [
    (QUARTIC_RUNS, "plot f -3..3 small mid big"), (BOWL_RUNS, "plot path small mid big"),
    (SEQUENCES, "plot sub, geo 0..50"), (SEQUENCES, "plot sub, geo 0..50 log"),
    (STEPS, "plot q -5..5 steps tangent=1"), (SGD, "plot loss full sgd batchloss"),
])
def test_terminal_versions_fit_and_stay_readable_in_ascii(gd, script, plot):
    r = gd("-e", script + plot + " ascii")
    assert r.returncode == 0, r.stderr
    drawing = r.stdout.splitlines()[-24:]
    assert all(len(line) <= 80 for line in drawing)
    assert all(ord(c) < 128 for line in drawing for c in line), "\n".join(drawing)


def test_without_a_range_a_diverged_run_does_not_stretch_the_window(gd):
    r = gd("-e", QUARTIC_RUNS + "plot f mid big")
    assert r.returncode == 0, r.stderr
    ticks = [float(t) for t in r.stdout.splitlines()[-3].split()]
    assert -4 < min(ticks) and max(ticks) < 4      # mid's span, from -2.5 to 2.25, with its margin


def test_an_animated_path_builds_up_rather_than_being_drawn_whole(gd, tmp_path):
    root, _ = svg_of(gd, tmp_path, BOWL_RUNS, "plot path mid animate")
    # The played run is not also drawn whole: no legend entry for it (the frames' captions aside).
    assert [t for t in legend(root) if not t.startswith("k = ")] == []
    assert any(a.get("attributeName") == "cx" for a in root.iter(NS + "animate"))
