"""Reference fixtures for sbm(): an independent SciPy/HiGHS formulation, plus values typed from methods.md §4.8.

Run: cd test/reference/sbm && /usr/bin/python3 generate.py   (Debian python3-scipy 1.10.1, python3-numpy 1.24.2)

The SBM LPs here are written in a different parametrisation from src/methods/frontier/sbm.ts:
- ordinary SBM (Tone 2001/2003) in (t, Lambda) only, the slacks eliminated: S- = t x_o - X Lambda >= 0,
  S+ = Y Lambda - t y_o >= 0, S^b = t b_o - B Lambda >= 0 (non-oriented, Charnes-Cooper); input orientation
  as a plain LP with t = 1; output orientation as a plain LP maximising the mean output-slack ratio;
- super-SBM (Tone 2002; bads as in Tone 2004) in the projection variables (x_bar, y_bar, b_bar) of deaR's
  model_sbmsupereff, with denominator (1/q)(sum y_bar/y_o + sum (2 - b_bar/b_o)).
Every column is divided by its mean before the LP (SBM scores are units-invariant); slacks are scaled back.
"""
import csv
import json
import math
import re

import numpy as np
import scipy
from scipy.optimize import linprog

GEN = "test/reference/sbm/generate.py (scipy %s linprog(method='highs'), numpy %s): /usr/bin/python3 generate.py" % (
    scipy.__version__,
    np.__version__,
)
EFFICIENT_TOL = 1e-8
DATA = "../../../data/dea/"


