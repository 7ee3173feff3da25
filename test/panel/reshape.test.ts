import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { pivotLonger, pivotWider } from "../../src/panel/reshape.js";
import {
  MISSING,
  cell,
  findColumn,
  getColumn,
  numberColumn,
  stringColumn,
  table,
  type Column,
  type NumberColumn,
  type Table,
} from "../../src/table/table.js";
import { NBS_ROWS, SCI_TECH_ROWS } from "./fixtures/china-rows.js";
import { cellValue, shuffle } from "./arbitraries.js";
import { issuesOf } from "../issues.js";

function nbsLong(rows = NBS_ROWS): Table {
  return table([
    numberColumn(
      "adcode",
      rows.map((r) => r[0]),
    ),
    stringColumn(
      "province_zh",
      rows.map((r) => r[1]),
    ),
    stringColumn(
      "province_en",
      rows.map((r) => r[2]),
    ),
    numberColumn(
      "year",
      rows.map((r) => r[3]),
    ),
    stringColumn(
      "variable",
      rows.map((r) => r[4]),
    ),
    numberColumn(
      "value",
      rows.map((r) => r[5]),
    ),
    stringColumn(
      "unit",
      rows.map((r) => r[6]),
    ),
    stringColumn(
      "source",
      rows.map((r) => r[7]),
    ),
  ]);
}

function sciTechLong(): Table {
  const rows = SCI_TECH_ROWS;
  const names = ["dataset", "variable", "label_en", "label_zh", "unit", "unit_zh_source", "year"] as const;
  return table([
    ...names.map((name, k) =>
      stringColumn(
        name,
        rows.map((r) => r[k] as string),
      ),
    ),
    numberColumn(
      "adcode",
      rows.map((r) => r[7]),
    ),
    stringColumn(
      "province_zh",
      rows.map((r) => r[8]),
    ),
    stringColumn(
      "province_en",
      rows.map((r) => r[9]),
    ),
    stringColumn(
      "value",
      rows.map((r) => r[10]),
    ),
  ]);
}

function numbers(t: Table, name: string): number[] {
  const column = getColumn(t, name);
  expect(column.type).toBe("number");
  return Array.from((column as NumberColumn).values);
}

