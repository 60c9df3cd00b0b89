"""gd runs its compiled programs as machine code on x86-64 Linux; GD_INTERPRET=1 makes it interpret them.
Every number must come out the same either way, in text and in JSON."""
import os
import shutil
import subprocess

from conftest import ROOT

SCRIPTS = ["tour.gdscript", "figures.gdscript", "regression.gdscript"]


def run(gd, args, cwd, interpret):
    env = dict(os.environ)
    env.pop("GD_INTERPRET", None)
    if interpret:
        env["GD_INTERPRET"] = "1"
    r = subprocess.run([gd.path, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_examples_print_the_same_numbers_interpreted(gd, tmp_path):
    for script in SCRIPTS:
        for mode in [[], ["--json"]]:
            outputs = []
            for interpret in [False, True]:
                work = tmp_path / f"{script}-{len(mode)}-{interpret}"
                shutil.copytree(ROOT / "examples", work)
                outputs.append(run(gd, [*mode, script], work, interpret))
            assert outputs[0] == outputs[1], script
            assert len(outputs[0]) > 200


def test_a_long_rosenbrock_run_is_the_same_interpreted(gd, tmp_path):
    loss = " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(9))
    start = ", ".join(f"x{i}=-1.2" for i in range(10))
    args = ["--json", "-e", f"R({', '.join(f'x{i}' for i in range(10))}) = {loss}", "-e", f"run R from {start} eta=0.0005 steps=20000 tol_grad=0"]
    native, interpreted = (run(gd, args, tmp_path, i) for i in [False, True])
    assert native == interpreted
    assert '"steps":20000' in native.replace(" ", "")


def test_lanes_print_the_same_as_vector_code_without_avx2_and_interpreted(gd, tmp_path):
    # Sweeps, grids and multistarts run on lanes: AVX2 machine code where the processor has it, else the
    # interpreter. Losses with built-ins (called lane by lane), powers that are not cubes or fourth powers, and
    # step sizes that diverge, converge exactly or produce NaN.
    script = "\n".join([
        "f(x) = x^4 - 3*x^2 + 2",
        "g(x, y) = (x - 1)^2 * (1 + sin(y)^2) + abs(y)^1.5 + exp(-x^2)",
        "R(a, b, c, d) = 100*(b - a^2)^2 + (1 - a)^2 + 100*(c - b^2)^2 + (1 - b)^2 + 100*(d - c^2)^2 + (1 - c)^2",
        "h(w) = sqrt(w) + w^2",
        "sweep f from x=2 eta=0.001..0.6 count=400 steps=3000",
        "sweep g from x=2, y=-1 eta=0.01..1.5 count=130 steps=500",
        "sweep R from a=-1.2, b=1, c=1, d=1 eta=1e-4..3e-3 count=64 steps=4000",
        "sweep h from w=3 eta=0.1..2 count=37 steps=200",
        "grid f from x=-3..3 count=40 eta=0.01..0.5",
        "multistart g from x=-2..2, y=-2..2 count=200 eta=0.05 seed=3",
        *[f"sweep g from x=2, y=-1 eta=0.01..1.5 count=61 steps=400 method={m}"
          for m in ["momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]],
        "grid f from x=-3..3 count=20 eta=0.01..0.5 count=8 method=adam",
    ])
    outputs = []
    for env_name in [None, "GD_NO_AVX2", "GD_INTERPRET"]:
        env = dict(os.environ)
        env.pop("GD_INTERPRET", None)
        env.pop("GD_NO_AVX2", None)
        if env_name:
            env[env_name] = "1"
        r = subprocess.run([gd.path, "--json", "-e", script], capture_output=True, text=True, cwd=tmp_path,
                           env=env, timeout=120)
        assert r.returncode == 0, r.stderr
        outputs.append(r.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count('"kind":"sweep"') == 10
    assert outputs[0].count('"kind":"grid"') == 2 and outputs[0].count('"kind":"multistart"') == 1
