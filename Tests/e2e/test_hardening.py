"""Inputs meant to break gd end in a clear error, never a trap or a hang."""
import pytest


@pytest.mark.parametrize("script,message", [
    ("(" * 10000 + "1" + ")" * 10000, "expression nested too deeply (more than 100 levels)"),
    ("-" * 10000 + "1", "expression nested too deeply (more than 100 levels)"),
    ("f(x) = g(x)\n", "unknown function 'g'"),
    ("g(x) = x\nf(x) = g(x)\ng(x) = f(x)\nf(1)", "'g' calls itself (g → f → g)"),
    ("x = 1e999", "number '1e999' is out of range"),
    ("x = " + "1" * 400, "is out of range"),
    ("f(x) = x\nrun f from x=1 steps=1e30", "steps must be a whole number of at least 0, not 1e+30"),
    ("\x00\x01\x02", "unexpected character"),
])
def test_bad_input_is_a_clear_error(gd, script, message):
    r = gd(stdin=script)
    assert r.returncode == 1
    assert message in r.stderr, r.stderr
    assert "Fatal error" not in r.stderr


def test_numerics_are_reported_at_the_step(gd):
    status, objs = gd.json("-e", "f(w) = log(w)\nrun f from w=0.5 eta=1\ng(w) = sqrt(w)\nrun g from w=-1")
    assert objs[1]["stop"] == "diverged" and objs[1]["steps"] == 1 and objs[1]["loss"] is None
    assert "L = nan" in objs[1]["diverged"]
    assert objs[3]["stop"] == "diverged" and objs[3]["steps"] == 0


def test_a_huge_step_count_runs_until_told_to_stop(gd):
    # 1e15 steps are accepted; with a tolerance the run still ends as soon as it converges.
    status, objs = gd.json("-e", "f(w) = w^2\nrun f from w=1 steps=1e15 eta=0.25")
    assert objs[1]["stop"] == "tol_grad"


def test_devices_are_not_read_as_scripts(gd):
    r = gd("-e", "load /dev/zero")
    assert r.returncode == 1 and "it is not a regular file" in r.stderr
