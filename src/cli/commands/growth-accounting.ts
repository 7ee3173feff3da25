/**
 * `nqpf growth-accounting <data> --output Y --capital K --employment L [--hours H] [--human-capital HC]
 * (--labour-share S | --alpha α)`: Solow residual per entity and year with Törnqvist or constant shares, TFP level
 * index, means by period and entity. Also the number flags that `capital-stock`, `moran` and `weights` share.
 */
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import {
  growthAccounting,
  growthAccountingTables,
  type GrowthAccountingOptions,
  type GrowthAccountingResult,
} from "../../methods/productivity/growth-accounting.js";
import { loadCommandPanel, writeCommandTables } from "../command-panel.js";
import { formatNumber, printRows } from "../format.js";

/** Parses a number flag (undefined when absent); a value failing `check` is a `bad_argument` issue. */
export function numberFlag(
  value: unknown,
  flag: string,
  issues: InputIssue[],
  check: (x: number) => boolean,
  requirement: string,
  example: string,
): number | undefined {
  if (value === undefined) return undefined;
  const raw = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const x = raw === "" ? Number.NaN : Number(raw);
  if (!check(x)) {
    issues.push({
      code: "bad_argument",
      message: `${flag} takes ${requirement}; got "${raw}"`,
      hint: `write e.g. ${flag} ${example}`,
    });
    return undefined;
  }
  return x;
}

export async function growthAccountingCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const issues: InputIssue[] = [];
  const text = (flag: string): string | undefined =>
    typeof options[flag] === "string" && options[flag].trim() !== "" ? options[flag].trim() : undefined;
  const output = text("output");
  const capital = text("capital");
  const employment = text("employment");
  const hours = text("hours");
  const humanCapital = text("humanCapital");
  const labourShare = text("labourShare");
  const group = text("group");
  if (output === undefined)
    issues.push({
      code: "bad_argument",
      message: "no output column given",
      hint: "name it with --output, e.g. --output rgdpna",
    });
  if (capital === undefined)
    issues.push({
      code: "bad_argument",
      message: "no capital column given",
      hint: "name a capital stock or capital services column with --capital, e.g. --capital rkna",
    });
  if (employment === undefined && hours === undefined && humanCapital === undefined)
    issues.push({
      code: "bad_argument",
      message: "no labour column given",
      hint: "name at least one of --employment, --hours, --human-capital (labour = their product)",
    });
  const alpha = numberFlag(
    options.alpha,
    "--alpha",
    issues,
    (x) => x >= 0 && x <= 1,
    "a capital share in [0, 1]",
    "0.4",
  );
  if ((labourShare === undefined) === (options.alpha === undefined))
    issues.push({
      code: "bad_argument",
      message: labourShare === undefined ? "no factor shares given" : "--labour-share and --alpha both given",
      hint: "give --labour-share <column> (Törnqvist, time-varying) or --alpha <capital share> (constant), not both",
    });
  const baseYear = numberFlag(options.baseYear, "--base-year", issues, Number.isInteger, "a year", "2017");
  if (issues.length > 0) throw new NqpfInputError(issues);

  const { panel: p, file, fileRows } = await loadCommandPanel(data, options);
  const accountingOptions: GrowthAccountingOptions = {
    output: output!,
    capital: capital!,
    ...(employment !== undefined ? { employment } : {}),
    ...(hours !== undefined ? { hours } : {}),
    ...(humanCapital !== undefined ? { humanCapital } : {}),
    ...(labourShare !== undefined ? { labourShare } : {}),
    ...(alpha !== undefined ? { alpha } : {}),
    ...(baseYear !== undefined ? { baseYear } : {}),
    ...(group !== undefined ? { group } : {}),
    file,
    ...(fileRows !== undefined ? { fileRows } : {}),
  };
  const result = growthAccounting(p, accountingOptions);
  const tables = growthAccountingTables(result);
  printGrowthSummary(result);
  if (typeof options.out === "string") {
    const written = await writeCommandTables(
      options.out,
      [tables.pairs, tables.byPeriod, tables.byEntity],
      options.force === true,
    );
    process.stdout.write(`\nwrote ${written.join(", ")}\n`);
  }
}

/** Prints the counts by status and each entity's mean growth decomposition (first 30 entities). */
function printGrowthSummary(result: GrowthAccountingResult): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const labour = result.labourComponents.map((c) => c.column).join(" × ");
  const shares =
    result.weights === "tornqvist"
      ? `Törnqvist shares from ${result.columns.labourShare!}`
      : `constant capital share α = ${result.alpha!}`;
  out(
    `${pc.bold("growth accounting")}  Y = ${result.columns.output}, K = ${result.columns.capital}, L = ${labour}; ${shares}; growth in log differences`,
  );
  const counts = new Map<string, number>();
  for (const s of result.status) counts.set(s, (counts.get(s) ?? 0) + 1);
  out(
    `pairs  ${counts.get("ok") ?? 0} computed, ${counts.get("missing") ?? 0} missing a value, ${counts.get("gap") ?? 0} after a gap, ${counts.get("first") ?? 0} first years`,
  );
  if ((counts.get("missing") ?? 0) + (counts.get("gap") ?? 0) > 0)
    out(pc.yellow("rows without a computed pair say why in the output (status, reason)"));
  out();
  const pct = (x: number): string => (Number.isNaN(x) ? "" : (100 * x).toFixed(2));
  const shown = result.byEntity.filter((m) => m.count > 0);
  const rows = shown
    .slice(0, 30)
    .map((m) => [
      m.entity,
      `${m.from}–${m.to}`,
      String(m.count),
      pct(m.outputGrowth),
      pct(m.labourContribution),
      pct(m.capitalContribution),
      pct(m.tfpGrowth),
      Number.isNaN(m.tfpShare) ? "" : formatNumber(Number(m.tfpShare.toFixed(3))),
    ]);
  printRows(
    [result.entityColumn, "years", "pairs", "output", "labour", "capital", "TFP", "TFP share"],
    rows,
    out,
  );
  out(pc.dim("mean annual growth, 100·Δln (≈ %); output = labour + capital + TFP"));
  if (shown.length > 30) out(pc.dim(`… ${shown.length - 30} more entities (write them with --out)`));
  const none = result.byEntity.length - shown.length;
  if (none > 0) out(pc.yellow(`${none} entities have no computed pair`));
}
