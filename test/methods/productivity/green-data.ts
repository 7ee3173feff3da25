/**
 * Panels for the green productivity tests: the methods.md §4.8 (j) example, a few years of the bundled China
 * provinces panel (capital-like, employment and energy inputs, real GDP, CO2) and of the US agriculture panel.
 */

import { loadDataset, loadDatasetTable } from "../../../src/io/datasets.js";
import { fromRows } from "../../../src/math/matrix.js";
import { periodPanel, type PeriodPanel } from "../../../src/methods/productivity/period-panel.js";
import { cell, findColumn, type Table } from "../../../src/table/table.js";

/** methods.md §4.8 (j): 5 DMUs, x = 1, one good y and one bad b; periods 1 and 2 (and the third period of DataEnvelopmentAnalysis.jl's test/malmluen.jl when `third`). */
export function exampleJ(third = false): PeriodPanel {
  const y = [7, 5, 1, 3, 4, 8, 5.5, 2, 2, 4, ...(third ? [8, 5.5, 2, 2, 4] : [])];
  const b = [2, 5, 3, 3, 2, 1, 3, 2, 4, 1, ...(third ? [0.5, 2, 0.5, 3, 0.5] : [])];
  return periodPanel({
    unit: y.map((_, i) => `DMU ${(i % 5) + 1}`),
    period: y.map((_, i) => Math.floor(i / 5) + 1),
    X: fromRows(y.map(() => [1])),
    Y: fromRows(y.map((v) => [v])),
    B: fromRows(b.map((v) => [v])),
  });
}

function numberAt(t: Table, name: string, r: number): number {
  const column = findColumn(t, name);
  if (column === undefined) throw new Error(`column ${name} not found`);
  const value = cell(column, r);
  return typeof value === "number" ? value : Number.NaN;
}

/** Builds a period panel from table rows with complete, positive data; the rest are left out. */
function panelFromRows(
  rows: readonly { unit: string; period: number; x: number[]; y: number[]; b: number[] }[],
): PeriodPanel {
  const kept = rows.filter((r) => [...r.x, ...r.y, ...r.b].every((v) => Number.isFinite(v) && v > 0));
  return periodPanel({
    unit: kept.map((r) => r.unit),
    period: kept.map((r) => r.period),
    X: fromRows(kept.map((r) => r.x)),
    Y: fromRows(kept.map((r) => r.y)),
    B: fromRows(kept.map((r) => r.b)),
  });
}

/**
 * China provinces, years `from`..`to`: inputs fixed-asset investment (fai_total, capital-like), employment (emp_total)
 * and energy consumption; good output real GDP (gdp of `from` chained forward with gdp_index_prev / 100); bad output
 * CO2 (co2_total_mt). Observations with a missing or non-positive value are left out (the panel may be unbalanced).
 */
export async function chinaPanel(from: number, to: number): Promise<PeriodPanel> {
  const data = await loadDataset("china-provinces-panel");
  const t = data.table;
  const realGdp = new Map<string, number>();
  const rows: { unit: string; period: number; x: number[]; y: number[]; b: number[] }[] = [];
  // Rows are ordered by entity, then time, so the chain runs forward.
  for (let r = 0; r < t.rowCount; r++) {
    const unit = data.entities[data.entityOf[r]!]!;
    const year = data.times[data.timeOf[r]!]!;
    if (year < from || year > to) continue;
    const nominal = numberAt(t, "gdp", r);
    const index = numberAt(t, "gdp_index_prev", r);
    const previous = realGdp.get(unit);
    const real = year === from ? nominal : previous !== undefined ? (previous * index) / 100 : Number.NaN;
    realGdp.set(unit, real);
    rows.push({
      unit,
      period: year,
      x: [numberAt(t, "fai_total", r), numberAt(t, "emp_total", r), numberAt(t, "energy_consumption", r)],
      y: [real],
      b: [numberAt(t, "co2_total_mt", r)],
    });
  }
  return panelFromRows(rows);
}

/**
 * US agriculture (bundled dataset dea-usagri, data/dea/productivity_usagri.csv: 48 states × 1995–2004), years `from`..`to`: inputs q.capital, q.land,
 * q.labor, q.materials; good outputs q.livestock, q.crop; q.other treated as a bad output (for the tests only).
 */
export async function usagriPanel(from: number, to: number): Promise<PeriodPanel> {
  const t = await loadDatasetTable("dea-usagri");
  const rows: { unit: string; period: number; x: number[]; y: number[]; b: number[] }[] = [];
  const states = findColumn(t, "States")!;
  for (let r = 0; r < t.rowCount; r++) {
    const year = numberAt(t, "Years", r);
    if (year < from || year > to) continue;
    rows.push({
      unit: String(cell(states, r)),
      period: year,
      x: ["q.capital", "q.land", "q.labor", "q.materials"].map((c) => numberAt(t, c, r)),
      y: ["q.livestock", "q.crop"].map((c) => numberAt(t, c, r)),
      b: [numberAt(t, "q.other", r)],
    });
  }
  return panelFromRows(rows);
}
