#!/usr/bin/env python3
"""Reference capital stocks by the perpetual-inventory method, for test/methods/productivity/capital-stock.test.ts.

Input: data/china/prov_gfcf_capital_inputs.csv.gz of this package (provincial GFCF, 100M yuan at current prices, and
the investment price index, 1952 = 1; from the R package CHNCapitalStock 0.1.1, NBS data; see data/README.md).
Formulation (independent of the recursion in src/): the closed form
    K_t = (1 - d)^(t - t0) K_t0 + sum_{j = t0+1..t} (1 - d)^(t - j) I_j
evaluated as one matrix-vector product with numpy, where I_j = GFCF_j / P_j (P rebased when a deflator base is set).
Initial stock: g = (I_{t0+k}/I_{t0})^(1/k) - 1 (geometric) or mean(I_{t+1}/I_t - 1) over the first k rates
(arithmetic); K_t0 = I_t0 (1 + g)/(g + d) ("opening": K_{t0-1} = I_t0/(g + d)) or I_t0/(g + d) ("base-year");
or a given K_t0.
Run: python3 test/reference/capital-stock/generate.py   (Debian python3-numpy 2.4.6). Not run in CI.
"""
import csv
import gzip
import json
import pathlib

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[2] / "data" / "china" / "prov_gfcf_capital_inputs.csv.gz"
PROVINCES = ["110000", "440000", "500000", "460000"]  # Beijing, Guangdong, Chongqing (from 1996), Hainan

rows = {}
with gzip.open(DATA, "rt", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["adcode"] in PROVINCES:
            rows.setdefault(r["adcode"], []).append(
                (int(r["year"]), float(r["gfcf_100m_yuan_current"]), float(r["investment_price_index"]))
            )
for code in rows:
    rows[code].sort()


def closed_form(real, k0, d):
    n = len(real)
    t = np.arange(n)
    power = np.tril((1 - d) ** (t[:, None] - t[None, :]))  # (1-d)^(t-j) for j <= t
    inflow = np.array(real, dtype=float)
    inflow[0] = 0.0  # base-year investment is inside K_t0
    return (1 - d) ** t * k0 + power @ inflow


def case(name, options, base_year=None, given=None):
    d = options["delta"]
    out = {}
    for code in PROVINCES:
        series = [r for r in rows[code] if base_year is None or r[0] >= base_year]
        years = [r[0] for r in series]
        gfcf = np.array([r[1] for r in series])
        price = np.array([r[2] for r in series])
        if "deflatorBase" in options:
            price = price / dict((r[0], r[2]) for r in rows[code])[options["deflatorBase"]]
        real = gfcf / price
        entry = {"years": years}
        if given is not None:
            k0 = given[code]
        else:
            k = options["initialYears"]
            if options["growthMean"] == "geometric":
                g = (real[k] / real[0]) ** (1.0 / k) - 1
            else:
                g = float(np.mean(real[1 : k + 1] / real[:k] - 1))
            k0 = real[0] * (1 + g) / (g + d) if options["timing"] == "opening" else real[0] / (g + d)
            entry["g"] = float(g)
        entry["baseStock"] = float(k0)
        entry["realInvestment"] = [float(v) for v in real]
        entry["stock"] = [float(v) for v in closed_form(real, k0, d)]
        out[code] = entry
    return {
        "name": name,
        "options": {**options, **({"baseYear": base_year} if base_year is not None else {})},
        **({"initialStock": given} if given is not None else {}),
        "expected": out,
    }


cases = [
    case("level-1952-prices-opening-k5", {"delta": 0.096, "initialYears": 5, "growthMean": "geometric", "timing": "opening"}),
    case(
        "rebased-2000-base-year-k10-arithmetic-from-1978",
        {"delta": 0.05, "initialYears": 10, "growthMean": "arithmetic", "timing": "base-year", "deflatorBase": 2000},
        base_year=1978,
    ),
    # Illustrative base-year stocks (not published values): the 1978 stock in 1952 prices.
    case(
        "given-1978-stock",
        {"delta": 0.096},
        base_year=1978,
        given={"110000": 300.0, "440000": 250.0, "500000": 150.0, "460000": 20.0},
    ),
]

fixture = {
    "source": "Provincial GFCF (gfcf_100m_yuan_current) and investment price index (investment_price_index, 1952 = 1) of "
    "data/china/prov_gfcf_capital_inputs.csv.gz: common2016/CapitalStock @ 35640d3890bc7aa01a4a4ebd9facef6702bb153b : "
    "data/asset.rda (R package CHNCapitalStock 0.1.1 by Pu Chen, GPL-2; NBS data); provinces 110000 Beijing, "
    "440000 Guangdong, 500000 Chongqing (from 1996), 460000 Hainan",
    "generator": "python3 test/reference/capital-stock/generate.py (numpy 2.4.6; closed-form PIM as a matrix-vector product)",
    "tolerance": 1e-10,
    "input": {
        code: {"years": [r[0] for r in rows[code]], "gfcf": [r[1] for r in rows[code]], "price": [r[2] for r in rows[code]]}
        for code in PROVINCES
    },
    "expected": cases,
}
(HERE / "china-provinces.json").write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print("wrote", HERE / "china-provinces.json")
