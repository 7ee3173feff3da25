#!/usr/bin/env python3
"""Fixtures for criticWeights (methods.md §2.3), written beside this script.

Tuş & Aytaç Adalı (2019): the printed vector (min-max without flipping the cost criterion 1) is kept as
published at 3 decimals; numpy's unrounded values for it, for the flipped [C] variant and for the
1 - |r| and coefficient-of-variation variants are stored with 17 significant digits. Independent of
the TypeScript code: numpy std / corrcoef.

Run: python3 test/reference/critic-weights/generate.py   (Debian python3-numpy)
"""
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "python3 test/reference/critic-weights/generate.py (numpy %s)" % np.__version__


def write(name, payload):
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "]", text)
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
        f.write(text + "\n")


def floats(a):
    return [float(v) for v in np.ravel(a)]


def minmax(X, types):
    X = np.asarray(X, dtype=float)
    lo, hi = X.min(axis=0), X.max(axis=0)
    return np.where(np.asarray(types) > 0, (X - lo) / (hi - lo), (hi - X) / (hi - lo))


def critic(Z, absolute=False, cv=False):
    sd = Z.std(axis=0, ddof=1)
    dispersion = sd / Z.mean(axis=0) if cv else sd
    r = np.corrcoef(Z, rowvar=False)
    conflict = (1 - (np.abs(r) if absolute else r)).sum(axis=0)
    c = dispersion * conflict
    return c / c.sum(), {"sd": floats(sd), "conflict": floats(conflict), "information": floats(c)}


X = [[5000, 3, 3, 4, 3, 2], [680, 5, 3, 2, 2, 1], [2000, 3, 2, 3, 4, 3], [600, 4, 3, 1, 2, 2], [800, 2, 4, 3, 3, 4]]
SOURCE = (
    "Tuş & Aytaç Adalı (2019), Opsearch 56(2):528-538, doi:10.1007/s12597-019-00371-6; methods.md §2.3 "
    "[V-peer: crispyn tests/test_weighting_methods.py]"
)
plain = minmax(X, [1] * 6)
flipped = minmax(X, [-1, 1, 1, 1, 1, 1])
w_plain, parts_plain = critic(plain)
assert np.all(np.abs(np.round(w_plain, 3) - [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]) < 1e-12), w_plain
w_flip, parts_flip = critic(flipped)
assert np.all(np.abs(np.round(w_flip, 3) - [0.184, 0.213, 0.142, 0.158, 0.168, 0.134]) < 1e-12), w_flip

write(
    "tus-aytac-adali-2019",
    {
        "source": SOURCE + "; min-max without flipping criterion 1, as published",
        "generator": GENERATOR + " — expected is the printed vector; the script checks that numpy rounds to it",
        "tolerance": 5e-4,
        "input": {"X": X, "directions": ["+"] * 6},
        "expected": {"weights": [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]},
    },
)
write(
    "tus-aytac-adali-2019-flipped",
    {
        "source": "methods.md §2.3: the Tuş & Aytaç Adalı (2019) matrix with cost criterion 1 flipped in min-max, "
        "printed (0.184, 0.213, 0.142, 0.158, 0.168, 0.134) [C]",
        "generator": GENERATOR + " — expected is the printed vector; the script checks that numpy rounds to it",
        "tolerance": 5e-4,
        "input": {"X": X, "directions": ["-", "+", "+", "+", "+", "+"]},
        "expected": {"weights": [0.184, 0.213, 0.142, 0.158, 0.168, 0.134]},
    },
)

variants = {}
for key, Z, kwargs in [
    ("signed-sd", plain, {}),
    ("signed-sd-flipped", flipped, {}),
    ("absolute-sd", plain, {"absolute": True}),
    ("signed-cv", plain, {"cv": True}),
    ("absolute-cv-flipped", flipped, {"absolute": True, "cv": True}),
]:
    w, parts = critic(Z, **kwargs)
    variants[key] = {"weights": floats(w), **parts}
write(
    "tus-aytac-adali-2019-variants",
    {
        "source": SOURCE + "; unrounded weights of the published and flipped cases and of the 1-|r| and "
        "coefficient-of-variation variants [C], re-derived by the generator (sd with ddof 1)",
        "generator": GENERATOR,
        "tolerance": 1e-9,
        "input": {"X": X, "plainDirections": ["+"] * 6, "flippedDirections": ["-", "+", "+", "+", "+", "+"]},
        "expected": variants,
    },
)

# The doc-comment example of criticWeights.
example = np.array([[0, 0, 1], [0.5, 1, 0], [1, 0.5, 0.5]])
w_example, _ = critic(example)
print("example weights", w_example)
print("critic-weights fixtures written")