describe("pivotWider: reference values from the shared China files", () => {
  it("pivotWider(prov_nbs_annual long rows, {id: [adcode, year], names: variable, values: value, meta: {unit, source}}) puts each file row in its cell", () => {
    const wide = pivotWider(nbsLong(), {
      id: ["adcode", "year"],
      names: "variable",
      values: "value",
      meta: { unit: "unit", source: "source" },
    });
    expect(wide.columns.map((c) => c.name)).toEqual([
      "adcode",
      "year",
      "province_zh",
      "province_en",
      "gdp",
      "pop_yearend",
    ]);
    expect(numbers(wide, "adcode")).toEqual([110000, 110000, 110000, 310000, 310000, 310000]);
    expect(numbers(wide, "year")).toEqual([2017, 2018, 2019, 2017, 2018, 2019]);
    // Values read off lines 17000–17002, 17160–17162 (gdp) and 26727–26729, 26887–26889 (pop_yearend) of the file.
    expect(numbers(wide, "gdp")).toEqual([29883, 33106, 35445.1, 32925, 36011.8, 37987.6]);
    expect(numbers(wide, "pop_yearend")).toEqual([2170.7, 2154, 2154, 2418, 2424, 2428]);
    expect(getColumn(wide, "province_en").values).toEqual([
      "Beijing",
      "Beijing",
      "Beijing",
      "Shanghai",
      "Shanghai",
      "Shanghai",
    ]);
    expect(getColumn(wide, "gdp").meta.unit).toBe("100 million yuan, current prices");
    expect(getColumn(wide, "pop_yearend").meta.unit).toBe("10,000 persons");
    expect(getColumn(wide, "gdp").meta.source).toMatch(/^NBS fsnd provincial DB/);
    expect(wide.meta.notes).toBeUndefined();
  });

  it("pivotWider(shuffled rows) gives the same cells, rows in order of first appearance", () => {
    const rows = shuffle(NBS_ROWS, 12345);
    const wide = pivotWider(nbsLong(rows), { id: ["adcode", "year"], names: "variable", values: "value" });
    const expected = new Map(NBS_ROWS.map((r) => [`${r[0]}|${r[3]}|${r[4]}`, r[5]]));
    const firstSeen = [...new Set(rows.map((r) => `${r[0]}|${r[3]}`))];
    const adcode = getColumn(wide, "adcode");
    const year = getColumn(wide, "year");
    expect(Array.from({ length: wide.rowCount }, (_, i) => `${cell(adcode, i)}|${cell(year, i)}`)).toEqual(
      firstSeen,
    );
    for (const variable of ["gdp", "pop_yearend"]) {
      const column = getColumn(wide, variable);
      for (let i = 0; i < wide.rowCount; i++)
        expect(cell(column, i)).toBe(expected.get(`${cell(adcode, i)}|${cell(year, i)}|${variable}`));
    }
    // unit varies within (adcode, year) and is dropped; source is the same on every row and is kept.
    expect(wide.meta.notes).toEqual(["pivotWider: dropped unit (not constant within adcode, year)"]);
    expect(wide.columns.map((c) => c.name)).toEqual([
      "adcode",
      "year",
      "province_zh",
      "province_en",
      "source",
      ...wide.columns.slice(5).map((c) => c.name),
    ]);
  });

  it("pivotWider(prov_sci_tech rows, names: variable) reports the variable repeated across datasets as duplicate_key with both rows", () => {
    const issues = issuesOf(() =>
      pivotWider(sciTechLong(), { id: ["adcode", "year"], names: "variable", values: "value" }),
    );
    expect(issues.map((i) => [i.code, i.row])).toEqual([
      ["duplicate_key", 4],
      ["duplicate_key", 5],
    ]);
    expect(issues[0]!.message).toMatch(/first seen on row 2/);
    expect(issues[0]!.hint).toMatch(/namesFrom/);
  });

  it("pivotWider(prov_sci_tech rows, namesFrom: [dataset, variable]) gives one column per dataset, text values parsed to numbers", () => {
    const wide = pivotWider(sciTechLong(), {
      id: ["adcode", "year"],
      namesFrom: ["dataset", "variable"],
      values: "value",
      meta: { labelEn: "label_en", labelZh: "label_zh", unit: "unit" },
    });
    expect(wide.columns.map((c) => c.name)).toEqual([
      "adcode",
      "year",
      "unit_zh_source",
      "province_zh",
      "province_en",
      "RDActivity_v4_zh_nbzc_hj",
      "RDSource_v4_zh_nbzc_hj",
    ]);
    expect(numbers(wide, "RDActivity_v4_zh_nbzc_hj")).toEqual([8218234.2, 4817031.4]);
    expect(numbers(wide, "RDSource_v4_zh_nbzc_hj")).toEqual([8218234, 4817031]);
    expect(getColumn(wide, "RDSource_v4_zh_nbzc_hj").meta).toEqual({
      labelEn: "R&D internal expenditure - total",
      labelZh: "合计",
      unit: "10 thousand yuan",
    });
    // year stays text: it is an id column and id columns are not converted.
    expect(getColumn(wide, "year").type).toBe("string");
  });
});

