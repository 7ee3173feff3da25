/** `nqpf index <data> --system <file|name>`: the composite NQPF index with weights, ranks, obstacles and coupling. */
import { basename, dirname, extname, join } from "node:path";
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import { loadDataset } from "../../io/datasets.js";
import { loadIndicatorSystem } from "../../io/systems.js";
import { outputFormatOf, writeTables } from "../../io/write-table.js";
import { compositeIndexTables } from "../../methods/composite/composite-index-tables.js";
import {
  compositeIndex,
  type CompositeIndexOptions,
  type CompositeIndexResult,
} from "../../methods/composite/composite-index.js";
import type { WeightSpec } from "../../methods/composite/indicator-system.js";
import { guessPanelKeys } from "../../panel/guess-keys.js";
import { panel, type Panel } from "../../panel/panel.js";
import type { Table } from "../../table/table.js";
import { formatNumber, printRows } from "../format.js";
import { isBundledDataset, parseYears, readWithProgress } from "./read-options.js";

const WEIGHTS = ["entropy", "critic", "cv", "sd", "pca", "equal"] as const;

export async function indexCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const issues: InputIssue[] = [];
  const years = parseYears(options.years as string | undefined, issues);
  const sensitivity = parseList(options.sensitivity as string | undefined, WEIGHTS, "--sensitivity", issues);
  if (issues.length > 0) throw new NqpfInputError(issues);
  const { system, file: systemFile } = await loadIndicatorSystem(options.system as string);
  const p = await loadPanel(data, options);
  const indexOptions: CompositeIndexOptions = {
    file: systemFile,
    ...(options.normalise !== undefined
      ? { shift: options.normalise as NonNullable<CompositeIndexOptions["shift"]> }
      : {}),
    ...(options.delta !== undefined ? { delta: Number(options.delta) } : {}),
    ...(options.scope !== undefined
      ? { scope: options.scope as "pooled" | "by-period" | "base-period" }
      : {}),
    ...(options.baseYear !== undefined
      ? { scope: "base-period" as const, basePeriod: Number(options.baseYear) }
      : {}),
    ...(options.weights !== undefined ? { weights: options.weights as WeightSpec } : {}),
    ...(options.entropy !== undefined
      ? { entropyMode: options.entropy as "pooled" | "mean-of-periods" }
      : {}),
    ...(options.hierarchy !== undefined ? { hierarchy: options.hierarchy as "flat" | "nested" } : {}),
    ...(options.aggregate !== undefined
      ? { aggregate: options.aggregate as "weighted-sum" | "topsis" | "grey" }
      : {}),
    ...(options.incomplete !== undefined
      ? { incomplete: options.incomplete === "error" ? "error" : "drop-entities" }
      : {}),
    ...(options.top !== undefined ? { topK: Number(options.top) } : {}),
    ...(years.from !== undefined ? { from: years.from } : {}),
    ...(years.to !== undefined ? { to: years.to } : {}),
    ...(sensitivity.length > 0 ? { sensitivity } : {}),
  };
  const result = compositeIndex(p, system, indexOptions);
  const language = options.lang === "zh" ? "zh" : "en";
  const tables = compositeIndexTables(result, { language });
  printIndexSummary(result, language);
  if (typeof options.out === "string") {
    const written = await writeIndexTables(options.out, tables, options.force === true);
    process.stdout.write(`\nwrote ${written.join(", ")}\n`);
  }
}

/** The data argument: a file, or a bundled dataset name. */
async function loadPanel(data: string, options: Record<string, unknown>): Promise<Panel> {
  if (isBundledDataset(data)) return loadDataset(data);
  const { table } = await readWithProgress(data, options);
  const guessed = guessPanelKeys(table);
  const entity = (options.entity as string | undefined) ?? guessed.entity;
  const time = (options.time as string | undefined) ?? guessed.time;
  if (entity === undefined || time === undefined) {
    throw new NqpfInputError([
      {
        code: "missing_column",
        file: data,
        message: `no ${entity === undefined ? "entity" : "time"} column recognised`,
        hint: "name them with --entity and --time",
      },
    ]);
  }
  return panel(table, { entity, time, file: data });
}

