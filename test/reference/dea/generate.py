"""Reference fixtures for dea(), superEfficiency() and fdh(): an independent SciPy/HiGHS formulation, plus
values typed from published output (DEAP 2.1, DataEnvelopmentAnalysis.jl, methods.md §4.8).

Run: cd test/reference/dea && /usr/bin/python3 generate.py
     (Debian python3-scipy 1.10.1, python3-numpy 1.24.2; scipy.optimize.linprog(method="highs") and milp)

The LPs are written here from the textbook definitions (inequality form, no slack columns, no warm starts):
  input:  min theta  s.t.  Xr' lam <= theta x_o,  Yr' lam >= y_o,  lam >= 0   (+ sum lam =, <=, >= 1)
  output: max phi    s.t.  Xr' lam <= x_o,        Yr' lam >= phi y_o
  second stage: max sum(s-) + sum(s+) in data units at fixed theta (phi), equalities with slack variables.
Every column is divided by its reference-set mean before it is handed to HiGHS (unscaled data of the size of
usagri, ~1e6, can be off by 1e-3 otherwise); scores are invariant to that and slacks are scaled back.
Writes ../dea/*.json, ../super-efficiency/*.json and ../fdh/*.json. Numbers are written with 16 significant digits.
"""
import csv
import json
import os
import re

import numpy as np
import scipy
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
GEN = (
    "test/reference/dea/generate.py (Debian python3-scipy %s, numpy %s; scipy.optimize.linprog(method='highs')): "
    "cd test/reference/dea && /usr/bin/python3 generate.py" % (scipy.__version__, np.__version__)
)
OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
STATUS = {0: "optimal", 2: "infeasible", 3: "unbounded"}


def num(v):
    """16 significant digits; None for NaN (JSON null)."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return float("%.16g" % v)


def write(folder, name, data):
    """JSON with each innermost list on one line."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    os.makedirs(os.path.join(HERE, "..", folder), exist_ok=True)
    with open(os.path.join(HERE, "..", folder, name + ".json"), "w") as f:
        f.write(text + "\n")


def read_columns(file, inputs, outputs, positive_outputs=False):
    """Input and output matrices; with positive_outputs, only the rows whose outputs are all > 0."""
    with open(os.path.join(ROOT, file)) as f:
        rows = list(csv.DictReader(f))
    if positive_outputs:
        rows = [r for r in rows if all(float(r[c]) > 0 for c in outputs)]
    X = np.array([[float(r[c]) for c in inputs] for r in rows])
    Y = np.array([[float(r[c]) for c in outputs] for r in rows])
    return X, Y


def rts_row(rts, N, nvars, offset):
    """(A_ub rows, b_ub, A_eq rows, b_eq) for the sum-lambda constraint."""
    row = np.zeros(nvars)
    row[offset:offset + N] = 1
    if rts == "crs":
        return [], [], [], []
    if rts == "vrs":
        return [], [], [row], [1.0]
    if rts == "nirs":
        return [row], [1.0], [], []
    return [-row], [-1.0], [], []  # ndrs