describe("pivotWider: behaviour", () => {
  it("pivotWider leaves absent (id, variable) cells missing and keeps Stata missing codes", () => {
    const long = table([
      stringColumn("id", ["a", "a", "b"]),
      stringColumn("variable", ["x", "y", "y"]),
      numberColumn("value", [1, Number.NaN, 3], {}, Uint8Array.from([0, 4, 0])),
    ]);
    const wide = pivotWider(long, { id: ["id"], names: "variable", values: "value" });
    const x = getColumn(wide, "x") as NumberColumn;
    const y = getColumn(wide, "y") as NumberColumn;
    expect(Array.from(x.missing)).toEqual([0, MISSING]);
    expect(Array.from(y.missing)).toEqual([4, 0]);
    expect(y.values[1]).toBe(3);
  });

  it("pivotWider keeps a text variable as text when its values do not all parse", () => {
    const long = table([
      stringColumn("id", ["a", "a", "b", "b"]),
      stringColumn("variable", ["x", "note", "x", "note"]),
      stringColumn("value", ["1.5", "ok", "", "2"]),
    ]);
    const wide = pivotWider(long, { id: ["id"], names: "variable", values: "value" });
    expect(getColumn(wide, "x").type).toBe("number");
    expect(Array.from(numbers(wide, "x"))).toEqual([1.5, Number.NaN]);
    expect(getColumn(wide, "note").values).toEqual(["ok", "2"]);
  });

  it("pivotWider reports every problem at once: missing columns", () => {
    const issues = issuesOf(() =>
      pivotWider(nbsLong(), { id: ["adcode", "yr"], names: "var", values: "value", meta: { unit: "units" } }),
    );
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["missing_column", "yr"],
      ["missing_column", "var"],
      ["missing_column", "units"],
    ]);
  });

  it("pivotWider reports a variable with two units (bad_value), an empty variable name (missing_key) and a name clash (duplicate_column)", () => {
    const long = table([
      stringColumn("id", ["a", "a", "b", "b", "b"]),
      stringColumn("variable", ["gdp", "id", "gdp", null, "gdp2"]),
      numberColumn("value", [1, 2, 3, 4, 5]),
      stringColumn("unit", ["yuan", "", "10k yuan", "x", null]),
    ]);
    const issues = issuesOf(() =>
      pivotWider(long, {
        id: ["id"],
        names: "variable",
        values: "value",
        meta: { unit: "unit" },
        file: "long.csv",
      }),
    );
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["missing_key", 5, "variable"],
      ["bad_value", 4, "unit"],
      ["duplicate_column", 3, "id"],
    ]);
    expect(issues.every((i) => i.file === "long.csv" && i.hint !== undefined)).toBe(true);
  });

  it("pivotWider throws RangeError without names or with both names and namesFrom", () => {
    expect(() => pivotWider(nbsLong(), { id: ["adcode"], values: "value" })).toThrow(/^pivotWider: /);
    expect(() =>
      pivotWider(nbsLong(), { id: ["adcode"], names: "variable", namesFrom: ["variable"], values: "value" }),
    ).toThrow(RangeError);
  });
});

describe("pivotLonger", () => {
  const wide = () =>
    table([
      stringColumn("id", ["a", "b"]),
      numberColumn("year", [2019, 2019]),
      numberColumn("gdp", [1, Number.NaN], { unit: "yuan", label: "GDP" }),
      numberColumn("pop", [3, 4], { unit: "persons" }),
      stringColumn("region", ["East", "West"]),
    ]);

  it("pivotLonger(wide, {id: [id, year]}) stacks the numeric columns row by row, skipping missing values", () => {
    const long = pivotLonger(wide(), { id: ["id", "year"] });
    expect(long.columns.map((c) => c.name)).toEqual(["id", "year", "variable", "value"]);
    expect(getColumn(long, "id").values).toEqual(["a", "a", "b"]);
    expect(getColumn(long, "variable").values).toEqual(["gdp", "pop", "pop"]);
    expect(numbers(long, "value")).toEqual([1, 3, 4]);
  });

  it("pivotLonger(…, {keepMissing, metaTo}) keeps missing cells and writes label and unit columns", () => {
    const long = pivotLonger(wide(), {
      id: ["id"],
      columns: ["gdp", "pop"],
      keepMissing: true,
      namesTo: "var",
      valuesTo: "val",
      metaTo: { label: "label", unit: "unit" },
    });
    expect(long.columns.map((c) => c.name)).toEqual(["id", "var", "val", "label", "unit"]);
    expect(getColumn(long, "unit").values).toEqual(["yuan", "persons", "yuan", "persons"]);
    expect(getColumn(long, "label").values).toEqual(["GDP", null, "GDP", null]);
    expect((getColumn(long, "val") as NumberColumn).missing[2]).toBe(MISSING);
  });

  it("pivotLonger with a text column among the stacked ones gives a text values column", () => {
    const long = pivotLonger(wide(), { id: ["id", "year"], columns: ["pop", "region"] });
    expect(getColumn(long, "value").values).toEqual(["3", "East", "4", "West"]);
  });

  it("pivotLonger reports missing columns, id/stacked overlap and name clashes together", () => {
    const issues = issuesOf(() =>
      pivotLonger(wide(), { id: ["id", "nope"], columns: ["gdp", "id", "zzz"], namesTo: "id" }),
    );
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["missing_column", "nope"],
      ["bad_argument", "id"],
      ["missing_column", "zzz"],
      ["duplicate_column", "id"],
    ]);
  });
});

// ----- properties

interface WideSpec {
  readonly ids: readonly string[];
  readonly years: readonly number[];
  readonly columns: readonly {
    readonly name: string;
    readonly cells: readonly (number | null | "a")[];
    readonly unit?: string | undefined;
  }[];
}

