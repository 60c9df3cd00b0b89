"""The interactive session on a real (pseudo-)terminal, typed as a person would: line editing,
history across sessions, Tab completion, Ctrl-C and Ctrl-D, colour."""
import os
import re
import subprocess
import time

import pytest

pexpect = pytest.importorskip("pexpect")

PROMPT = "gd> "
UP = "\x1b[A"
BACKSPACE = "\x7f"
TIMEOUT = 5
LONG_RUN = "run f from x=1 eta=1e-12 steps=1e9 tol_grad=off"


class Session:
    """gd on a pseudo-terminal. `history` is GD_HISTORY: a path, "" to disable, None to leave it unset."""

    def __init__(self, gd, tmp_path, history=None, colour=False, prompt=PROMPT, columns=200):
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GD_HISTORY")}
        env.update(TERM="xterm", HOME=str(tmp_path), LANG="C.UTF-8")
        if not colour:
            env["NO_COLOR"] = "1"
        if history is not None:
            env["GD_HISTORY"] = str(history)
        self.prompt = prompt
        self.child = pexpect.spawn(gd.path, env=env, cwd=str(tmp_path), encoding="utf-8",
                                   timeout=TIMEOUT, dimensions=(24, columns))
        self.transcript = ""
        self.child.expect_exact(self.prompt)
        self.transcript += self.child.before

    def wait_for_prompt(self, timeout=TIMEOUT):
        """Waits for a prompt on a fresh line (libedit redraws an edited line from its prompt)."""
        self.child.expect_exact("\r\n" + self.prompt, timeout=timeout)
        self.transcript += self.child.before + "\n"
        return self.child.before

    def type(self, text):
        """Types text and waits until the terminal shows it, so a following Ctrl-C cannot flush it."""
        self.child.send(text)
        self.child.expect_exact(text)
        self.transcript += self.child.before + text

    def enter(self, line=""):
        """Types a line and Enter; returns the lines gd wrote before the next prompt, the echo excluded."""
        self.child.send(line + "\r")
        return "\n".join(self.wait_for_prompt().split("\r\n")[1:])

    def press(self, keys):
        """Sends keys and Enter; returns all that came before the next prompt."""
        self.child.send(keys + "\r")
        return self.wait_for_prompt()

    def leave(self):
        """Ctrl-D at an empty line; returns the exit status."""
        self.child.sendcontrol("d")
        self.child.expect(pexpect.EOF)
        self.transcript += self.child.before
        self.child.close()
        return self.child.exitstatus


def history_entries(path):
    """The entries of a libedit history file, decoded."""
    lines = path.read_text().splitlines()
    assert lines[0] == "_HiStOrY_V2_"
    return [re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1), 8)), line) for line in lines[1:]]


@pytest.fixture
def history(tmp_path):
    return tmp_path / "history"


