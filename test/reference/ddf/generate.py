"""Reference fixtures for ddf(): directional distance functions solved one LP per unit with
scipy.optimize.linprog(method="highs"), written out here independently of src/methods/frontier/ddf.ts.

Run: cd test/reference/ddf && /usr/bin/python3 generate.py   (Debian python3-scipy 1.10.1, python3-numpy 1.24.2)

Radial (Chambers, Chung & Färe 1996; Chung, Färe & Grosskopf 1997), for unit o against reference units j:
  max beta  s.t.  sum_j lam_j x_ij <= x_io - beta gx_i,  sum_j lam_j y_rj >= y_ro + beta gy_r,
                  sum_j lam_j b_kj  = b_ko - beta gb_k  (weak; "<=" for free disposability),
                  lam >= 0, beta free; vrs: sum lam = 1, nirs: <= 1, ndrs: >= 1.
Non-radial (Zhou, Ang & Wang 2012): one beta_v >= 0 per variable v in its own constraint, max sum_v w_v beta_v;
beta_v is fixed at 0 where the unit's direction component or the variable's weight is 0.
Each constraint row is divided by the mean of its reference values (beta is unchanged by this).
"""
import json
import re

import numpy as np
import scipy
from scipy.optimize import linprog

GEN = "test/reference/ddf/generate.py (scipy %s, numpy %s): /usr/bin/python3 generate.py" % (
    scipy.__version__,
    np.__version__,
)


def write(name, data):
    """JSON with each innermost list on one line (floats as Python repr: shortest round-trip, 17 significant digits at most)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = re.sub(
        r"\[([^\[\]{}]*)\]",
        lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]",
        text,
    )
    with open(name + ".json", "w") as f:
        f.write(text + "\n")


def resolve_part(spec, own, n, width):
    """Direction block for n evaluated units: "observed" -> the unit's own values; number -> constant;
    list -> per-variable vector for all units; list of lists -> per-unit matrix."""
    if spec is None or spec == "observed":
        return own.astype(float).copy()
    a = np.asarray(spec, dtype=float)
    if a.ndim == 0:
        return np.full((n, width), float(a))
    if a.ndim == 1:
        return np.tile(a, (n, 1))
    return a.copy()


def resolve_direction(direction, X, Y, B):
    n = X.shape[0]
    if isinstance(direction, str):
        parts = {
            "gx": "observed" if "x" in direction else 0,
            "gy": "observed" if "y" in direction else 0,
            "gb": "observed" if "b" in direction else 0,
        }
    else:
        parts = {"gx": "observed", "gy": "observed", "gb": "observed", **direction}
    return (
        resolve_part(parts["gx"], X, n, X.shape[1]),
        resolve_part(parts["gy"], Y, n, Y.shape[1]),
        resolve_part(parts["gb"], B, n, B.shape[1]),
    )


def ddf_unit(o, X, Y, B, RX, RY, RB, G, rts, bad_disp, variant, weights):
    """One unit's LP. Returns (status, beta, betas) with betas in order inputs, outputs, bads."""
    gx, gy, gb = G
    m, s, k = X.shape[1], Y.shape[1], B.shape[1]
    nr = RX.shape[0]
    nv = m + s + k
    dirs = np.concatenate([gx[o], gy[o], gb[o]])
    nb = 1 if variant == "radial" else nv
    # rows as (coefficients over lam, coefficient(s) over beta, rhs, sense); sense "<=", ">=", "="
    rows = []
    for i in range(m):
        scale = RX[:, i].mean() if RX[:, i].mean() > 0 else 1.0
        beta = np.zeros(nb)
        beta[0 if nb == 1 else i] = gx[o, i]
        rows.append((RX[:, i] / scale, beta / scale, X[o, i] / scale, "<="))
    for r in range(s):
        scale = RY[:, r].mean() if RY[:, r].mean() > 0 else 1.0
        beta = np.zeros(nb)
        beta[0 if nb == 1 else m + r] = -gy[o, r]
        rows.append((RY[:, r] / scale, beta / scale, Y[o, r] / scale, ">="))
    for q in range(k):
        scale = RB[:, q].mean() if RB[:, q].mean() > 0 else 1.0
        beta = np.zeros(nb)
        beta[0 if nb == 1 else m + s + q] = gb[o, q]
        rows.append((RB[:, q] / scale, beta / scale, B[o, q] / scale, "=" if bad_disp == "weak" else "<="))
    if rts != "crs":
        sense = {"vrs": "=", "nirs": "<=", "ndrs": ">="}[rts]
        rows.append((np.ones(nr), np.zeros(nb), 1.0, sense))
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    for lam, beta, rhs, sense in rows:
        full = np.concatenate([lam, beta])
        if sense == "<=":
            A_ub.append(full)
            b_ub.append(rhs)
        elif sense == ">=":
            A_ub.append(-full)
            b_ub.append(-rhs)
        else:
            A_eq.append(full)
            b_eq.append(rhs)
    c = np.zeros(nr + nb)
    if variant == "radial":
        c[nr] = -1.0
        bounds = [(0, None)] * nr + [(None, None)]
    else:
        c[nr:] = -np.asarray(weights, dtype=float)
        bounds = [(0, None)] * nr + [(0, 0) if dirs[v] == 0 or weights[v] == 0 else (0, None) for v in range(nv)]
    res = linprog(
        c,
        A_ub=np.array(A_ub) if A_ub else None,
        b_ub=np.array(b_ub) if b_ub else None,
        A_eq=np.array(A_eq) if A_eq else None,
        b_eq=np.array(b_eq) if b_eq else None,
        bounds=bounds,
        method="highs",
    )
    status = {0: "optimal", 2: "infeasible", 3: "unbounded"}.get(res.status, "numerical")
    if status != "optimal":
        return status, None, None
    betas = res.x[nr:]
    if variant == "radial":
        return status, float(betas[0]) + 0.0, None
    return status, float(-res.fun) + 0.0, [float(v) + 0.0 for v in betas]