const wideSpec: fc.Arbitrary<WideSpec> = fc.integer({ min: 1, max: 8 }).chain((rows) =>
  fc.record({
    ids: fc.array(fc.constantFrom("110000", "310000", "北京", "x y"), { minLength: rows, maxLength: rows }),
    years: fc.uniqueArray(fc.integer({ min: 1990, max: 2030 }), { minLength: rows, maxLength: rows }),
    columns: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom("gdp", "pop", "rd_exp", "研发", "co2"),
        cells: fc.array(fc.oneof(cellValue, fc.constant(null), fc.constant("a" as const)), {
          minLength: rows,
          maxLength: rows,
        }),
        unit: fc.option(fc.constantFrom("yuan", "10,000 persons", "t"), { nil: undefined }),
      }),
      { selector: (c) => c.name, minLength: 1, maxLength: 4 },
    ),
  }),
);

function wideTable(spec: WideSpec): Table {
  return table([
    stringColumn("id", spec.ids),
    numberColumn("year", spec.years),
    ...spec.columns.map((c) =>
      numberColumn(
        c.name,
        c.cells.map((v) => (typeof v === "number" ? v : Number.NaN)),
        c.unit !== undefined ? { unit: c.unit } : {},
        Uint8Array.from(c.cells, (v) => (v === null ? MISSING : v === "a" ? 2 : 0)),
      ),
    ),
  ]);
}

function expectSameColumn(actual: Column | undefined, expected: Column): void {
  expect(actual?.type).toBe(expected.type);
  if (expected.type === "number") {
    const a = actual as NumberColumn;
    expect(Array.from(a.missing)).toEqual(Array.from(expected.missing));
    expect(Array.from(a.values)).toEqual(Array.from(expected.values));
  } else {
    expect(actual?.values).toEqual(expected.values);
  }
}

describe("reshape properties", () => {
  propTest.prop([wideSpec])(
    "pivotWider(pivotLonger(t, {keepMissing, metaTo: unit}), {meta: unit}) gives t back, values, missing codes and units",
    (spec) => {
      const wide = wideTable(spec);
      const long = pivotLonger(wide, { id: ["id", "year"], keepMissing: true, metaTo: { unit: "unit" } });
      const back = pivotWider(long, {
        id: ["id", "year"],
        names: "variable",
        values: "value",
        meta: { unit: "unit" },
      });
      expect(back.columns.map((c) => c.name)).toEqual(wide.columns.map((c) => c.name));
      for (const column of wide.columns) {
        expectSameColumn(findColumn(back, column.name), column);
        expect(findColumn(back, column.name)?.meta.unit).toBe(column.meta.unit);
      }
    },
  );

  propTest.prop([wideSpec, fc.integer({ min: 1, max: 2 ** 30 })])(
    "pivotWider(long) puts every long row in its (id, variable) cell and nothing else (brute force)",
    (spec, seed) => {
      // Long rows built directly from the spec (no pivotLonger), present cells only, shuffled.
      const rows: { id: string; year: number; variable: string; value: number }[] = [];
      for (const c of spec.columns) {
        c.cells.forEach((v, i) => {
          if (typeof v === "number")
            rows.push({ id: spec.ids[i]!, year: spec.years[i]!, variable: c.name, value: v });
        });
      }
      fc.pre(rows.length > 0);
      const shuffled = shuffle(rows, seed);
      const long = table([
        stringColumn(
          "id",
          shuffled.map((r) => r.id),
        ),
        numberColumn(
          "year",
          shuffled.map((r) => r.year),
        ),
        stringColumn(
          "variable",
          shuffled.map((r) => r.variable),
        ),
        numberColumn(
          "value",
          shuffled.map((r) => r.value),
        ),
      ]);
      const wide = pivotWider(long, { id: ["id", "year"], names: "variable", values: "value" });
      const expectedNames = [...new Set(shuffled.map((r) => r.variable))];
      expect(wide.columns.map((c) => c.name)).toEqual(["id", "year", ...expectedNames]);
      let present = 0;
      for (let i = 0; i < wide.rowCount; i++) {
        for (const name of expectedNames) {
          const value = cell(getColumn(wide, name), i);
          const match = shuffled.filter(
            (r) =>
              r.id === cell(getColumn(wide, "id"), i) &&
              r.year === cell(getColumn(wide, "year"), i) &&
              r.variable === name,
          );
          if (match.length === 0) expect(value).toBeNull();
          else {
            present++;
            expect(value).toBe(match[0]!.value);
          }
        }
      }
      expect(present).toBe(rows.length);
    },
  );
});
