#!/usr/bin/env python3
"""Fixtures for combineWeights (methods.md §2.7).

hand-examples: multiplicative and linear combinations small enough to check by hand (the arithmetic
is written in the fixture; numpy only confirms it). game-theory-*: numpy.linalg.solve of the Gram
system G a = diag(G), G_lk = w_l . w_k, then a* = |a| / sum|a| and w = sum_k a*_k w_k, stored with
17 significant digits.

Run: python3 test/reference/combine-weights/generate.py   (Debian python3-numpy)
"""
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "python3 test/reference/combine-weights/generate.py (numpy %s)" % np.__version__


def write(name, payload):
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "]", text)
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
        f.write(text + "\n")


def floats(a):
    return [float(v) for v in np.ravel(a)]


a = np.array([0.5, 0.3, 0.2])
b = np.array([0.2, 0.3, 0.5])
mult = a * b / (a * b).sum()
assert np.allclose(mult, [10 / 29, 9 / 29, 10 / 29], atol=1e-15)
lin = 0.7 * a + 0.3 * b
assert np.allclose(lin, [0.41, 0.3, 0.29], atol=1e-15)
write("hand-examples", {
    "source": "hand computation (methods.md §2.7 formulas): multiplicative a*b = (0.10, 0.09, 0.10), sum 0.29, "
    "so w = (10/29, 9/29, 10/29); linear 0.7a + 0.3b = (0.35+0.06, 0.21+0.09, 0.14+0.15) = (0.41, 0.30, 0.29)",
    "generator": GENERATOR + " — the script only confirms the hand arithmetic",
    "tolerance": 1e-15,
    "input": {"bases": [floats(a), floats(b)], "alpha": [0.7, 0.3]},
    "expected": {"multiplicative": [10 / 29, 9 / 29, 10 / 29], "linear": [0.41, 0.3, 0.29]},
})


def game_theory(W):
    W = np.asarray(W, dtype=float)
    G = W @ W.T
    raw = np.linalg.solve(G, np.diag(G))
    alpha = np.abs(raw) / np.abs(raw).sum()
    return alpha @ W, alpha, raw


CASES = {
    "game-theory-three-bases": [[0.4, 0.3, 0.2, 0.1], [0.1, 0.2, 0.3, 0.4], [0.3, 0.1, 0.4, 0.2]],
    # w1 . w1 < w1 . w2, so the raw coefficient of w1 is negative and the |a| normalisation matters.
    "game-theory-negative-coefficient": [[0.6, 0.3, 0.1], [0.9, 0.05, 0.05]],
}
for name, W in CASES.items():
    w, alpha, raw = game_theory(W)
    write(name, {
        "source": "independent formulation: numpy.linalg.solve of the game-theory Gram system (methods.md §2.7; "
        "Lai et al. 2015, Natural Hazards 77:1243-1259), normalised |a|/sum|a|",
        "generator": GENERATOR,
        "tolerance": 1e-12,
        "input": {"bases": W},
        "expected": {"weights": floats(w), "coefficients": floats(alpha), "rawCoefficients": floats(raw)},
    })
print("combine-weights fixtures written")
