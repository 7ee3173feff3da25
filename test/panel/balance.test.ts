import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import {
  balancedSubpanel,
  panelBalance,
  MISSING_PAIRS_LIMIT,
  GAP_TIMES_LIMIT,
  type BalanceDrop,
} from "../../src/panel/balance.js";
import { cell, getColumn } from "../../src/table/table.js";
import { panelSpec, specIndex, specPanel, type PanelSpec } from "./arbitraries.js";
import { issuesOf } from "../issues.js";

const spec = panelSpec(["x", "y"], { maxEntities: 5, maxPeriods: 6, missingFreq: 8 });

/** Entities in order of first appearance and periods ascending, straight from the spec. */
function axes(s: PanelSpec) {
  return {
    entities: [...new Set(s.rows.map((r) => r.entity))],
    times: [...new Set(s.rows.map((r) => r.time))].sort((a, b) => a - b),
  };
}

describe("panelBalance against brute force", () => {
  propTest.prop([spec])("panelBalance counts, missing pairs, per-variable missing cells and gaps", (s) => {
    const { entities, times } = axes(s);
    const index = specIndex(s);
    const absent: { entity: string; time: number }[] = [];
    const gaps: { entity: string; gapCount: number; times: number[] }[] = [];
    for (const entity of entities) {
      const observed = times.filter((t) => index.has(`${entity}|${t}`));
      for (const t of times) if (!index.has(`${entity}|${t}`)) absent.push({ entity, time: t });
      const inside = times.filter(
        (t) => t > observed[0]! && t < observed[observed.length - 1]! && !index.has(`${entity}|${t}`),
      );
      if (inside.length > 0)
        gaps.push({ entity, gapCount: inside.length, times: inside.slice(0, GAP_TIMES_LIMIT) });
    }
    const b = panelBalance(specPanel(s));
    expect(b).toEqual({
      balanced: absent.length === 0,
      entityCount: entities.length,
      periodCount: times.length,
      observations: s.rows.length,
      expected: entities.length * times.length,
      missingPairCount: absent.length,
      missingPairs: absent.slice(0, MISSING_PAIRS_LIMIT),
      perVariableMissing: s.variables.map((variable, j) => ({
        variable,
        missing: s.rows.filter((r) => r.values[j] === null).length,
      })),
      gaps,
    });
  });

  propTest.prop([
    spec,
    fc.constantFrom<BalanceDrop>("entities", "periods", "auto"),
    fc.subarray(["x", "y"], { minLength: 1 }),
  ])(
    "balancedSubpanel keeps exactly the complete entities / periods (brute force) and the result is balanced",
    (s, drop, variables) => {
      const { entities, times } = axes(s);
      const index = specIndex(s);
      const complete = (e: string, t: number) => {
        const row = index.get(`${e}|${t}`);
        return row !== undefined && variables.every((v) => row.values[s.variables.indexOf(v)] !== null);
      };
      const fullEntities = entities.filter((e) => times.every((t) => complete(e, t)));
      const fullTimes = times.filter((t) => entities.every((e) => complete(e, t)));
      const byEntities = fullEntities.length * times.length;
      const byPeriods = entities.length * fullTimes.length;
      const applied = drop === "auto" ? (byPeriods > byEntities ? "periods" : "entities") : drop;
      const keptEntities = applied === "entities" ? fullEntities : entities;
      const keptTimes = applied === "periods" ? fullTimes : times;
      const p = specPanel(s);
      if (keptEntities.length * keptTimes.length === 0) {
        expect(issuesOf(() => balancedSubpanel(p, { drop, variables })).map((i) => i.code)).toEqual([
          "unbalanced_panel",
        ]);
        return;
      }
      const result = balancedSubpanel(p, { drop, variables });
      expect(result.drop).toBe(applied);
      expect(result.panel.entities).toEqual(keptEntities);
      expect(result.panel.times).toEqual(keptTimes);
      expect(result.droppedEntities).toEqual(entities.filter((e) => !keptEntities.includes(e)));
      expect(result.droppedTimes).toEqual(times.filter((t) => !keptTimes.includes(t)));
      expect(panelBalance(result.panel).balanced).toBe(true);
      for (const v of variables)
        expect(panelBalance(result.panel).perVariableMissing.find((m) => m.variable === v)!.missing).toBe(0);
      // Every cell is the spec's value at the same (entity, time).
      for (let r = 0; r < result.panel.table.rowCount; r++) {
        const row = index.get(
          `${result.panel.entities[result.panel.entityOf[r]!]!}|${result.panel.times[result.panel.timeOf[r]!]!}`,
        )!;
        expect(cell(getColumn(result.panel.table, "x"), r)).toBe(row.values[0]);
      }
    },
  );
});

