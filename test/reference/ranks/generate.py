"""Reference fixtures for ranks.ts: scipy.stats.rankdata and scipy.stats.spearmanr.

Run: cd test/reference/ranks && /usr/bin/python3 generate.py   (Debian python3-scipy 1.10.1)
"""
import json
import re
import numpy as np
import scipy
from scipy import stats

GEN = "test/reference/ranks/generate.py (scipy %s): /usr/bin/python3 generate.py" % scipy.__version__


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, <= 17 digits)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


rng = np.random.default_rng(3)
x = np.round(rng.uniform(0, 1, 12), 1)  # rounding to 1 decimal makes ties
groups = np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
write("rankdata", {
    "source": "scipy.stats.rankdata of -x (rank 1 = largest) with method 'min' and 'average', pooled and within groups",
    "generator": GEN,
    "tolerance": 0,
    "input": {"scores": x.tolist(), "groups": groups.tolist()},
    "expected": {
        "min": stats.rankdata(-x, method="min").tolist(),
        "average": stats.rankdata(-x, method="average").tolist(),
        "ascendingAverage": stats.rankdata(x, method="average").tolist(),
        "minByGroup": np.concatenate([stats.rankdata(-x[groups == g], method="min") for g in range(3)]).tolist(),
    },
})
a = np.round(rng.normal(size=25), 1)
b = np.round(a + rng.normal(size=25), 1)
c = rng.normal(size=25)
cases = [(a, b), (a, c), (b, -a), (np.arange(10.0), np.arange(10.0) ** 3)]
write("spearman", {
    "source": "scipy.stats.spearmanr(a, b).correlation (ties get average ranks)",
    "generator": GEN,
    "tolerance": 1e-12,
    "input": {"a": [p[0].tolist() for p in cases], "b": [p[1].tolist() for p in cases]},
    "expected": {"rho": [float(stats.spearmanr(p[0], p[1]).correlation) for p in cases]},
})
