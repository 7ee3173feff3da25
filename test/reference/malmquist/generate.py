"""Reference fixture for malmquist(): US agriculture (R productivity's usagri, 48 states x 1995-2004) by an
independent SciPy/HiGHS formulation of the Shephard distance functions and the index definitions.

Run: cd test/reference/malmquist && /usr/bin/python3 generate.py
     (Debian python3-scipy 1.10.1, python3-numpy 1.24.2; scipy.optimize.linprog(method="highs"); about a minute)

Distances (textbook inequality form, lam >= 0, VRS adds sum lam = 1):
  output: D_o = 1/phi*,   phi*   = max phi   s.t. Xr' lam <= x_o,         Yr' lam >= phi y_o
  input:  D_i = 1/theta*, theta* = min theta s.t. Xr' lam <= theta x_o,   Yr' lam >= y_o
Technologies: contemporaneous (period t), sequential (periods <= t), global (all), biennial (t and t+1),
window w (t-w+1 .. t). Index (output orientation; input orientation inverts every ratio, so > 1 = growth):
  adjacent: M = [D^t(t+1)/D^t(t) . D^t+1(t+1)/D^t+1(t)]^1/2, EC = D^t+1(t+1)/D^t(t), TC = M/EC written out as
            [D^t(t+1)/D^t+1(t+1) . D^t(t)/D^t+1(t)]^1/2; VRS: PECH = Dv^t+1(t+1)/Dv^t(t), SECH = EC/PECH;
            Ray-Desli: TC from VRS distances, SECH = M/(PECH . TC).
  global/biennial: M = D^G(t+1)/D^G(t), EC as above, BPC = [D^G(t+1)/D^t+1(t+1)]/[D^G(t)/D^t(t)].
Every column is divided by its mean over all 480 observations (distances are invariant to that).
Writes usagri-scipy.json (12 significant digits; null where an LP failed).
"""
import csv
import json
import math
import os
import re

import numpy as np
import scipy
from scipy.optimize import linprog

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
FILE = "data/dea/productivity_usagri.csv"
INPUTS = ["q.capital", "q.land", "q.labor", "q.materials"]
OUTPUTS = ["q.livestock", "q.crop", "q.other"]
OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
STATUS = {0: "optimal", 2: "infeasible", 3: "unbounded"}
CONFIGS = [
    {"rts": "vrs", "orientation": "output", "technology": "contemporaneous", "decomposition": "ray-desli", "distances": True},
    {"rts": "vrs", "orientation": "input", "technology": "contemporaneous", "decomposition": "fgnz"},
    {"rts": "vrs", "orientation": "output", "technology": "global", "decomposition": "ray-desli"},
    {"rts": "crs", "orientation": "output", "technology": "sequential", "decomposition": "fgnz"},
    {"rts": "vrs", "orientation": "input", "technology": "biennial", "decomposition": "fgnz"},
    {"rts": "vrs", "orientation": "output", "technology": "window", "window": 3, "decomposition": "fgnz"},
]


def num(v):
    if v is None or not math.isfinite(v):
        return None
    return float("%.12g" % v)


def shephard(Xr, Yr, xo, yo, rts, orientation):
    """(status, D) for observation (xo, yo) against the technology spanned by the rows of Xr, Yr."""
    N, m = Xr.shape
    s = Yr.shape[1]
    c = np.zeros(1 + N)
    if orientation == "output":
        c[0] = -1.0
        A = np.vstack([np.hstack([np.zeros((m, 1)), Xr.T]), np.hstack([yo.reshape(s, 1), -Yr.T])])
        b = np.concatenate([xo, np.zeros(s)])
    else:
        c[0] = 1.0
        A = np.vstack([np.hstack([-xo.reshape(m, 1), Xr.T]), np.hstack([np.zeros((s, 1)), -Yr.T])])
        b = np.concatenate([np.zeros(m), -yo])
    eq = {}
    if rts == "vrs":
        eq = {"A_eq": np.hstack([[0.0], np.ones(N)]).reshape(1, 1 + N), "b_eq": [1.0]}
    res = linprog(c, A_ub=A, b_ub=b, **eq, bounds=(0, None), method="highs", options=OPTIONS)
    if res.status != 0:
        return STATUS.get(res.status, "numerical"), None
    radial = res.x[0]
    if not radial > 0:
        return "unbounded", None
    return "optimal", 1.0 / radial


