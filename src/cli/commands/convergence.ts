/**
 * `nqpf convergence <data> --var <column> [--type sigma|beta|both] [--fe none|unit|twoway]
 * [--se conventional|robust|cluster] [--controls a,b] [--group <column>]`: σ-convergence (CV and SD of logs per
 * period, with trends) and β-convergence (growth on the initial log level, pooled or with unit / two-way fixed
 * effects; conventional, HC1 or cluster-robust standard errors; speed and half-life), for the sample and per group.
 */
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import {
  betaConvergencePanel,
  betaConvergenceTables,
  sigmaConvergencePanel,
  sigmaConvergenceTables,
  type FixedEffects,
  type StandardErrorType,
} from "../../methods/disparity/convergence.js";
import type { Table } from "../../table/table.js";
import { loadCommandPanel, writeCommandTables } from "../command-panel.js";
import { formatNumber, printRows } from "../format.js";

/** A flag's value as text ("" when absent or not text or a number). */
function flagText(value: unknown): string {
  return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
}

const TYPES = ["sigma", "beta", "both"] as const;
const FIXED_EFFECTS: readonly FixedEffects[] = ["none", "unit", "twoway"];
const STANDARD_ERRORS: readonly StandardErrorType[] = ["conventional", "robust", "cluster"];

function choice<T extends string>(
  value: unknown,
  flag: string,
  allowed: readonly T[],
  fallback: T,
  issues: InputIssue[],
): T {
  if (value === undefined) return fallback;
  const text = flagText(value).trim();
  if ((allowed as readonly string[]).includes(text)) return text as T;
  issues.push({
    code: "bad_argument",
    message: `${flag} "${text}" is not one of ${allowed.join(", ")}`,
    hint: `write e.g. ${flag} ${allowed[0]!}`,
  });
  return fallback;
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? formatNumber(Number(x.toFixed(digits))) : "";
}

function pValueText(p: number): string {
  if (Number.isNaN(p)) return "";
  return p < 1e-4 ? "<0.0001" : p.toFixed(4);
}

export async function convergenceCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const issues: InputIssue[] = [];
  const variable = typeof options.var === "string" ? options.var.trim() : "";
  if (variable === "")
    issues.push({ code: "bad_argument", message: "no variable given", hint: "name it with --var <column>" });
  const type = choice(options.type, "--type", TYPES, "both", issues);
  const fe = choice(options.fe, "--fe", FIXED_EFFECTS, "none", issues);
  const se = choice(options.se, "--se", STANDARD_ERRORS, "cluster", issues);
  const controls =
    typeof options.controls === "string"
      ? options.controls
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  if (type === "sigma" && (options.fe !== undefined || options.se !== undefined || controls.length > 0))
    issues.push({
      code: "bad_argument",
      message: "--fe, --se and --controls apply to β-convergence, not to --type sigma",
      hint: "use --type beta or --type both",
    });
  const group =
    typeof options.group === "string" && options.group.trim() !== "" ? options.group.trim() : undefined;
  if (issues.length > 0) throw new NqpfInputError(issues);

  const { panel: p, file, fileRows } = await loadCommandPanel(data, options);
  const location = {
    file,
    ...(fileRows !== undefined ? { fileRows } : {}),
    ...(group !== undefined ? { group } : {}),
  };
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const tables: Table[] = [];
  out(
    `${pc.bold("convergence")}  ${variable}, ${p.entities.length} units, ${p.times[0]!}–${p.times.at(-1)!}`,
  );

  if (type !== "beta") {
    const sigma = sigmaConvergencePanel(p, { variable, ...location });
    out();
    out(pc.bold("σ-convergence"));
    const rows = sigma.series.flatMap((s) =>
      sigma.times.map((year, t) => [
        s.group,
        String(year),
        fixed(s.result.cv[t]!, 4),
        fixed(s.result.sdLog[t]!, 4),
      ]),
    );
    printRows(["group", "period", "CV", "SD of ln"], rows, out);
    out();
    printRows(
      ["group", "trend of CV", "p", "trend of SD of ln", "p"],
      sigma.series.map((s) => [
        s.group,
        fixed(s.result.cvTrend.slope, 5),
        pValueText(s.result.cvTrend.p),
        fixed(s.result.sdLogTrend?.slope ?? Number.NaN, 5),
        pValueText(s.result.sdLogTrend?.p ?? Number.NaN),
      ]),
      out,
    );
    out(pc.dim("a negative trend means the dispersion falls over time (σ-convergence)"));
    const t = sigmaConvergenceTables(sigma);
    tables.push(t.series, t.trend);
  }

  if (type !== "sigma") {
    const beta = betaConvergencePanel(p, { variable, fe, se, controls, ...location });
    const feText =
      fe === "none" ? "pooled OLS" : fe === "unit" ? "unit fixed effects" : "unit and year fixed effects";
    const seText = se === "cluster" ? "clustered by unit" : se === "robust" ? "robust (HC1)" : "conventional";
    out();
    out(
      `${pc.bold("β-convergence")}  ln(x_t+τ / x_t) on ln x_t${controls.length > 0 ? ` + ${controls.join(" + ")}` : ""}; ${feText}; standard errors ${seText}; τ = ${beta.tau}`,
    );
    printRows(
      ["group", "N", "β", "se", "p", "R²", "speed", "half-life"],
      beta.models.map(({ group: g, result: r }) => [
        g,
        String(r.observations),
        fixed(r.beta, 5),
        fixed(r.betaStandardError, 5),
        pValueText(r.betaP),
        fixed(r.r2, 4),
        fixed(r.speed, 5),
        fixed(r.halfLife, 2),
      ]),
      out,
    );
    const diverging = beta.models.filter((m) => m.result.speedStatus !== "converging").map((m) => m.group);
    if (diverging.length > 0)
      out(pc.yellow(`no convergence speed where β ≥ 0 or β ≤ −1: ${diverging.join(", ")}`));
    const t = betaConvergenceTables(beta);
    tables.push(t.summary, t.coefficients);
  }

  if (typeof options.out === "string") {
    const written = await writeCommandTables(options.out, tables, options.force === true);
    out(`\nwrote ${written.join(", ")}`);
  }
}
