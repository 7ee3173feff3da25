/**
 * One unit across a run, as the unit detail page shows it: index scores and ranks by year (with dimension
 * indices), obstacle degrees, DEA scores with status, peers (λ), slacks and targets, and the rows of every other
 * unit-level table (productivity indices by period pair, cumulative levels, Markov classes, coupling
 * coordination). Only what the run has. Pure: no DOM.
 */
import type { ColumnJson, ResultsJson, StepJson, TableJson } from "../../../src/report/results-json.js";
import { indexPanel, type IndexPanel, type IndexUnit } from "./index-data.js";
import { columnOf, keyOf, numberAt, timeColumns, unitNames } from "./panel-values.js";

/** One peer of a DEA unit: the reference unit's key and its intensity λ. */
export interface Peer {
  readonly entity: string;
  readonly lambda: number;
}

/** One DEA result of the unit (a period, or the pooled frontier). */
export interface DeaRow {
  readonly year: number | null;
  readonly score: number | null;
  readonly status: string | null;
  readonly reason: string | null;
  readonly lambdaSum: number | null;
  readonly peers: readonly Peer[];
  /** Per input/output: slack and target, in table order. */
  readonly variables: readonly {
    readonly name: string;
    readonly slack: number | null;
    readonly target: number | null;
  }[];
}

/** The DEA results of one step for the unit. */
export interface DeaDetail {
  readonly stepId: string;
  readonly stepTitle: string;
  readonly rows: readonly DeaRow[];
}

/** Obstacle degrees of the unit in one year. */
export interface ObstacleRow {
  readonly year: number;
  /** The three largest indicator obstacles: indicator id and share. */
  readonly top: readonly { readonly indicator: string; readonly share: number | null }[];
  /** Per dimension (`<dimension>_obstacle` columns): the share. */
  readonly dimensions: readonly (number | null)[];
}

/** The unit's obstacle degrees from an index step. */
export interface ObstacleDetail {
  readonly dimensionColumns: readonly ColumnJson[];
  readonly rows: readonly ObstacleRow[];
  /** Indicator id → labels (from the weights table), for the top indicators. */
  readonly labels: ReadonlyMap<string, { readonly en?: string; readonly zh?: string }>;
}

/** The unit's index scores from an index step. */
export interface IndexDetail {
  readonly stepId: string;
  readonly stepTitle: string;
  readonly panel: IndexPanel;
  readonly unit: IndexUnit;
  /** By year (ascending): score, rank, units ranked that year, dimension indices (aligned with panel.dimensions). */
  readonly rows: readonly {
    readonly year: number;
    readonly score: number | null;
    readonly rank: number | null;
    readonly of: number;
    readonly dimensions: readonly (number | null)[];
  }[];
  readonly obstacles: ObstacleDetail | undefined;
}

/** Rows of another table of a step that mention the unit (unit and name columns removed). */
export interface UnitTable {
  readonly stepId: string;
  readonly stepTitle: string;
  /** Index of the table within the step. */
  readonly tableIndex: number;
  readonly table: TableJson;
}

/** Everything the run says about one unit. */
export interface UnitDetail {
  readonly entity: string;
  /** The study's display name, when known. */
  readonly name: string | undefined;
  /** Display names of every unit the run names (for peers). */
  readonly names: ReadonlyMap<string, string>;
  readonly index: readonly IndexDetail[];
  readonly dea: readonly DeaDetail[];
  readonly tables: readonly UnitTable[];
}

/**
 * The peers column of a frontier table, "110000 (0.5); 310000 (0.25)" (formatPeers of dea-table.ts), as a list.
 * Reference: src/methods/frontier/dea-table.ts (formatPeers).
 * @param text the cell
 * @returns the peers with their λ, in the cell's order (none for an empty or missing cell)
 * @example
 * parsePeers("A (0.5); B C (0.25)") // => [{ entity: "A", lambda: 0.5 }, { entity: "B C", lambda: 0.25 }]
 */
export function parsePeers(text: string | null | undefined): Peer[] {
  if (text === null || text === undefined || text.trim() === "") return [];
  const peers: Peer[] = [];
  for (const part of text.split("; ")) {
    const match = /^(.*) \(([^()]*)\)$/.exec(part.trim());
    if (match === null) continue;
    const lambda = Number(match[2]);
    if (Number.isFinite(lambda)) peers.push({ entity: match[1]!, lambda });
  }
  return peers;
}

