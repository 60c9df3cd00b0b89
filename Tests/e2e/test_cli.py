"""The command line: arguments, exit statuses, standard input, error rendering."""
import json


def test_version_and_help(gd):
    r = gd("--version")
    assert r.returncode == 0 and r.stdout.strip().startswith("gd ")
    r = gd("--help")
    assert r.returncode == 0 and "--json" in r.stdout and "-e" in r.stdout


def test_usage_error_exits_2(gd):
    r = gd("--no-such-flag")
    assert r.returncode == 2
    assert "no-such-flag" in r.stderr


def test_missing_script_is_a_one_line_error(gd, tmp_path):
    r = gd(str(tmp_path / "missing.gdscript"))
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0
    assert "missing.gdscript" in r.stderr and "No such file" in r.stderr


def test_directory_as_script(gd, tmp_path):
    r = gd(str(tmp_path))
    assert r.returncode == 2
    assert "is a directory" in r.stderr


def test_script_error_shows_location_line_and_caret(gd, tmp_path):
    script = tmp_path / "bad.gdscript"
    script.write_text("f(x) = x^2\ny = sinn(x) + 1\nf(2)\n")
    r = gd(str(script))
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0] == f"{script}:2:5: error: unknown function 'sinn'"
    assert lines[1] == " 2 | y = sinn(x) + 1"
    assert lines[2] == "   |     ^"
    assert lines[3] == "help: did you mean 'sin'?"
    # The first error stops the script: f(2) never ran.
    assert r.stdout == "f(x) = x^2\n"


def test_syntax_error_stops_before_anything_runs(gd):
    r = gd("-e", "f(x) = x^2\nf(2)\ng(x) = (x +")
    assert r.returncode == 1
    assert r.stdout == ""
    assert "<-e>:3:12: error: expected an expression" in r.stderr


def test_eval_and_files_share_a_session(gd, tmp_path):
    script = tmp_path / "use.gdscript"
    script.write_text("f(3)\n")
    r = gd("-e", "f(x) = 2*x", str(script))
    assert r.returncode == 0
    assert r.stdout.splitlines() == ["f(x) = 2*x", "6"]


def test_standard_input_is_a_script(gd):
    r = gd(stdin="f(x)=x^2; diff f\n")
    assert r.returncode == 0
    assert r.stdout.splitlines() == ["f(x) = x^2", "f'(x) = 2*x"]


def test_json_lines_parse(gd):
    status, objs = gd.json("-e", "f(x) = x^2\nf(3)\ndiff f\nrun f from x=1 eta=0.25 steps=3 tol_grad=off")
    assert status == 0
    assert [o["kind"] for o in objs] == ["define", "value", "derivative", "run"]
    # x halves with eta = 0.25 on x^2: 1 → 0.125 after 3 steps.
    assert objs[3]["final"] == {"x": 0.125} and objs[3]["steps"] == 3


def test_json_error_goes_to_stdout_with_exit_1(gd):
    r = gd("--json", "-e", "1 +")
    assert r.returncode == 1
    obj = json.loads(r.stdout)
    assert obj == {"kind": "error", "file": "<-e>", "line": 1, "column": 4, "message": "expected an expression after '+'"}


def test_a_path_starting_with_tilde_is_in_the_home_folder(gd, tmp_path):
    # As Tab completes it and a shell reads it: ~/ is $HOME, for load, save and plot … to.
    import os
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home))
    import subprocess
    r = subprocess.run([gd.path, "-e", "f(x) = x^2\nrun f from x=1 steps=3\nsave session ~/s.gdscript\n"
                        "plot f -1..1 to ~/f.svg\nsave history to ~/h.csv\nload ~/s.gdscript"],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in home.iterdir()) == ["f.svg", "h.csv", "s.gdscript"]
