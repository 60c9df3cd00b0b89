#!/usr/bin/env python3
"""torch.optim.AdamW in NumPy doubles, written from torch's documented algorithm (the AdamW page's pseudo-code)
and the order in which torch's single-tensor implementation carries it out, not from gd's code. Tests/e2e/test_adamw.py
compares gd's iterates with these; run this file to print them.

For t = 1, 2, …, with g_t = ∇f(θ_{t−1}) and γ the learning rate:
    θ_t ← θ_{t−1} − γλθ_{t−1}              torch: param.mul_(1 - lr * weight_decay)
    m_t ← β1·m_{t−1} + (1 − β1)·g_t        torch 1.x: exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    v_t ← β2·v_{t−1} + (1 − β2)·g_t²       exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    θ_t ← θ_t − γ·m̂_t/(√v̂_t + ε)           with m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t), computed as
                                           step_size = lr / (1 - beta1**t),
                                           denom = exp_avg_sq.sqrt() / sqrt(1 - beta2**t) + eps,
                                           param.addcdiv_(exp_avg, denom, value=-step_size)
(torch 2.x computes m_t with exp_avg.lerp_(grad, 1 - beta1), which can differ from this in the last bit.)
"""
import math

import numpy as np


def adamw(grad, theta0, lr, steps, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    """θ_0, θ_1, …, θ_steps."""
    beta1, beta2 = betas
    theta = np.array(theta0, dtype=np.float64)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    iterates = [theta.copy()]
    for t in range(1, steps + 1):
        g = grad(theta)
        theta = theta * (1 - lr * weight_decay)
        m = m * beta1 + g * (1 - beta1)
        v = v * beta2 + ((1 - beta2) * g) * g
        step_size = lr / (1 - beta1 ** t)
        denom = np.sqrt(v) / math.sqrt(1 - beta2 ** t) + eps
        theta = theta + ((-step_size) * m) / denom
        iterates.append(theta.copy())
    return iterates


def quartic_gradient(w):
    """f(x) = x^4 − 3x^2 + 2: f'(x) = 4x³ − 6x."""
    x = w[0]
    return np.array([4 * (x * x * x) - 6 * x])


def bowl_gradient(w):
    """L(w1, w2) = w1² + 5·w2²: ∇L = (2·w1, 10·w2)."""
    return np.array([2 * w[0], 10 * w[1]])


# (name, definition, parameters, gradient, start, gd's options, reference's keyword arguments)
CASES = [
    ("f", "f(x) = x^4 - 3*x^2 + 2", ["x"], quartic_gradient, [2.0], "eta=0.01", dict(lr=0.01)),
    ("f", "f(x) = x^4 - 3*x^2 + 2", ["x"], quartic_gradient, [-2.5], "eta=0.05 weight_decay=0.2",
     dict(lr=0.05, weight_decay=0.2)),
    ("bowl", "bowl(w1, w2) = w1^2 + 5*w2^2", ["w1", "w2"], bowl_gradient, [2.5, 1.5], "eta=0.01", dict(lr=0.01)),
    ("bowl", "bowl(w1, w2) = w1^2 + 5*w2^2", ["w1", "w2"], bowl_gradient, [2.5, 1.5],
     "eta=0.1 beta1=0.8 beta2=0.99 epsilon=1e-6 weight_decay=0.5",
     dict(lr=0.1, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.5)),
]

if __name__ == "__main__":
    for name, definition, params, grad, start, options, kwargs in CASES:
        print(f"{definition}  from {start}  {options}")
        for k, theta in enumerate(adamw(grad, start, steps=12, **kwargs)):
            print(f"  {k:2d}  " + "  ".join(repr(float(x)) for x in theta))