/** The rows of `table` whose `column` holds `entity`. */
function rowsOf(table: TableJson, column: string, entity: string): number[] {
  const c = columnOf(table, column);
  if (c === undefined) return [];
  const rows: number[] = [];
  c.values.forEach((v, r) => {
    if (keyOf(v) === entity) rows.push(r);
  });
  return rows;
}

/** A table with only some rows and without some columns. */
export function subTable(table: TableJson, rows: readonly number[], drop: ReadonlySet<string>): TableJson {
  return {
    meta: table.meta,
    rowCount: rows.length,
    columns: table.columns
      .filter((c) => !drop.has(c.name))
      .map((c): ColumnJson =>
        c.type === "number"
          ? { ...c, values: rows.map((r) => c.values[r] ?? null) }
          : { ...c, values: rows.map((r) => c.values[r] ?? null) },
      ),
  };
}

function text(column: ColumnJson | undefined, row: number): string | null {
  const v = column?.values[row];
  return typeof v === "string" ? v : null;
}

/** Labels of indicators and dimensions from an index step's weights table (columns node, label_en, label_zh). */
function weightLabels(step: StepJson): Map<string, { en?: string; zh?: string }> {
  const out = new Map<string, { en?: string; zh?: string }>();
  const t =
    step.tables.find((x) => x.meta.name === "weights") ??
    step.tables.find((x) => columnOf(x, "node") !== undefined);
  if (t === undefined) return out;
  const node = columnOf(t, "node");
  const en = columnOf(t, "label_en");
  const zh = columnOf(t, "label_zh");
  for (let r = 0; r < t.rowCount; r++) {
    const id = text(node, r);
    if (id === null) continue;
    const e = text(en, r);
    const z = text(zh, r);
    out.set(id, { ...(e !== null ? { en: e } : {}), ...(z !== null ? { zh: z } : {}) });
  }
  return out;
}

function indexDetail(step: StepJson, results: ResultsJson, entity: string): IndexDetail | undefined {
  const panel = indexPanel(step, results);
  const unit = panel?.units.find((u) => u.entity === entity);
  if (panel === undefined || unit === undefined) return undefined;
  const score = columnOf(panel.table, "score");
  const rank = columnOf(panel.table, "rank");
  const rowsByYear = panel.rowOf.get(entity)!;
  const rows = panel.years
    .filter((y) => rowsByYear.has(y))
    .map((year) => {
      const r = rowsByYear.get(year)!;
      let of = 0;
      for (const u of panel.units) {
        const ur = panel.rowOf.get(u.entity)?.get(year);
        if (ur !== undefined && numberAt(score, ur) !== null) of++;
      }
      return {
        year,
        score: numberAt(score, r),
        rank: numberAt(rank, r),
        of,
        dimensions: panel.dimensions.map((d) => numberAt(d, r)),
      };
    });
  const obstaclesTable = step.tables.find(
    (t) => t.meta.name === "obstacles" && columnOf(t, panel.entityColumn) !== undefined,
  );
  let obstacles: ObstacleDetail | undefined;
  if (obstaclesTable !== undefined) {
    const time =
      columnOf(obstaclesTable, panel.timeColumn) ??
      columnOf(obstaclesTable, timeColumns(obstaclesTable)[0] ?? "");
    const dimensionColumns = obstaclesTable.columns.filter(
      (c) => c.type === "number" && /_obstacle$/.test(c.name),
    );
    const orows = rowsOf(obstaclesTable, panel.entityColumn, entity)
      .map((r): ObstacleRow | undefined => {
        const year = numberAt(time, r);
        if (year === null) return undefined;
        const top: { indicator: string; share: number | null }[] = [];
        for (let k = 1; ; k++) {
          const id = columnOf(obstaclesTable, `top${k}`);
          if (id === undefined) break;
          const indicator = text(id, r);
          if (indicator !== null)
            top.push({ indicator, share: numberAt(columnOf(obstaclesTable, `top${k}_share`), r) });
        }
        return { year, top, dimensions: dimensionColumns.map((c) => numberAt(c, r)) };
      })
      .filter((x): x is ObstacleRow => x !== undefined)
      .sort((a, b) => a.year - b.year);
    if (orows.length > 0) obstacles = { dimensionColumns, rows: orows, labels: weightLabels(step) };
  }
  return { stepId: step.id, stepTitle: step.title, panel, unit, rows, obstacles };
}

