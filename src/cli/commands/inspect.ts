/** `nqpf inspect <file>`: what is in a data file, and whether it is a clean panel. */
import pc from "picocolors";
import { IssueCollector, issue } from "../../errors.js";
import { panelBalance } from "../../panel/balance.js";
import { guessPanelKeys } from "../../panel/guess-keys.js";
import { panel, type Panel } from "../../panel/panel.js";
import { describeTable, type ColumnSummary } from "../../table/describe.js";
import { readWithProgress } from "./read-options.js";
import { formatNumber, printRows } from "../format.js";

export interface InspectReport {
  readonly file: string;
  readonly format: string;
  readonly details: Readonly<Record<string, string | number | boolean>>;
  readonly rows: number;
  readonly columns: readonly ColumnSummary[];
  readonly panel?: {
    readonly entity: string;
    readonly time: string;
    readonly entities: number;
    readonly periods: readonly number[];
    readonly balanced: boolean;
    readonly observations: number;
    readonly expected: number;
    readonly duplicates: 0;
    readonly entitiesWithGaps: number;
  };
}

export async function inspectCommand(file: string, options: Record<string, unknown>): Promise<void> {
  const read = await readWithProgress(file, options);
  const { table } = read;
  const names = table.columns.map((c) => c.name);

  const issues = new IssueCollector();
  const vars =
    typeof options.vars === "string"
      ? options.vars
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  for (const v of vars) if (!names.includes(v)) issues.add(issue.missingColumn({ file }, v, names));
  const guessed = guessPanelKeys(table);
  const entity = (options.entity as string | undefined) ?? guessed.entity;
  const time = (options.time as string | undefined) ?? guessed.time;
  for (const [flag, name] of [
    ["--entity", options.entity],
    ["--time", options.time],
  ] as const) {
    if (typeof name === "string" && !names.includes(name))
      issues.add({
        ...issue.missingColumn({ file }, name, names),
        hint: `${flag} must name a column; available columns: ${names.join(", ")}`,
      });
  }
  issues.throwIfAny();

  let p: Panel | undefined;
  if (entity !== undefined && time !== undefined) p = panel(table, { entity, time, file });

  const report: InspectReport = {
    file,
    format: read.format,
    details: read.details,
    rows: table.rowCount,
    columns: describeTable(table),
    ...(p ? { panel: panelSummary(p) } : {}),
  };
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  printInspectReport(report, vars);
}

function panelSummary(p: Panel): NonNullable<InspectReport["panel"]> {
  const balance = panelBalance(p);
  return {
    entity: p.entity,
    time: p.time,
    entities: p.entities.length,
    periods: p.times,
    balanced: balance.balanced,
    observations: balance.observations,
    expected: balance.expected,
    duplicates: 0,
    entitiesWithGaps: balance.gaps.length,
  };
}

/** Prints the report for a person. */
export function printInspectReport(report: InspectReport, highlight: readonly string[] = []): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const detail = Object.entries(report.details)
    .filter(([, v]) => v !== "" && v !== false)
    .map(([k, v]) => (v === true ? k : `${k} ${k === "delimiter" ? JSON.stringify(v) : String(v)}`))
    .join(", ");
  out(`${pc.bold("file")}      ${report.file}`);
  out(`${pc.bold("format")}    ${report.format.toUpperCase()}${detail ? ` (${detail})` : ""}`);
  out(`${pc.bold("size")}      ${report.rows} rows × ${report.columns.length} columns`);
  if (report.panel) {
    const p = report.panel;
    const span = p.periods.length > 0 ? `${p.periods[0]}–${p.periods[p.periods.length - 1]}` : "none";
    out(
      `${pc.bold("panel")}     entity ${p.entity} (${p.entities} entities) × time ${p.time} (${span}, ${p.periods.length} periods)`,
    );
    out(
      `${pc.bold("balance")}   ${p.balanced ? pc.green("balanced") : pc.yellow("unbalanced")}: ${p.observations} of ${p.expected} entity-periods present${p.entitiesWithGaps > 0 ? `; ${p.entitiesWithGaps} entities with gaps` : ""}`,
    );
    out(`${pc.bold("keys")}      no duplicate (entity, time) keys`);
  } else {
    out(`${pc.bold("panel")}     no entity/time columns recognised (name them with --entity and --time)`);
  }
  out();
  const header = ["variable", "type", "missing", "min", "max", "mean", "label / unit"];
  const rows = report.columns.map((c) => {
    const missing = c.extendedMissing > 0 ? `${c.missing} (${c.extendedMissing} .a–.z)` : String(c.missing);
    const label = [c.label, c.unit].filter((s) => s !== undefined && s !== "").join(" · ");
    const name = highlight.includes(c.name) ? pc.bold(c.name) : c.name;
    return c.type === "number"
      ? [name, "number", missing, formatNumber(c.min), formatNumber(c.max), formatNumber(c.mean), label]
      : [name, "string", missing, "", "", c.distinct !== undefined ? `${c.distinct} distinct` : "", label];
  });
  printRows(header, rows, out);
}
