"""Reference fixtures for obstacleDegree(): an independent numpy implementation, plus the vector typed from
methods.md §2.11.

Run: cd test/reference/obstacle-degree && /usr/bin/python3 generate.py   (Debian python3-numpy 1.24.2)
"""
import json
import re
import numpy as np

GEN = "test/reference/obstacle-degree/generate.py (numpy %s): /usr/bin/python3 generate.py" % np.__version__


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, <= 17 digits)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


X = np.array([[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]])
types = np.array([-1, 1, -1, 1])
lo, hi = X.min(axis=0), X.max(axis=0)
Zp = np.where(types > 0, (X - lo) / (hi - lo), (hi - X) / (hi - lo))
P = (Zp + 1e-4) / (Zp + 1e-4).sum(axis=0)
e = -(P * np.log(P)).sum(axis=0) / np.log(4)
w = (1 - e) / (1 - e).sum()
SOURCE = ("Zavadskas & Podvezko (2016) IJITDM 15(2) matrix, types (-,+,-,+): x' = min-max with direction, F = entropy "
          "weights of x' + 0.0001 (methods.md §2.2, §2.11)")
write("zp-printed", {
    "source": SOURCE + "; obstacle vector [C] printed to 7 decimals",
    "generator": "typed by generate.py from methods.md §2.11 (not computed); Zprime and weights computed by generate.py",
    "tolerance": 1e-7,
    "tolerance_reason": "printed to 7 decimals",
    "input": {"Zprime": Zp.tolist(), "weights": w.tolist()},
    "expected": {"obstacles": [[0.5365665, 0, 0.0774980, 0.3859355], [0.2814270, 0.1980602, 0, 0.5205128],
                               [0, 0.5421922, 0.4578078, 0], [0.2086419, 0.3854449, 0.1808089, 0.2251043]]},
})
F = w * (1 - Zp)
O = F / F.sum(axis=1, keepdims=True)
dims = np.array([0, 0, 1, 1])
write("zp-numpy", {
    "source": SOURCE + "; dimensions {1, 2} and {3, 4}",
    "generator": GEN,
    "tolerance": 1e-9,
    "input": {"Zprime": Zp.tolist(), "weights": w.tolist(), "dimensions": dims.tolist()},
    "expected": {"obstacles": O.tolist(),
                 "dimensionObstacles": np.stack([O[:, dims == d].sum(axis=1) for d in (0, 1)], axis=1).tolist()},
})
