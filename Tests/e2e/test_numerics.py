"""Numbers as gd computes them, against the same texts evaluated by Python in IEEE doubles."""


def test_a_user_function_gives_the_value_its_text_reads_wherever_it_is_evaluated(gd):
    import math
    # Python evaluates these texts operation by operation in IEEE doubles, as NumPy would; gd's value must be the
    # same double, typed at the prompt or called by check … using.
    f = lambda x: x ** 4 - 3 * x ** 2 + 2
    nd = lambda x: (f(x + 1e-5) - f(x - 1e-5)) / (2e-5)
    cases = [("nd(2)", nd(2)), ("nd(0.3)", nd(0.3)), ("(0.1 + 0.2)*3 - 0.9", (0.1 + 0.2) * 3 - 0.9),
             ("f(1.1)/7 + 1/3", f(1.1) / 7 + 1 / 3), ("exp(0.1)*sin(0.7) - log(3)/2", math.exp(0.1) * math.sin(0.7) - math.log(3) / 2)]
    script = "f(x) = x^4 - 3*x^2 + 2\nnd(x) = (f(x+1e-5) - f(x-1e-5))/(2e-5)\n" + "\n".join(c for c, _ in cases)
    status, objs = gd.json("-e", script + "\ncheck f using nd at x=2")
    assert status == 0
    values = [o["value"] for o in objs if o["kind"] == "value"]
    assert values == [v for _, v in cases]
    check = objs[-1]
    assert check["user"] == [nd(2)]
