"""Reference fixtures for greyRelational(): an independent numpy implementation of Deng's coefficients,
plus the vector typed from methods.md §2.9.

Run: cd test/reference/grey-relational && /usr/bin/python3 generate.py   (Debian python3-numpy 1.24.2)
"""
import json
import re
import numpy as np

GEN = "test/reference/grey-relational/generate.py (numpy %s): /usr/bin/python3 generate.py" % np.__version__


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, <= 17 digits)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


def grey(Z, x0, rho=0.5, w=None):
    delta = np.abs(Z - x0)
    xi = (delta.min() + rho * delta.max()) / (delta + rho * delta.max())
    w = np.full(Z.shape[1], 1 / Z.shape[1]) if w is None else w / w.sum()
    return xi, xi @ w


Z3 = np.array([[0.8, 0.6, 0.9], [0.5, 0.9, 0.4], [0.7, 0.7, 0.7]])
write("deng-3x3-printed", {
    "source": "methods.md §2.9 vector [C], reference = column maxima, rho = 0.5, printed to 7 decimals",
    "generator": "typed by generate.py from methods.md §2.9 (not computed)",
    "tolerance": 1e-7,
    "tolerance_reason": "printed to 7 decimals",
    "input": {"Z": Z3.tolist(), "reference": "max", "rho": 0.5},
    "expected": {
        "coefficients": [[1, 0.4545455, 1], [0.4545455, 1, 0.3333333], [0.7142857, 0.5555556, 0.5555556]],
        "grades": [0.8181818, 0.5959596, 0.6084656],
    },
})
xi, r = grey(Z3, Z3.max(axis=0))
write("deng-3x3-numpy", {
    "source": "methods.md §2.9 matrix, reference = column maxima, rho = 0.5",
    "generator": GEN,
    "tolerance": 1e-9,
    "input": {"Z": Z3.tolist(), "reference": "max", "rho": 0.5},
    "expected": {"coefficients": xi.tolist(), "grades": r.tolist()},
})
rng = np.random.default_rng(20240601)
Z = rng.uniform(0, 1, size=(6, 4))
w = np.array([0.4, 0.3, 0.2, 0.1])
xi, r = grey(Z, Z.mean(axis=0), rho=0.3, w=w)
write("random-6x4-mean-weighted-numpy", {
    "source": "a 6 × 4 uniform(0, 1) matrix (numpy default_rng(20240601)); reference = column means, rho = 0.3, weights (0.4, 0.3, 0.2, 0.1)",
    "generator": GEN,
    "tolerance": 1e-9,
    "input": {"Z": Z.tolist(), "reference": "mean", "rho": 0.3, "weights": w.tolist()},
    "expected": {"coefficients": xi.tolist(), "grades": r.tolist()},
})
