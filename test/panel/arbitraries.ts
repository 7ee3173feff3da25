/**
 * Random small panels for the panel-operation tests: a few entities on a regular time grid
 * (step 1, 2 or 0.25, all exact in binary) with random absent (entity, period) pairs, so lags meet
 * gaps, and numeric variables with zeros, negatives and missing cells. Rows come shuffled.
 */
import fc from "fast-check";
import { numberColumn, stringColumn, table, type Table } from "../../src/table/table.js";
import { panel, type Panel } from "../../src/panel/panel.js";

export interface SpecRow {
  readonly entity: string;
  readonly time: number;
  /** One value per variable; null = missing. */
  readonly values: readonly (number | null)[];
}

export interface PanelSpec {
  readonly variables: readonly string[];
  /** Grid step of the generator (the panel's own step may be larger when grid periods are absent). */
  readonly step: number;
  /** Rows in input (shuffled) order. */
  readonly rows: readonly SpecRow[];
}

const ENTITY_NAMES = ["110000", "310000", "A", "北京", "e5", "x-6"];

/** Values with the awkward cases: zero, negatives, small fractions; bounded so sums stay finite. */
export const cellValue = fc.oneof(
  fc.constantFrom(0, 1, -1, 2, 0.5, 10, -3),
  fc.integer({ min: -50, max: 50 }),
  fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }),
);

export function panelSpec(
  variables: readonly string[],
  options: { maxEntities?: number; maxPeriods?: number; missingFreq?: number } = {},
): fc.Arbitrary<PanelSpec> {
  const maxEntities = options.maxEntities ?? 4;
  const maxPeriods = options.maxPeriods ?? 6;
  return fc
    .record({
      entityCount: fc.integer({ min: 1, max: maxEntities }),
      periods: fc.integer({ min: 1, max: maxPeriods }),
      grid: fc.constantFrom(
        { start: 2000, step: 1 },
        { start: 2000, step: 2 },
        { start: 2010.5, step: 0.25 },
      ),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
    })
    .chain(({ entityCount, periods, grid, seed }) =>
      fc
        .array(
          fc.record({
            present: fc.boolean(),
            values: fc.array(fc.option(cellValue, { nil: null, freq: options.missingFreq ?? 5 }), {
              minLength: variables.length,
              maxLength: variables.length,
            }),
          }),
          { minLength: entityCount * periods, maxLength: entityCount * periods },
        )
        .map((cells): PanelSpec => {
          const rows: SpecRow[] = [];
          cells.forEach((c, k) => {
            if (c.present || k === 0)
              rows.push({
                entity: ENTITY_NAMES[Math.floor(k / periods)]!,
                time: grid.start + (k % periods) * grid.step,
                values: c.values,
              });
          });
          return { variables, step: grid.step, rows: shuffle(rows, seed) };
        }),
    );
}

/** The spec as a table: entity column "id" (text), time column "t", then the variables. */
export function specTable(spec: PanelSpec): Table {
  return table([
    stringColumn(
      "id",
      spec.rows.map((r) => r.entity),
    ),
    numberColumn(
      "t",
      spec.rows.map((r) => r.time),
    ),
    ...spec.variables.map((name, j) =>
      numberColumn(
        name,
        spec.rows.map((r) => r.values[j] ?? Number.NaN),
      ),
    ),
  ]);
}

export function specPanel(spec: PanelSpec): Panel {
  return panel(specTable(spec), { entity: "id", time: "t" });
}

/** Brute-force lookup (entity, time) → row of the spec. */
export function specIndex(spec: PanelSpec): Map<string, SpecRow> {
  return new Map(spec.rows.map((r) => [`${r.entity}|${r.time}`, r]));
}

/** Deterministic Fisher–Yates with a small LCG (the seed comes from fast-check, so failures replay). */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
