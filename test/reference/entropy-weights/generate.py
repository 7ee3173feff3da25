#!/usr/bin/env python3
"""Fixtures for entropyWeights (methods.md §2.2), written beside this script.

Published cases keep the paper's printed values as `expected` (numpy is used only to check that the
formula reproduces them). [C] cases (methods.md: Zavadskas-Podvezko variant table, panel vs per-year)
store numpy's values with 17 significant digits. Independent of the TypeScript code: vectorised numpy,
with min-max written directly from methods.md §2.1.

Run: python3 test/reference/entropy-weights/generate.py   (Debian python3-numpy)
"""
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "python3 test/reference/entropy-weights/generate.py (numpy %s)" % np.__version__


def entropy(P):
    """Shannon entropy weights of the columns of a non-negative matrix; 0*ln0 = 0."""
    P = np.asarray(P, dtype=float)
    n = P.shape[0]
    p = P / P.sum(axis=0)
    safe = np.where(p > 0, p, 1.0)
    e = -(p * np.log(safe)).sum(axis=0) / np.log(n)
    d = 1.0 - e
    return d / d.sum(), e


def minmax(X, types):
    """x' = (x - min)/(max - min) for benefit (+1), (max - x)/(max - min) for cost (-1)."""
    X = np.asarray(X, dtype=float)
    lo, hi = X.min(axis=0), X.max(axis=0)
    benefit = (X - lo) / (hi - lo)
    cost = (hi - X) / (hi - lo)
    return np.where(np.asarray(types) > 0, benefit, cost)


def floats(a):
    return [float(repr_round(v)) for v in np.ravel(a)]


def repr_round(v):
    return "%.17g" % v


def write(name, payload):
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    # One line per innermost array (matrix rows, vectors).
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "]", text)
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
        f.write(text + "\n")


def check_printed(X, printed, decimals):
    w, _ = entropy(X)
    assert np.all(np.abs(np.round(w, decimals) - printed) < 1e-12), (w, printed)
    return w


# --- published vectors (raw sum normalisation, no direction flip) -------------------------------
PUBLISHED = [
    (
        "xu-2004",
        "Xu (2004), European Journal of Operational Research 156(2):530-532, doi:10.1016/S0377-2217(03)00146-2; "
        "vector as printed in methods.md §2.2 [V-peer: crispyn tests/test_weighting_methods.py]",
        [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]],
        [0.4630, 0.3992, 0.1378, 0.0000],
        4,
    ),
    (
        "zavadskas-podvezko-2016",
        "Zavadskas & Podvezko (2016), International Journal of Information Technology & Decision Making 15(2):267-283, "
        "doi:10.1142/S0219622016500036; methods.md §2.2 (types -,+,-,+ ignored) [V-peer: crispyn]",
        [[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]],
        [0.1146, 0.1981, 0.4185, 0.2689],
        4,
    ),
    (
        "ersoy-2021",
        "Ersoy (2021), LogForum 17(3), doi:10.17270/J.LOG.2021.603; methods.md §2.2 [V-peer: crispyn]",
        [
            [256, 8, 41, 1.6, 1.77, 7347.16],
            [256, 8, 32, 1.0, 1.8, 6919.99],
            [256, 8, 53, 1.6, 1.9, 8400],
            [256, 8, 41, 1.0, 1.75, 6808.9],
            [512, 8, 35, 1.6, 1.7, 8479.99],
            [256, 4, 35, 1.6, 1.7, 7499.99],
        ],
        [0.405, 0.221, 0.134, 0.199, 0.007, 0.034],
        3,
    ),
    (
        "lee-chang-2018",
        "Lee & Chang (2018), Renewable and Sustainable Energy Reviews 92:883-896, doi:10.1016/j.rser.2018.05.007; "
        "methods.md §2.2 [V-peer: crispyn]",
        [
            [4550, 30, 6.74, 20, 15, 5, 85, 150, 0.87, 4.76],
            [3005, 60.86, 2.4, 35, 27, 4, 26, 200, 0.17, 4.51],
            [2040, 14.85, 1.7, 90, 25, 5, 26, 500, 0.27, 4.19],
            [3370, 99.4, 3.25, 25.3, 54, 3, 45, 222, 0.21, 3.78],
            [3920, 112.6, 4.93, 11.4, 71.7, 2, 50, 100, 0.25, 4.11],
        ],
        [0.026, 0.154, 0.089, 0.199, 0.115, 0.040, 0.080, 0.123, 0.172, 0.002],
        3,
    ),
]

for name, source, X, printed, decimals in PUBLISHED:
    check_printed(X, np.array(printed), decimals)
    write(
        name,
        {
            "source": source,
            "generator": GENERATOR + " — expected is the printed vector; the script checks that numpy rounds to it",
            "tolerance": 0.5 * 10 ** (-decimals),
            "input": {"X": X, "options": {}},
            "expected": {"weights": printed},
        },
    )

