/**
 * `nqpf moran <data> --var <column> [--weights queen|rook|idw[:power]|knn[:k]|economic:<column>|<file>]`: global
 * Moran's I per period with normal, randomisation and seeded permutation inference, and with --local the LISA
 * statistics (quadrants, pseudo p, clusters) and Moran scatter data. Weights are built for the data's entities from
 * a map (default map-china-provinces) or read from a file written by `nqpf weights --out`.
 */
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import {
  localMoranTable,
  moranByYear,
  moranTable,
  type MoranByYearResult,
} from "../../methods/spatial/moran.js";
import { weightsSummaryTable } from "../../methods/spatial/weights.js";
import { loadCommandPanel, writeCommandTables } from "../command-panel.js";
import { formatNumber, printRows } from "../format.js";
import { numberFlag } from "./growth-accounting.js";
import {
  buildCommandWeights,
  DEFAULT_MAP,
  parseWeightsFlags,
  printWeightsSummary,
  readCommandWeights,
  type CommandWeights,
} from "./weights.js";

const BUILT = ["queen", "rook", "idw", "knn", "economic"];

/** Splits --weights into a type and its parameter ("knn:4", "idw:2", "economic:gdp"), or a file. */
export function parseWeightsArgument(
  text: string,
): { readonly type: string; readonly parameter: string | undefined } | { readonly file: string } {
  const at = text.indexOf(":");
  const head = (at >= 0 ? text.slice(0, at) : text).trim().toLowerCase();
  if (BUILT.includes(head)) return { type: head, parameter: at >= 0 ? text.slice(at + 1).trim() : undefined };
  return { file: text };
}

export async function moranCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const issues: InputIssue[] = [];
  const variable = typeof options.var === "string" ? options.var.trim() : "";
  if (variable === "")
    issues.push({
      code: "bad_argument",
      message: "no variable given",
      hint: "name it with --var, e.g. --var gdp_per_capita",
    });
  const permutations =
    numberFlag(
      options.permutations,
      "--permutations",
      issues,
      (x) => Number.isInteger(x) && x >= 0,
      "a whole number ≥ 0",
      "999",
    ) ?? 999;
  const seed =
    numberFlag(
      options.seed,
      "--seed",
      issues,
      (x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff,
      "a whole number in [0, 4294967295]",
      "1",
    ) ?? 1;
  const alpha =
    numberFlag(options.alpha, "--alpha", issues, (x) => x > 0 && x < 1, "a level in (0, 1)", "0.05") ?? 0.05;
  const weightsArgument = parseWeightsArgument((options.weights as string | undefined) ?? "queen");
  const flags: Record<string, unknown> = { ...options };
  if ("type" in weightsArgument && weightsArgument.parameter !== undefined) {
    if (weightsArgument.type === "knn") flags.k = weightsArgument.parameter;
    else if (weightsArgument.type === "idw") flags.power = weightsArgument.parameter;
    else if (weightsArgument.type === "economic") flags.var = weightsArgument.parameter;
  }
  if (
    "type" in weightsArgument &&
    weightsArgument.type === "economic" &&
    weightsArgument.parameter === undefined
  )
    issues.push({
      code: "bad_argument",
      message: "--weights economic needs the variable of the economic distance",
      hint: "write e.g. --weights economic:gdp_per_capita",
    });
  const spec = "type" in weightsArgument ? parseWeightsFlags(weightsArgument.type, flags, issues) : undefined;
  if (issues.length > 0) throw new NqpfInputError(issues);

  const loaded = await loadCommandPanel(data, options);
  const { panel: p, file, fileRows } = loaded;
  let built: CommandWeights;
  if (spec !== undefined) {
    built = await buildCommandWeights(spec, {
      entities: p.entities,
      map: (options.map as string | undefined) ?? DEFAULT_MAP,
      idProperty: options.id as string | undefined,
      panel: loaded,
    });
  } else {
    built = await readCommandWeights((weightsArgument as { file: string }).file, loaded, options);
  }
  const result = moranByYear(p, variable, built.weights, {
    permutations,
    seed,
    ...(options.local === true ? { local: { alpha } } : {}),
    file,
    ...(fileRows !== undefined ? { fileRows } : {}),
  });
  printWeightsSummary(built, 0);
  process.stdout.write("\n");
  printMoranSummary(result, options.local === true);
  if (typeof options.out === "string") {
    const tableOptions = {
      periods: result.years,
      timeColumn: result.timeColumn,
      variable,
      weights: built.description,
    };
    const tables = [moranTable(result.global, tableOptions)];
    if (result.local !== undefined)
      tables.push(localMoranTable(result.local, { ...tableOptions, idColumn: result.entityColumn }));
    tables.push(weightsSummaryTable(result.weights, built.names));
    const written = await writeCommandTables(options.out, tables, options.force === true);
    process.stdout.write(`\nwrote ${written.join(", ")}\n`);
  }
}

function printMoranSummary(result: MoranByYearResult, local: boolean): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const first = result.global[0]!;
  const perm = first.permutation;
  out(
    `${pc.bold("Moran's I")} of ${result.variable}, ${result.weights.ids.length} units, ${result.years.length} period${result.years.length > 1 ? "s" : ""}; E[I] = ${formatNumber(first.expected)}; p two-tailed (normal, randomisation)${perm !== undefined ? `, pseudo p from ${perm.permutations} permutations (seed ${perm.seed}, folded as esda)` : ""}`,
  );
  const fmt = (x: number): string => (Number.isNaN(x) ? "" : formatNumber(Number(x.toPrecision(4))));
  const rows = result.global.map((r, k) => {
    const row = [
      String(result.years[k]!),
      fmt(r.I),
      fmt(r.normal.z),
      fmt(r.normal.p),
      fmt(r.randomisation.z),
      fmt(r.randomisation.p),
      r.permutation !== undefined ? fmt(r.permutation.p) : "",
    ];
    if (local && result.local !== undefined) {
      const l = result.local[k]!;
      const count = (label: string): number => l.cluster.filter((c) => c === label).length;
      row.push(`${count("HH")}/${count("LL")}/${count("LH")}/${count("HL")}`);
    }
    return row;
  });
  const header = [result.timeColumn, "I", "z normal", "p normal", "z random", "p random", "p perm"];
  if (local) header.push(`HH/LL/LH/HL at ${result.local?.[0]?.alpha ?? 0.05}`);
  printRows(header, rows, out);
  const warnings = result.global.flatMap((r, k) => r.warnings.map((w) => `${result.years[k]!}: ${w}`));
  for (const w of warnings) out(pc.yellow(w));
}
