"""Losses whose written-out form is exponentially long: iterated maps built by doubling definitions.
gd keeps them as a DAG, so they define, differentiate, print and run at once; the references here are
computed independently, by iterating the map in Python."""
import math
import re
import time


def doubling_script(levels, tail):
    lines = ["f1(x) = 2.5*x*(1 - x)"] + [f"f{i}(x) = f{i - 1}(f{i - 1}(x))" for i in range(2, levels + 1)]
    return "\n".join(lines + tail) + "\n"


def iterate(k, x, r=2.5):
    """(value, derivative) of the map applied k times, by the chain rule."""
    slope = 1.0
    for _ in range(k):
        slope *= r * (1 - 2 * x)
        x = r * x * (1 - x)
    return x, slope


def evaluate(expr, names):
    """Evaluates a printed gd expression of + - * / ^ and parentheses, with `names` bound."""
    return eval(expr.replace("^", "**"), {"__builtins__": {}}, dict(names))


def test_long_derivative_is_printed_with_named_pieces_that_read_back(gd, tmp_path):
    # f6 applies the map 32 times: about 3^32 nodes written out.
    script = tmp_path / "long.gdscript"
    script.write_text(doubling_script(6, ["L(x) = (f6(x) - 0.3)^2", "diff L"]))
    status, objects = gd.json(str(script))
    assert status == 0
    d = objects[-1]
    assert d["kind"] == "derivative" and len(d["where"]) >= 10
    assert all(re.fullmatch(r"u\d+", p["name"]) for p in d["where"])
    names = {"x": 0.2}
    for piece in d["where"]:
        names[piece["name"]] = evaluate(piece["expr"], names)
    value, slope = iterate(32, 0.2)
    expected = 2 * (value - 0.3) * slope
    assert math.isclose(evaluate(d["exprs"][0], names), expected, rel_tol=1e-9)
    # The text form lists the same pieces under the derivative.
    text = gd(str(script)).stdout
    assert "L'(x) = " + d["exprs"][0] in text
    assert "  where u1 = " in text


def test_short_derivatives_stay_written_out(gd):
    status, objects = gd.json("-e", "f(x) = x^4 - 3*x^2 + 2; diff f")
    assert status == 0
    assert objects[-1]["exprs"] == ["4*x^3 - 6*x"] and "where" not in objects[-1]


def test_deep_composition_runs_and_matches_the_chain_rule(gd, tmp_path):
    # f10 applies the map 512 times; gd runs it as a compiled program.
    script = tmp_path / "deep.gdscript"
    script.write_text(doubling_script(10, ["L(x) = (f10(x) - 0.3)^2",
                                            "check L at x=0.2",
                                            "run L from x=0.2 eta=0.01 steps=3 tol_grad=0"]))
    started = time.monotonic()
    status, objects = gd.json(str(script))
    assert status == 0
    assert time.monotonic() - started < 20
    check = next(o for o in objects if o["kind"] == "check")
    value, slope = iterate(512, 0.2)
    assert math.isclose(check["symbolic"][0], 2 * (value - 0.3) * slope, rel_tol=1e-9, abs_tol=1e-300)
    run = objects[-1]
    assert run["kind"] == "run" and run["steps"] == 3


def test_too_deep_composition_is_an_error_at_the_definition(gd, tmp_path):
    script = tmp_path / "deeper.gdscript"
    script.write_text(doubling_script(12, []))
    r = gd(str(script))
    assert r.returncode != 0
    assert "deeper.gdscript:12:10: error: expression nested too deeply" in r.stderr
    assert "f12(x) = f11(f11(x))" in r.stderr
