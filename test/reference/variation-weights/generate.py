#!/usr/bin/env python3
"""Fixtures for coefficientOfVariationWeights and standardDeviationWeights (methods.md §2.4).

Published vectors are kept at their printed precision (numpy checks that it rounds to them); numpy's
unrounded values (ddof 1, 17 significant digits) go into the "-unrounded" fixtures.

Run: python3 test/reference/variation-weights/generate.py   (Debian python3-numpy)
"""
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "python3 test/reference/variation-weights/generate.py (numpy %s)" % np.__version__


def write(name, payload):
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "]", text)
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
        f.write(text + "\n")


def floats(a):
    return [float(v) for v in np.ravel(a)]


def cv_weights(X):
    X = np.asarray(X, dtype=float)
    v = X.std(axis=0, ddof=1) / X.mean(axis=0)
    return v / v.sum(), v


def std_weights(X):
    X = np.asarray(X, dtype=float)
    s = X.std(axis=0, ddof=1)
    return s / s.sum(), s


XU = [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]]
SHUAI = (
    "Shuai, Zongzhun, Yongji & Lei (2012), 24th Chinese Control and Decision Conference (CCDC), pp. 3889-3892, "
    "doi:10.1109/CCDC.2012.6244621, coefficient-of-variation weights on the Xu (2004) matrix; methods.md §2.4 "
    "[V-peer: crispyn tests/test_weighting_methods.py]"
)
SALABUN_X = [[0.619, 0.449, 0.447], [0.862, 0.466, 0.006], [0.458, 0.698, 0.771], [0.777, 0.631, 0.491], [0.567, 0.992, 0.968]]
SALABUN = (
    "Sałabun, Wątróbski & Shekhovtsov (2020), Symmetry 12(9):1549, doi:10.3390/sym12091549, standard-deviation "
    "weights; methods.md §2.4 [V-peer: crispyn tests/test_weighting_methods.py]"
)

w, v = cv_weights(XU)
printed = [0.4258, 0.3610, 0.2121, 0.0011]
assert np.all(np.abs(np.round(w, 4) - printed) < 1e-12), w
# ddof-invariance, as methods.md says.
assert np.allclose(w, (lambda s: s / s.sum())(np.std(XU, axis=0, ddof=0) / np.mean(XU, axis=0)), atol=1e-15)
write("shuai-2012", {
    "source": SHUAI,
    "generator": GENERATOR + " — expected is the printed vector; the script checks that numpy rounds to it",
    "tolerance": 5e-5,
    "input": {"X": XU},
    "expected": {"weights": printed},
})
write("shuai-2012-unrounded", {
    "source": SHUAI + "; unrounded [C], re-derived by the generator (ddof 1)",
    "generator": GENERATOR,
    "tolerance": 1e-9,
    "input": {"X": XU},
    "expected": {"weights": floats(w), "dispersion": floats(v)},
})

w, s = std_weights(SALABUN_X)
printed = [0.217, 0.294, 0.488]
assert np.all(np.abs(np.round(w, 3) - printed) < 1e-12), w
write("salabun-2020", {
    "source": SALABUN,
    "generator": GENERATOR + " — expected is the printed vector; the script checks that numpy rounds to it",
    "tolerance": 5e-4,
    "input": {"X": SALABUN_X},
    "expected": {"weights": printed},
})
write("salabun-2020-unrounded", {
    "source": SALABUN + "; unrounded [C], re-derived by the generator (ddof 1)",
    "generator": GENERATOR,
    "tolerance": 1e-9,
    "input": {"X": SALABUN_X},
    "expected": {"weights": floats(w), "dispersion": floats(s)},
})
print("variation-weights fixtures written")
