"""plot: every target draws in the terminal and writes an SVG that a real renderer turns into a picture;
save history/sweep write the numbers behind them."""
import csv
import json
import shutil
import subprocess

import pytest

SETUP = """f(x) = x^4 - 3*x^2 + 2
bowl(w1, w2) = w1^2 + 5*w2^2
run f from x=-2.2 eta=0.05 steps=40 as small
run f from x=-2.2 eta=0.15 steps=40 as large
sweep f from x=2 eta=0.001..0.2 count=12 log target=-0.24
compare f from x=-2.5 methods=gd,momentum eta=0.01 steps=100
multistart f from x=-3..3 count=21 eta=0.01
grid f from x=-3..3 count=15 eta=0.01..0.2 count=10 steps=200
"""

TARGETS = ["f -3..3", "f", "loss", "grad", "diagnostics", "loss small large", "path", "sweep", "compare", "multistart", "grid"]


@pytest.mark.parametrize("target", TARGETS)
def test_terminal_plot(gd, target):
    r = gd("-e", SETUP + f"plot {target}")
    assert r.returncode == 0, r.stderr
    drawing = r.stdout.splitlines()[-24:]
    assert len(drawing) == 24
    assert any("┤" in line for line in drawing)        # y ticks on the axis


@pytest.mark.parametrize("target", ["loss", "grid", "diagnostics", "sweep"])
def test_ascii_plots_are_plain_ascii(gd, target):
    r = gd("-e", SETUP + f"set plot=ascii\nplot {target}")
    plot_lines = r.stdout.splitlines()[-24:]
    assert all(all(ord(c) < 128 for c in line) for line in plot_lines), "\n".join(plot_lines)


@pytest.mark.parametrize("target", ["loss", "diagnostics", "path", "sweep", "compare", "multistart", "grid", "f -3..3"])
def test_svg_renders_to_a_picture(gd, tmp_path, target):
    svg = tmp_path / "figure.svg"
    r = gd("-e", SETUP + f"run bowl from w1=2.5, w2=1.5 eta=0.18 steps=30\nplot {target} to {svg}")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == f"plotted {target.split()[0]} to {svg}"
    text = svg.read_text()
    assert text.startswith("<?xml") and "<svg" in text and text.rstrip().endswith("</svg>")
    if shutil.which("rsvg-convert") is None:
        pytest.skip("rsvg-convert is not installed")
    png = tmp_path / "figure.png"
    subprocess.run(["rsvg-convert", "-f", "png", "-o", str(png), str(svg)], check=True)
    blank = tmp_path / "blank.png"
    (tmp_path / "blank.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420">'
                                        '<rect width="640" height="420" fill="white"/></svg>')
    subprocess.run(["rsvg-convert", "-f", "png", "-o", str(blank), str(tmp_path / "blank.svg")], check=True)
    assert png.stat().st_size > 4 * blank.stat().st_size


def test_json_plot_object(gd, tmp_path):
    status, objs = gd.json("-e", SETUP + f"plot loss\nplot loss to {tmp_path / 'l.svg'}")
    assert objs[-2]["kind"] == "plot" and objs[-2]["target"] == "loss" and objs[-2]["file"] is None
    assert "k" in objs[-2]["text"]
    assert objs[-1] == {"kind": "plot", "target": "loss", "file": str(tmp_path / "l.svg"), "series": ["L"]}


def test_save_history_and_sweep(gd, tmp_path):
    r = gd("-e", f"t(θ) = θ^2\nrun t from θ=4 eta=0.25 steps=4\nsave history to {tmp_path / 'h.csv'}\n"
                 f"save history to {tmp_path / 'h.json'}\n"
                 f"sweep t from θ=1 eta=0.1..0.4 count=4 target=1e-3\nsave sweep to {tmp_path / 's.csv'}")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(open(tmp_path / "h.csv")))
    # θ halves with η = 0.25: 4, 2, 1, 0.5, 0.25; L = θ², ‖∇L‖ = 2|θ|.
    assert [float(r["θ"]) for r in rows] == [4, 2, 1, 0.5, 0.25]
    assert [float(r["loss"]) for r in rows] == [16, 4, 1, 0.25, 0.0625]
    assert [float(r["grad_norm"]) for r in rows] == [8, 4, 2, 1, 0.5]
    assert json.loads((tmp_path / "h.json").read_text())["iterates"][4]["point"] == {"θ": 0.25}
    sweep = list(csv.DictReader(open(tmp_path / "s.csv")))
    assert [float(r["eta"]) for r in sweep] == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert all(r["reached"] == "true" for r in sweep)


@pytest.mark.parametrize("script,message", [
    ("plot loss", "no run to plot"),
    ("f(x) = x^2\nplot f", "plot f needs a range"),
    ("plot los", "cannot plot 'los'"),
    ("f(x) = x^2\nrun f from x=1 as a\nplot loss b", "no run kept as 'b'"),
    ("plot sweep", "no sweep to plot"),
    ("plot grid", "no grid to plot"),
    ("f(x) = x^2\nplot f 3..1", "the range must be increasing, not 3..1"),
    ("f(x) = x^2\nrun f from x=1\nplot loss bold", "no run kept as 'bold'"),
    ("f(x) = x^2\nrun f from x=1\nplot loss width=3", "unknown option 'width' for plot"),
    ("f(x) = x^2\nrun f from x=1\nsave history to h.txt", "cannot tell the format of 'h.txt'"),
    ("save sweep to s.csv", "no sweep to save"),
    ("g(a, b, c) = a + b + c\nrun g from a=1, b=1, c=1 steps=2\nplot path", "plot path draws runs of one or two parameters; g has 3"),
])
def test_plot_errors(gd, tmp_path, script, message):
    r = gd("-e", script, cwd=tmp_path)
    assert r.returncode == 1
    assert message in r.stderr, r.stderr


