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
    none, one, two, four = page_faults(gd, 0), page_faults(gd, 1), page_faults(gd, 2), page_faults(gd, 4)
    first = one - none
    # 200,001 iterates thinned to 100,000, at 6 values each (k, L, ‖∇L‖, η and the two coordinates), are
    # 4.8 MB: over 1,100 pages of 4 KB.
    assert first > 1100, (none, one, two, four)
    # The session keeps its latest run while the next one runs, so two histories are alive at once; from the
    # third run on, each reuses memory an earlier run freed: two more runs fault in less than a tenth of the first.
    assert four - two < first / 10, (none, one, two, four)