# Ersoy unrounded [C] (methods.md §2.2 prints 6 decimals).
ersoy = np.array(PUBLISHED[2][2], dtype=float)
w_ersoy, e_ersoy = entropy(ersoy)
assert np.allclose(w_ersoy, [0.404732, 0.221291, 0.133573, 0.199416, 0.006801, 0.034188], atol=5e-7)
write(
    "ersoy-2021-unrounded",
    {
        "source": "methods.md §2.2, Ersoy (2021) matrix, unrounded weights [C]; re-derived by the generator",
        "generator": GENERATOR,
        "tolerance": 1e-9,
        "input": {"X": PUBLISHED[2][2], "options": {}},
        "expected": {"weights": floats(w_ersoy), "entropy": floats(e_ersoy)},
    },
)

# --- [C] variant table on the Zavadskas-Podvezko matrix, types (-,+,-,+) ---------------------------
ZP = np.array(PUBLISHED[1][2], dtype=float)
types = [-1, 1, -1, 1]
xp = minmax(ZP, types)
variants = {
    "raw": ZP,
    "none": xp,
    "add": xp + 1e-4,
    "interval": 1e-4 + (1 - 2e-4) * xp,
    "affine": 0.99 * xp + 0.01,
}
printed_table = {
    "raw": [0.1145754, 0.1980820, 0.4184612, 0.2688813],
    "none": [0.2517771, 0.2584133, 0.2181736, 0.2716359],
    "add": [0.2517728, 0.2584027, 0.2181861, 0.2716384],
    "interval": [0.2517728, 0.2584027, 0.2181861, 0.2716384],
    "affine": [0.2515549, 0.2578018, 0.2190952, 0.2715481],
}
expected_variants = {}
for key, P in variants.items():
    w, e = entropy(P)
    assert np.allclose(w, printed_table[key], atol=5e-8), (key, w)
    expected_variants[key] = {"weights": floats(w), "entropy": floats(e)}
w_add, e_add = entropy(variants["add"])
assert np.allclose(e_add, [0.7496999, 0.7431088, 0.7830901, 0.7299505], atol=5e-8)
scores = xp @ w_add
assert np.allclose(scores, [0.5307706, 0.4781330, 0.5234112, 0.5977593], atol=5e-8)
write(
    "zavadskas-podvezko-variants",
    {
        "source": "methods.md §2.2 'Variant sensitivity on the Zavadskas-Podvezko matrix' [C]; re-derived by the generator "
        "(agrees with the 7-decimal table)",
        "generator": GENERATOR,
        "tolerance": 1e-9,
        "input": {"X": ZP.tolist(), "directions": ["-", "+", "-", "+"], "delta": 1e-4},
        "expected": {
            "variants": expected_variants,
            "minmax": [floats(r) for r in xp],
            "scoresAdd": floats(scores),
        },
    },
)

# --- [C] panel versus per-year ----------------------------------------------------------------------
panel = np.array([[10, 5.0], [20, 4.0], [30, 3.5], [14, 4.5], [26, 3.8], [35, 3.0]])
year = np.array([0, 0, 0, 1, 1, 1])
ptypes = [1, -1]
xg = minmax(panel, ptypes)
wg, eg = entropy(xg + 1e-4)
sg = xg @ wg
assert np.allclose(wg, [0.5428261, 0.4571739], atol=5e-8)
assert np.allclose(sg, [0, 0.4457174, 0.7771413, 0.2011456, 0.6217130, 1], atol=5e-8)
per_year = []
for t in (0, 1):
    rows = panel[year == t]
    xt = minmax(rows, ptypes)  # normalised within the year
    wt, et = entropy(xt + 1e-4)
    per_year.append({"weights": floats(wt), "entropy": floats(et)})
assert np.allclose(per_year[0]["weights"], [0.5205461, 0.4794539], atol=5e-8)
assert np.allclose(per_year[1]["weights"], [0.4836385, 0.5163615], atol=5e-8)
write(
    "panel-vs-per-year",
    {
        "source": "methods.md §2.2 'Panel versus per-year' [C] (3 regions x 2 years, min-max + 0.0001); re-derived by the "
        "generator. Global: min-max over the pooled panel, k = 1/ln(6). Per year: min-max within each year, k = 1/ln(3).",
        "generator": GENERATOR,
        "tolerance": 1e-9,
        "input": {"X": panel.tolist(), "groups": year.tolist(), "directions": ["+", "-"], "delta": 1e-4},
        "expected": {
            "globalWeights": floats(wg),
            "globalScores": floats(sg),
            "perYear": per_year,
            "meanOfYears": floats((np.array(per_year[0]["weights"]) + np.array(per_year[1]["weights"])) / 2),
        },
    },
)
print("entropy-weights fixtures written")