describe("balance examples and errors", () => {
  const tibetLike = () =>
    specPanel({
      variables: ["gdp", "rd"],
      step: 1,
      rows: [
        { entity: "110000", time: 2017, values: [1, 1] },
        { entity: "110000", time: 2018, values: [2, 2] },
        { entity: "110000", time: 2019, values: [3, 3] },
        { entity: "540000", time: 2017, values: [1, null] },
        { entity: "540000", time: 2019, values: [3, 3] },
      ],
    });

  it("panelBalance reports the absent pair and the internal gap of 540000", () => {
    const b = panelBalance(tibetLike());
    expect(b.balanced).toBe(false);
    expect(b.missingPairs).toEqual([{ entity: "540000", time: 2018 }]);
    expect(b.gaps).toEqual([{ entity: "540000", gapCount: 1, times: [2018] }]);
    expect(b.perVariableMissing).toEqual([
      { variable: "gdp", missing: 0 },
      { variable: "rd", missing: 1 },
    ]);
  });

  it("balancedSubpanel(drop: 'entities') drops 540000; 'periods' drops 2017 and 2018; 'auto' prefers entities on the tie 3 = 3", () => {
    expect(balancedSubpanel(tibetLike()).droppedEntities).toEqual(["540000"]);
    expect(balancedSubpanel(tibetLike(), { drop: "periods" }).droppedTimes).toEqual([2017, 2018]);
    expect(balancedSubpanel(tibetLike(), { drop: "auto" }).drop).toBe("entities");
  });

  it("balancedSubpanel reports unknown variables and an empty result", () => {
    expect(
      issuesOf(() => balancedSubpanel(tibetLike(), { variables: ["gdp", "rdd"] })).map((i) => [
        i.code,
        i.column,
      ]),
    ).toEqual([["unknown_column", "rdd"]]);
    const none = specPanel({ variables: ["v"], step: 1, rows: [{ entity: "a", time: 1, values: [null] }] });
    const issues = issuesOf(() => balancedSubpanel(none));
    expect(issues.map((i) => i.code)).toEqual(["unbalanced_panel"]);
    expect(issues[0]!.hint).toMatch(/auto/);
  });
});

describe("very sparse panels", () => {
  it("panelBalance and balancedSubpanel work in O(rows) on 200,000 entities × 200,000 periods (one row each)", async () => {
    const { panel } = await import("../../src/panel/panel.js");
    const { numberColumn, table } = await import("../../src/table/table.js");
    const n = 200_000;
    const ids = Float64Array.from({ length: n }, (_, i) => i);
    const p = panel(table([numberColumn("id", ids), numberColumn("t", ids), numberColumn("x", ids)]), {
      entity: "id",
      time: "t",
    });
    const balance = panelBalance(p);
    expect(balance.missingPairCount).toBe(n * n - n);
    expect(balance.missingPairs).toHaveLength(MISSING_PAIRS_LIMIT);
    expect(balance.missingPairs[0]).toEqual({ entity: "0", time: 1 });
    expect(balance.gaps).toHaveLength(0);
    const issues = issuesOf(() => balancedSubpanel(p));
    expect(issues.map((i) => i.code)).toEqual(["unbalanced_panel"]);
  });
});