def radial(X, Y, Xr, Yr, rts, orientation, exclude=None, max_slacks=False):
    """Scores (theta or phi), statuses and, with max_slacks, the maximal raw slack sum of every unit."""
    mx, my = Xr.mean(axis=0), Yr.mean(axis=0)
    Xs, Ys, Xrs, Yrs = X / mx, Y / my, Xr / mx, Yr / my
    n, m = X.shape
    s = Y.shape[1]
    N = Xr.shape[0]
    scores, status, slack_sums, lambda_sums = [], [], [], []
    for o in range(n):
        nv = 1 + N
        A_ub, b_ub = [], []
        for i in range(m):
            row = np.zeros(nv)
            row[1:] = Xrs[:, i]
            if orientation == "input":
                row[0] = -Xs[o, i]
                b_ub.append(0.0)
            else:
                b_ub.append(Xs[o, i])
            A_ub.append(row)
        for r in range(s):
            row = np.zeros(nv)
            row[1:] = -Yrs[:, r]
            if orientation == "input":
                b_ub.append(-Ys[o, r])
            else:
                row[0] = Ys[o, r]
                b_ub.append(0.0)
            A_ub.append(row)
        ub_extra, bub_extra, A_eq, b_eq = rts_row(rts, N, nv, 1)
        A_ub += ub_extra
        b_ub += bub_extra
        c = np.zeros(nv)
        c[0] = 1.0 if orientation == "input" else -1.0
        bounds = [(None, None)] + [(0, None)] * N
        if exclude is not None and exclude[o] >= 0:
            bounds[1 + exclude[o]] = (0, 0)
        res = linprog(c, A_ub=np.array(A_ub), b_ub=b_ub, A_eq=np.array(A_eq) if A_eq else None,
                      b_eq=b_eq if b_eq else None, bounds=bounds, method="highs", options=OPTIONS)
        if res.status != 0:
            scores.append(float("nan"))
            status.append(STATUS.get(res.status, "numerical"))
            slack_sums.append(float("nan"))
            lambda_sums.append(float("nan"))
            continue
        score = res.x[0]
        scores.append(score)
        status.append("optimal")
        lambda_sums.append(res.x[1:].sum())
        if not max_slacks:
            continue
        # Second stage: variables [lam (N), s- (m), s+ (s)], equalities, maximise raw slack sum.
        nv2 = N + m + s
        A_eq2, b_eq2 = [], []
        for i in range(m):
            row = np.zeros(nv2)
            row[:N] = Xrs[:, i]
            row[N + i] = 1.0
            A_eq2.append(row)
            b_eq2.append(score * Xs[o, i] if orientation == "input" else Xs[o, i])
        for r in range(s):
            row = np.zeros(nv2)
            row[:N] = Yrs[:, r]
            row[N + m + r] = -1.0
            A_eq2.append(row)
            b_eq2.append(Ys[o, r] if orientation == "input" else score * Ys[o, r])
        ub2, bub2, eq2, beq2 = rts_row(rts, N, nv2, 0)
        A_eq2 += eq2
        b_eq2 += beq2
        c2 = np.zeros(nv2)
        c2[N:N + m] = -mx
        c2[N + m:] = -my
        bounds2 = [(0, None)] * nv2
        if exclude is not None and exclude[o] >= 0:
            bounds2[exclude[o]] = (0, 0)
        res2 = linprog(c2, A_ub=np.array(ub2) if ub2 else None, b_ub=bub2 if bub2 else None, A_eq=np.array(A_eq2),
                       b_eq=b_eq2, bounds=bounds2, method="highs", options=OPTIONS)
        if res2.status != 0:
            # scipy 1.10's HiGHS sometimes stops with "HiGHS Status 0: Error" under the tight tolerances on the
            # fixed-score problem; its default tolerances (1e-7) then solve it.
            res2 = linprog(c2, A_ub=np.array(ub2) if ub2 else None, b_ub=bub2 if bub2 else None,
                           A_eq=np.array(A_eq2), b_eq=b_eq2, bounds=bounds2, method="highs")
        slack_sums.append(-res2.fun if res2.status == 0 else float("nan"))
    return np.array(scores), status, np.array(slack_sums), np.array(lambda_sums)


def rts_class(X, Y, orientation):
    """DEAP's classification by the NIRS comparison (Färe, Grosskopf & Lovell 1985), in Farrell terms."""
    tol = 1e-6
    far = (lambda v: v) if orientation == "input" else (lambda v: 1 / v)
    crs = far(radial(X, Y, X, Y, "crs", orientation)[0])
    vrs = far(radial(X, Y, X, Y, "vrs", orientation)[0])
    nirs = far(radial(X, Y, X, Y, "nirs", orientation)[0])
    out = []
    for c, v, ni in zip(crs, vrs, nirs):
        out.append("crs" if abs(c / v - 1) <= tol else "drs" if abs(ni / v - 1) <= tol else "irs")
    return out, crs / vrs