/** The DEA table of a dea step: the one with unit, score, status and peers columns. */
function deaTable(step: StepJson): TableJson | undefined {
  return step.tables.find(
    (t) =>
      columnOf(t, "unit")?.type === "string" &&
      columnOf(t, "score") !== undefined &&
      columnOf(t, "status") !== undefined,
  );
}

function deaDetail(step: StepJson, entity: string): DeaDetail | undefined {
  const t = deaTable(step);
  if (t === undefined) return undefined;
  const rows = rowsOf(t, "unit", entity);
  if (rows.length === 0) return undefined;
  const time = columnOf(t, timeColumns(t)[0] ?? "");
  const slackNames = t.columns
    .filter((c) => c.name.startsWith("slack_"))
    .map((c) => c.name.slice("slack_".length));
  const targetNames = t.columns
    .filter((c) => c.name.startsWith("target_"))
    .map((c) => c.name.slice("target_".length));
  const variables = [...new Set([...slackNames, ...targetNames])];
  const out = rows.map((r): DeaRow => ({
    year: numberAt(time, r),
    score: numberAt(columnOf(t, "score"), r),
    status: text(columnOf(t, "status"), r),
    reason: text(columnOf(t, "reason"), r),
    lambdaSum: numberAt(columnOf(t, "lambda_sum"), r),
    peers: parsePeers(text(columnOf(t, "peers"), r)),
    variables: variables.map((name) => ({
      name,
      slack: numberAt(columnOf(t, `slack_${name}`), r),
      target: numberAt(columnOf(t, `target_${name}`), r),
    })),
  }));
  out.sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  return { stepId: step.id, stepTitle: step.title, rows: out };
}

/**
 * Everything a run says about one unit: per index step, its scores, ranks (of how many units) and dimension
 * indices by year, and the obstacle degrees when the step wrote them; per dea step, score, status, Σλ, peers
 * with λ, slacks and targets by period; and the rows of every other table keyed by units (a string "unit" or
 * "entity" column, or the index table's unit column), without the key and name columns.
 * @param results the run's results
 * @param entity the unit's key (as in the tables: region code, ISO3 or the data's entity value)
 * @returns the detail; empty lists when the run does not mention the unit
 */
export function unitDetail(results: ResultsJson, entity: string): UnitDetail {
  const index: IndexDetail[] = [];
  const dea: DeaDetail[] = [];
  const tables: UnitTable[] = [];
  // Key column → the columns dropped with it (unit tables: the name; index tables: the data's label columns).
  const keyColumns = new Map<string, ReadonlySet<string>>([
    ["unit", new Set(["unit", "name"])],
    ["entity", new Set(["entity", "name"])],
  ]);
  for (const step of results.steps)
    if (step.method === "index") {
      const d = indexDetail(step, results, entity);
      if (d === undefined) continue;
      index.push(d);
      const p = d.panel;
      const scoreAt = p.table.columns.findIndex((c) => c.name === "score");
      const labels = p.table.columns
        .slice(0, scoreAt)
        .map((c) => c.name)
        .filter((n) => n !== p.timeColumn);
      keyColumns.set(p.entityColumn, new Set(labels));
    }
  for (const step of results.steps) {
    const skip = new Set<number>();
    if (step.method === "index") {
      const d = index.find((x) => x.stepId === step.id);
      if (d !== undefined) {
        skip.add(d.panel.tableIndex);
        const o = step.tables.findIndex((t) => t.meta.name === "obstacles");
        if (d.obstacles !== undefined && o >= 0) skip.add(o);
      }
    }
    if (step.method === "dea") {
      const d = deaDetail(step, entity);
      if (d !== undefined) {
        dea.push(d);
        skip.add(step.tables.indexOf(deaTable(step)!));
      }
    }
    step.tables.forEach((t, k) => {
      if (skip.has(k)) return;
      const key = t.columns.find((c) => keyColumns.has(c.name));
      if (key === undefined) return;
      const rows = rowsOf(t, key.name, entity);
      if (rows.length === 0) return;
      const drop = keyColumns.get(key.name)!;
      tables.push({ stepId: step.id, stepTitle: step.title, tableIndex: k, table: subTable(t, rows, drop) });
    });
  }
  const names = unitNames(results);
  return { entity, name: names.get(entity), names, index, dea, tables };
}
