"""Reference fixtures for ahp(): numpy.linalg.eig for the principal eigenpair, plus values typed from methods.md §2.6.

Run: cd test/reference/ahp && /usr/bin/python3 generate.py   (Debian python3-numpy 1.24.2)
"""
import json
import re
import numpy as np

GEN = "test/reference/ahp/generate.py (numpy %s): /usr/bin/python3 generate.py" % np.__version__
RI = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, <= 17 digits)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


def consistency(A, w):
    n = len(w)
    lam = float(np.mean(A @ w / w))
    ci = 0.0 if n <= 2 else (lam - n) / (n - 1)
    cr = 0.0 if n <= 2 else ci / RI[n - 1]
    return {"weights": w.tolist(), "lambdaMax": lam, "ci": ci, "cr": cr, "ri": RI[n - 1]}


def all_methods(A):
    values, vectors = np.linalg.eig(A)
    k = int(np.argmax(values.real))
    v = np.abs(vectors[:, k].real)
    eigen = consistency(A, v / v.sum())
    eigen["lambdaMaxEig"] = float(values[k].real)  # numpy's eigenvalue, for the record
    g = np.exp(np.log(A).mean(axis=1))
    c = (A / A.sum(axis=0)).mean(axis=1)
    return {"eigen": eigen, "geometric": consistency(A, g / g.sum()), "column-average": consistency(A, c / c.sum())}


# --- typed from methods.md §2.6 (not computed) ---
write("random-index", {
    "source": "Saaty's random index RI for n = 1..15 as in the AHPWR R package source (methods.md §2.6 [V])",
    "generator": "typed by generate.py from methods.md §2.6 (not computed)",
    "tolerance": 0,
    "input": {},
    "expected": {"ri": RI},
})
SAATY3 = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
write("saaty-3x3-printed", {
    "source": "methods.md §2.6 vector [C; matches common textbook values], printed to 7 decimals",
    "generator": "typed by generate.py from methods.md §2.6 (not computed)",
    "tolerance": 1e-7,
    "tolerance_reason": "printed to 7 decimals",
    "input": {"A": [[1, 3, 5], ["1/3", 1, 3], ["1/5", "1/3", 1]]},
    "expected": {
        "eigen": {"weights": [0.6369856, 0.2582850, 0.1047294], "lambdaMax": 3.0385111, "ci": 0.0192555,
                  "cr": 0.0331992},
        "geometric": {"weights": [0.6369856, 0.2582850, 0.1047294]},
        "column-average": {"weights": [0.6333457, 0.2604980, 0.1061563]},
    },
})

# --- computed with numpy ---
CASES = {
    "saaty-3x3-numpy": (SAATY3, "methods.md §2.6 matrix [[1,3,5],[1/3,1,3],[1/5,1/3,1]]"),
    # A 5-criterion matrix with moderate inconsistency (CR < 0.1), built for this test.
    "five-criteria-numpy": (None, "a 5 × 5 reciprocal matrix on Saaty's scale with CR < 0.1, made up for this test"),
    # A 4-criterion matrix with intransitive judgements (CR > 0.1), made up for this test.
    "inconsistent-4-numpy": (None, "a 4 × 4 reciprocal matrix with intransitive judgements (CR > 0.1), made up for this test"),
}
UPPER5 = {(0, 1): 2, (0, 2): 3, (0, 3): 5, (0, 4): 7, (1, 2): 2, (1, 3): 3, (1, 4): 5, (2, 3): 3, (2, 4): 3, (3, 4): 2}
UPPER4 = {(0, 1): 3, (0, 2): 1 / 5, (0, 3): 7, (1, 2): 5, (1, 3): 1 / 3, (2, 3): 4}


def reciprocal(n, upper):
    A = np.ones((n, n))
    for (i, j), v in upper.items():
        A[i, j] = v
        A[j, i] = 1 / v
    return A


for name, (A, source) in CASES.items():
    if name == "five-criteria-numpy":
        A = reciprocal(5, UPPER5)
    elif name == "inconsistent-4-numpy":
        A = reciprocal(4, UPPER4)
    write(name, {
        "source": source,
        "generator": GEN + "; eigen: numpy.linalg.eig principal eigenvector, λmax = mean((A w)_i / w_i)",
        "tolerance": 1e-9,
        "input": {"A": A.tolist()},
        "expected": all_methods(A),
    })
