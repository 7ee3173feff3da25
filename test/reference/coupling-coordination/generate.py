"""Reference fixtures for couplingCoordination(): an independent numpy implementation, plus the vectors typed
from methods.md §2.10.

Run: cd test/reference/coupling-coordination && /usr/bin/python3 generate.py   (Debian python3-numpy 1.24.2)
"""
import json
import re
import numpy as np

GEN = "test/reference/coupling-coordination/generate.py (numpy %s): /usr/bin/python3 generate.py" % np.__version__


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, <= 17 digits)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


def standard(U, alpha):
    n = len(U)
    C = n * (np.prod(U) / np.sum(U) ** n) ** (1 / n)
    T = float(np.dot(alpha, U))
    return float(C), T, float(np.sqrt(C * T))


def modified(U, alpha):
    n = len(U)
    spread = sum(abs(U[i] - U[j]) for i in range(n) for j in range(i + 1, n))
    C = np.sqrt((1 - spread / sum(range(1, n))) * (np.prod(U) / np.max(U)) ** (1 / (n - 1)))
    T = float(np.dot(alpha, U))
    return float(C), T, float(np.sqrt(C * T))


write("methods-vectors-printed", {
    "source": "methods.md §2.10 vectors [C], equal alpha, printed to 7 decimals; the modified C is the recalled "
              "王淑佳 et al. (2021) form [R]",
    "generator": "typed by generate.py from methods.md §2.10 (not computed)",
    "tolerance": 1e-7,
    "tolerance_reason": "printed to 7 decimals",
    "input": {"U": [[0.3, 0.5], [0.3, 0.5, 0.7]]},
    "expected": {
        "standard": [{"C": 0.9682458, "T": 0.4, "D": 0.6223330}, {"C": 0.9435388, "T": 0.5, "D": 0.6868547}],
        "modified": [{"C": 0.4898979}, {"C": 0.5329341}],
    },
})
rng = np.random.default_rng(7)
cases = []
for n in (2, 3, 4):
    U = rng.uniform(0.05, 1, size=(5, n))
    alpha = rng.dirichlet(np.ones(n))
    for variant, f in (("standard", standard), ("modified", modified)):
        for a_name, a in (("equal", np.full(n, 1 / n)), ("dirichlet", alpha)):
            res = [f(u, a) for u in U]
            cases.append((
                {"variant": variant, "alphaKind": a_name, "alpha": a.tolist(), "U": U.tolist()},
                {"C": [x[0] for x in res], "T": [x[1] for x in res], "D": [x[2] for x in res]},
            ))
write("random-numpy", {
    "source": "5 rows of uniform(0.05, 1) subsystem scores for n = 2, 3, 4 (numpy default_rng(7)); equal and "
              "Dirichlet alpha; standard and modified [R] coupling",
    "generator": GEN,
    "tolerance": 1e-9,
    "input": {"cases": [c[0] for c in cases]},
    "expected": {"cases": [c[1] for c in cases]},
})
write("methods-vectors-numpy", {
    "source": "methods.md §2.10 vectors, equal alpha",
    "generator": GEN,
    "tolerance": 1e-9,
    "input": {"U": [[0.3, 0.5], [0.3, 0.5, 0.7]]},
    "expected": {
        "standard": [dict(zip("CTD", standard(np.array(u), np.full(len(u), 1 / len(u))))) for u in ([0.3, 0.5], [0.3, 0.5, 0.7])],
        "modified": [dict(zip("CTD", modified(np.array(u), np.full(len(u), 1 / len(u))))) for u in ([0.3, 0.5], [0.3, 0.5, 0.7])],
    },
})
