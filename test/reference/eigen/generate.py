"""Reference fixtures for symmetricEigen(): numpy.linalg.eigh (LAPACK syevd), reordered to descending values
and sign-fixed as symmetricEigen documents (the first entry whose magnitude is within a relative 1e-10 of the
largest is made positive).

Run: cd test/reference/eigen && /usr/bin/python3 generate.py   (Debian python3-numpy 1.24.2)
"""
import json
import re
import numpy as np

GEN = "test/reference/eigen/generate.py (numpy %s, numpy.linalg.eigh): /usr/bin/python3 generate.py" % np.__version__


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, <= 17 digits)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


def eig_desc(A):
    values, vectors = np.linalg.eigh(A)
    order = np.argsort(-values, kind="stable")
    values, vectors = values[order], vectors[:, order]
    for k in range(vectors.shape[1]):
        v = vectors[:, k]
        big = np.abs(v).max()
        first = int(np.nonzero(np.abs(v) >= big * (1 - 1e-10))[0][0])
        if v[first] < 0:
            vectors[:, k] = -v
    return values, vectors


rng = np.random.default_rng(11)
B = rng.normal(size=(5, 5))
hilbert = np.array([[1 / (i + j + 1) for j in range(4)] for i in range(4)])
W = rng.normal(size=(30, 6)) @ rng.normal(size=(6, 6))
corr = np.corrcoef(W, rowvar=False)
cases = [
    ("2x2", np.array([[2.0, 1.0], [1.0, 2.0]]), "[[2, 1], [1, 2]] (the doc example)"),
    ("random-5x5", (B + B.T) / 2, "(B + B')/2, B 5 × 5 standard normal, numpy default_rng(11)"),
    ("hilbert-4x4", hilbert, "the 4 × 4 Hilbert matrix 1/(i + j + 1) (ill-conditioned)"),
    ("correlation-6x6", corr, "correlation matrix of 30 × 6 correlated normals (default_rng(11), after the 5 × 5 draw)"),
    ("indefinite-3x3", np.array([[0.0, 2.0, -1.0], [2.0, -3.0, 0.5], [-1.0, 0.5, 4.0]]), "a small indefinite matrix"),
]
for name, A, source in cases:
    values, vectors = eig_desc(A)
    gaps = np.min(np.abs(np.diff(values)))
    write(name, {
        "source": source,
        "generator": GEN,
        "tolerance": 1e-12,
        "tolerance_reason": "LAPACK and Jacobi both reach ~1e-15 relative; 1e-12 absolute leaves room (smallest eigenvalue gap %.3g)" % gaps,
        "input": {"A": A.tolist()},
        "expected": {"values": values.tolist(), "vectors": vectors.tolist()},
    })
