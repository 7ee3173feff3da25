"""Reference fixtures for topsis(): an independent numpy TOPSIS, plus values typed from methods.md §2.8.

Run: cd test/reference/topsis && /usr/bin/python3 generate.py   (Debian python3-numpy 1.24.2)
"""
import json
import re
import numpy as np

GEN = "test/reference/topsis/generate.py (numpy %s): /usr/bin/python3 generate.py" % np.__version__


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, <= 17 digits)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


def vector_normalise(X):
    return X / np.sqrt((X ** 2).sum(axis=0))


def minmax(X, types):
    lo, hi = X.min(axis=0), X.max(axis=0)
    return np.where(types > 0, (X - lo) / (hi - lo), (hi - X) / (hi - lo))


def sum_entropy_weights(X):
    """Entropy weights on p_ij = x_ij / sum_i x_ij, k = 1/ln n (no zeros in these matrices)."""
    P = X / X.sum(axis=0)
    e = -(P * np.log(P)).sum(axis=0) / np.log(X.shape[0])
    return (1 - e) / (1 - e).sum()


def topsis(Z, w, types):
    V = Z * w
    best = np.where(types > 0, V.max(axis=0), V.min(axis=0))
    worst = np.where(types > 0, V.min(axis=0), V.max(axis=0))
    dp = np.sqrt(((V - best) ** 2).sum(axis=1))
    dm = np.sqrt(((V - worst) ** 2).sum(axis=1))
    return dm / (dp + dm), dp, dm


def dirs(types):
    return ["+" if t > 0 else "-" for t in types]


ERSOY_X = np.array([
    [256, 8, 41, 1.6, 1.77, 7347.16], [256, 8, 32, 1.0, 1.8, 6919.99], [256, 8, 53, 1.6, 1.9, 8400],
    [256, 8, 41, 1.0, 1.75, 6808.9], [512, 8, 35, 1.6, 1.7, 8479.99], [256, 4, 35, 1.6, 1.7, 7499.99]])
ERSOY_T = np.array([1, 1, 1, 1, -1, -1])
ERSOY_W_PRINTED = np.array([0.405, 0.221, 0.134, 0.199, 0.007, 0.034])
ERSOY_W_UNROUNDED = np.array([0.404732, 0.221291, 0.133573, 0.199416, 0.006801, 0.034188])
ERSOY_SOURCE = ("Ersoy (2021), LogForum 17(3), entropy-TOPSIS example, via pyrepo-mcda tests/test_mcda_methods.py; "
                "methods.md §2.2 and §2.8")

