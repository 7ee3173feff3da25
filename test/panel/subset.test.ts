import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { subsetPanel } from "../../src/panel/subset.js";
import { cell, getColumn } from "../../src/table/table.js";
import { panelSpec, specPanel } from "./arbitraries.js";
import { issuesOf } from "../issues.js";

const spec = panelSpec(["x", "y", "z"], { maxEntities: 5, maxPeriods: 6 });

describe("subsetPanel properties", () => {
  propTest.prop([
    spec,
    fc.integer({ min: 1, max: 2 ** 30 }),
    fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    fc.subarray(["z", "x", "y"]),
  ])(
    "subsetPanel keeps exactly the rows a brute-force filter keeps, with the chosen variables in the given order",
    (s, seed, fromStep, span, variables) => {
      const p = specPanel(s);
      const entities = p.entities.filter((_, i) => ((seed >> i) & 1) === 1);
      const from = fromStep === undefined ? undefined : p.times[Math.min(fromStep, p.times.length - 1)]!;
      const to = from === undefined || span === undefined ? undefined : from + span * s.step;
      const expected = s.rows.filter(
        (r) =>
          entities.includes(r.entity) &&
          (from === undefined || r.time >= from) &&
          (to === undefined || r.time <= to),
      );
      const options = {
        entities,
        variables,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      };
      if (expected.length === 0) {
        expect(issuesOf(() => subsetPanel(p, options)).map((i) => i.code)).toEqual(["bad_argument"]);
        return;
      }
      const sub = subsetPanel(p, options);
      expect(sub.table.columns.map((c) => c.name)).toEqual(["id", "t", ...variables]);
      expect(sub.table.rowCount).toBe(expected.length);
      expect(sub.entities).toEqual(p.entities.filter((e) => expected.some((r) => r.entity === e)));
      for (let row = 0; row < sub.table.rowCount; row++) {
        const entity = sub.entities[sub.entityOf[row]!]!;
        const time = sub.times[sub.timeOf[row]!]!;
        const source = expected.find((r) => r.entity === entity && r.time === time);
        expect(source).toBeDefined();
        variables.forEach((name) => {
          expect(cell(getColumn(sub.table, name), row)).toBe(source!.values[s.variables.indexOf(name)]);
        });
      }
    },
  );
});

describe("subsetPanel errors", () => {
  it("subsetPanel collects unknown entities, periods, variables and an inverted range together", () => {
    const p = specPanel({
      variables: ["gdp"],
      step: 1,
      rows: [{ entity: "110000", time: 2019, values: [1] }],
    });
    const issues = issuesOf(() =>
      subsetPanel(p, {
        entities: ["110000", "999999"],
        times: [2019, 2050],
        from: 2020,
        to: 2010,
        variables: ["gdp", "gpd"],
      }),
    );
    expect(issues.map((i) => [i.code, i.entity ?? i.time ?? i.column])).toEqual([
      ["bad_argument", "999999"],
      ["bad_argument", 2050],
      ["bad_argument", "t"],
      ["unknown_column", "gpd"],
    ]);
    expect(issues[3]!.hint).toMatch(/available variables: gdp/);
  });

  it("subsetPanel with a non-finite bound is a RangeError", () => {
    const p = specPanel({ variables: ["gdp"], step: 1, rows: [{ entity: "a", time: 1, values: [1] }] });
    expect(() => subsetPanel(p, { from: Number.NaN })).toThrow(/^subsetPanel: from must be a finite number/);
  });

  it("subsetPanel with times and from/to keeps periods satisfying both", () => {
    const p = specPanel({
      variables: ["v"],
      step: 1,
      rows: [2000, 2001, 2002, 2003].map((time) => ({ entity: "a", time, values: [time] })),
    });
    expect(subsetPanel(p, { times: [2000, 2002, 2003], from: 2001 }).times).toEqual([2002, 2003]);
  });
});
