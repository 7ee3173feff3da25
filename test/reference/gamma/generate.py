"""Reference fixtures for gamma.ts: scipy.special.gammaln, gammainc (P), gammaincc (Q) and scipy.stats.chi2.sf.

Run: cd test/reference/gamma && /usr/bin/python3 generate.py   (Debian python3-scipy 1.10.1)
"""
import json
import re
import numpy as np
import scipy
from scipy import special, stats

GEN = "test/reference/gamma/generate.py (scipy %s): /usr/bin/python3 generate.py" % scipy.__version__


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, <= 17 digits)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


xs = [1e-3, 0.1, 0.25, 0.5, 0.9, 1.0, 1.5, 2.0, 2.5, 3.7, 5.0, 10.0, 17.3, 50.0, 100.0, 171.5, 1000.0, 12345.6]
write("log-gamma", {
    "source": "scipy.special.gammaln",
    "generator": GEN,
    "tolerance": 1e-13,
    "tolerance_reason": "relative (plus 1e-15 absolute near the zeros at x = 1, 2): the Lanczos g = 7 approximation is good to ~1e-15",
    "input": {"x": xs},
    "expected": {"logGamma": [float(special.gammaln(x)) for x in xs]},
})
a_values = [0.1, 0.5, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0, 100.0, 500.0]
x_values = [0.001, 0.1, 0.5, 1.0, 2.0, 5.0, 9.5, 10.5, 30.0, 100.0, 480.0, 520.0, 700.0]
pairs = [(a, x) for a in a_values for x in x_values]
write("incomplete-gamma", {
    "source": "scipy.special.gammainc (P) and gammaincc (Q) on a grid of a and x",
    "generator": GEN,
    "tolerance": 1e-12,
    "tolerance_reason": "relative, plus 1e-300 absolute; the prefactor e^-x x^a / Gamma(a) limits accuracy to ~1e-16 a ln a (a <= 500 here)",
    "input": {"a": [p[0] for p in pairs], "x": [p[1] for p in pairs]},
    "expected": {"P": [float(special.gammainc(a, x)) for a, x in pairs],
                 "Q": [float(special.gammaincc(a, x)) for a, x in pairs]},
})
chi = [(0.5, 1), (3.84, 1), (2.0, 2), (7.8, 3), (10.0, 6), (45.0, 28), (120.3, 66), (0.0, 4), (500.0, 435), (40.0, 10)]
write("chi-square", {
    "source": "scipy.stats.chi2.sf(x, df)",
    "generator": GEN,
    "tolerance": 1e-12,
    "tolerance_reason": "relative, plus 1e-300 absolute",
    "input": {"x": [c[0] for c in chi], "df": [c[1] for c in chi]},
    "expected": {"pValue": [float(stats.chi2.sf(x, df)) for x, df in chi]},
})
