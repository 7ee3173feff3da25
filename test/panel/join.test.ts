import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { attachEntityAttributes, joinPanels, type JoinHow } from "../../src/panel/join.js";
import { panel, type Panel } from "../../src/panel/panel.js";
import {
  cell,
  getColumn,
  numberColumn,
  stringColumn,
  table,
  type NumberColumn,
} from "../../src/table/table.js";
import { NBS_ROWS, PROVINCE_ROWS } from "./fixtures/china-rows.js";
import { panelSpec, specPanel, type PanelSpec } from "./arbitraries.js";
import { issuesOf } from "../issues.js";

function provinces() {
  return table([
    numberColumn(
      "adcode",
      PROVINCE_ROWS.map((r) => r[0]),
    ),
    stringColumn(
      "name_zh",
      PROVINCE_ROWS.map((r) => r[1]),
    ),
    stringColumn(
      "name_en",
      PROVINCE_ROWS.map((r) => r[3]),
    ),
    stringColumn(
      "region_nbs4",
      PROVINCE_ROWS.map((r) => r[4]),
    ),
  ]);
}

/** The gdp rows of the NBS fixture plus the national row 100000 (not in province_codes.csv). */
function gdpPanel(): Panel {
  const rows = NBS_ROWS.filter((r) => r[4] === "gdp");
  return panel(
    table([
      stringColumn("adcode", [...rows.map((r) => String(r[0])), "100000"]),
      numberColumn("year", [...rows.map((r) => r[3]), 2019]),
      numberColumn("gdp", [...rows.map((r) => r[5]), 986515.2]),
    ]),
    { entity: "adcode", time: "year" },
  );
}

describe("attachEntityAttributes", () => {
  it("attachEntityAttributes(p, province_codes rows, {on: 'adcode', columns: ['region_nbs4']}) gives Beijing and Shanghai 'East' (lines 2 and 10 of province_codes.csv)", () => {
    const p = attachEntityAttributes(gdpPanel(), provinces(), { on: "adcode", columns: ["region_nbs4"] });
    expect(p.table.columns.map((c) => c.name)).toEqual(["adcode", "year", "gdp", "region_nbs4"]);
    // Text adcodes in the panel match the numeric adcode of the lookup table.
    expect(getColumn(p.table, "region_nbs4").values).toEqual([
      "East",
      "East",
      "East",
      "East",
      "East",
      "East",
      null,
    ]);
    expect(p.table.meta.notes).toEqual([
      "attachEntityAttributes: no row in the lookup table for 1 entity: 100000",
    ]);
    expect(p.entityOf).toEqual(gdpPanel().entityOf);
  });

  it("attachEntityAttributes reports duplicate and empty keys with their rows, name clashes, and missing columns", () => {
    const lookup = table([
      stringColumn("code", ["110000", " 110000 ", null]),
      stringColumn("gdp", ["x", "y", "z"]),
    ]);
    const issues = issuesOf(() =>
      attachEntityAttributes(gdpPanel(), lookup, { on: "code", file: "lookup.csv" }),
    );
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["duplicate_key", 3, "code"],
      ["missing_key", 4, "code"],
      ["duplicate_column", undefined, "gdp"],
    ]);
    expect(
      issuesOf(() => attachEntityAttributes(gdpPanel(), lookup, { on: "adcode", columns: ["nope"] })).map(
        (i) => i.code,
      ),
    ).toEqual(["missing_column", "missing_column"]);
    const renamed = attachEntityAttributes(
      gdpPanel(),
      table([stringColumn("code", ["110000"]), stringColumn("gdp", ["x"])]),
      { on: "code", suffix: "_lookup" },
    );
    expect(renamed.table.columns.map((c) => c.name)).toContain("gdp_lookup");
  });

  it("attachEntityAttributes with keys that match no entity is bad_value (names vs codes)", () => {
    const lookup = table([
      stringColumn("name_en", ["Beijing", "Shanghai"]),
      stringColumn("region", ["East", "East"]),
    ]);
    expect(
      issuesOf(() => attachEntityAttributes(gdpPanel(), lookup, { on: "name_en" })).map((i) => i.code),
    ).toEqual(["bad_value"]);
  });
});

