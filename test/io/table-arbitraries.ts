/**
 * fast-check generators of Tables for the reader/writer round trips, and a comparison that prints where two tables differ.
 * Texts mix the characters that stress CSV (delimiters, quotes, CR/LF, edge spaces, CJK, emoji, missing-value look-alikes) with arbitrary Unicode graphemes; numbers include the extreme doubles, ±0, ±Infinity and integers.
 */
import fc from "fast-check";
import { expect } from "vitest";
import type { Column, ColumnMeta, Table, TableMeta } from "../../src/table/table.js";

const SPECIALS = [
  ",",
  ";",
  "\t",
  "|",
  '"',
  "\n",
  "\r",
  "\r\n",
  " ",
  "中",
  "文",
  "省",
  "é",
  "😀",
  "\u3000",
  "a",
  "B",
  "1",
  ".",
  "-",
  "e",
  "N",
  "A",
];

/** Any text without U+FEFF (a leading one would read as a byte-order mark) and without lone surrogates. */
export const text: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(...SPECIALS), maxLength: 8 }),
    fc.string({ unit: "grapheme", maxLength: 6 }),
    fc.constantFrom(
      "",
      "NA",
      "null",
      "NULL",
      ".",
      ".a",
      ".z",
      "nan",
      "N/A",
      " x ",
      "12",
      "1e5",
      "-0",
      "Inf",
      "007",
    ),
  )
  .filter((s) => !s.includes("\uFEFF"));

/** A text that never looks like a number or a missing value, so a text column stays text when typed by inference. */
export const plainText: fc.Arbitrary<string> = text.map((s) => `s${s}`);

export const extremeDouble: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.constantFrom(
    1.7976931348623157e308,
    -1.7976931348623157e308,
    5e-324,
    -5e-324,
    0,
    -0,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    0.1,
    1e21,
    1e-7,
  ),
  fc.integer().map(Number),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);

/** A number cell: a value, or a missing code (1 = ".", 2…27 = ".a"…".z"). */
const numberCell = fc.oneof(
  {
    weight: 4,
    arbitrary: extremeDouble.filter((x) => !Number.isNaN(x)).map((value) => ({ value, code: 0 })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 27 }).map((code) => ({ value: Number.NaN, code })) },
);

export interface TableOptions {
  readonly texts?: fc.Arbitrary<string>;
  readonly names?: fc.Arbitrary<string>;
  readonly meta?: boolean;
  readonly maxRows?: number;
  readonly minColumns?: number;
}

const jsonLike = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

const columnMeta: fc.Arbitrary<ColumnMeta> = fc.record(
  {
    label: text,
    labelZh: text,
    labelEn: text,
    unit: text,
    source: text,
    format: fc.constantFrom("%9.0g", "%12s", "%10.2f"),
    storage: fc.constantFrom("byte", "int", "long", "float", "double"),
    valueLabels: fc.record({
      name: text,
      labels: fc
        .array(fc.tuple(fc.oneof(fc.integer(), fc.double({ noNaN: true })), text), { maxLength: 4 })
        .map((pairs) => new Map(pairs)),
    }),
  },
  { requiredKeys: [] },
);

const tableMeta: fc.Arbitrary<TableMeta> = fc.record(
  {
    name: text,
    title: text,
    label: text,
    method: text,
    parameters: fc.dictionary(
      fc.string({ maxLength: 5 }).filter((k) => k !== "__proto__"),
      jsonLike,
      { maxKeys: 3 },
    ),
    reference: text,
    source: text,
    notes: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** Random tables: 1–5 columns (number or text) with unique non-empty names, 0–maxRows rows. */
export function tableArbitrary(options: TableOptions = {}): fc.Arbitrary<Table> {
  const texts = options.texts ?? text;
  const names = options.names ?? text.filter((s) => s !== "");
  const withMeta = options.meta ?? false;
  return fc.integer({ min: 0, max: options.maxRows ?? 12 }).chain((rows) =>
    fc
      .tuple(
        fc.uniqueArray(names, { minLength: options.minColumns ?? 1, maxLength: 5 }),
        withMeta ? tableMeta : fc.constant<TableMeta>({}),
      )
      .chain(([columnNames, meta]) =>
        fc
          .tuple(
            ...columnNames.map((name) =>
              fc
                .tuple(fc.boolean(), withMeta ? columnMeta : fc.constant<ColumnMeta>({}))
                .chain(([isNumber, colMeta]): fc.Arbitrary<Column> =>
                  isNumber
                    ? fc.array(numberCell, { minLength: rows, maxLength: rows }).map((cells) => ({
                        type: "number",
                        name,
                        values: Float64Array.from(cells, (c) => c.value),
                        missing: Uint8Array.from(cells, (c) => c.code),
                        meta: colMeta,
                      }))
                    : fc
                        .array(fc.option(texts, { nil: null }), { minLength: rows, maxLength: rows })
                        .map((values) => ({ type: "string", name, values, meta: colMeta })),
                ),
            ),
          )
          .map((columns): Table => ({ columns, rowCount: rows, meta })),
      ),
  );
}

/** Asserts two tables hold the same columns, types, values and masks; `numbers: "is"` also tells -0 from 0. */
export function expectSameTable(
  actual: Table,
  expected: Table,
  options: { numbers?: "is" | "equal"; meta?: boolean } = {},
): void {
  const numbers = options.numbers ?? "equal";
  expect(actual.rowCount, "rowCount").toBe(expected.rowCount);
  expect(
    actual.columns.map((c) => c.name),
    "names",
  ).toEqual(expected.columns.map((c) => c.name));
  expected.columns.forEach((e, k) => {
    const a = actual.columns[k]!;
    expect(a.type, `type of ${e.name}`).toBe(e.type);
    if (options.meta === true) expect(a.meta, `meta of ${e.name}`).toEqual(e.meta);
    if (e.type === "string" || a.type === "string") {
      expect(a.values, `values of ${e.name}`).toEqual(e.values);
      return;
    }
    expect(Array.from(a.missing), `mask of ${e.name}`).toEqual(Array.from(e.missing));
    for (let r = 0; r < e.values.length; r++) {
      if (e.missing[r] !== 0) continue;
      const x: number = a.values[r]!;
      const y: number = e.values[r]!;
      const same = numbers === "is" ? Object.is(x, y) : x === y;
      if (!same)
        expect.fail(
          `${e.name}[${r}]: got ${Object.is(x, -0) ? "-0" : x}, expected ${Object.is(y, -0) ? "-0" : y}`,
        );
    }
  });
  if (options.meta === true) expect(actual.meta, "table meta").toEqual(expected.meta);
}
