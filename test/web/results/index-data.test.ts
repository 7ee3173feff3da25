import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ResultsJson } from "../../../src/report/results-json.js";
import { indexPanel, ranking, scoresTableIndex, unitLabel } from "../../../web/src/results/index-data.js";
import { HAND_RESULTS } from "./fixtures/hand-results.js";

/** The run of fixtures/small-study.yaml by runStudy (generator: fixtures/generate.mjs). */
const SMALL: ResultsJson = JSON.parse(
  readFileSync(new URL("./fixtures/small-results.json", import.meta.url), "utf8"),
) as ResultsJson;

const step = (results: ResultsJson, id: string) => results.steps.find((s) => s.id === id)!;

describe("indexPanel (hand-made run)", () => {
  const panel = indexPanel(step(HAND_RESULTS, "idx"), HAND_RESULTS)!;

  it("finds the scores table, the unit and period columns and the group column", () => {
    expect(scoresTableIndex(step(HAND_RESULTS, "idx"))).toBe(0);
    expect(panel.entityColumn).toBe("code");
    expect(panel.timeColumn).toBe("year");
    expect(panel.groupColumn).toBe("region");
    expect(panel.years).toEqual([2018, 2019]);
    expect(panel.dimensions.map((c) => c.name)).toEqual(["d1_index"]);
  });

  it("keys units by their code as text, with the map's and the data's names", () => {
    expect(panel.units).toEqual([
      { entity: "11", name: { zh: "北京", study: "Beijing" }, group: "East" },
      { entity: "31", name: { zh: "上海", study: "Shanghai" }, group: "East" },
      { entity: "44", name: { zh: "广东", study: "Guangdong" }, group: "South" },
    ]);
    expect(unitLabel(panel.units[0]!, "zh")).toBe("北京");
    expect(unitLabel(panel.units[0]!, "en")).toBe("Beijing");
  });

  it("ranking(panel, 2019) orders by score: Shanghai 0.75, Beijing 0.5, Guangdong 0.25", () => {
    expect(ranking(panel, 2019)).toEqual([
      { entity: "31", rank: 1, score: 0.75, group: "East" },
      { entity: "11", rank: 2, score: 0.5, group: "East" },
      { entity: "44", rank: 3, score: 0.25, group: "South" },
    ]);
  });

  it("ranking(panel, 2018) puts the unit without a score last, unranked", () => {
    expect(ranking(panel, 2018)).toEqual([
      { entity: "11", rank: 1, score: 0.6, group: "East" },
      { entity: "31", rank: 2, score: 0.3, group: "East" },
      { entity: "44", rank: null, score: null, group: "South" },
    ]);
  });

  it("ranks by position when the table has no rank column", () => {
    const s = step(HAND_RESULTS, "idx");
    const scores = s.tables[0]!;
    const withoutRank = {
      ...s,
      tables: [{ ...scores, columns: scores.columns.filter((c) => c.name !== "rank") }, ...s.tables.slice(1)],
    };
    const p = indexPanel(withoutRank, HAND_RESULTS)!;
    expect(ranking(p, 2019).map((r) => [r.entity, r.rank])).toEqual([
      ["31", 1],
      ["11", 2],
      ["44", 3],
    ]);
  });
});

describe("indexPanel (runStudy on five provinces)", () => {
  const s = step(SMALL, "index");
  const panel = indexPanel(s, SMALL)!;

  it("reads adcode × year, the NBS region as group and the Chinese names", () => {
    expect(panel.entityColumn).toBe("adcode");
    expect(panel.timeColumn).toBe("year");
    expect(panel.groupColumn).toBe("region_nbs4");
    expect(panel.years).toEqual([2016, 2017, 2018]);
    expect(panel.units.map((u) => u.entity)).toEqual(["110000", "310000", "420000", "510000", "620000"]);
    expect(panel.units.map((u) => unitLabel(u, "zh"))).toEqual(["北京", "上海", "湖北", "四川", "甘肃"]);
    expect(panel.units.map((u) => unitLabel(u, "en"))).toEqual([
      "Beijing",
      "Shanghai",
      "Hubei",
      "Sichuan",
      "Gansu",
    ]);
  });

  it("ranks the last year as the step's map orders it (the map holds the same year's scores)", () => {
    const map = s.figures.find((f) => f.kind === "choropleth");
    if (map?.kind !== "choropleth") throw new Error("the index step has no map");
    const byMap = [...map.values].sort((a, b) => b.value! - a.value!).map((v) => v.code);
    const rows = ranking(panel, 2018);
    expect(rows.map((r) => r.entity)).toEqual(byMap);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });
});
