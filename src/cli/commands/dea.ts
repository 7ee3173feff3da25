/**
 * `nqpf dea <data> --inputs … --outputs … [--bad …] --model radial|sbm|ddf|fdh`: efficiency of every unit
 * (per period with --period: each period's own frontier), with per-unit status, slacks, targets and peers.
 */
import cliProgress from "cli-progress";
import { deaParallel, PARALLEL_MIN_UNITS } from "../../parallel/envelopment-pool.js";
import pc from "picocolors";
import { NqpfInputError, issue, type InputIssue } from "../../errors.js";
import { writeTables } from "../../io/write-table.js";
import type { Matrix } from "../../math/matrix.js";
import {
  frontierModel,
  radialOrientation,
  type FrontierModel,
} from "../../methods/frontier/frontier-model.js";
import type { FrontierNames, Rts, UnitStatus } from "../../methods/frontier/types.js";
import { guessPanelKeys } from "../../panel/guess-keys.js";
import { bindRows, cell, findColumn, numberColumn, withColumn, type Table } from "../../table/table.js";
import { formatNumber, printRows } from "../format.js";
import { columnMatrix } from "../../study/steps/frontier-data.js";
import { leftOutLine } from "../period-rows.js";
import { checkNumberColumns, frontierColumns, loadTableOrDataset, parseYears } from "./read-options.js";

export type DeaModel = FrontierModel;

interface Outcome {
  readonly table: Table;
  readonly scores: Float64Array;
  readonly status: readonly UnitStatus[];
}

export async function deaCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const source = await loadTableOrDataset(data, options);
  const names = source.columns.map((c) => c.name);
  const issues: InputIssue[] = [];
  const { inputs, outputs, bads } = frontierColumns(source, data, options, issues);
  const model = (options.model as DeaModel | undefined) ?? "radial";
  if (bads.length > 0 && (model === "radial" || model === "fdh"))
    issues.push({
      code: "bad_argument",
      message: `--bad needs --model sbm or ddf (the ${model} model has no undesirable outputs)`,
      hint: "use --model sbm (Tone 2003) or --model ddf (Chung et al. 1997)",
    });
  const period = options.period as string | undefined;
  if (period !== undefined && !names.includes(period))
    issues.push(issue.missingColumn({ file: data }, period, names));
  if (issues.length > 0) throw new NqpfInputError(issues);

  const guessed = guessPanelKeys(source);
  const unitColumn = (options.entity as string | undefined) ?? guessed.entity;
  const unitOf = (r: number): string => {
    const column = unitColumn !== undefined ? findColumn(source, unitColumn) : undefined;
    const value = column ? cell(column, r) : null;
    return value === null ? `row ${r + 2}` : String(value);
  };

  // Rows by period (or one group), keeping only the chosen window; missing cells are located errors.
  const years = parseYears(options.years as string | undefined, issues);
  if (issues.length > 0) throw new NqpfInputError(issues);
  const groups = new Map<string, number[]>();
  const periodColumn = period !== undefined ? findColumn(source, period) : undefined;
  for (let r = 0; r < source.rowCount; r++) {
    const key = periodColumn ? cell(periodColumn, r) : "all";
    if (key === null) {
      issues.push({
        code: "missing_key",
        file: data,
        row: r + 2,
        column: period!,
        message: "the period is empty",
        hint: "fill it in or drop the row",
      });
      continue;
    }
    if (
      typeof key === "number" &&
      ((years.from !== undefined && key < years.from) || (years.to !== undefined && key > years.to))
    )
      continue;
    const rows = groups.get(String(key)) ?? [];
    rows.push(r);
    groups.set(String(key), rows);
  }
  const dropIncomplete = options.incomplete === "drop";
  const leftOut = new Set<string>();
  for (const [key, rows] of groups) {
    const complete = rows.filter((r) => {
      let ok = true;
      for (const name of [...inputs, ...outputs, ...bads]) {
        const column = findColumn(source, name)!;
        if (column.type !== "number" || column.missing[r] === 0) continue;
        ok = false;
        if (!dropIncomplete) {
          issues.push({
            code: "bad_value",
            file: data,
            row: r + 2,
            column: name,
            entity: unitOf(r),
            ...(periodColumn ? { time: key } : {}),
            message: "the value is missing",
            hint: "DEA needs every input and output of every unit; fill the value, or pass --incomplete drop to leave such units out",
          });
        }
      }
      if (!ok) leftOut.add(unitOf(r));
      return ok;
    });
    groups.set(key, complete);
  }
  checkNumberColumns(source, data, [...inputs, ...outputs, ...bads], issues);
  if (issues.length > 0) throw new NqpfInputError(issues);

  if (leftOut.size > 0) process.stdout.write(`${leftOutLine([...leftOut], "unit")}\n`);
  const keys = [...groups.keys()]
    .filter((k) => groups.get(k)!.length > 0)
    .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const bar =
    process.stderr.isTTY && keys.length > 1
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format: "dea [{bar}] {value}/{total} periods", clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(keys.length, 0);
  const outcomes: Outcome[] = [];
  for (const key of keys) {
    const rows = groups.get(key)!;
    const frontierNames: FrontierNames = { units: rows.map(unitOf), inputs, outputs, bads };
    const outcome = await runModel(
      model,
      columnMatrix(source, rows, inputs),
      columnMatrix(source, rows, outputs),
      bads.length > 0 ? columnMatrix(source, rows, bads) : undefined,
      frontierNames,
      options,
    );
    outcomes.push(
      periodColumn
        ? {
            ...outcome,
            table: withColumn(
              outcome.table,
              numberColumn(
                period!,
                rows.map(() => Number(key)),
              ),
            ),
          }
        : outcome,
    );
    bar?.increment();
  }
  bar?.stop();

  printSummary(keys, outcomes, period);
  if (typeof options.out === "string") {
    const result = bindRows(outcomes.map((o) => o.table));
    await writeTables(options.out, [result], { overwrite: options.force === true });
    process.stdout.write(`\nwrote ${options.out} (${result.rowCount} rows)\n`);
  }
}

