"""method=adamw against the NumPy reference of torch.optim.AdamW in Tests/reference/adamw_reference.py: the
first 12 iterates, bit for bit."""
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "Tests" / "reference"))
import adamw_reference  # noqa: E402


@pytest.mark.parametrize("case", adamw_reference.CASES, ids=lambda c: f"{c[0]} {c[5]}")
def test_adamw_matches_the_reference(gd, case):
    name, definition, params, grad, start, options, kwargs = case
    frm = ", ".join(f"{p}={v!r}" for p, v in zip(params, start))
    status, objs = gd.json("-e", f"{definition}\nrun {name} from {frm} method=adamw {options} steps=12 tol_grad=off\ntrace")
    assert status == 0, objs
    got = [[it["point"][p] for p in params] for it in objs[-1]["iterates"]]
    want = [[float(x) for x in theta] for theta in adamw_reference.adamw(grad, start, steps=12, **kwargs)]
    assert got == want


def test_adamw_without_weight_decay_is_adam(gd):
    runs = [gd.json("-e", f"f(x) = x^4 - 3*x^2 + 2\nrun f from x=2 eta=0.01 steps=30 {m}\ntrace")[1][-1]["iterates"]
            for m in ("method=adam", "method=adamw weight_decay=0")]
    assert runs[0] == runs[1]