def fdh_milp(X, Y, orientation):
    """FDH as the mixed-integer LP of Deprins, Simar & Tulkens (1984): lam binary, sum lam = 1."""
    mx, my = X.mean(axis=0), Y.mean(axis=0)
    Xs, Ys = X / mx, Y / my
    n, m = X.shape
    s = Y.shape[1]
    out = []
    for o in range(n):
        nv = 1 + n
        rows, lo, hi = [], [], []
        for i in range(m):
            row = np.zeros(nv)
            row[1:] = Xs[:, i]
            if orientation == "input":
                row[0] = -Xs[o, i]
                rows.append(row), lo.append(-np.inf), hi.append(0.0)
            else:
                rows.append(row), lo.append(-np.inf), hi.append(Xs[o, i])
        for r in range(s):
            row = np.zeros(nv)
            row[1:] = Ys[:, r]
            if orientation == "input":
                rows.append(row), lo.append(Ys[o, r]), hi.append(np.inf)
            else:
                row[0] = -Ys[o, r]
                rows.append(row), lo.append(0.0), hi.append(np.inf)
        row = np.zeros(nv)
        row[1:] = 1
        rows.append(row), lo.append(1.0), hi.append(1.0)
        c = np.zeros(nv)
        c[0] = 1.0 if orientation == "input" else -1.0
        integrality = np.ones(nv)
        integrality[0] = 0
        res = milp(c, constraints=LinearConstraint(np.array(rows), lo, hi), integrality=integrality,
                   bounds=Bounds([0] + [0] * n, [np.inf] + [1] * n),
                   options={"mip_rel_gap": 0})
        out.append(res.x[0] if res.status == 0 else float("nan"))
    return np.array(out)


DATASETS = {
    "charnes1981": ("data/dea/benchmarking_charnes1981.csv", ["x1", "x2", "x3", "x4", "x5"], ["y1", "y2", "y3"],
                    "Charnes, Cooper & Rhodes (1981) Program Follow Through, 70 sites (R Benchmarking 0.33 data charnes1981); inputs x1..x5, outputs y1..y3"),
    "norwood2004": ("data/dea/benchmarking_norWood2004.csv", ["x"], ["y"],
                    "Norwegian forestry farmers 2004 (R Benchmarking 0.33 data norWood2004: x = woodland value as input, y = profit as output); the 86 of 113 farms with profit y > 0 (DEA needs outputs >= 0)"),
    "pigdata": ("data/dea/benchmarking_pigdata.csv", ["x1", "x2", "x3", "x4", "x5", "x6"], ["y2", "y4"],
                "248 pig and crop producers (R Benchmarking 0.33 data pigdata); inputs x1..x6, outputs y2, y4"),
    "usagri": ("data/dea/productivity_usagri.csv", ["q.capital", "q.land", "q.labor", "q.materials"],
               ["q.livestock", "q.crop", "q.other"],
               "USDA ERS US agriculture, 48 states x 1995-2004 pooled as 480 units (R productivity data usagri)"),
}


def scipy_fixtures():
    for name, (file, inputs, outputs, what) in DATASETS.items():
        positive = name == "norwood2004"
        X, Y = read_columns(file, inputs, outputs, positive)
        expected = {}
        for orientation in ("input", "output"):
            for rts in ("crs", "vrs", "nirs", "ndrs"):
                scores, status, slack_sums, _ = radial(X, Y, X, Y, rts, orientation, max_slacks=True)
                expected["%s-%s" % (orientation, rts)] = {
                    "scores": [num(v) for v in scores],
                    "status": status,
                    "slackSum": [num(v) for v in slack_sums],
                }
            classes, se = rts_class(X, Y, orientation)
            expected["%s-scale" % orientation] = {"scaleEfficiency": [num(v) for v in se], "rtsClass": classes}
        write("dea", name + "-scipy", {
            "source": what + "; scores by an independent SciPy/HiGHS LP (see generator), methods.md §4.2",
            "generator": GEN,
            "tolerance": 1e-6,
            "note": "scores: abs 1e-6. slackSum = max of sum(s-) + sum(s+) in data units at fixed score (its optimal value is unique even where the slacks are not): abs 1e-6 x (sum of the column means). rtsClass by the NIRS comparison (DEAP), scaleEfficiency = Farrell CRS / Farrell VRS",
            "input": {"file": file, "inputs": inputs, "outputs": outputs, "positiveOutputsOnly": positive},
            "expected": expected,
        })
        # Super-efficiency (Andersen & Petersen): unit o left out of the reference.
        sup = {}
        for orientation in ("input", "output"):
            for rts in ("crs", "vrs"):
                scores, status, _, _ = radial(X, Y, X, Y, rts, orientation, exclude=list(range(len(X))))
                sup["%s-%s" % (orientation, rts)] = {"scores": [num(v) for v in scores], "status": status}
        write("super-efficiency", name + "-scipy", {
            "source": what + "; Andersen & Petersen (1993) super-efficiency by an independent SciPy/HiGHS LP (unit o's lambda fixed at 0), methods.md §4.7",
            "generator": GEN,
            "tolerance": 1e-6,
            "input": {"file": file, "inputs": inputs, "outputs": outputs, "positiveOutputsOnly": positive},
            "expected": sup,
        })
        if name in ("charnes1981", "norwood2004"):
            write("fdh", name + "-milp", {
                "source": what + "; FDH as the mixed-integer LP of Deprins, Simar & Tulkens (1984) (binary lambda, sum 1) solved by scipy.optimize.milp (HiGHS)",
                "generator": GEN,
                "tolerance": 1e-6,
                "input": {"file": file, "inputs": inputs, "outputs": outputs, "positiveOutputsOnly": positive},
                "expected": {"input": [num(v) for v in fdh_milp(X, Y, "input")],
                             "output": [num(v) for v in fdh_milp(X, Y, "output")]},
            })


