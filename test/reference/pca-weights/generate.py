"""Reference fixtures for pcaWeights(): numpy.linalg.eigh of the correlation matrix (sign-fixed: largest-|entry|
positive), KMO from numpy.linalg.inv, Bartlett's p-value from scipy.stats.chi2.sf.

The data are copied into the fixtures, so this script is needed only to regenerate them. It reads
/work/shared/data/pwt1001.csv (Penn World Table 10.01, Feenstra, Inklaar & Timmer 2015, AER 105(10);
DataverseNL doi:10.34894/QT5BCC; CC BY 4.0, via the R package pwt10 10.01-0).

Run: cd test/reference/pca-weights && /usr/bin/python3 generate.py   (Debian python3-numpy 1.24.2, python3-scipy 1.10.1)
"""
import csv
import json
import re
import numpy as np
import scipy
from scipy import stats

GEN = ("test/reference/pca-weights/generate.py (numpy %s, scipy %s): /usr/bin/python3 generate.py"
       % (np.__version__, scipy.__version__))
PWT = "/work/shared/data/pwt1001.csv"


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, <= 17 digits)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


def sign_fixed_eigh(R):
    values, vectors = np.linalg.eigh(R)
    order = np.argsort(-values, kind="stable")
    values, vectors = values[order], vectors[:, order]
    for k in range(vectors.shape[1]):
        v = vectors[:, k]
        first = int(np.nonzero(np.abs(v) >= np.abs(v).max() * (1 - 1e-10))[0][0])
        if v[first] < 0:
            vectors[:, k] = -v
    return values, vectors


def pca(X, retain="kaiser"):
    n, m = X.shape
    Z = (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)
    R = np.corrcoef(X, rowvar=False)
    values, vectors = sign_fixed_eigh(R)
    if retain == "kaiser":
        K = max(1, int((values > 1).sum()))
    elif "variance" in retain:
        K = int(np.argmax(np.cumsum(values) / m >= retain["variance"] - 1e-12)) + 1
    else:
        K = retain["components"]
    U = vectors[:, :K]
    share = values[:K] / values[:K].sum()
    F = Z @ U
    loadings = U * np.sqrt(values[:K])
    raw = (np.abs(loadings) / np.sqrt(values[:K])) @ share
    out = {
        "eigenvalues": values.tolist(),
        "explainedVariance": (values / m).tolist(),
        "retained": K,
        "loadings": loadings.tolist(),
        "coefficients": U.tolist(),
        "componentScores": F.tolist(),
        "score": (F @ share).tolist(),
        "weights": (raw / raw.sum()).tolist(),
    }
    if values[-1] > 1e-10:
        S = np.linalg.inv(R)
        Q = -S / np.sqrt(np.outer(np.diag(S), np.diag(S)))
        off = ~np.eye(m, dtype=bool)
        r2 = np.where(off, R ** 2, 0).sum(axis=0)
        q2 = np.where(off, Q ** 2, 0).sum(axis=0)
        chi = -(n - 1 - (2 * m + 5) / 6) * np.log(np.linalg.det(R))
        df = m * (m - 1) / 2
        out.update({
            "diagnosticsStatus": "ok",
            "kmo": float(r2.sum() / (r2.sum() + q2.sum())),
            "kmoPerIndicator": (r2 / (r2 + q2)).tolist(),
            "bartlett": {"chiSquare": float(chi), "df": df, "pValue": float(stats.chi2.sf(chi, df))},
        })
    else:
        out["diagnosticsStatus"] = "singular_correlation"
    return out


COLUMNS = ["hc", "avh", "ctfp", "csh_i"]
with open(PWT, newline="") as f:
    rows = [r for r in csv.DictReader(f) if r["year"] == "2019" and all(r[c] for c in COLUMNS)][:20]
X = np.array([[float(r[c]) for c in COLUMNS] for r in rows])
SOURCE = ("Penn World Table 10.01 (Feenstra, Inklaar & Timmer 2015, AER 105(10); doi:10.34894/QT5BCC; CC BY 4.0), "
          "file /work/shared/data/pwt1001.csv: year 2019, the first 20 countries in file order with hc, avh, ctfp and "
          "csh_i all present")
for name, retain in [("pwt-2019-20x4-kaiser", "kaiser"), ("pwt-2019-20x4-variance-90", {"variance": 0.9}),
                     ("pwt-2019-20x4-components-3", {"components": 3})]:
    write(name, {
        "source": SOURCE,
        "generator": GEN,
        "tolerance": 1e-9,
        "input": {"countries": [r["countrycode"] for r in rows], "names": COLUMNS, "X": X.tolist(), "retain": retain},
        "expected": pca(X, retain),
    })

LEE = np.array([[4550, 30, 6.74, 20, 15, 5, 85, 150, 0.87, 4.76], [3005, 60.86, 2.4, 35, 27, 4, 26, 200, 0.17, 4.51],
                [2040, 14.85, 1.7, 90, 25, 5, 26, 500, 0.27, 4.19], [3370, 99.4, 3.25, 25.3, 54, 3, 45, 222, 0.21, 3.78],
                [3920, 112.6, 4.93, 11.4, 71.7, 2, 50, 100, 0.25, 4.11]])
res = pca(LEE)
# Eigenvectors of the zero eigenvalues are not unique: keep the retained part and the eigenvalues.
write("lee-chang-2018-5x10", {
    "source": "Lee & Chang (2018) RSER 92:883–896 decision matrix, 5 × 10 (methods.md §2.2): 5 rows, so R has rank ≤ 4",
    "generator": GEN,
    "tolerance": 1e-9,
    "input": {"X": LEE.tolist(), "retain": "kaiser"},
    "expected": {k: res[k] for k in ("eigenvalues", "retained", "loadings", "score", "weights", "diagnosticsStatus")},
})