# --- values typed from methods.md (not computed here) ---
write("ersoy-2021-printed", {
    "source": ERSOY_SOURCE + ". Closeness printed to 3 decimals; it matches the unrounded entropy weights "
              "(methods.md §2.2 unrounded [C] weights, 6 decimals), not the 3-decimal weights.",
    "generator": "typed by generate.py from methods.md §2.8 (not computed)",
    "tolerance": 5e-4,
    "tolerance_reason": "half a unit in the third printed decimal",
    "input": {"X": ERSOY_X.tolist(), "weights": ERSOY_W_UNROUNDED.tolist(), "directions": dirs(ERSOY_T),
              "normalisation": "vector"},
    "expected": {"closeness": [0.308, 0.254, 0.327, 0.263, 0.857, 0.192]},
})
write("ersoy-2021-rounded-weights-printed", {
    "source": ERSOY_SOURCE + ". Unrounded closeness [C] printed to 4 decimals for the 3-decimal weights.",
    "generator": "typed by generate.py from methods.md §2.8 (not computed)",
    "tolerance": 1e-4,
    "tolerance_reason": "printed to 4 decimals",
    "input": {"X": ERSOY_X.tolist(), "weights": ERSOY_W_PRINTED.tolist(), "directions": dirs(ERSOY_T),
              "normalisation": "vector"},
    "expected": {"closeness": [0.3075, 0.2536, 0.3272, 0.2623, 0.8563, 0.1914]},
})
MCDM_D = np.array([[6, 2], [7, 2.75], [10, 3.5]])
MCDM_T = np.array([-1, 1])
write("mcdm-topsisvector-printed", {
    "source": "R package MCDM, TOPSISVector documentation example (d, w = (0.5, 0.5), cb = c('min', 'max')); "
              "the page prints no result, methods.md §2.8 gives the computed [C] closeness to 6 decimals",
    "generator": "typed by generate.py from methods.md §2.8 (not computed)",
    "tolerance": 5e-7,
    "tolerance_reason": "half a unit in the sixth printed decimal",
    "input": {"X": MCDM_D.tolist(), "weights": [0.5, 0.5], "directions": dirs(MCDM_T), "normalisation": "vector"},
    "expected": {"closeness": [0.488941, 0.612086, 0.511059]},
})
ZP_X = np.array([[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]])
ZP_T = np.array([-1, 1, -1, 1])
write("minmax-entropy-zp-printed", {
    "source": "Zavadskas & Podvezko (2016) IJITDM 15(2) matrix, types (-,+,-,+); min-max with direction, entropy "
              "weights from x' + 0.0001, TOPSIS on x' (methods.md §2.8, [C] to 7 decimals)",
    "generator": "typed by generate.py from methods.md §2.8 (not computed)",
    "tolerance": 1e-7,
    "tolerance_reason": "printed to 7 decimals",
    "input": {"Zprime": minmax(ZP_X, ZP_T).tolist(), "weights": [0.2517728, 0.2584027, 0.2181861, 0.2716384],
              "directions": ["+", "+", "+", "+"], "normalisation": "minmax (x' in input)"},
    "expected": {"closeness": [0.5128083, 0.4688862, 0.5227057, 0.5906732]},
})

# --- computed here with numpy, full precision ---
for name, w, note in [("ersoy-2021-numpy", ERSOY_W_PRINTED, "3-decimal printed weights"),
                      ("ersoy-2021-entropy-weights-numpy", sum_entropy_weights(ERSOY_X),
                       "entropy weights of the raw matrix (sum normalisation), full precision")]:
    c, dp, dm = topsis(vector_normalise(ERSOY_X), w, ERSOY_T)
    write(name, {
        "source": ERSOY_SOURCE + "; " + note,
        "generator": GEN,
        "tolerance": 1e-9,
        "input": {"X": ERSOY_X.tolist(), "weights": w.tolist(), "directions": dirs(ERSOY_T), "normalisation": "vector"},
        "expected": {"closeness": c.tolist(), "dPlus": dp.tolist(), "dMinus": dm.tolist()},
    })
c, dp, dm = topsis(vector_normalise(MCDM_D), np.array([0.5, 0.5]), MCDM_T)
write("mcdm-topsisvector-numpy", {
    "source": "R package MCDM, TOPSISVector documentation example",
    "generator": GEN,
    "tolerance": 1e-9,
    "input": {"X": MCDM_D.tolist(), "weights": [0.5, 0.5], "directions": dirs(MCDM_T), "normalisation": "vector"},
    "expected": {"closeness": c.tolist(), "dPlus": dp.tolist(), "dMinus": dm.tolist()},
})
Zp = minmax(ZP_X, ZP_T)
w = sum_entropy_weights(Zp + 1e-4)
ones = np.ones(4)
c, dp, dm = topsis(Zp, w, ones)
V = Zp * w
du = np.sqrt(((V - w) ** 2).sum(axis=1))
dl = np.sqrt((V ** 2).sum(axis=1))
write("minmax-entropy-zp-numpy", {
    "source": "Zavadskas & Podvezko (2016) IJITDM 15(2) matrix, types (-,+,-,+); min-max with direction, entropy "
              "weights from x' + 0.0001, TOPSIS on x' with the data ideal and with the unit ideal (w, 0)",
    "generator": GEN,
    "tolerance": 1e-9,
    "input": {"Zprime": Zp.tolist(), "weights": w.tolist(), "directions": ["+", "+", "+", "+"]},
    "expected": {"closeness": c.tolist(), "dPlus": dp.tolist(), "dMinus": dm.tolist(),
                 "closenessUnitIdeal": (dl / (du + dl)).tolist()},
})