def write(name, data):
    """JSON with each innermost list on one line; floats to 16 significant digits."""

    def clean(v):
        if isinstance(v, float):
            return None if math.isnan(v) else float("%.16g" % v)
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        if isinstance(v, np.ndarray):
            return clean(v.tolist())
        return v

    text = json.dumps(clean(data), indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


def rts_rows(rts, nvar, lam_slice, t_index):
    """The returns-to-scale row sum(Lambda) - t (=, <=, >=) 0 as (A_eq rows, A_ub rows)."""
    if rts == "crs":
        return [], []
    row = np.zeros(nvar)
    row[lam_slice] = 1.0
    if t_index is not None:
        row[t_index] = -1.0
        rhs = 0.0
    else:
        rhs = 1.0
    if rts == "vrs":
        return [(row, rhs)], []
    if rts == "nirs":
        return [], [(row, rhs)]
    return [], [(-row, -rhs)]


def solve(c, A_ub, b_ub, A_eq, b_eq):
    kw = {}
    if A_ub:
        kw["A_ub"] = np.array(A_ub)
        kw["b_ub"] = np.array(b_ub)
    if A_eq:
        kw["A_eq"] = np.array(A_eq)
        kw["b_eq"] = np.array(b_eq)
    res = linprog(c, bounds=(0, None), method="highs", **kw)
    return res


def sbm_ordinary(xo, yo, bo, X, Y, B, rts, orientation):
    """Returns (status, rho, lambda, s_minus, s_plus, s_bad)."""
    N, m = X.shape
    s = Y.shape[1]
    k = B.shape[1]
    q = s + k
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    if orientation == "none":
        # variables: t, Lambda_1..N ; objective (1/m) sum_i (X Lambda)_i / x_io
        nv = 1 + N
        c = np.zeros(nv)
        c[1:] = (X / xo).sum(axis=1) / m
        row = np.zeros(nv)
        row[0] = 1.0 - s / q + k / q
        row[1:] = ((Y / yo).sum(axis=1) - (B / bo).sum(axis=1)) / q
        A_eq.append(row)
        b_eq.append(1.0)
        for i in range(m):  # X Lambda - t x_o <= 0
            r = np.zeros(nv)
            r[0] = -xo[i]
            r[1:] = X[:, i]
            A_ub.append(r)
            b_ub.append(0.0)
        for j in range(s):  # t y_o - Y Lambda <= 0
            r = np.zeros(nv)
            r[0] = yo[j]
            r[1:] = -Y[:, j]
            A_ub.append(r)
            b_ub.append(0.0)
        for l in range(k):  # B Lambda - t b_o <= 0
            r = np.zeros(nv)
            r[0] = -bo[l]
            r[1:] = B[:, l]
            A_ub.append(r)
            b_ub.append(0.0)
        eq, ub = rts_rows(rts, nv, slice(1, nv), 0)
    else:
        # variables: lambda_1..N (t = 1)
        nv = N
        if orientation == "input":
            c = (X / xo).sum(axis=1) / m
        else:
            c = -(((Y / yo).sum(axis=1) - (B / bo).sum(axis=1)) / q)
        for i in range(m):
            A_ub.append(X[:, i].copy())
            b_ub.append(xo[i])
        for j in range(s):
            A_ub.append(-Y[:, j])
            b_ub.append(-yo[j])
        for l in range(k):
            A_ub.append(B[:, l].copy())
            b_ub.append(bo[l])
        eq, ub = rts_rows(rts, nv, slice(0, nv), None)
    for r, v in eq:
        A_eq.append(r)
        b_eq.append(v)
    for r, v in ub:
        A_ub.append(r)
        b_ub.append(v)
    res = solve(c, A_ub, b_ub, A_eq, b_eq)
    if res.status != 0:
        return ("infeasible" if res.status == 2 else "numerical", math.nan, None, None, None, None)
    if orientation == "none":
        t = res.x[0]
        lam = res.x[1:] / t
        rho = res.fun
    else:
        lam = res.x
        if orientation == "input":
            rho = res.fun
        else:
            # 1 / (1 + (1/q)(sum (Y lam - y_o)/y_o + sum (b_o - B lam)/b_o))
            rho = 1.0 / (1.0 + (-res.fun) - s / q + k / q)
    s_minus = xo - X.T @ lam
    s_plus = Y.T @ lam - yo
    s_bad = bo - B.T @ lam
    if orientation == "none":
        rho = (1 - np.mean(s_minus / xo)) / (1 + (np.sum(s_plus / yo) + np.sum(s_bad / bo)) / q)
    return ("optimal", min(rho, 1.0) if rho > 1 and rho < 1 + EFFICIENT_TOL else rho, lam, s_minus, s_plus, s_bad)


def sbm_super(xo, yo, bo, X, Y, B, rts, orientation):
    """Super-SBM in (t, Lambda, Xbar, Ybar, Bbar) = t * (1, lambda, x_bar, y_bar, b_bar); X, Y, B exclude unit o."""
    N, m = X.shape
    s = Y.shape[1]
    k = B.shape[1]
    q = s + k
    if N == 0:
        return ("infeasible", math.nan, None, None, None, None)
    nv = 1 + N + m + s + k
    T, L, XB, YB, BB = 0, slice(1, 1 + N), 1 + N, 1 + N + m, 1 + N + m + s
    c = np.zeros(nv)
    if orientation == "output":
        c[T] = 1.0
    else:
        c[XB : XB + m] = 1.0 / (m * xo)
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    # (1/q)(sum Ybar/y_o + sum (2t - Bbar/b_o)) = 1
    row = np.zeros(nv)
    row[T] = 2.0 * k / q
    row[YB : YB + s] = 1.0 / (q * yo)
    row[BB : BB + k] = -1.0 / (q * bo)
    A_eq.append(row)
    b_eq.append(1.0)
    for i in range(m):  # X Lambda - Xbar <= 0 ; t x_o - Xbar <= 0 (or = for output orientation)
        r = np.zeros(nv)
        r[L] = X[:, i]
        r[XB + i] = -1.0
        A_ub.append(r)
        b_ub.append(0.0)
        r = np.zeros(nv)
        r[T] = xo[i]
        r[XB + i] = -1.0
        (A_eq if orientation == "output" else A_ub).append(r)
        (b_eq if orientation == "output" else b_ub).append(0.0)
    for j in range(s):  # Ybar - Y Lambda <= 0 ; Ybar - t y_o <= 0 (= for input orientation); Ybar >= 0 by bounds
        r = np.zeros(nv)
        r[L] = -Y[:, j]
        r[YB + j] = 1.0
        A_ub.append(r)
        b_ub.append(0.0)
        r = np.zeros(nv)
        r[T] = -yo[j]
        r[YB + j] = 1.0
        (A_eq if orientation == "input" else A_ub).append(r)
        (b_eq if orientation == "input" else b_ub).append(0.0)
    for l in range(k):  # B Lambda - Bbar <= 0 ; t b_o - Bbar <= 0 (= for input orientation)
        r = np.zeros(nv)
        r[L] = B[:, l]
        r[BB + l] = -1.0
        A_ub.append(r)
        b_ub.append(0.0)
        r = np.zeros(nv)
        r[T] = bo[l]
        r[BB + l] = -1.0
        (A_eq if orientation == "input" else A_ub).append(r)
        (b_eq if orientation == "input" else b_ub).append(0.0)
    eq, ub = rts_rows(rts, nv, L, T)
    for r, v in eq:
        A_eq.append(r)
        b_eq.append(v)
    for r, v in ub:
        A_ub.append(r)
        b_ub.append(v)
    res = solve(c, A_ub, b_ub, A_eq, b_eq)
    if res.status != 0:
        return ("infeasible" if res.status == 2 else "numerical", math.nan, None, None, None, None)
    t = res.x[T]
    lam = res.x[L] / t
    xbar = res.x[XB : XB + m] / t
    ybar = res.x[YB : YB + s] / t
    bbar = res.x[BB : BB + k] / t
    delta = res.fun
    if 1 - EFFICIENT_TOL <= delta < 1:
        delta = 1.0
    return ("optimal", delta, lam, xo - xbar, ybar - yo, bo - bbar)


def evaluate(X, Y, B, rts, orientation, super_for):
    """All units; super_for in (None, 'efficient', 'all'). Returns dict of lists (original units)."""
    n = X.shape[0]
    scale_x = X.mean(axis=0)
    scale_y = Y.mean(axis=0)
    scale_b = B.mean(axis=0) if B.shape[1] else np.ones(0)
    Xs, Ys, Bs = X / scale_x, Y / scale_y, B / scale_b if B.shape[1] else B
    out = {"scores": [], "status": [], "model": [], "inputSlacks": [], "outputSlacks": [], "badSlacks": []}
    for o in range(n):
        others = [j for j in range(n) if j != o]
        model = "sbm"
        if super_for == "all":
            model = "super-sbm"
            res = sbm_super(Xs[o], Ys[o], Bs[o], Xs[others], Ys[others], Bs[others], rts, orientation)
        else:
            res = sbm_ordinary(Xs[o], Ys[o], Bs[o], Xs, Ys, Bs, rts, orientation)
            if super_for == "efficient" and res[0] == "optimal" and res[1] >= 1 - EFFICIENT_TOL:
                model = "super-sbm"
                res = sbm_super(Xs[o], Ys[o], Bs[o], Xs[others], Ys[others], Bs[others], rts, orientation)
        status, score, lam, sm, sp, sb = res
        out["scores"].append(score)
        out["status"].append(status)
        out["model"].append(model)
        if status == "optimal":
            out["inputSlacks"].append((sm * scale_x).tolist())
            out["outputSlacks"].append((sp * scale_y).tolist())
            out["badSlacks"].append((sb * scale_b).tolist())
        else:
            out["inputSlacks"].append([math.nan] * X.shape[1])
            out["outputSlacks"].append([math.nan] * Y.shape[1])
            out["badSlacks"].append([math.nan] * B.shape[1])
    return out


def read_csv(path, columns, filt=None):
    with open(path) as f:
        rows = [r for r in csv.DictReader(f) if filt is None or filt(r)]
    return np.array([[float(r[c]) for c in columns] for r in rows]), rows


def variants(X, Y, B, with_slacks):
    cases = []
    for orientation in ("none", "input", "output"):
        for rts in ("crs", "vrs", "nirs", "ndrs"):
            for super_for in (None, "efficient", "all"):
                if super_for == "all" and not (rts in ("crs", "vrs")):
                    continue
                r = evaluate(X, Y, B, rts, orientation, super_for)
                case = {
                    "options": {"orientation": orientation, "rts": rts}
                    | ({} if super_for is None else {"super": True, "superFor": super_for}),
                    "scores": r["scores"],
                    "status": r["status"],
                    "model": r["model"],
                }
                if with_slacks:
                    case["inputSlacks"] = r["inputSlacks"]
                    case["outputSlacks"] = r["outputSlacks"]
                    if B.shape[1]:
                        case["badSlacks"] = r["badSlacks"]
                cases.append(case)
    return cases


def scipy_fixture(name, source, X, Y, B, units, with_slacks):
    write(
        name,
        {
            "source": source,
            "generator": GEN,
            "tolerance": 1e-6,
            "input": {"X": X.tolist(), "Y": Y.tolist(), **({"B": B.tolist()} if B.shape[1] else {}), "units": units},
            "expected": {"cases": variants(X, Y, B, with_slacks)},
        },
    )


def main():
    none = lambda n: np.zeros((n, 0))

    # (b) Tone 2001
    t01, rows = read_csv(DATA + "deaR_Tone2001.csv", ["Input1", "Input2", "Output1", "Output2"])
    X01, Y01 = t01[:, :2], t01[:, 2:]
    units01 = [r["DMU"] for r in rows]
    write(
        "tone2001-printed",
        {
            "source": "Tone (2001) EJOR 130:498-509, p. 505, as reproduced by deaR 1.5.3 model_sbmeff(orientation = 'no', rts = 'crs') (methods.md §4.8 (b)); data data/dea/deaR_Tone2001.csv; 7 decimals",
            "generator": "typed from methods.md §4.8 (b); written by " + GEN,
            "tolerance": 5e-8,
            "input": {"X": X01.tolist(), "Y": Y01.tolist(), "units": units01},
            "expected": {
                "scores": [0.7979798, 0.5681818, 1, 0.6666667, 1],
                "inputSlacks": [[0, 0.3571429], [0, 0.6428571], [0, 0], [0, 0], [0, 0]],
                "outputSlacks": [[0.7142857, 0], [2.2857143, 0], [0, 0], [0, 1], [0, 0]],
                "ccrInput": [0.9, 0.8333333, 1, 1, 1],
            },
        },
    )
    scipy_fixture("tone2001-scipy", "Tone (2001) SBM example, data/dea/deaR_Tone2001.csv", X01, Y01, none(5), units01, True)

    # (g) Cooper, Seiford & Tone (2007) eight DMUs
    cst, rows = read_csv(DATA + "cst2007_sbm_example.csv", ["x", "y", "sbm_efficiency", "slack_x", "slack_y"])
    crs = [i for i, r in enumerate(rows) if r["model"] == "sbm_crs"]
    vrs = [i for i, r in enumerate(rows) if r["model"] == "sbm_vrs"]
    X8, Y8 = cst[crs, 0:1], cst[crs, 1:2]
    units8 = [rows[i]["dmu"] for i in crs]
    write(
        "cst2007-eight-dmu-printed",
        {
            "source": "Cooper, Seiford & Tone (2007) eight-DMU one-input one-output example; SBM/ERG CRS and VRS scores and slacks from DataEnvelopmentAnalysis.jl test/deaerg.jl (as in data/dea/cst2007_sbm_example.csv, methods.md §4.8 (g))",
            "generator": "copied from data/dea/cst2007_sbm_example.csv by " + GEN,
            "tolerance": 1e-6,
            "input": {"X": X8.tolist(), "Y": Y8.tolist(), "units": units8},
            "expected": {
                "crs": {"scores": cst[crs, 2].tolist(), "inputSlacks": cst[crs, 3:4].tolist(), "outputSlacks": cst[crs, 4:5].tolist()},
                "vrs": {"scores": cst[vrs, 2].tolist(), "inputSlacks": cst[vrs, 3:4].tolist(), "outputSlacks": cst[vrs, 4:5].tolist()},
            },
        },
    )
    scipy_fixture("cst2007-eight-dmu-scipy", "Cooper, Seiford & Tone (2007) eight-DMU example", X8, Y8, none(8), units8, True)

    # (e) hospital example
    doctors = [20, 19, 25, 27, 22, 55, 33, 31, 30, 50, 53, 38]
    nurses = [151, 131, 160, 168, 158, 255, 235, 206, 244, 268, 306, 284]
    outp = [100, 150, 160, 180, 94, 230, 220, 152, 190, 250, 260, 250]
    inp = [90, 50, 55, 72, 66, 90, 88, 80, 100, 100, 147, 120]
    Xh = np.array([doctors, nurses], dtype=float).T
    Yh = np.array([outp, inp], dtype=float).T
    unitsh = ["H%d" % (i + 1) for i in range(12)]
    write(
        "hospital-printed",
        {
            "source": "Cooper, Seiford & Tone (2007) 12-hospital example (doctors, nurses; outpatients, inpatients); SBM non-oriented CRS values [C] of methods.md §4.8 (e) (independent numpy/scipy LP of the methods research), 4 decimals",
            "generator": "typed from methods.md §4.8 (e); written by " + GEN,
            "tolerance": 5e-5,
            "input": {"X": Xh.tolist(), "Y": Yh.tolist(), "units": unitsh},
            "expected": {
                "scores": [1, 1, 0.8287, 1, 0.7288, 0.6883, 0.8796, 0.7733, 0.9041, 0.7681, 0.8648, 0.9335],
                "ccrInput": [1, 1, 0.8827, 1, 0.7635, 0.8348, 0.9020, 0.7963, 0.9604, 0.8706, 0.9551, 0.9582],
            },
        },
    )
    scipy_fixture("hospital-scipy", "Cooper, Seiford & Tone (2007) hospital example", Xh, Yh, none(12), unitsh, True)

    # (d) Tone 2003 undesirable output
    t03, rows = read_csv(DATA + "deaR_Tone2003.csv", ["x", "yg", "yb"])
    X03, Y03, B03 = t03[:, 0:1], t03[:, 1:2], t03[:, 2:3]
    units03 = [r["DMU"] for r in rows]
    write(
        "tone2003-printed",
        {
            "source": "Tone (2003) GRIPS report I-2003-0005 pp. 10-11, as reproduced by deaR 1.5.3 model_sbmeff(rts = 'vrs'/'crs') with ud_outputs = 2 (methods.md §4.8 (d)); data data/dea/deaR_Tone2003.csv; 7 decimals",
            "generator": "typed from methods.md §4.8 (d); written by " + GEN,
            "tolerance": 5e-8,
            "input": {"X": X03.tolist(), "Y": Y03.tolist(), "B": B03.tolist(), "units": units03},
            "expected": {
                "vrs": {
                    "scores": [0.6666667, 1, 1, 1, 1, 0.9090909, 0.7058824, 0.8, 0.6],
                    "targets": {"A": [2, 1], "F": [6, 2], "G": [6, 2], "H": [6, 2], "I": [8, 4]},
                },
                "crs": {"scores": [0.1, 0.25, 1, 1, 1, 0.75, 0.4285714, 0.6666667, 0.358209]},
            },
        },
    )
    scipy_fixture("tone2003-scipy", "Tone (2003) undesirable-output example, data/dea/deaR_Tone2003.csv", X03, Y03, B03, units03, True)

    # (c) power plants (super-SBM)
    pp, rows = read_csv(DATA + "deaR_Power_plants.csv", ["X1", "X2", "X3", "X4", "Y1", "Y2"])
    Xp, Yp = pp[:, :4], pp[:, 4:]
    unitsp = [r["DMU"] for r in rows]
    write(
        "power-plants-printed",
        {
            "source": "Tone (2002) EJOR 143:32-41 power plants, super-SBM CRS as reproduced by deaR 1.5.3 model_sbmsupereff(orientation = 'io'/'no', rts = 'crs') (methods.md §4.8 (c)); data data/dea/deaR_Power_plants.csv; 6 decimals",
            "generator": "typed from methods.md §4.8 (c); written by " + GEN,
            "tolerance": 5e-7,
            "input": {"X": Xp.tolist(), "Y": Yp.tolist(), "units": unitsp},
            "expected": {
                "input": [1.011616, 1.708333, 1.078125, 1.15625, 1.79881, 1.01981],
                "none": [1.011616, 1.414634, 1.078125, 1.15625, 1.585846, 1.01981],
            },
        },
    )
    scipy_fixture("power-plants-scipy", "Tone (2002) power plants, data/dea/deaR_Power_plants.csv", Xp, Yp, none(6), unitsp, True)

    # pigdata: 248 farms, six inputs, two outputs (Benchmarking 0.33)
    pig, rows = read_csv(DATA + "benchmarking_pigdata.csv", ["x1", "x2", "x3", "x4", "x5", "x6", "y2", "y4"])
    scipy_fixture(
        "pigdata-scipy",
        "Benchmarking 0.33 pigdata (data/dea/benchmarking_pigdata.csv): inputs x1..x6, outputs y2, y4",
        pig[:, :6],
        pig[:, 6:],
        none(pig.shape[0]),
        [r["firm"] for r in rows],
        False,
    )

    # usagri 1995: 48 states; 'other' output used as a bad output to exercise the undesirable-output LPs
    ua, rows = read_csv(
        DATA + "productivity_usagri.csv",
        ["q.capital", "q.land", "q.labor", "q.materials", "q.livestock", "q.crop", "q.other"],
        lambda r: r["Years"] == "1995",
    )
    scipy_fixture(
        "usagri-1995-bad-scipy",
        "productivity usagri (data/dea/productivity_usagri.csv), 1995, 48 states: inputs capital, land, labor, materials; good outputs livestock, crop; q.other treated as a bad output (a numerical test case, not an economic model)",
        ua[:, :4],
        ua[:, 4:6],
        ua[:, 6:7],
        [r["States"] for r in rows],
        False,
    )


if __name__ == "__main__":
    main()