/**
 * Runs the chosen model on one frontier's data (frontierModel); radial DEA on PARALLEL_MIN_UNITS units or more
 * runs on worker threads, with a progress bar on a terminal.
 */
export async function runModel(
  model: DeaModel,
  X: Matrix,
  Y: Matrix,
  B: Matrix | undefined,
  names: FrontierNames,
  options: Record<string, unknown>,
): Promise<Outcome> {
  const settings = {
    ...(options.rts !== undefined ? { rts: options.rts as Rts } : {}),
    ...(options.orientation !== undefined
      ? { orientation: options.orientation as "in" | "out" | "none" }
      : {}),
    super: options.super === true,
    ...(B ? { bad: B } : {}),
    names,
  };
  const radial =
    model === "radial" && !settings.super && X.rows >= PARALLEL_MIN_UNITS
      ? await withUnitProgress(X.rows, (onProgress) =>
          deaParallel(
            X,
            Y,
            { rts: settings.rts ?? "crs", orientation: radialOrientation(settings.orientation), names },
            { onProgress },
          ),
        )
      : undefined;
  return frontierModel(model, X, Y, settings, radial);
}

function printSummary(
  keys: readonly string[],
  outcomes: readonly Outcome[],
  period: string | undefined,
): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const rows = outcomes.map((o, k) => {
    const counts = new Map<string, number>();
    for (const s of o.status) counts.set(s, (counts.get(s) ?? 0) + 1);
    const ok = Array.from(o.scores).filter((_, i) => o.status[i] === "optimal");
    const mean = ok.length > 0 ? ok.reduce((a, b) => a + b, 0) / ok.length : Number.NaN;
    const efficient = ok.filter((v) => Math.abs(v - 1) < 1e-6).length;
    return [
      period ? keys[k]! : "all",
      String(o.scores.length),
      formatNumber(Number(mean.toFixed(4))),
      String(efficient),
      [...counts].map(([s, c]) => `${s} ${c}`).join(", "),
    ];
  });
  printRows([period ?? "sample", "units", "mean score", "score = 1", "status"], rows, out);
  const failed = outcomes.reduce((n, o) => n + o.status.filter((s) => s !== "optimal").length, 0);
  if (failed > 0) out(pc.yellow(`${failed} unit LPs were not optimal; their rows say why (status, reason)`));
}

/** Runs `work` with a units progress bar on a terminal (stderr); `work` reports units done per LP run. */
async function withUnitProgress<T>(
  units: number,
  work: (onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: "LPs [{bar}] {value}/{total} units", clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(units, 0);
  try {
    return await work((done, total) => {
      bar?.setTotal(total);
      bar?.update(done);
    });
  } finally {
    bar?.stop();
  }
}