def test_figures_example_writes_every_figure(gd, tmp_path):
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[2]
    r = gd(str(root / "examples" / "figures.gdscript"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.glob("*.svg")) == sorted([
        "half-square.svg", "double-well-diagnostics.svg", "quartic-steps.svg", "quartic-multistart.svg",
        "bowl-zigzag.svg", "bowl-sweep.svg", "quartic-compare.svg", "quartic-grid.svg", "quartic-three-runs.svg",
        "square-steps.svg", "sequences.svg", "sequences-log.svg", "bowl-three-paths.svg", "sgd-vs-full.svg", "ball.svg",
        "bowl-path.svg"])
    if shutil.which("rsvg-convert") is None:
        pytest.skip("rsvg-convert is not installed")
    # Each renders, and is not blank: its picture holds more than a white page's.
    (tmp_path / "blank.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420">'
                                        '<rect width="640" height="420" fill="white"/></svg>')
    subprocess.run(["rsvg-convert", "-f", "png", "-o", str(tmp_path / "blank.png"), str(tmp_path / "blank.svg")], check=True)
    for svg in tmp_path.glob("*.svg"):
        if svg.name == "blank.svg":
            continue
        png = tmp_path / (svg.stem + ".png")
        subprocess.run(["rsvg-convert", "-f", "png", "-o", str(png), str(svg)], check=True)
        assert png.stat().st_size > 4 * (tmp_path / "blank.png").stat().st_size, svg.name


def test_save_session_keeps_tables_and_plot_style(gd, tmp_path):
    r = gd("-e", "data d = synth linear n=5 w=1 seed=1\nL(a) = mean(d, (a*x1 - y)^2)\nset plot=ascii\n"
                 "save session s.gdscript", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "s.gdscript").read_text()
    assert 'data d = csv("s.d.csv")' in text and "set plot=ascii" in text
    r = gd("-e", "load s.gdscript\nshow d", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "table d: 5 rows × 2 columns" in r.stdout


def test_a_function_over_the_widest_range_is_drawn(gd):
    # The samples are interpolated as low·(1−t) + high·t, so high − low overflowing to inf does not empty the plot.
    r = gd("-e", "f(x) = x\nplot f -1.7e308..1.7e308")
    assert r.returncode == 0, r.stderr
    assert any(0x2801 <= ord(c) <= 0x28FF for c in r.stdout)


def test_save_a_kept_run_and_every_table_gd_prints(gd, tmp_path):
    import math
    script = ("q(x) = x^2\nf(x) = x^4 - 3*x^2 + 2\n"
              "run q from x=3 eta=0.1 steps=5 as slow\nrun q from x=3 eta=0.4 steps=5 as fast\n"
              f"save slow to {tmp_path / 'slow.csv'}\nsave fast to {tmp_path / 'fast.json'}\n"
              "compare f from x=-2.5 methods=gd,momentum eta=0.01 steps=300 target=-0.2\n"
              f"save compare to {tmp_path / 'c.csv'}\nsave compare to {tmp_path / 'c.json'}\n"
              "multistart f from x=-3..3 count=7 eta=0.01\n"
              f"save multistart to {tmp_path / 'm.csv'}\n"
              "grid q from x=-1..1 count=3 eta=0.5..1.5 count=3 steps=100\n"
              f"save grid to {tmp_path / 'g.csv'}")
    r = gd("-e", script)
    assert r.returncode == 0, r.stderr
    # A kept run, not the last one: w_k = 3·(1 − 2·0.1)^k, computed here.
    rows = list(csv.DictReader((tmp_path / "slow.csv").open()))
    assert [float(row["x"]) for row in rows] == pytest.approx([3 * 0.8 ** k for k in range(6)], rel=1e-15)
    fast = json.loads((tmp_path / "fast.json").read_text())
    assert [it["point"]["x"] for it in fast["iterates"]] == pytest.approx([3 * 0.2 ** k for k in range(6)], rel=1e-15)
    compare = list(csv.DictReader((tmp_path / "c.csv").open()))
    assert [row["method"] for row in compare] == ["gd", "momentum"]
    assert all(abs(abs(float(row["x"])) - math.sqrt(1.5)) < 1e-4 for row in compare)   # one minimum or the other
    assert json.loads((tmp_path / "c.json").read_text())["kind"] == "compare"
    groups = list(csv.DictReader((tmp_path / "m.csv").open()))
    minima = sorted(float(g["x"]) for g in groups if g["kind"] == "minimum")
    assert minima == pytest.approx([-math.sqrt(1.5), math.sqrt(1.5)], abs=1e-6)
    assert sum(int(g["runs"]) for g in groups) == 7
    # q's iterates are w(1 − 2η)^k: they converge for η < 1 only (η = 1 flips sign forever, 1.5 grows).
    cells = list(csv.DictReader((tmp_path / "g.csv").open()))
    assert len(cells) == 9 and list(cells[0]) == ["eta", "x", "steps", "stop", "converged", "point_kind", "final_loss"]
    for cell in cells:
        if float(cell["x"]) != 0:
            assert (cell["converged"] == "true") == (float(cell["eta"]) < 1), cell
    r = gd("-e", f"q(x) = x^2\nsave multistrat to {tmp_path / 'x.csv'}")
    assert r.returncode == 1 and "did you mean 'save multistart'?" in r.stderr
