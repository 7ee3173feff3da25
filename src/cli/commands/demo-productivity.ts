/**
 * The productivity part of `nqpf demo`: SBM-GML green TFP of the China provinces (capital stock built by the
 * perpetual-inventory method from the bundled GFCF data, employment and energy as inputs, real GDP as the good
 * output, CO2 as the bad output) and growth accounting for a set of PWT 10.01 countries, checked live against
 * PWT's own rtfpna.
 */
import type { Panel } from "../../panel/panel.js";
import { subsetPanel } from "../../panel/subset.js";
import { loadDataset } from "../../io/datasets.js";
import { matrix } from "../../math/matrix.js";
import { perpetualInventory, perpetualInventoryTables } from "../../methods/productivity/capital-stock.js";
import { cumulativeIndex } from "../../methods/productivity/cumulative.js";
import { growthAccounting, growthAccountingTables } from "../../methods/productivity/growth-accounting.js";
import {
  cumulativeGroupTable,
  cumulativeIndexTable,
  indexSummaryTable,
  indexTable,
} from "../../methods/productivity/index-table.js";
import { malmquistLuenberger } from "../../methods/productivity/malmquist-luenberger.js";
import { periodPanel } from "../../methods/productivity/period-panel.js";
import type { IndexResult } from "../../methods/productivity/types.js";
import { findColumn, type NumberColumn, type StringColumn, type Table } from "../../table/table.js";
import { chainedValues } from "../../study/chain.js";

/** Depreciation rate of the provincial capital stock (Zhang Jun, Wu Guiying & Zhang Jipeng 2004). */
const DELTA = 0.096;
const GTFP_FROM = 2012;
const GTFP_TO = 2018;

/** What the green-TFP step returns to the demo. */
export interface GreenTfp {
  readonly result: IndexResult;
  readonly provinces: number;
  readonly leftOut: readonly string[];
  /** Per pair: from, to, geometric means of gml, ec, bpc. */
  readonly pairs: readonly { from: number; to: number; gml: number; ec: number; bpc: number }[];
  /** Cumulative GTFP (base GTFP_FROM = 1) in the last year, by group ("all" first). */
  readonly cumulative: readonly { group: string; level: number }[];
  readonly lastYear: number;
  readonly tables: readonly Table[];
  readonly capitalTables: readonly Table[];
}

/**
 * SBM-GML green TFP, 2012–2018 (employment data end in 2018): capital stock by PIM (δ = 9.6 %, 1952 prices), employment, energy → real GDP
 * (2012 prices, chained with the NBS GDP index) with CO2 as undesirable output; global technology, CRS.
 */
export async function greenTfp(provinces: Panel): Promise<GreenTfp> {
  const capitalData = await loadDataset("china-capital-inputs");
  const pim = perpetualInventory(capitalData, {
    investment: "gfcf_100m_yuan_current",
    deflator: "investment_price_index",
    delta: DELTA,
  });
  const stockOf = new Map<string, number>();
  for (let r = 0; r < pim.stock.length; r++)
    stockOf.set(`${pim.entities[pim.entity[r]!]!}|${pim.year[r]!}`, pim.stock[r]!);

  const window = subsetPanel(provinces, { from: GTFP_FROM, to: GTFP_TO });
  const t = window.table;
  const num = (name: string) => findColumn(t, name) as NumberColumn;
  const str = (name: string) => findColumn(t, name) as unknown as StringColumn;
  // Real GDP at GTFP_FROM prices: nominal GDP of the first year, chained with the previous-year index.
  const realGdp = chainedValues(window, { value: "gdp", index: "gdp_index_prev", base: GTFP_FROM }).column;
  const emp = num("emp_total");
  const energy = num("energy_consumption");
  const co2 = num("co2_total_mt");
  const nameEn = str("name_en");
  const region = str("region_nbs4");
  const present = (c: NumberColumn, r: number) => c.missing[r] === 0 && Number.isFinite(c.values[r]!);

  const rowsByEntity = new Map<number, number[]>();
  for (let r = 0; r < t.rowCount; r++) {
    const e = window.entityOf[r]!;
    const list = rowsByEntity.get(e) ?? [];
    list.push(r);
    rowsByEntity.set(e, list);
  }
  const unit: string[] = [];
  const period: number[] = [];
  const X: number[] = [];
  const Y: number[] = [];
  const B: number[] = [];
  const groupOf = new Map<string, string>();
  const leftOut: string[] = [];
  for (const [e, rows] of rowsByEntity) {
    const code = window.entities[e]!;
    const label = nameEn.values[rows[0]!] ?? code;
    const values: { year: number; x: number[]; y: number; b: number }[] = [];
    let complete = rows.length === GTFP_TO - GTFP_FROM + 1;
    for (const r of rows) {
      const year = window.times[window.timeOf[r]!]!;
      const k = stockOf.get(`${code}|${year}`);
      const ok =
        present(realGdp, r) &&
        present(emp, r) &&
        present(energy, r) &&
        present(co2, r) &&
        k !== undefined &&
        Number.isFinite(k);
      if (!ok) complete = false;
      values.push({
        year,
        x: [k ?? Number.NaN, emp.values[r]!, energy.values[r]!],
        y: realGdp.values[r]!,
        b: co2.values[r]!,
      });
    }
    if (!complete) {
      leftOut.push(label);
      continue;
    }
    groupOf.set(label, region.values[rows[0]!] ?? "");
    for (const v of values) {
      unit.push(label);
      period.push(v.year);
      X.push(...v.x);
      Y.push(v.y);
      B.push(v.b);
    }
  }
  const n = unit.length;
  const panel = periodPanel({
    unit,
    period,
    X: matrix(n, 3, X),
    Y: matrix(n, 1, Y),
    B: matrix(n, 1, B),
  });
  const names = {
    inputs: ["capital_stock_pim", "emp_total", "energy_consumption"],
    outputs: ["real_gdp"],
    bads: ["co2_total_mt"],
  };
  const result = malmquistLuenberger(panel, { distance: "sbm", technology: "global", rts: "crs", names });
  // Per pair: the geometric means over the provinces compared (DEAP's annual means).
  const summary = indexSummaryTable(result);
  const mean = (name: string, p: number) => (findColumn(summary, name) as NumberColumn).values[p]!;
  const pairs = result.pairs.map((p, i) => ({
    from: p.from,
    to: p.to,
    gml: mean(result.index, i),
    ec: mean("ec", i),
    bpc: mean("bpc", i),
  }));
  const cumulative = cumulativeIndex(result, undefined, {
    group: result.units.map((u) => groupOf.get(u) ?? null),
  });
  const last = cumulative.periods.length - 1;
  return {
    result,
    provinces: result.units.length,
    leftOut,
    pairs,
    cumulative: cumulative.groups.map((group, g) => ({ group, level: cumulative.groupLevel[g]![last]! })),
    lastYear: cumulative.periods[last]!,
    tables: [summary, indexTable(result), cumulativeGroupTable(cumulative), cumulativeIndexTable(cumulative)],
    capitalTables: Object.values(perpetualInventoryTables(pim)),
  };
}

