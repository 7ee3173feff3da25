import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ResultsJson } from "../../../src/report/results-json.js";
import { parsePeers, unitDetail } from "../../../web/src/results/unit-data.js";
import { HAND_RESULTS } from "./fixtures/hand-results.js";

const SMALL: ResultsJson = JSON.parse(
  readFileSync(new URL("./fixtures/small-results.json", import.meta.url), "utf8"),
) as ResultsJson;

describe("parsePeers", () => {
  it("parsePeers reads formatPeers' text: names (spaces allowed) and λ", () => {
    expect(parsePeers("A (0.5); B C (0.25)")).toEqual([
      { entity: "A", lambda: 0.5 },
      { entity: "B C", lambda: 0.25 },
    ]);
    expect(parsePeers("110000 (1)")).toEqual([{ entity: "110000", lambda: 1 }]);
    expect(parsePeers("")).toEqual([]);
    expect(parsePeers(null)).toEqual([]);
  });
});

describe("unitDetail (hand-made run)", () => {
  const beijing = unitDetail(HAND_RESULTS, "11");
  const shanghai = unitDetail(HAND_RESULTS, "31");

  it("has the index scores, ranks (of the units scored that year) and dimension indices by year", () => {
    expect(beijing.name).toBe("Beijing");
    expect(beijing.index).toHaveLength(1);
    expect(beijing.index[0]!.rows).toEqual([
      { year: 2018, score: 0.6, rank: 1, of: 2, dimensions: [0.7] },
      { year: 2019, score: 0.5, rank: 2, of: 3, dimensions: [0.4] },
    ]);
  });

  it("has the obstacle degrees by year with the indicators' labels from the weights table", () => {
    const o = beijing.index[0]!.obstacles!;
    expect(o.rows).toEqual([
      {
        year: 2018,
        top: [
          { indicator: "x1", share: 0.55 },
          { indicator: "x2", share: 0.45 },
        ],
        dimensions: [1],
      },
      {
        year: 2019,
        top: [
          { indicator: "x2", share: 0.8 },
          { indicator: "x1", share: 0.2 },
        ],
        dimensions: [1],
      },
    ]);
    expect(o.labels.get("x2")).toEqual({ en: "Indicator two", zh: "指标二" });
    expect(shanghai.index[0]!.obstacles).toBeUndefined();
  });

  it("has the DEA score, status, Σλ, peers with λ, slacks and targets by year", () => {
    expect(shanghai.dea).toHaveLength(1);
    expect(shanghai.dea[0]!.rows[0]).toEqual({
      year: 2018,
      score: 0.9,
      status: "optimal",
      reason: null,
      lambdaSum: 1.2,
      peers: [
        { entity: "11", lambda: 0.7 },
        { entity: "44", lambda: 0.5 },
      ],
      variables: [
        { name: "x", slack: 0.5, target: 9 },
        { name: "y", slack: 0, target: 6 },
      ],
    });
    const guangdong = unitDetail(HAND_RESULTS, "44").dea[0]!.rows;
    expect(guangdong).toEqual([
      {
        year: 2019,
        score: null,
        status: "infeasible",
        reason: "no feasible point",
        lambdaSum: null,
        peers: [],
        variables: [
          { name: "x", slack: null, target: null },
          { name: "y", slack: null, target: null },
        ],
      },
    ]);
  });

  it("lists the unit's rows of other unit tables without the key and name columns", () => {
    expect(shanghai.tables.map((t) => [t.stepId, t.tableIndex])).toEqual([["tfp", 0]]);
    const gml = shanghai.tables[0]!.table;
    expect(gml.rowCount).toBe(1);
    expect(gml.columns.map((c) => c.name)).toEqual(["from", "to", "gml"]);
    expect(gml.columns[2]!.values).toEqual([0.98]);
  });

  it("is empty for a unit the run does not have", () => {
    const none = unitDetail(HAND_RESULTS, "99");
    expect([none.index.length, none.dea.length, none.tables.length]).toEqual([0, 0, 0]);
  });
});

describe("unitDetail (runStudy on five provinces)", () => {
  const gansu = unitDetail(SMALL, "620000");

  it("finds Gansu in the index, the DEA, the GML tables, the Markov classes and the coupling table", () => {
    expect(gansu.name).toBe("Gansu");
    expect(gansu.index[0]!.rows.map((r) => r.year)).toEqual([2016, 2017, 2018]);
    expect(gansu.index[0]!.rows.every((r) => r.of === 5)).toBe(true);
    expect(gansu.index[0]!.obstacles!.rows).toHaveLength(3);
    expect(gansu.dea[0]!.rows.map((r) => r.year)).toEqual([2016, 2017, 2018]);
    const where = gansu.tables.map((t) => `${t.stepId}/${t.table.meta.name ?? ""}`);
    expect(where).toEqual(
      expect.arrayContaining(["index/coupling", "gtfp/gml", "gtfp/gml_cumulative", "markov/markov_units"]),
    );
    const coupling = gansu.tables.find((t) => t.table.meta.name === "coupling")!.table;
    // The data's label columns go with the key; year and the coupling measures stay.
    expect(coupling.columns.map((c) => c.name)).toEqual(["year", "C", "T", "D", "level", "class"]);
  });

  it("reads the peers of Gansu 2016 as the DEA table wrote them (Beijing, λ = 1)", () => {
    const row = gansu.dea[0]!.rows.find((r) => r.year === 2016)!;
    expect(row.peers).toEqual([{ entity: "110000", lambda: 1 }]);
    expect(row.status).toBe("optimal");
    expect(row.variables.map((v) => v.name)).toEqual(["emp_total", "energy_consumption", "real_gdp"]);
  });
});