def test_define_a_loss_and_run_it(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    assert s.enter("f(x) = x^4 - 3*x^2 + 2") == "f(x) = x^4 - 3*x^2 + 2"
    out = s.enter("run f from x=1 eta=0.01")
    assert "run f from x = 1" in out and "η = 0.01" in out
    assert "x = 1.22474" in out
    assert s.leave() == 0


def test_up_recalls_a_line_to_edit(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^4 - 3*x^2 + 2")
    first = s.enter("run f from x=1 eta=0.01")
    assert "η = 0.01" in first
    # Up brings the run back; four backspaces remove 0.01; the edited line runs.
    second = s.press(UP + BACKSPACE * 4 + "0.02")
    assert "run f from x = 1 with gd, η = 0.02" in second
    # Further back: both runs, then the definition.
    assert "f(x) = x^4 - 3*x^2 + 2" in s.press(UP * 3)
    assert s.leave() == 0


def test_tab_completes_keywords_options_and_names(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^4 - 3*x^2 + 2")
    s.enter("alpha = 0.05")
    # `ru` Tab is `run `; `et` Tab is `eta=`; `alp` Tab is `alpha`.
    out = s.press("ru\tf from x=1 et\talp\t")
    assert "run f from x = 1 with gd, η = 0.05" in out
    # A word several names share lists them at a second Tab, and the line comes back to finish.
    s.type("run f from x=1 e")
    s.child.send("\t\t")
    s.child.expect_exact("eta=")
    s.child.expect_exact(PROMPT + "run f from x=1 e")
    out = s.press("ta=0.01")
    assert "η = 0.01" in out
    # Built-in functions.
    assert s.enter("sqr\t16)") == "4"
    assert s.leave() == 0


def test_tab_twice_lists_the_candidates_once_as_bash_does(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^2")
    s.type("run f from x=1 e")
    # The first Tab has nothing to insert: it lists nothing.
    s.child.send("\t")
    with pytest.raises(pexpect.TIMEOUT):
        s.child.expect_exact("eta=", timeout=0.5)
    # The second lists the candidates once, and the line comes back.
    s.child.send("\t")
    s.child.expect_exact(PROMPT + "run f from x=1 e")
    assert s.child.before.count("eta=") == 1, s.child.before
    # A Tab after other keys starts again: `et` Tab finishes `eta=`.
    s.child.send("t\t")
    s.child.expect_exact("a=")
    assert "η = 0.01" in s.press("0.01")
    assert s.leave() == 0


def test_ctrl_c_stops_a_long_run_and_the_prompt_returns(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^2")
    s.child.send(LONG_RUN + "\r")
    s.child.expect_exact(LONG_RUN + "\r\n")
    time.sleep(0.3)  # well into the run
    start = time.monotonic()
    s.child.sendintr()
    out = s.wait_for_prompt()
    assert time.monotonic() - start < 1.0
    assert "interrupted" in out
    # The session goes on, with its history.
    assert s.enter("f(3)") == "9"
    assert LONG_RUN in history_entries(history)
    assert s.leave() == 0


def test_a_long_run_shows_its_progress(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^2")
    s.child.send(LONG_RUN + "\r")
    s.child.expect_exact(LONG_RUN + "\r\n")
    # After a second the run reports where it is, in place, until it is stopped.
    s.child.expect(r"step \d+, L = [0-9.e+-]+ · [0-9.]+ s \(Ctrl-C stops\)", timeout=5)
    s.child.sendintr()
    out = s.wait_for_prompt()
    assert "interrupted" in out
    assert s.leave() == 0


def test_ctrl_c_stops_a_sweep(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^2")
    line = "sweep f from x=1 eta=1e-12..1e-11 count=5 steps=1e9 tol_grad=off"
    s.child.send(line + "\r")
    s.child.expect_exact(line + "\r\n")
    time.sleep(0.3)
    start = time.monotonic()
    s.child.sendintr()
    s.wait_for_prompt()
    assert time.monotonic() - start < 1.0
    assert s.enter("f(2)") == "4"


def test_ctrl_c_at_the_prompt_clears_the_line(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.type("1 + 1 +")
    s.child.sendintr()
    s.wait_for_prompt()
    assert s.enter("2") == "2"
    # Inside a continued entry it abandons the whole entry.
    s.child.send("g(x) = (x +\r")
    s.child.expect_exact("... ")
    s.type("1")
    s.child.sendintr()
    s.wait_for_prompt()
    assert s.enter("3") == "3"
    assert "error" not in s.transcript
    # What was abandoned is not history.
    assert history_entries(history) == ["2", "3"]
    assert s.leave() == 0


def test_history_survives_a_restart_and_a_multiline_entry_is_one_entry(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("a = 41")
    s.child.send("g(x) = (x +\r")
    s.child.expect_exact("... ")
    assert s.enter("  1)") == "g(x) = x + 1"
    assert s.leave() == 0
    assert history_entries(history) == ["a = 41", "g(x) = (x +\n  1)"]

    s = Session(gd, tmp_path, history)
    assert "g(x) = x + 1" in s.press(UP)
    assert "a = 42" in s.press(UP + UP + BACKSPACE + "2")
    assert s.leave() == 0
    assert history_entries(history) == ["a = 41", "g(x) = (x +\n  1)", "a = 42"]


def test_two_sessions_share_one_history_file(gd, tmp_path, history):
    a = Session(gd, tmp_path, history)
    b = Session(gd, tmp_path, history)
    a.enter("a = 1")
    b.enter("b = 2")
    a.enter("c = 3")
    assert a.leave() == 0 and b.leave() == 0
    assert history_entries(history) == ["a = 1", "b = 2", "c = 3"]
    c = Session(gd, tmp_path, history)
    assert "b = 2" in c.press(UP + UP)


def test_history_is_trimmed_to_1000_entries(gd, tmp_path, history):
    history.write_text("_HiStOrY_V2_\n" + "".join(f"{i}\n" for i in range(1005)))
    s = Session(gd, tmp_path, history)
    s.enter("last = 1")
    assert s.leave() == 0
    entries = history_entries(history)
    assert len(entries) == 1000
    assert entries[0] == "6" and entries[-2] == "1004" and entries[-1] == "last = 1"


def test_a_linked_history_file_stays_linked(gd, tmp_path):
    (tmp_path / "link").symlink_to("dotfiles-history")
    s = Session(gd, tmp_path, tmp_path / "link")
    s.enter("a = 1")
    assert s.leave() == 0
    assert (tmp_path / "link").is_symlink()
    assert history_entries(tmp_path / "dotfiles-history") == ["a = 1"]


def test_history_defaults_to_the_home_directory(gd, tmp_path):
    s = Session(gd, tmp_path, history=None)
    s.enter("a = 1")
    assert s.leave() == 0
    assert history_entries(tmp_path / ".gd_history") == ["a = 1"]


def test_empty_GD_HISTORY_keeps_no_history(gd, tmp_path):
    s = Session(gd, tmp_path, history="")
    s.enter("a = 1")
    assert s.leave() == 0
    assert os.listdir(tmp_path) == []
    s = Session(gd, tmp_path, history="")
    # Nothing to recall: Up leaves the line empty.
    out = s.press(UP)
    assert "a = 1" not in out and "error" not in out
    assert s.leave() == 0


def test_unwritable_history_warns_once_and_the_session_goes_on(gd, tmp_path):
    (tmp_path / "plain-file").write_text("")
    history = tmp_path / "plain-file" / "history"
    s = Session(gd, tmp_path, history)
    s.enter("1 + 1")
    assert s.enter("2 + 2") == "4"
    assert s.enter("3 + 3") == "6"
    assert s.leave() == 0
    warnings = [line for line in s.transcript.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert f"gd: warning: cannot save history to {history}: Not a directory" in warnings[0]


def test_a_file_that_is_not_a_history_is_left_alone(gd, tmp_path, history):
    history.write_text("precious\n")
    s = Session(gd, tmp_path, history)
    assert "not a gd history file" in s.transcript
    assert s.enter("1 + 1") == "2"
    assert s.leave() == 0
    assert history.read_text() == "precious\n"


def test_ctrl_d_quit_and_exit_leave_with_status_0(gd, tmp_path, history):
    assert Session(gd, tmp_path, history).leave() == 0
    for word in ("quit", "exit"):
        s = Session(gd, tmp_path, history)
        s.child.send(word + "\r")
        s.child.expect(pexpect.EOF)
        s.child.close()
        assert s.child.exitstatus == 0


def test_colour_on_a_terminal_and_none_with_NO_COLOR(gd, tmp_path):
    coloured_prompt = "\x1b[1;32mgd>\x1b[0m "
    s = Session(gd, tmp_path, history="", colour=True, prompt=coloured_prompt)
    out = s.press("sinn(1)")
    assert "\x1b[1;31merror:\x1b[0m unknown function 'sinn'" in out
    assert "\x1b[1;31m^\x1b[0m" in out
    assert s.leave() == 0

    s = Session(gd, tmp_path, history="")
    s.press("sinn(1)")
    assert s.leave() == 0
    assert "\x1b[1;3" not in s.transcript
    assert "<stdin:1>:1:1: error: unknown function 'sinn'" in s.transcript


def test_standard_input_that_is_not_a_terminal_is_a_script(gd, tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), TERM="xterm")
    r = subprocess.run([gd.path], input="f(x)=x^2; diff f\n", capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0
    assert r.stdout == "f(x) = x^2\nf'(x) = 2*x\n"
    assert r.stderr == ""
    assert os.listdir(tmp_path) == []


def test_a_trailing_operator_or_backslash_continues_the_entry_and_nothing_is_lost(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    for first, second, value in [("2^", "3", "8"), ("1 +", "2", "3"), ("7 -", "4", "3"), ("6 /", "4", "1.5"),
                                 ("2**", "5", "32"), ("10 *", "3", "30"), ("1 + \\", "1", "2")]:
        s.child.send(first + "\r")
        s.child.expect_exact("... ")
        assert s.enter(second).strip() == value, first
    # The line after a continued entry is its own statement: quit still quits.
    s.child.send("f(x) = x^\r")
    s.child.expect_exact("... ")
    assert s.enter("2").strip() == "f(x) = x^2"
    s.child.send("quit\r")
    s.child.expect(pexpect.EOF)


def test_start_up_line_and_the_habits_of_other_repls(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    assert re.search(r"gd \d+\.\d+\.\d+ — help explains the language, help NAME a statement; Ctrl-D or quit leaves",
                     s.transcript)
    assert "statements (help NAME shows" in s.enter("?")
    assert "statements (help NAME shows" in s.enter("help()")
    assert s.enter("?run").startswith("run NAME from")
    s.enter("f(x) = x^2")
    assert s.enter("f?").strip() .startswith("f(x) = x^2")
    assert "ans has no value yet" in s.enter("ans")
    s.child.send("exit()\r")
    s.child.expect(pexpect.EOF)


def test_help_called_as_python_calls_it_and_quit_in_capitals(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    assert s.enter("help(run)").startswith("run NAME from")
    for leave in ["Quit", "QUIT", "Exit"]:
        t = Session(gd, tmp_path, history)
        t.child.send(leave + "\r")
        t.child.expect(pexpect.EOF)
        t.child.close()
        assert t.child.exitstatus == 0, leave
    assert s.leave() == 0


def test_tab_completes_file_paths_and_what_to_save(gd, tmp_path, history):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "double.gdscript").write_text("d = 2 * 21\n")
    s = Session(gd, tmp_path, history)
    # `load sc` Tab is `load scripts/`; `do` Tab finishes the file name, as bash does.
    out = s.press("load sc\tdo\t")
    assert "d = 42" in out
    s.enter("f(x) = x^2")
    s.enter("run f from x=1")
    # `save hi` Tab is `save history `, then `to `.
    out = s.press(f"save hi\tt\trun.csv")
    assert "saved history to run.csv" in out and (tmp_path / "run.csv").exists()
    assert s.leave() == 0


RIGHT, LEFT = "\x1b[C", "\x1b[D"
CTRL_R, CTRL_G = "\x12", "\x07"


def test_ctrl_r_finds_an_entry_and_the_arrow_keys_then_edit_it(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^2")
    s.enter("run f from x=1 eta=0.01")
    s.enter("g = 5")
    # Ctrl-R 0.01 finds the run with the cursor on the match; Right three times and Ctrl-D (delete) remove the 1,
    # and 2 makes it 0.02: the arrows move in the found line, as in bash, instead of inserting [C.
    s.child.send(CTRL_R)
    s.child.expect_exact("reverse-i-search")
    s.child.send("0.01")
    s.child.expect_exact("run f from x=1 eta=0.01")
    out = s.press(RIGHT * 3 + "\x04" + "2")
    assert "run f from x = 1 with gd, η = 0.02" in out and "unexpected" not in out
    # A later search finds an older entry that exists, and Enter runs it as found.
    s.child.send(CTRL_R)
    s.child.expect_exact("reverse-i-search")
    s.child.send("f(x")
    s.child.expect_exact("f(x) = x^2")
    assert s.press("").strip().endswith("f(x) = x^2")
    # Ctrl-R again goes to older matches; Left accepts one and moves left in it.
    s.child.send(CTRL_R + "run f")
    s.child.expect_exact("eta=0.02")
    s.child.send(CTRL_R)
    s.child.expect_exact("eta=0.01")
    out = s.press(RIGHT + "7")   # the cursor was on `run`'s r: 7 goes after it
    assert "r7un f from x=1 eta=0.01" in out
    # Ctrl-G gives up the search and leaves the line as it was before it.
    s.type("g + 1")
    s.child.send(CTRL_R + "eta")
    s.child.expect_exact("eta=")
    s.child.send(CTRL_G)
    assert s.press("").strip().endswith("6")
    # A search that finds nothing says so.
    s.child.send(CTRL_R + "zzz")
    s.child.expect_exact("(failed reverse-i-search)`zzz': ")
    s.child.send(CTRL_G)
    s.child.expect_exact(PROMPT)
    assert s.leave() == 0


PROGRESS = r" · [0-9.]+ s \(Ctrl-C stops\)"


@pytest.mark.parametrize("line, shown", [
    ("sweep f from x=1 eta=1e-12..1e-11 count=5 steps=1e9 tol_grad=off", r"\d of 5 runs finished, at step \d+"),
    ("grid f from x=-2..2 eta=1e-12..1e-11 count=3 steps=1e9 tol_grad=off", r"\d+ of 150 runs finished, at step \d+"),
    ("compare f from x=1 methods=gd,momentum eta=1e-12 steps=1e9 tol_grad=off", r"run 1 of 2: step \d+, L = [0-9.e+-]+"),
    # The plateau schedule runs each start as a run of its own, on a core of its own: the line tells the update of the
    # latest report.
    ("multistart f from x=-2..2 count=3 method=rmsprop schedule=plateau eta=1e-12 steps=1e9 tol_grad=off",
     r"\d of 3 runs finished, at step \d+"),
    # momentum runs as lanes, which step together.
    ("multistart f from x=-2..2 count=3 method=momentum eta=1e-12 steps=1e9 tol_grad=off",
     r"\d of 3 runs finished, at step \d+"),
])
def test_long_work_of_many_runs_shows_its_progress(gd, tmp_path, history, line, shown):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^2")
    s.child.send(line + "\r")
    s.child.expect_exact(line + "\r\n")
    # After a second the work says what is done of what and the time so far, rewritten in place.
    s.child.expect(shown + PROGRESS, timeout=10)
    s.child.sendintr()
    out = s.wait_for_prompt()
    # The line is erased just before the result prints, and the result says the work was interrupted.
    assert re.search(r"\r\x1b\[2K(sweep|grid|compare|multistart) ", out), out
    assert "interrupted" in out
    if line.startswith("multistart"):
        assert "multistart f: 0 runs" in out and "kind" not in out    # no table header over no rows
    assert s.leave() == 0


def test_no_progress_line_with_json_unless_asked(gd, tmp_path, history):
    for flags, shows in [(["--json"], False), (["--json", "--progress"], True)]:
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GD_HISTORY")}
        env.update(TERM="xterm", HOME=str(tmp_path), LANG="C.UTF-8", NO_COLOR="1", GD_HISTORY="")
        child = pexpect.spawn(gd.path, flags, env=env, cwd=str(tmp_path), encoding="utf-8", timeout=TIMEOUT,
                              dimensions=(24, 200))
        child.expect_exact(PROMPT)
        child.send("f(x) = x^2\r")
        child.expect_exact("\r\n" + PROMPT)
        child.send(LONG_RUN + "\r")
        child.expect_exact(LONG_RUN + "\r\n")
        if shows:
            child.expect("Ctrl-C stops", timeout=5)
        else:
            with pytest.raises(pexpect.TIMEOUT):
                child.expect("Ctrl-C stops", timeout=2)
        child.sendintr()
        child.expect_exact('"interrupted"')
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)


def test_keys_typed_during_work_are_not_echoed_into_its_progress_and_wait_for_the_prompt(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^2")
    s.child.send(LONG_RUN + "\r")
    s.child.expect("Ctrl-C stops", timeout=5)
    s.child.send("g = 5")
    shown = ""
    for _ in range(3):
        s.child.expect("Ctrl-C stops", timeout=5)
        shown += s.child.before
    assert "g = 5" not in shown and "step" in shown
    s.child.sendintr()
    s.wait_for_prompt()
    # Keys typed during work that ends by itself come to the next prompt, shown there, and run.
    line = "run f from x=1 eta=1e-12 steps=100000000 tol_grad=off"
    s.child.send(line + "\r")
    s.child.expect_exact(line + "\r\n")
    time.sleep(0.1)
    s.child.send("h = 7\r")
    s.child.expect_exact("reached the step limit", timeout=30)
    report = s.wait_for_prompt(timeout=30)
    assert "h = 7" not in report
    assert s.wait_for_prompt(timeout=10).split("\r\n")[-1] == "h = 7"
    assert s.leave() == 0


def test_ctrl_c_stops_long_output(gd, tmp_path, history):
    s = Session(gd, tmp_path, history)
    s.enter("f(x) = x^2")
    s.enter("run f from x=1 eta=1e-7 steps=100000 tol_grad=off")
    # Tens of thousands of rows asked for; Ctrl-C once they start stops them, says how many were left out,
    # and the prompt comes back at once.
    s.child.send("trace 0..100000\r")
    s.child.expect_exact("  1000 ")
    s.child.sendintr()
    out = s.wait_for_prompt()
    assert re.search(r"… output stopped by Ctrl-C: \d+ of \d+ lines not shown", out)
    assert "99998" not in out
    # The session goes on, and a run's report after an interrupted run prints whole.
    assert s.enter("f(3)") == "9"
    s.child.send(LONG_RUN + "\r")
    s.child.expect("Ctrl-C stops", timeout=5)
    s.child.sendintr()
    out = s.wait_for_prompt()
    assert "interrupted at step" in out and "curvature" in out and "output stopped" not in out
    assert s.leave() == 0


def _from(out, header):
    """The lines of `out` from the one that starts with `header` on (the typed line's echo, which the terminal
    wraps as it likes, left out)."""
    lines = out.replace("\r", "").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith(header))
    return lines[first:]


@pytest.mark.parametrize("columns", [60, 100])
def test_output_fits_the_terminal_and_breaks_between_words(gd, tmp_path, history, columns):
    s = Session(gd, tmp_path, history, columns=columns)
    s.enter("g(x, y) = x^2 + 10*y^2 + x*y")
    s.enter("f(x) = x^4 - 3*x^2 + 2")
    for line in ["help", "help run", "hessian g at x=1, y=2", "show", "help functions"]:
        # The same output in a script, which keeps 80 columns.
        script = gd("-e", "g(x, y) = x^2 + 10*y^2 + x*y\nf(x) = x^4 - 3*x^2 + 2\n" + line).stdout.split("\n")[2:]
        out = s.enter(line)
        lines = out.replace("\r", "").split("\n") if line == "help functions" else _from(out, script[0].split()[0])
        assert all(len(l) <= columns for l in lines), (line, [l for l in lines if len(l) > columns])
        if line != "help functions":   # a table that does not fit is stacked, with other words
            # Broken between words only: the same words as the script's.
            assert " ".join(lines).split() == " ".join(script).split(), line
    # compare: six methods on two parameters; the table is stacked, one paragraph per method, where it does not fit.
    out = _from(s.enter("compare g from x=2, y=1 methods=gd,momentum,nesterov,adagrad,rmsprop,adam target=1e-3"),
                "compare on g")
    assert all(len(l) <= columns for l in out), out
    for method in ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]:
        assert any(l.startswith(method + (":" if columns == 60 else " ")) for l in out), (method, out)
    assert (columns == 60) == (not any(l.startswith("method ") for l in out))
    # grid's text map: as many starts as fit beside the labels.
    out = _from(s.enter("grid f from x=-3..3 count=80 eta=0.01..0.5"), "grid f")
    assert all(len(l) <= columns for l in out), out
    assert max(len(l) for l in out if l.startswith("η=0.01 ")) == min(columns, 7 + 64)
    assert s.leave() == 0


def test_paths_with_spaces_complete_escaped_and_load_quoted_or_escaped(gd, tmp_path, history):
    (tmp_path / "my scripts").mkdir()
    (tmp_path / "my scripts" / "double it.gdscript").write_text("d = 2 * 21\n")
    s = Session(gd, tmp_path, history)
    # Tab escapes the space as bash does, in the folder and in the file, and the escaped path loads.
    s.child.send("load my\t")
    s.child.expect_exact("scripts/")
    out = s.press("do\t")
    assert "d = 42" in out
    # Typed by hand, escaped or quoted.
    assert "d = 42" in s.enter('load "my scripts/double it.gdscript"')
    assert "d = 42" in s.enter("load my\\ scripts/double\\ it.gdscript")
    s.enter("f(x) = x^2")
    s.enter("run f from x=1")
    out = s.enter("save history to my\\ scripts/run\\ 1.csv")
    assert (tmp_path / "my scripts" / "run 1.csv").exists(), out
    assert s.leave() == 0
    assert history_entries(history)[0].rstrip() == "load my\\ scripts/double\\ it.gdscript"


def _colour_session_output(gd, tmp_path, colour, lines, columns=80):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GD_HISTORY")}
    env.update(TERM="xterm", HOME=str(tmp_path), LANG="C.UTF-8", GD_HISTORY="")
    if not colour:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(gd.path, env=env, cwd=str(tmp_path), encoding="utf-8", timeout=TIMEOUT, dimensions=(40, columns))
    prompt = r"gd>(\x1b\[0m)? "
    child.expect(prompt)
    outputs = []
    for line in lines:
        child.send(line + "\r")
        child.expect("\r\n(\x1b\\[[0-9;]*m)*" + prompt)
        outputs.append(re.sub(r"\x1b\[[0-9;]*m", "", child.before).split("\r\n", 1)[-1])
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    return outputs


@pytest.mark.parametrize("columns", [60, 80])
def test_colour_changes_no_layout(gd, tmp_path, columns):
    # Colour escape codes take no room on the screen: plots, tables and wrapping are the same with and without them.
    lines = ["f(x) = x^4 - 3*x^2 + 2", "run f from x=-2.5 eta=0.01 steps=100", "plot f -2.5..2.5", "trace 5",
             "g(w1, w2) = w1^2 + 5*w2^2", "run g from w1=2.5, w2=1.5 eta=0.1 steps=20", "trace 3", "plot loss",
             "compare f from x=-2.5 methods=gd,momentum"]
    coloured = _colour_session_output(gd, tmp_path, True, lines, columns)
    plain = _colour_session_output(gd, tmp_path, False, lines, columns)
    assert coloured == plain


def test_ctrl_r_draws_its_line_cleanly(gd, tmp_path, history):
    # What the screen shows, through a terminal emulator: the search prompt replaces the line, and taking a match
    # or giving up leaves the usual prompt with nothing left over.
    pyte = pytest.importorskip("pyte")
    s = Session(gd, tmp_path, history, columns=80)
    screen = pyte.Screen(80, 24)
    stream = pyte.Stream(screen)
    stream.feed(s.transcript + s.prompt + s.child.buffer)

    def shown(keys):
        s.child.send(keys)
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            try:
                stream.feed(s.child.read_nonblocking(100000, timeout=0.25))
            except pexpect.TIMEOUT:
                break
        return screen.display[screen.cursor.y].rstrip()

    for line in ["a = 1", "b = 22", "c = 333"]:
        shown(line + "\r")
    assert shown(CTRL_R) == "(reverse-i-search)`':"
    assert shown("b") == "(reverse-i-search)`b': b = 22"
    assert shown(CTRL_G) == "gd>"
    assert shown(CTRL_R + "3") == "(reverse-i-search)`3': c = 333"
    assert shown(LEFT) == "gd> c = 333" and screen.cursor.x == 7