def default_weights(G, m, s, k):
    """Equal weights 1/K over the variables whose direction is not zero for every unit."""
    gx, gy, gb = G
    included = np.concatenate([np.any(gx != 0, axis=0), np.any(gy != 0, axis=0), np.any(gb != 0, axis=0)])
    return (included / included.sum()).tolist()


def case(name, source, X, Y, B, reference=None, printed=None, **options):
    X, Y, B = (np.asarray(a, dtype=float) for a in (X, Y, B))
    if reference is None:
        RX, RY, RB = X, Y, B
    else:
        RX, RY, RB = (np.asarray(reference[key], dtype=float) for key in ("X", "Y", "B"))
    rts = options.get("rts", "crs")
    bad_disp = options.get("badDisposability", "weak")
    variant = options.get("variant", "radial")
    direction = options.get("direction", "xyb")
    G = resolve_direction(direction, X, Y, B)
    m, s, k = X.shape[1], Y.shape[1], B.shape[1]
    weights = options.get("weights")
    if variant == "non-radial" and weights is None:
        w = default_weights(G, m, s, k)
    elif variant == "non-radial":
        w = list(weights["x"]) + list(weights["y"]) + list(weights["b"])
    else:
        w = None
    beta, status, betas = [], [], []
    for o in range(X.shape[0]):
        st, b, bs = ddf_unit(o, X, Y, B, RX, RY, RB, G, rts, bad_disp, variant, w)
        status.append(st)
        beta.append(b)
        betas.append(bs)
    expected = {"beta": beta, "status": status}
    if variant == "non-radial":
        expected["weights"] = w
        expected["betas"] = betas
    fixture = {
        "source": source,
        "generator": GEN,
        "tolerance": 1e-9,
        "input": {
            "X": X.tolist(),
            "Y": Y.tolist(),
            "B": B.tolist(),
            "reference": None if reference is None else {key: np.asarray(reference[key], dtype=float).tolist() for key in ("X", "Y", "B")},
            "options": options,
        },
        "expected": expected,
    }
    if printed is not None:
        fixture["printed"] = printed
    write(name, fixture)


# methods.md §4.8 (j): 5 DMUs x 2 periods, x = 1, g = (0, y, b), CRS.
J = {
    1: {"X": [[1]] * 5, "Y": [[7], [5], [1], [3], [4]], "B": [[2], [5], [3], [3], [2]]},
    2: {"X": [[1]] * 5, "Y": [[8], [5.5], [2], [2], [4]], "B": [[1], [3], [2], [4], [1]]},
}
POOLED = {key: J[1][key] + J[2][key] for key in ("X", "Y", "B")}
J_SOURCE = "methods.md §4.8 (j) data (ML/GML/Luenberger test vectors, 5 DMUs x 2 periods); scipy.optimize.linprog(method='highs')"
PRINTED_SOURCE = "methods.md §4.8 (j) [C], printed to 6 decimals (standard Chung et al. technology, equality on bads)"


def printed(beta=None, status=None):
    out = {"source": PRINTED_SOURCE, "tolerance": 5e-7}
    if beta is not None:
        out["beta"] = beta
    if status is not None:
        out["status"] = status
    return out


def jcase(name, evaluated, ref, printed_values=None, **options):
    reference = None if ref == evaluated else (POOLED if ref == "G" else J[ref])
    case(name, J_SOURCE, J[evaluated]["X"], J[evaluated]["Y"], J[evaluated]["B"], reference, printed_values, direction="yb", **options)