def printed_fixtures():
    # DEAP 2.1 example 1 (EG1-out.txt), transcribed in data/dea/deap_eg1-expected.csv.
    with open(os.path.join(ROOT, "data/dea/deap_eg1.csv")) as f:
        data = list(csv.DictReader(f))
    with open(os.path.join(ROOT, "data/dea/deap_eg1-expected.csv")) as f:
        out = list(csv.DictReader(f))
    write("dea", "deap-eg1-printed", {
        "source": "DEAP 2.1 (Coelli 1996) example 1 output EG1-out.txt, input-oriented CRS, printed to 3 decimals; data/dea/deap_eg1-expected.csv (provenance in data/README.md); methods.md §4.8(a)",
        "generator": GEN + " (transcribes the CSV files)",
        "tolerance": 5e-4,
        "note": "DEAP computed the slacks with its multi-stage method; on this example the max-slack solution is unique, so two-stage slacks coincide with them. Peers are 1-based firm numbers in DEAP's printed order.",
        "input": {"X": [[float(r["x1"]), float(r["x2"])] for r in data], "Y": [[float(r["y"])] for r in data],
                  "rts": "crs", "orientation": "input"},
        "expected": {
            "scores": [float(r["te"]) for r in out],
            "inputSlacks": [[float(r["slack_x1"]), float(r["slack_x2"])] for r in out],
            "outputSlacks": [[float(r["slack_y"])] for r in out],
            "inputTargets": [[float(r["target_x1"]), float(r["target_x2"])] for r in out],
            "outputTargets": [[float(r["target_y"])] for r in out],
            "peers": [[int(p) for p in r["peers"].split()] for r in out],
            "peerWeights": [[float(w) for w in r["peer_weights"].split()] for r in out],
        },
    })
    # DataEnvelopmentAnalysis.jl test/dea.jl ("FLS book data", tested there against R), y10 = 26.
    fls_X = [[5, 13], [16, 12], [16, 26], [17, 15], [18, 14], [23, 6], [25, 10], [27, 22], [37, 14], [42, 25], [5, 17]]
    fls_Y = [[12], [14], [25], [26], [8], [9], [27], [30], [31], [26], [12]]
    write("dea", "fried1993-jl-printed", {
        "source": "DataEnvelopmentAnalysis.jl test/dea.jl @ 07555cc1688131037a2def0c7d9a719c492daa9e (MIT), 'FLS book data' = deaR Fried1993 with y10 = 26 (deaR has 26.5); methods.md §4.8(f). Values printed there to 10 significant digits (slacks to 9-10)",
        "generator": GEN + " (typed from the Julia test file)",
        "tolerance": 1e-9,
        "input": {"X": fls_X, "Y": fls_Y},
        "expected": {
            "input-crs": {
                "scores": [1, 0.6222896791, 0.8198562444, 1, 0.3103709311, 0.5555555556, 1, 0.7576690896, 0.8201058201, 0.4905660377, 1],
                "inputSlacks": [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [4.444444444, 0], [0, 0], [0, 0], [1.640211640, 0], [0, 0], [0, 4]],
                "outputSlacks": [[0]] * 11,
            },
            "output-crs": {
                "scores": [1, 1.606968641, 1.219726027, 1, 3.221951220, 1.8, 1, 1.319837398, 1.219354839, 2.038461538, 1],
                "inputSlacks": [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [8, 0], [0, 0], [0, 0], [2, 0], [0, 0], [0, 4]],
                "outputSlacks": [[0]] * 11,
            },
            "input-vrs": {
                "scores": [1, 0.8699861687, 1, 1, 0.7116402116, 1, 1, 1, 1, 0.4931209269, 1],
                "inputSlacks": [[0, 0]] * 10 + [[0, 4]],
                "outputSlacks": [[0], [0], [0], [0], [2.698412698], [0], [0], [0], [0], [0], [0]],
            },
            "output-vrs": {
                "scores": [1, 1.507518797, 1, 1, 3.203947368, 1, 1, 1, 1, 1.192307692, 1],
                "inputSlacks": [[0, 0]] * 9 + [[5, 11], [0, 4]],
                "outputSlacks": [[0]] * 11,
            },
        },
    })
    # methods.md §4.8(e): 12-hospital example, CCR and BCC input-oriented, 4 decimals [C].
    write("dea", "hospital-printed", {
        "source": "Cooper, Seiford & Tone hospital example (12 hospitals; doctors, nurses -> outpatients, inpatients); CCR and BCC input-oriented scores as printed to 4 decimals in methods.md §4.8(e) [C]",
        "generator": GEN + " (typed from methods.md)",
        "tolerance": 5e-5,
        "input": {
            "X": [list(p) for p in zip([20, 19, 25, 27, 22, 55, 33, 31, 30, 50, 53, 38],
                                       [151, 131, 160, 168, 158, 255, 235, 206, 244, 268, 306, 284])],
            "Y": [list(p) for p in zip([100, 150, 160, 180, 94, 230, 220, 152, 190, 250, 260, 250],
                                       [90, 50, 55, 72, 66, 90, 88, 80, 100, 100, 147, 120])],
        },
        "expected": {
            "input-crs": [1, 1, 0.8827, 1, 0.7635, 0.8348, 0.9020, 0.7963, 0.9604, 0.8706, 0.9551, 0.9582],
            "input-vrs": [1, 1, 0.8958, 1, 0.8818, 0.9389, 1, 0.7988, 0.9893, 1, 1, 1],
        },
    })
    # methods.md §4.8(g): eight DMUs, one input and one output, BCC input-oriented, 4 decimals [C].
    write("dea", "eight-dmu-printed", {
        "source": "Eight DMUs, 1 input and 1 output (the SBM/ERG example of DataEnvelopmentAnalysis.jl test/deaerg.jl); BCC input-oriented scores printed to 4 decimals in methods.md §4.8(g) [C]",
        "generator": GEN + " (typed from methods.md)",
        "tolerance": 5e-5,
        "input": {"X": [[2], [4], [8], [12], [6], [14], [14], [9.412]], "Y": [[1], [5], [8], [9], [3], [7], [9], [2.353]]},
        "expected": {"input-vrs": [1, 1, 1, 1, 0.5, 0.4762, 0.8571, 0.2844]},
    })
    # methods.md §4.8(c): Tone (2002) power plants, Andersen-Petersen super-efficiency, input CRS (deaR).
    with open(os.path.join(ROOT, "data/dea/deaR_Power_plants.csv")) as f:
        plants = list(csv.DictReader(f))
    write("super-efficiency", "power-plants-printed", {
        "source": "Tone (2002) power plants (deaR Power_plants, data/dea/deaR_Power_plants.csv); Andersen-Petersen radial super-efficiency, input-oriented CRS, deaR values as printed to 6-7 significant digits in methods.md §4.8(c) [V-peer]",
        "generator": GEN + " (typed from methods.md)",
        "tolerance": 5e-7,
        "input": {"X": [[float(r[c]) for c in ("X1", "X2", "X3", "X4")] for r in plants],
                  "Y": [[float(r[c]) for c in ("Y1", "Y2")] for r in plants]},
        "expected": {"input-crs": [1.028254, 2.416667, 1.3125, 1.625, 2.402570, 1.062789]},
    })


if __name__ == "__main__":
    printed_fixtures()
    scipy_fixtures()
