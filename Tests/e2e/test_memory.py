"""A run's history is megabytes; gd keeps the memory one run frees for the next, so later runs do not fault
its pages in again (which cost more per step than a small loss's descent step)."""
import os
import subprocess

RUN = "run L from w1=2.5, w2=1.5 eta=1e-9 steps=200000 tol_grad=0"


def page_faults(gd, runs):
    """Minor page faults of one gd process that defines L and then runs it `runs` times."""
    args = [gd.path, "-e", "L(w1,w2) = w1^2 + 5*w2^2"]
    for _ in range(runs):
        args += ["-e", RUN]
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return usage.ru_minflt


def test_later_runs_reuse_the_memory_of_earlier_ones(gd):
    none, one, three = page_faults(gd, 0), page_faults(gd, 1), page_faults(gd, 3)
    first = one - none
    # 200,001 iterates thinned to 100,000, at 8 values each, are over 6 MB: over 1,500 pages.
    assert first > 1500, (none, one, three)
    # Two more runs of the same size fault in less than a tenth of what the first did.
    assert three - one < first / 10, (none, one, three)