function parseList<T extends string>(
  text: string | undefined,
  allowed: readonly T[],
  flag: string,
  issues: InputIssue[],
): T[] {
  if (text === undefined) return [];
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items)
    if (!(allowed as readonly string[]).includes(item))
      issues.push({
        code: "bad_argument",
        message: `${flag}: unknown method "${item}"`,
        hint: `choose from ${allowed.join(", ")}`,
      });
  return items.filter((item): item is T => (allowed as readonly string[]).includes(item));
}

/** Writes the tables: one workbook/document/JSON for .xlsx/.docx/.tex/.json, one CSV per table for .csv. */
async function writeIndexTables(
  out: string,
  tables: ReturnType<typeof compositeIndexTables>,
  overwrite: boolean,
): Promise<string[]> {
  const list = [
    tables.scores,
    tables.weights,
    tables.obstacles,
    tables.coupling,
    tables.sensitivity,
    tables.pca,
  ].filter((t): t is Table => t !== undefined);
  const format = outputFormatOf(out);
  if (format === "csv" || format === "csv.gz" || format === "dta") {
    const ext = format === "csv.gz" ? ".csv.gz" : extname(out);
    const stem = basename(out, ext);
    const written: string[] = [];
    for (const t of list) {
      const file = join(dirname(out), `${stem}-${t.meta.name ?? "table"}${ext}`);
      await writeTables(file, [t], { overwrite });
      written.push(file);
    }
    return written;
  }
  await writeTables(out, list, { overwrite });
  return [out];
}

/** Prints weights by dimension, the latest period's top ranks and what was left out. */
export function printIndexSummary(result: CompositeIndexResult, language: "zh" | "en"): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const label = (node: { id: string; label?: { zh?: string; en?: string } }): string =>
    language === "zh" ? (node.label?.zh ?? node.id) : (node.label?.en ?? node.id);
  const p = result.panel;
  out(
    `${pc.bold("index")}     ${Object.entries(result.parameters)
      .map(([k, v]) => `${k} ${v}`)
      .join("; ")}`,
  );
  if (result.dropped.length > 0)
    out(
      `${pc.yellow("left out")}  ${result.dropped.map((d) => `${d.entity} (${d.variable}${Number.isNaN(d.time) ? "" : ` ${d.time}`})`).join(", ")}`,
    );
  out();
  printRows(
    ["dimension", "weight", "indicators"],
    result.dimensions.map((dim) => {
      const w = result.weights.find((n) => n.id === dim.id)!;
      const leaves = result.weights.filter(
        (n) =>
          n.leaf &&
          result.leafDimension[result.leaves.findIndex((l) => l.id === n.id)] ===
            result.dimensions.indexOf(dim),
      );
      return [
        label(dim),
        formatNumber(Number(w.globalWeight.toFixed(4))),
        leaves.map((l) => `${l.id} ${l.globalWeight.toFixed(3)}`).join(", "),
      ];
    }),
    out,
    120,
  );
  const last = p.times.length - 1;
  const rows = Array.from({ length: p.table.rowCount }, (_, r) => r)
    .filter((r) => p.timeOf[r] === last)
    .sort((a, b) => result.rank[a]! - result.rank[b]!);
  const nameColumn =
    p.table.columns.find((c) => c.type === "string" && /name_en|province_en|country|name/.test(c.name)) ??
    p.table.columns.find((c) => c.type === "string");
  out();
  out(pc.bold(`ranking ${p.times[last]!}`));
  printRows(
    ["rank", "unit", "name", "index", ...result.dimensions.map(label)],
    rows
      .slice(0, 10)
      .map((r) => [
        String(result.rank[r]),
        p.entities[p.entityOf[r]!]!,
        nameColumn && nameColumn.type === "string" ? (nameColumn.values[r] ?? "") : "",
        result.score[r]!.toFixed(4),
        ...result.dimensions.map((_, d) =>
          result.dimensionIndex.data[r * result.dimensions.length + d]!.toFixed(4),
        ),
      ]),
    out,
  );
  if (result.sensitivity) {
    out();
    out(pc.bold("rank stability (Spearman)"));
    const s = result.sensitivity;
    printRows(
      ["", ...s.names],
      s.names.map((name, i) => [
        name,
        ...s.names.map((_, j) => s.correlation.data[i * s.names.length + j]!.toFixed(3)),
      ]),
      out,
    );
  }
}
