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
