#!/usr/bin/env python3
"""Fixtures for normalize (methods.md §2.1), written beside this script: numpy's values with 17
significant digits, from the formulas written directly (not from the TypeScript code).

zavadskas-podvezko: the Zavadskas & Podvezko (2016) matrix, types (-,+,-,+), every method and shift.
panel-scopes: the methods.md §2.2 3-region x 2-year panel, min-max with (+,-), pooled / by-period /
base-period (year 0) scopes.

Run: python3 test/reference/normalize/generate.py   (Debian python3-numpy)
"""
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "python3 test/reference/normalize/generate.py (numpy %s)" % np.__version__


def write(name, payload):
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "]", text)
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
        f.write(text + "\n")


def rows(a):
    return [[float(v) for v in r] for r in np.asarray(a)]


def minmax(X, types, lo=None, hi=None):
    X = np.asarray(X, dtype=float)
    lo = X.min(axis=0) if lo is None else lo
    hi = X.max(axis=0) if hi is None else hi
    return np.where(np.asarray(types) > 0, (X - lo) / (hi - lo), (hi - X) / (hi - lo))


ZP = np.array([[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]])
types = np.array([-1, 1, -1, 1])
xp = minmax(ZP, types)
z = (ZP - ZP.mean(axis=0)) / ZP.std(axis=0, ddof=1) * types
write("zavadskas-podvezko", {
    "source": "independent formulation (numpy) of methods.md §2.1 on the Zavadskas & Podvezko (2016) matrix "
    "(IJITDM 15(2):267-283, doi:10.1142/S0219622016500036), types (-,+,-,+) [C]",
    "generator": GENERATOR,
    "tolerance": 1e-12,
    "input": {"X": ZP.tolist(), "directions": ["-", "+", "-", "+"], "delta": 1e-4},
    "expected": {
        "minmax": rows(xp),
        "add": rows(xp + 1e-4),
        "interval": rows(1e-4 + (1 - 2e-4) * xp),
        "affine": rows(0.99 * xp + 0.01),
        "zscore": rows(z),
        "vector": rows(ZP / np.sqrt((ZP ** 2).sum(axis=0))),
        "sum": rows(ZP / ZP.sum(axis=0)),
        "min": ZP.min(axis=0).tolist(),
        "max": ZP.max(axis=0).tolist(),
        "mean": ZP.mean(axis=0).tolist(),
        "sd": ZP.std(axis=0, ddof=1).tolist(),
    },
})

panel = np.array([[10, 5.0], [20, 4.0], [30, 3.5], [14, 4.5], [26, 3.8], [35, 3.0]])
year = np.array([0, 0, 0, 1, 1, 1])
ptypes = np.array([1, -1])
by_period = np.zeros_like(panel)
for t in (0, 1):
    by_period[year == t] = minmax(panel[year == t], ptypes)
base = panel[year == 0]
base_period = minmax(panel, ptypes, base.min(axis=0), base.max(axis=0))
write("panel-scopes", {
    "source": "independent formulation (numpy) of methods.md §2.1 panel choices on the methods.md §2.2 "
    "'Panel versus per-year' data (3 regions x 2 years, types (+,-)) [C]",
    "generator": GENERATOR,
    "tolerance": 1e-12,
    "input": {"X": panel.tolist(), "groups": year.tolist(), "directions": ["+", "-"], "basePeriod": 0},
    "expected": {
        "pooled": rows(minmax(panel, ptypes)),
        "byPeriod": rows(by_period),
        "basePeriod": rows(base_period),
    },
})
print("normalize fixtures written")
