/**
 * Bundled datasets load as panels with the values their publishers print. Every expected value
 * below is a spot check quoted in data/README.md (from the publisher or the source repository),
 * not computed by nqpf.
 */
import { describe, expect, it } from "vitest";
import { NqpfInputError } from "../../src/errors.js";
import { DATASETS } from "../../src/io/dataset-registry.js";
import { datasetPath, loadDataset, loadDatasetTable, loadMap } from "../../src/io/datasets.js";
import { panelRow, type Panel } from "../../src/panel/panel.js";
import { cell, getColumn } from "../../src/table/table.js";
import { existsSync } from "node:fs";

function value(p: Panel, entity: string, time: number, variable: string): number | string | null {
  const row = panelRow(p, p.entities.indexOf(entity), p.times.indexOf(time));
  expect(row, `${entity} ${time}`).toBeGreaterThanOrEqual(0);
  return cell(getColumn(p.table, variable), row);
}

describe("bundled datasets", () => {
  it("every registry entry points at a file in data/", () => {
    for (const spec of DATASETS) expect(existsSync(datasetPath(spec)), spec.file).toBe(true);
  });

  it('loadDataset("pwt1001") is the full PWT 10.01 panel with the published values', async () => {
    const pwt = await loadDataset("pwt1001");
    expect(pwt.table.rowCount).toBe(12810);
    expect(pwt.table.columns).toHaveLength(52);
    expect(pwt.entities).toHaveLength(183);
    expect(pwt.times[0]).toBe(1950);
    expect(pwt.times.at(-1)).toBe(2019);
    expect(value(pwt, "USA", 2019, "rgdpna")).toBeCloseTo(20563592, -1);
    expect(value(pwt, "USA", 2019, "rtfpna")).toBeCloseTo(1.0168, 4);
    expect(value(pwt, "CHN", 2019, "rgdpna")).toBeCloseTo(20572606, -1);
    expect(value(pwt, "CHN", 2019, "emp")).toBeCloseTo(798.81, 2);
    expect(value(pwt, "CHN", 2019, "hc")).toBeCloseTo(2.699, 3);
    expect(value(pwt, "CHN", 2017, "rtfpna")).toBe(1);
  });

  it('loadDataset("china-nbs-annual") pivots the long NBS file to 31 provinces × 2000–2019 with units', async () => {
    const nbs = await loadDataset("china-nbs-annual");
    expect(nbs.entities).toHaveLength(31);
    expect(nbs.entities).not.toContain("100000");
    expect(nbs.times[0]).toBe(2000);
    expect(nbs.times.at(-1)).toBe(2019);
    expect(value(nbs, "440000", 2019, "gdp")).toBeCloseTo(107986.9, 6);
    expect(value(nbs, "110000", 2019, "gdp")).toBeCloseTo(35445.1, 6);
    expect(value(nbs, "320000", 2015, "gdp")).toBeCloseTo(71255.9, 6);
    expect(getColumn(nbs.table, "gdp").meta.unit).toBe("100 million yuan, current prices");
  });

  it("the other China panels carry the README's spot-check values", async () => {
    const emp = await loadDataset("china-employment");
    expect(value(emp, "110000", 2017, "emp_total")).toBeCloseTo(1246.75, 6);
    expect(value(emp, "440000", 2020, "emp_total")).toBe(7039);
    const energy = await loadDataset("china-energy");
    expect(value(energy, "110000", 2019, "energy_consumption")).toBe(7360);
    expect(value(energy, "370000", 2019, "energy_consumption")).toBe(41390);
    const co2 = await loadDataset("china-co2");
    expect(value(co2, "110000", 2015, "co2_total_mt")).toBeCloseTo(92.763, 3);
    const capital = await loadDataset("china-capital-inputs");
    expect(value(capital, "110000", 2022, "gfcf_100m_yuan_current")).toBeCloseTo(10628.38, 2); // README quotes 2 decimals
    const later = await loadDataset("china-nbs-annual-2004-2024");
    expect(value(later, "440000", 2022, "gdp_vintage2024")).toBeCloseTo(129513.6, 6);
    expect(value(later, "110000", 2022, "gdp")).toBeCloseTo(45222.4, 6);
  });

  it('loadDataset("china-sci-tech") names variables <dataset>_<variable> and keeps Chinese labels', async () => {
    const st = await loadDataset("china-sci-tech");
    expect(st.entities).toHaveLength(31);
    const rdColumns = st.table.columns.filter((c) => c.name.startsWith("RDIntense_"));
    expect(rdColumns.length).toBeGreaterThan(0);
    const values2023 = rdColumns.map((c) =>
      cell(c, panelRow(st, st.entities.indexOf("110000"), st.times.indexOf(2023))),
    );
    expect(values2023.some((v) => typeof v === "number" && Math.abs(v - 2947.1) < 0.05)).toBe(true);
    expect(values2023.some((v) => typeof v === "number" && Math.abs(v - 6.73) < 0.005)).toBe(true);
  });

  it("loadDatasetTable keeps the file as stored; DEA panels and maps load", async () => {
    const raw = await loadDatasetTable("china-nbs-annual");
    expect(raw.rowCount).toBe(38976);
    const eg4 = await loadDataset("dea-deap-eg4");
    expect(eg4.entities).toHaveLength(5);
    expect(eg4.times).toEqual([1, 2, 3]);
    const map = (await loadMap("map-china-provinces")) as { features: unknown[] };
    expect(map.features).toHaveLength(34);
  });

  it("unknown or wrong-kind datasets are input errors with a hint", async () => {
    await expect(loadDataset("nope")).rejects.toBeInstanceOf(NqpfInputError);
    await expect(loadDataset("nope")).rejects.toMatchObject({ issues: [{ code: "unknown_dataset" }] });
    await expect(loadDataset("china-provinces")).rejects.toMatchObject({
      issues: [{ code: "bad_argument" }],
    });
    await expect(loadDatasetTable("map-world")).rejects.toMatchObject({
      issues: [{ code: "unsupported_format" }],
    });
  });
});

describe("composed datasets", () => {
  it('loadDataset("china-provinces-panel") joins the China panels on (adcode, year) and attaches regions', async () => {
    const p = await loadDataset("china-provinces-panel");
    expect(p.entities).toHaveLength(31);
    const names = p.table.columns.map((c) => c.name);
    for (const name of ["gdp", "energy_consumption", "co2_total_mt", "emp_total", "name_en", "region_nbs4"])
      expect(names).toContain(name);
    expect(names.some((n) => n.startsWith("RDIntense_"))).toBe(true);
    expect(value(p, "440000", 2019, "gdp")).toBeCloseTo(107986.9, 6);
    expect(value(p, "110000", 2019, "energy_consumption")).toBe(7360);
    expect(value(p, "110000", 2015, "co2_total_mt")).toBeCloseTo(92.763, 3);
    expect(value(p, "110000", 2017, "emp_total")).toBeCloseTo(1246.75, 6);
    expect(value(p, "110000", 2019, "region_nbs4")).toBe("East");
    expect(p.table.columns.filter((c) => c.name === "province_zh")).toHaveLength(1);
    expect(p.times[0]).toBe(1985);
  });
});