describe("joinPanels", () => {
  const co2 = () =>
    panel(
      table([
        numberColumn("code", [110000, 110000, 310000, 440000]),
        numberColumn("yr", [2019, 2020, 2018, 2019]),
        numberColumn("co2", [1, 2, 3, 4]),
      ]),
      { entity: "code", time: "yr" },
    );

  it("joinPanels(gdp, co2, {how}) matches text and numeric entity codes and keeps the left column names", () => {
    const inner = joinPanels(gdpPanel(), co2(), { how: "inner" });
    expect(inner.table.columns.map((c) => c.name)).toEqual(["adcode", "year", "gdp", "co2"]);
    expect(inner.entities).toEqual(["110000", "310000"]);
    expect(Array.from((getColumn(inner.table, "gdp") as NumberColumn).values)).toEqual([35445.1, 36011.8]);
    const outer = joinPanels(gdpPanel(), co2(), { how: "outer" });
    expect(outer.entities).toEqual(["110000", "310000", "100000", "440000"]);
    expect(outer.times).toEqual([2017, 2018, 2019, 2020]);
    expect(outer.table.rowCount).toBe(9);
    expect(joinPanels(gdpPanel(), co2()).table.rowCount).toBe(7);
  });

  it("joinPanels reports clashing variables as duplicate_column unless a suffix is given", () => {
    const issues = issuesOf(() => joinPanels(gdpPanel(), gdpPanel()));
    expect(issues.map((i) => [i.code, i.column])).toEqual([["duplicate_column", "gdp"]]);
    expect(issues[0]!.hint).toMatch(/suffix/);
    const joined = joinPanels(gdpPanel(), gdpPanel(), { suffix: "_2" });
    expect(joined.table.columns.map((c) => c.name)).toEqual(["adcode", "year", "gdp", "gdp_2"]);
  });

  it("joinPanels with no common (entity, time) pair is bad_value for left and inner joins, allowed for outer (appending periods)", () => {
    const later = panel(
      table([stringColumn("adcode", ["110000"]), numberColumn("year", [2030]), numberColumn("x", [1])]),
      { entity: "adcode", time: "year" },
    );
    expect(issuesOf(() => joinPanels(gdpPanel(), later, { how: "inner" })).map((i) => i.code)).toEqual([
      "bad_value",
    ]);
    expect(joinPanels(gdpPanel(), later, { how: "outer" }).times).toEqual([2017, 2018, 2019, 2030]);
  });
});

/** Two specs over partly shared entity names, with variables of different names. */
const twoPanels = fc.tuple(
  panelSpec(["x"], { maxEntities: 4, maxPeriods: 4 }),
  panelSpec(["y", "z"], { maxEntities: 4, maxPeriods: 4 }),
);

/** Brute force with nested loops: the pairs each kind of join keeps, and the row of each side. */
function bruteJoin(left: PanelSpec, right: PanelSpec, how: JoinHow) {
  const pairs: { entity: string; time: number; l: number; r: number }[] = [];
  const seen = new Set<string>();
  const consider = (entity: string, time: number) => {
    const key = `${entity}|${time}`;
    if (seen.has(key)) return;
    seen.add(key);
    let l = -1;
    let r = -1;
    left.rows.forEach((row, i) => {
      if (row.entity === entity && row.time === time) l = i;
    });
    right.rows.forEach((row, i) => {
      if (row.entity === entity && row.time === time) r = i;
    });
    const keep = how === "outer" || (how === "inner" ? l >= 0 && r >= 0 : l >= 0);
    if (keep) pairs.push({ entity, time, l, r });
  };
  for (const row of left.rows) consider(row.entity, row.time);
  for (const row of right.rows) consider(row.entity, row.time);
  return pairs;
}

describe("joinPanels properties", () => {
  propTest.prop([twoPanels, fc.constantFrom<JoinHow>("left", "inner", "outer")])(
    "joinPanels keeps exactly the brute-force pairs, each cell from its side, entities left-first, periods ascending",
    ([leftSpec, rightSpec], how) => {
      const left = specPanel(leftSpec);
      const right = specPanel(rightSpec);
      const expected = bruteJoin(leftSpec, rightSpec, how);
      const anyMatch = bruteJoin(leftSpec, rightSpec, "inner").length > 0;
      if (how !== "outer" && !anyMatch) {
        expect(issuesOf(() => joinPanels(left, right, { how })).map((i) => i.code)).toEqual(["bad_value"]);
        return;
      }
      const joined = joinPanels(left, right, { how });
      expect(joined.table.rowCount).toBe(expected.length);
      const byKey = new Map(expected.map((e) => [`${e.entity}|${e.time}`, e]));
      const leftEntities = [...left.entities];
      for (let row = 0; row < joined.table.rowCount; row++) {
        const entity = joined.entities[joined.entityOf[row]!]!;
        const time = joined.times[joined.timeOf[row]!]!;
        const pair = byKey.get(`${entity}|${time}`);
        expect(pair, `${entity}|${time}`).toBeDefined();
        expect(cell(getColumn(joined.table, "x"), row)).toBe(
          pair!.l >= 0 ? leftSpec.rows[pair!.l]!.values[0] : null,
        );
        expect(cell(getColumn(joined.table, "y"), row)).toBe(
          pair!.r >= 0 ? rightSpec.rows[pair!.r]!.values[0] : null,
        );
        expect(cell(getColumn(joined.table, "z"), row)).toBe(
          pair!.r >= 0 ? rightSpec.rows[pair!.r]!.values[1] : null,
        );
        if (row > 0) {
          const previousEntity = joined.entityOf[row - 1]!;
          if (previousEntity === joined.entityOf[row])
            expect(joined.times[joined.timeOf[row - 1]!]!).toBeLessThan(time);
        }
      }
      // Left entities first, in the left panel's order.
      expect(
        joined.entities.slice(0, leftEntities.filter((e) => joined.entities.includes(e)).length),
      ).toEqual(leftEntities.filter((e) => joined.entities.includes(e)));
    },
  );
});
