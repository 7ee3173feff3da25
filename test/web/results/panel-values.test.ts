import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ResultsJson } from "../../../src/report/results-json.js";
import {
  choroplethForYear,
  choroplethYears,
  titleForYear,
  unitNames,
  unitPeriodColumns,
  yearsExtent,
  type ChoroplethSpec,
} from "../../../web/src/results/panel-values.js";
import { HAND_RESULTS } from "./fixtures/hand-results.js";

const SMALL: ResultsJson = JSON.parse(
  readFileSync(new URL("./fixtures/small-results.json", import.meta.url), "utf8"),
) as ResultsJson;

const step = (results: ResultsJson, id: string) => results.steps.find((s) => s.id === id)!;
const mapOf = (results: ResultsJson, id: string): ChoroplethSpec => {
  const f = step(results, id).figures.find((x) => x.kind === "choropleth");
  if (f?.kind !== "choropleth") throw new Error(`step ${id} has no map`);
  return f;
};

describe("choroplethYears", () => {
  it("finds the index map's values in the scores table (score column, 2019 drawn)", () => {
    const years = choroplethYears(step(HAND_RESULTS, "idx"), mapOf(HAND_RESULTS, "idx"))!;
    expect(years.source).toEqual({ table: 0, entity: "code", time: "year", value: "score" });
    expect(years.years).toEqual([2018, 2019]);
    expect(years.defaultYear).toBe(2019);
  });

  it("slices 2018 out of the scores table, the unit without a score in grey (null)", () => {
    const spec = mapOf(HAND_RESULTS, "idx");
    const shown = choroplethForYear(spec, choroplethYears(step(HAND_RESULTS, "idx"), spec)!, 2018);
    expect(shown.values).toEqual([
      { code: "11", name: "Beijing", value: 0.6 },
      { code: "31", name: "Shanghai", value: 0.3 },
      { code: "44", name: "Guangdong", value: null },
    ]);
    expect(shown.title).toBe("Composite index, 2018");
  });

  it("matches a map with a region without data against a table missing that region's year", () => {
    const spec = mapOf(HAND_RESULTS, "eff");
    const years = choroplethYears(step(HAND_RESULTS, "eff"), spec)!;
    expect(years.source.value).toBe("score");
    expect(choroplethForYear(spec, years, 2018).values.map((v) => v.value)).toEqual([1, 0.9, null]);
  });

  it("is undefined when no table column holds the map's values", () => {
    const spec = { ...mapOf(HAND_RESULTS, "idx"), values: [{ code: "11", name: "Beijing", value: 0.123 }] };
    expect(choroplethYears(step(HAND_RESULTS, "idx"), spec)).toBeUndefined();
  });

  it("finds the source of every map of a runStudy run: index scores, DEA scores, cumulative GML", () => {
    expect(choroplethYears(step(SMALL, "index"), mapOf(SMALL, "index"))?.source).toMatchObject({
      value: "score",
      time: "year",
    });
    expect(choroplethYears(step(SMALL, "dea"), mapOf(SMALL, "dea"))?.source).toMatchObject({
      entity: "unit",
      value: "score",
    });
    const gml = choroplethYears(step(SMALL, "gtfp"), mapOf(SMALL, "gtfp"))!;
    expect(gml.source).toMatchObject({ entity: "unit", time: "period", value: "gml_cum" });
    expect(gml.years).toEqual([2016, 2017, 2018]);
    // The chained level of the first period is 1 by definition (multiplicative index).
    expect([...gml.values.get(2016)!.values()]).toEqual([1, 1, 1, 1, 1]);
  });
});

describe("yearsExtent", () => {
  it("spans every year's values (0.25 in 2019 to 0.75 in 2019, 0.6 in 2018 inside), missing values left out", () => {
    const years = choroplethYears(step(HAND_RESULTS, "idx"), mapOf(HAND_RESULTS, "idx"))!;
    expect(yearsExtent(years)).toEqual([0.25, 0.75]);
  });
});

describe("titleForYear", () => {
  it("replaces the year at the end, else appends it", () => {
    expect(titleForYear("Composite index, 2019", 2019, 2016)).toBe("Composite index, 2016");
    expect(titleForYear("Composite index, 2019", 2019, 2019)).toBe("Composite index, 2019");
    expect(titleForYear("GML: cumulative gml, 2016–2018", 2017, 2016)).toBe(
      "GML: cumulative gml, 2016–2018, 2016",
    );
  });
});

describe("unitPeriodColumns and unitNames", () => {
  it("prefers the unit column whose keys are known (map codes) over an earlier name column", () => {
    const t = {
      meta: {},
      rowCount: 2,
      columns: [
        { name: "province", type: "string" as const, values: ["Beijing", "Shanghai"] },
        { name: "year", type: "number" as const, values: [2019, 2019] },
        { name: "adcode", type: "number" as const, values: [110000, 310000] },
      ],
    };
    expect(unitPeriodColumns(t)).toEqual({ entity: "province", time: "year" });
    expect(unitPeriodColumns(t, { knownUnits: new Set(["110000", "310000"]) })).toEqual({
      entity: "adcode",
      time: "year",
    });
  });

  it("collects names from maps and unit/name tables", () => {
    expect(Object.fromEntries(unitNames(HAND_RESULTS))).toEqual({
      "11": "Beijing",
      "31": "Shanghai",
      "44": "Guangdong",
    });
  });
});