def main():
    for rts in ("crs", "vrs"):
        for disp in ("weak", "free"):
            tag = "%s-%s" % (rts, disp)
            is_ref = rts == "crs" and disp == "weak"
            jcase("j-%s-own-t" % tag, 1, 1, printed([0, 0, 0.826087, 0.555556, 0.272727]) if is_ref else None, rts=rts, badDisposability=disp)
            jcase("j-%s-own-t1" % tag, 2, 2, printed([0, 0, 0.777778, 0.882353, 0.333333]) if is_ref else None, rts=rts, badDisposability=disp)
            jcase("j-%s-ref-t-eval-t1" % tag, 2, 1, rts=rts, badDisposability=disp)
            jcase(
                "j-%s-ref-t1-eval-t" % tag,
                1,
                2,
                printed(status=["optimal", "infeasible", "optimal", "optimal", "optimal"]) if is_ref else None,
                rts=rts,
                badDisposability=disp,
            )
            jcase("j-%s-global-t" % tag, 1, "G", printed([0.045455, 0, 0.92, 0.777778, 0.6]) if is_ref else None, rts=rts, badDisposability=disp)
            jcase("j-%s-global-t1" % tag, 2, "G", printed([0, 0.307692, 0.777778, 0.882353, 0.333333]) if is_ref else None, rts=rts, badDisposability=disp)

    for ref, ev in ((1, 1), (2, 2), (1, 2), (2, 1)):
        jcase("j-nonradial-crs-weak-ref-%s-eval-%s" % (ref, ev), ev, ref, variant="non-radial")

    # Random data: 12 units, 2 inputs, 2 outputs, 1 bad output, uniform on [1, 10), seed 20240601.
    rng = np.random.default_rng(20240601)
    n = 12
    RX = rng.uniform(1, 10, (n, 2)).round(3)
    RY = rng.uniform(1, 10, (n, 2)).round(3)
    RB = rng.uniform(1, 10, (n, 1)).round(3)
    R_SOURCE = "random data (numpy default_rng(20240601), uniform [1, 10), rounded to 3 decimals); scipy.optimize.linprog(method='highs')"
    for rts in ("crs", "vrs", "nirs", "ndrs"):
        for disp in ("weak", "free"):
            case("random-xyb-%s-%s" % (rts, disp), R_SOURCE, RX, RY, RB, rts=rts, badDisposability=disp)
    case("random-vector-direction-vrs-weak", R_SOURCE, RX, RY, RB, rts="vrs", direction={"gx": [1, 2], "gy": [1, 0.5], "gb": [2]})
    GM = {
        "gx": rng.uniform(0.5, 2, (n, 2)).round(3).tolist(),
        "gy": rng.uniform(0.5, 2, (n, 2)).round(3).tolist(),
        "gb": rng.uniform(0.5, 2, (n, 1)).round(3).tolist(),
    }
    case("random-matrix-direction-crs-free", R_SOURCE, RX, RY, RB, rts="crs", badDisposability="free", direction=GM)
    case("random-y-direction-crs-weak", R_SOURCE, RX, RY, RB, direction="y")
    case("random-nonradial-xyb-crs-weak", R_SOURCE, RX, RY, RB, variant="non-radial")
    case("random-nonradial-xyb-vrs-free", R_SOURCE, RX, RY, RB, rts="vrs", badDisposability="free", variant="non-radial")
    case(
        "random-nonradial-weights-crs-weak",
        R_SOURCE,
        RX,
        RY,
        RB,
        variant="non-radial",
        weights={"x": [0, 1 / 3], "y": [1 / 6, 1 / 6], "b": [1 / 3]},
    )
    # A separate reference set: the first 6 units evaluate all 12 (units 7-12 may lie outside: beta < 0 or infeasible).
    half = {"X": RX[:6], "Y": RY[:6], "B": RB[:6]}
    for rts in ("crs", "vrs"):
        case("random-reference-%s-weak" % rts, R_SOURCE, RX, RY, RB, reference=half, rts=rts)
        case("random-reference-%s-free" % rts, R_SOURCE, RX, RY, RB, reference=half, rts=rts, badDisposability="free")
    # Unbounded: a reference unit with zero inputs and positive outputs (CRS, output-only direction, free bads).
    case(
        "unbounded-zero-input-reference",
        "constructed: reference unit 2 has zero inputs, so under CRS any output is reachable; scipy.optimize.linprog(method='highs')",
        [[2, 3], [4, 1]],
        [[5], [3]],
        [[1], [2]],
        reference={"X": [[1, 1], [0, 0]], "Y": [[2], [1]], "B": [[1], [0]]},
        direction="y",
        badDisposability="free",
    )


if __name__ == "__main__":
    main()