def tech_periods(periods, technology, k, window):
    if technology == "contemporaneous":
        return [periods[k]]
    if technology == "sequential":
        return periods[: k + 1]
    if technology == "global":
        return list(periods)
    if technology == "window":
        return periods[max(0, k - window + 1) : k + 1]
    return [periods[k], periods[k + 1]]  # biennial


def main():
    with open(os.path.join(ROOT, FILE)) as f:
        records = list(csv.DictReader(f))
    X = np.array([[float(r[c]) for c in INPUTS] for r in records])
    Y = np.array([[float(r[c]) for c in OUTPUTS] for r in records])
    X = X / X.mean(axis=0)
    Y = Y / Y.mean(axis=0)
    unit = [r["States"] for r in records]
    period = [int(r["Years"]) for r in records]
    periods = sorted(set(period))
    row_of = {(u, t): i for i, (u, t) in enumerate(zip(unit, period))}
    units_in = {t: [u for u, tt in zip(unit, period) if tt == t] for t in periods}
    out = []
    for config in CONFIGS:
        rts, orientation, technology = config["rts"], config["orientation"], config["technology"]
        window = config.get("window", 3)
        rd = config["decomposition"] == "ray-desli"
        vrs = rts == "vrs"
        cache = {}

        def dist(kind, k, frontier_rts, i):
            key = (kind, k, frontier_rts, i)
            if key not in cache:
                inside = set(tech_periods(periods, kind, k, window))
                ref = [j for j, t in enumerate(period) if t in inside]
                cache[key] = shephard(X[ref], Y[ref], X[i], Y[i], frontier_rts, orientation)
            return cache[key]

        def ratio(a, b):
            return a / b if orientation == "output" else b / a

        pairs = []
        for k in range(len(periods) - 1):
            t0, t1 = periods[k], periods[k + 1]
            compared = [u for u in units_in[t0] if (u, t1) in row_of]
            pair = {"from": t0, "to": t1, "units": compared, "status": [], "failed": [], "components": {}, "distances": {}}
            for u in compared:
                a, b = row_of[(u, t0)], row_of[(u, t1)]
                needs = []
                single = technology in ("global", "biennial")
                if single:
                    L = "G" if technology == "global" else "B"
                    needs += [(f"D_{L}(t)", technology, k, "crs", a), (f"D_{L}(t+1)", technology, k, "crs", b),
                              ("D_t(t)", "contemporaneous", k, "crs", a), ("D_t+1(t+1)", "contemporaneous", k + 1, "crs", b)]
                    if vrs:
                        needs += [("Dv_t(t)", "contemporaneous", k, "vrs", a), ("Dv_t+1(t+1)", "contemporaneous", k + 1, "vrs", b)]
                        if rd:
                            needs += [(f"Dv_{L}(t)", technology, k, "vrs", a), (f"Dv_{L}(t+1)", technology, k, "vrs", b)]
                else:
                    needs += [("D_t(t)", technology, k, "crs", a), ("D_t(t+1)", technology, k, "crs", b),
                              ("D_t+1(t)", technology, k + 1, "crs", a), ("D_t+1(t+1)", technology, k + 1, "crs", b)]
                    if vrs:
                        needs += [("Dv_t(t)", technology, k, "vrs", a)]
                        if rd:
                            needs += [("Dv_t(t+1)", technology, k, "vrs", b), ("Dv_t+1(t)", technology, k + 1, "vrs", a)]
                        needs += [("Dv_t+1(t+1)", technology, k + 1, "vrs", b)]
                d, status, failed = {}, "optimal", None
                for name, kind, kk, frts, i in needs:
                    st, value = dist(kind, kk, frts, i)
                    d[name] = value if st == "optimal" else float("nan")
                    if st != "optimal" and status == "optimal":
                        status, failed = st, name
                comp = {}
                if status == "optimal":
                    if single:
                        tfpch = ratio(d[f"D_{L}(t+1)"], d[f"D_{L}(t)"])
                        effch = ratio(d["D_t+1(t+1)"], d["D_t(t)"])
                        if vrs:
                            pech = ratio(d["Dv_t+1(t+1)"], d["Dv_t(t)"])
                        if rd:
                            bpc = ratio(d[f"Dv_{L}(t+1)"], d["Dv_t+1(t+1)"]) / ratio(d[f"Dv_{L}(t)"], d["Dv_t(t)"])
                            comp = {"tfpch": tfpch, "bpc": bpc, "pech": pech, "sech": tfpch / (pech * bpc)}
                        else:
                            bpc = ratio(d[f"D_{L}(t+1)"], d["D_t+1(t+1)"]) / ratio(d[f"D_{L}(t)"], d["D_t(t)"])
                            comp = {"tfpch": tfpch, "effch": effch, "bpc": bpc}
                            if vrs:
                                comp.update({"pech": pech, "sech": effch / pech})
                    else:
                        tfpch = math.sqrt(ratio(d["D_t(t+1)"], d["D_t(t)"]) * ratio(d["D_t+1(t+1)"], d["D_t+1(t)"]))
                        effch = ratio(d["D_t+1(t+1)"], d["D_t(t)"])
                        techch = math.sqrt(ratio(d["D_t(t+1)"], d["D_t+1(t+1)"]) * ratio(d["D_t(t)"], d["D_t+1(t)"]))
                        if vrs:
                            pech = ratio(d["Dv_t+1(t+1)"], d["Dv_t(t)"])
                        if rd:
                            tv = math.sqrt(ratio(d["Dv_t(t+1)"], d["Dv_t+1(t+1)"]) * ratio(d["Dv_t(t)"], d["Dv_t+1(t)"]))
                            comp = {"tfpch": tfpch, "techch": tv, "pech": pech, "sech": tfpch / (pech * tv)}
                        else:
                            comp = {"tfpch": tfpch, "effch": effch, "techch": techch}
                            if vrs:
                                comp.update({"pech": pech, "sech": effch / pech})
                pair["status"].append(status)
                pair["failed"].append(failed)
                for name in (comp or {n: None for n in component_names(single, vrs, rd)}):
                    pair["components"].setdefault(name, []).append(num(comp.get(name)))
                if config.get("distances"):
                    for name, value in d.items():
                        pair["distances"].setdefault(name, []).append(num(value))
            if not config.get("distances"):
                del pair["distances"]
            pairs.append(pair)
        settings = {k: v for k, v in config.items() if k != "distances"}
        out.append({"settings": settings, "pairs": pairs})
        failed = sum(s != "optimal" for p in pairs for s in p["status"])
        print(settings, "unit-pairs:", sum(len(p["units"]) for p in pairs), "failed:", failed, "LPs:", len(cache))
    fixture = {
        "source": "USDA ERS US agriculture, 48 states x 1995-2004 (R productivity data usagri; data/dea/productivity_usagri.csv); Malmquist index by an independent SciPy/HiGHS LP formulation of the distance functions and the index definitions (see generator)",
        "generator": "test/reference/malmquist/generate.py (Debian python3-scipy %s, numpy %s; scipy.optimize.linprog(method='highs')): cd test/reference/malmquist && /usr/bin/python3 generate.py"
        % (scipy.__version__, np.__version__),
        "tolerance": 1e-6,
        "note": "inputs q.capital, q.land, q.labor, q.materials; outputs q.livestock, q.crop, q.other; columns divided by their means. Per configuration and pair: units compared, status ('optimal' or the first failing LP's), the first failing distance, components (null where an LP failed); distances for the first configuration",
        "input": {"file": FILE, "unit": "States", "period": "Years", "inputs": INPUTS, "outputs": OUTPUTS},
        "expected": out,
    }
    text = json.dumps(fixture, indent=2)
    text = re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]", text)
    with open(os.path.join(HERE, "usagri-scipy.json"), "w") as f:
        f.write(text + "\n")


def component_names(single, vrs, rd):
    if single:
        return ["tfpch", "bpc", "pech", "sech"] if rd else ["tfpch", "effch", "bpc"] + (["pech", "sech"] if vrs else [])
    return ["tfpch", "techch", "pech", "sech"] if rd else ["tfpch", "effch", "techch"] + (["pech", "sech"] if vrs else [])


if __name__ == "__main__":
    main()