/** PWT countries of the growth-accounting step. */
export const PWT_COUNTRIES = ["CHN", "IND", "USA", "DEU", "JPN", "KOR", "GBR", "FRA", "BRA"] as const;

/** What the growth-accounting step returns to the demo. */
export interface PwtGrowth {
  readonly from: number;
  readonly to: number;
  /** Per country: mean annual log growth (%) of output, contributions of labour and capital, TFP. */
  readonly rows: readonly {
    country: string;
    years: number;
    output: number;
    labour: number;
    capital: number;
    tfp: number;
  }[];
  /** Largest |Δln A − Δln rtfpna| over the computed pairs, and their count. */
  readonly maxDeviation: number;
  readonly pairs: number;
  readonly tables: readonly Table[];
}

/**
 * Growth accounting 2000–2019 for PWT_COUNTRIES with PWT's recipe (Y = rgdpna, K = rkna, L = emp·avh·hc,
 * Törnqvist labour shares from labsh), checked against PWT's rtfpna.
 */
export async function pwtGrowthAccounting(from = 2000, to = 2019): Promise<PwtGrowth> {
  const pwt = await loadDataset("pwt1001");
  const subset = subsetPanel(pwt, { from, to, entities: [...PWT_COUNTRIES] });
  const result = growthAccounting(subset, {
    output: "rgdpna",
    capital: "rkna",
    employment: "emp",
    hours: "avh",
    humanCapital: "hc",
    labourShare: "labsh",
  });
  const rtfp = findColumn(subset.table, "rtfpna") as NumberColumn;
  let maxDeviation = 0;
  let pairs = 0;
  const rowOf = new Map<string, number>();
  for (let r = 0; r < subset.table.rowCount; r++)
    rowOf.set(`${subset.entities[subset.entityOf[r]!]!}|${subset.times[subset.timeOf[r]!]!}`, r);
  const sums = new Map<string, { n: number; y: number; l: number; k: number; a: number }>();
  for (let r = 0; r < result.status.length; r++) {
    if (result.status[r] !== "ok") continue;
    const country = result.entities[result.entity[r]!]!;
    const now = rowOf.get(`${country}|${result.year[r]!}`);
    const before = rowOf.get(`${country}|${result.fromYear[r]!}`);
    if (now !== undefined && before !== undefined && rtfp.missing[now] === 0 && rtfp.missing[before] === 0) {
      const pwtGrowth = Math.log(rtfp.values[now]! / rtfp.values[before]!);
      maxDeviation = Math.max(maxDeviation, Math.abs(result.tfpGrowth[r]! - pwtGrowth));
      pairs++;
    }
    const s = sums.get(country) ?? { n: 0, y: 0, l: 0, k: 0, a: 0 };
    s.n++;
    s.y += result.outputGrowth[r]!;
    s.l += result.labourContribution[r]!;
    s.k += result.capitalContribution[r]!;
    s.a += result.tfpGrowth[r]!;
    sums.set(country, s);
  }
  const rows = PWT_COUNTRIES.filter((c) => sums.has(c)).map((country) => {
    const s = sums.get(country)!;
    return {
      country,
      years: s.n,
      output: (100 * s.y) / s.n,
      labour: (100 * s.l) / s.n,
      capital: (100 * s.k) / s.n,
      tfp: (100 * s.a) / s.n,
    };
  });
  return { from, to, rows, maxDeviation, pairs, tables: Object.values(growthAccountingTables(result)) };
}
