/**
 * `nqpf markov <data> --var <column> [--classes 4] [--scheme pooled|per-year|cutoffs:a,b,…] [--empty-rows zero|absorbing]
 * [--steps 2,5] [--group <column>] [--weights queen|rook|knn:K|<file.gal|file.csv>] [--map <map>] [--map-id <property>]
 * [--lag-classes m] [--lag-scheme quantiles|same|cutoffs:a,b,…]`: the Markov chain of a panel variable (classes,
 * transition probabilities, ergodic distribution, k-step matrices, homogeneity across groups), or with --weights
 * Rey's spatial Markov chain with the Bickenbach–Bode tests. Also GAL weight files.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import { findDataset } from "../../io/dataset-registry.js";
import { loadMap } from "../../io/datasets.js";
import {
  classLabels,
  markovPanel,
  markovTables,
  spatialMarkovPanel,
  spatialMarkovTables,
  type MarkovClassesOptions,
  type MarkovResult,
  type SpatialMarkovOptions,
} from "../../methods/disparity/markov.js";
import {
  contiguityWeights,
  geoJsonUnits,
  knnWeights,
  spatialWeights,
  unitCentroids,
  weightsFromTable,
  type SpatialWeights,
} from "../../methods/spatial/weights.js";
import type { Table } from "../../table/table.js";
import { loadCommandPanel, writeCommandTables } from "../command-panel.js";
import { formatNumber, printRows } from "../format.js";
import { readWithProgress } from "./read-options.js";

/** A flag's value as text ("" when absent or not text or a number). */
function flagText(value: unknown): string {
  return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
}

/** The map used for --weights queen|rook|knn when --map is not given, and its id property. */
export const DEFAULT_MAP = "map-china-provinces";
export const DEFAULT_MAP_ID = "adcode";

/** Parsed --scheme / --lag-scheme: quantile schemes or fixed cut-offs. */
type SchemeFlag =
  | { readonly kind: "pooled" | "per-year" | "quantiles" | "same" }
  | { readonly kind: "cutoffs"; readonly cutoffs: number[] };

function parseScheme(
  text: string,
  flag: string,
  allowed: readonly ("pooled" | "per-year" | "quantiles" | "same")[],
  issues: InputIssue[],
): SchemeFlag | undefined {
  const s = text.trim();
  for (const kind of allowed) if (s === kind) return { kind };
  const match = /^cutoffs:(.+)$/.exec(s);
  if (match) {
    const parts = match[1]!.split(",").map((p) => p.trim());
    const cutoffs = parts.map(Number);
    const ok =
      parts.every((p) => p !== "") &&
      cutoffs.every((c) => Number.isFinite(c)) &&
      cutoffs.every((c, j) => j === 0 || c > cutoffs[j - 1]!);
    if (ok) return { kind: "cutoffs", cutoffs };
    issues.push({
      code: "bad_argument",
      message: `${flag} ${s}: the cut-offs must be numbers in increasing order`,
      hint: `write e.g. ${flag} cutoffs:0.2,0.4,0.6`,
    });
    return undefined;
  }
  issues.push({
    code: "bad_argument",
    message: `${flag} "${s}" is not one of ${allowed.join(", ")}, cutoffs:a,b,…`,
    hint: `write e.g. ${flag} ${allowed[0]!} or ${flag} cutoffs:0.2,0.4,0.6`,
  });
  return undefined;
}

function parseWholeNumber(
  value: unknown,
  flag: string,
  min: number,
  max: number,
  issues: InputIssue[],
): number | undefined {
  if (value === undefined) return undefined;
  const text = flagText(value).trim();
  const x = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isInteger(x) && x >= min && x <= max) return x;
  issues.push({
    code: "bad_argument",
    message: `${flag} takes a whole number from ${min} to ${max}; got "${text}"`,
    hint: `write e.g. ${flag} ${Math.min(max, Math.max(min, 4))}`,
  });
  return undefined;
}

/**
 * Reads a GAL weights file (GeoDa/libpysal): a header line ("n", or "0 n shapefile id-variable"), then per unit a
 * line "id count" followed by a line with its `count` neighbour ids. Binary weights.
 * Reference: GeoDa's GAL format (Anselin, GeoDa documentation); libpysal io GalIO.
 * @param text the file's text
 * @param file file name for issue locations
 * @returns binary weights (not row-standardised)
 * @throws NqpfInputError `corrupt_file` for a malformed header or unit line, `missing_key` for a neighbour id that has no unit line, `duplicate_key` for a unit listed twice
 * @example
 * parseGal("2\na 1\nb\nb 1\na\n", "w.gal").neighbours.map((r) => Array.from(r))
 * // => [[1], [0]]
 */
export function parseGal(text: string, file: string): SpatialWeights {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  const issues: InputIssue[] = [];
  const header = (lines[0] ?? "").split(/\s+/);
  const count = Number(header.length >= 2 ? header[1] : header[0]);
  if (!(Number.isInteger(count) && count >= 0))
    throw new NqpfInputError([
      {
        code: "corrupt_file",
        file,
        row: 1,
        message: `the GAL header "${lines[0] ?? ""}" does not give the number of units`,
        hint: 'a GAL file starts with the number of units ("48") or "0 48 shapefile id"',
      },
    ]);
  const ids: string[] = [];
  const lists: string[][] = [];
  const lineOf: number[] = [];
  let l = 1;
  while (l < lines.length) {
    if (lines[l] === "") {
      l++;
      continue;
    }
    const parts = lines[l]!.split(/\s+/);
    const k = Number(parts[1]);
    if (parts.length !== 2 || !(Number.isInteger(k) && k >= 0)) {
      issues.push({
        code: "corrupt_file",
        file,
        row: l + 1,
        message: `"${lines[l]!}" is not a unit line "id number-of-neighbours"`,
        hint: "each unit has a line with its id and neighbour count, then a line with the neighbour ids",
      });
      break;
    }
    const neighbours = k > 0 ? (lines[l + 1] ?? "").split(/\s+/).filter(Boolean) : [];
    if (neighbours.length !== k) {
      issues.push({
        code: "corrupt_file",
        file,
        row: l + 2,
        entity: parts[0]!,
        message: `unit ${parts[0]!} should have ${k} neighbours; the next line lists ${neighbours.length}`,
        hint: "fix the count or the neighbour line",
      });
      break;
    }
    if (ids.includes(parts[0]!))
      issues.push({
        code: "duplicate_key",
        file,
        row: l + 1,
        entity: parts[0]!,
        message: `unit ${parts[0]!} is listed twice`,
        hint: "list each unit once",
      });
    ids.push(parts[0]!);
    lists.push(neighbours);
    lineOf.push(l + 1);
    l += k > 0 ? 2 : 1;
  }
  if (issues.length > 0) throw new NqpfInputError(issues);
  if (ids.length !== count)
    issues.push({
      code: "corrupt_file",
      file,
      row: 1,
      message: `the header says ${count} units; the file lists ${ids.length}`,
      hint: "fix the header or the unit lines",
    });
  const index = new Map(ids.map((id, i) => [id, i]));
  const neighbours = lists.map((list, i) =>
    list.flatMap((id) => {
      const j = index.get(id);
      if (j === undefined) {
        issues.push({
          code: "missing_key",
          file,
          row: lineOf[i]! + 1,
          entity: ids[i]!,
          message: `neighbour ${id} of unit ${ids[i]!} has no unit line`,
          hint: "every neighbour must be one of the file's units",
        });
        return [];
      }
      return [j];
    }),
  );
  if (issues.length > 0) throw new NqpfInputError(issues);
  return spatialWeights(ids, neighbours, undefined, { kind: "custom", parameters: { file } });
}

async function readMap(map: string): Promise<unknown> {
  if (!existsSync(map) && findDataset(map)?.kind === "map") return loadMap(map);
  if (!existsSync(map))
    throw new NqpfInputError([
      {
        code: "file_not_found",
        file: map,
        message: "map not found",
        hint: `give a GeoJSON file or a bundled map (${DEFAULT_MAP}, map-world)`,
      },
    ]);
  try {
    return JSON.parse(await readFile(map, "utf8")) as unknown;
  } catch (error) {
    throw new NqpfInputError(
      [
        {
          code: "corrupt_file",
          file: map,
          message: "the map is not valid JSON",
          hint: "give a GeoJSON file",
        },
      ],
      { cause: error },
    );
  }
}

/** What --weights resolved to: the weights, a label, and lines worth printing (island links). */
interface WeightsChoice {
  readonly weights: SpatialWeights;
  readonly label: string;
  readonly file: string | undefined;
  readonly notes: readonly string[];
}

/**
 * Builds the weights --weights names for the panel's entities: queen/rook contiguity or k nearest neighbours from a
 * map (islands linked to their nearest unit and reported), or a GAL or edge-list file (columns id, neighbour, weight).
 */
async function resolveWeights(
  spec: string,
  entities: readonly string[],
  options: Record<string, unknown>,
): Promise<WeightsChoice> {
  const knn = /^knn:(\d+)$/.exec(spec);
  if (spec === "queen" || spec === "rook" || knn) {
    const map = typeof options.map === "string" ? options.map : DEFAULT_MAP;
    const idProperty = typeof options.mapId === "string" ? options.mapId : DEFAULT_MAP_ID;
    const units = geoJsonUnits(await readMap(map), { idProperty, ids: entities, file: map });
    if (knn) {
      const k = Number(knn[1]);
      if (!(k >= 1 && k < entities.length))
        throw new NqpfInputError([
          {
            code: "bad_argument",
            message: `--weights knn:${k} needs 1 ≤ k < ${entities.length} (the number of units)`,
            hint: "write e.g. --weights knn:4",
          },
        ]);
      return {
        weights: knnWeights(unitCentroids(units), { k }),
        label: `${k} nearest neighbours (${map})`,
        file: map,
        notes: [],
      };
    }
    const weights = contiguityWeights(units, { rule: spec as "queen" | "rook", islands: "nearest" });
    const notes = (weights.islandLinks ?? []).map(
      (link) =>
        `${link.id} has no ${spec} neighbour; linked to its nearest unit ${link.neighbours.join(", ")} (${link.distanceKm.map((d) => d.toFixed(0)).join(", ")} km between centroids)`,
    );
    return { weights, label: `${spec} contiguity (${map})`, file: map, notes };
  }
  if (!existsSync(spec))
    throw new NqpfInputError([
      {
        code: "file_not_found",
        file: spec,
        message: "weights file not found",
        hint: "--weights takes queen, rook, knn:K, or a .gal or edge-list (.csv with id, neighbour, weight) file",
      },
    ]);
  if (extname(spec).toLowerCase() === ".gal")
    return {
      weights: parseGal(await readFile(spec, "utf8"), spec),
      label: `GAL file ${spec}`,
      file: spec,
      notes: [],
    };
  const { table } = await readWithProgress(spec, {});
  return {
    weights: weightsFromTable(table, { file: spec }),
    label: `edge list ${spec}`,
    file: spec,
    notes: [],
  };
}

/** Reads the shared flags into class options; every problem is collected. */
function classOptions(options: Record<string, unknown>, issues: InputIssue[]): MarkovClassesOptions {
  const k = parseWholeNumber(options.classes, "--classes", 2, 20, issues);
  const scheme =
    options.scheme !== undefined
      ? parseScheme(flagText(options.scheme), "--scheme", ["pooled", "per-year"], issues)
      : undefined;
  if (scheme?.kind === "cutoffs") {
    if (k !== undefined && k !== scheme.cutoffs.length + 1)
      issues.push({
        code: "bad_argument",
        message: `--classes ${k} does not match --scheme cutoffs with ${scheme.cutoffs.length} cut-offs (${scheme.cutoffs.length + 1} classes)`,
        hint: "leave out --classes with fixed cut-offs",
      });
    return { cutoffs: scheme.cutoffs };
  }
  return {
    ...(k !== undefined ? { k } : {}),
    ...(scheme !== undefined ? { scheme: scheme.kind as "pooled" | "per-year" } : {}),
  };
}

/** Parses --steps "2,5,10" (whole numbers ≥ 1). */
function parseSteps(value: unknown, issues: InputIssue[]): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = flagText(value)
    .split(",")
    .map((s) => s.trim());
  const steps = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
  if (steps.every((s) => Number.isInteger(s) && s >= 1 && s <= 1000)) return steps;
  issues.push({
    code: "bad_argument",
    message: `--steps "${flagText(value)}" is not a list of whole numbers from 1 to 1000`,
    hint: "write e.g. --steps 2,5,10",
  });
  return undefined;
}

export async function markovCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const issues: InputIssue[] = [];
  const variable = typeof options.var === "string" ? options.var.trim() : "";
  if (variable === "")
    issues.push({ code: "bad_argument", message: "no variable given", hint: "name it with --var <column>" });
  const classes = classOptions(options, issues);
  const emptyRows = options.emptyRows ?? "zero";
  if (emptyRows !== "zero" && emptyRows !== "absorbing")
    issues.push({
      code: "bad_argument",
      message: `--empty-rows ${JSON.stringify(emptyRows)} is not one of zero, absorbing`,
      hint: "write --empty-rows absorbing to set P_ii = 1 for a class nobody starts from",
    });
  const steps = parseSteps(options.steps, issues);
  const weightsSpec = typeof options.weights === "string" ? options.weights.trim() : undefined;
  const group = typeof options.group === "string" ? options.group.trim() : undefined;
  const lagClasses = parseWholeNumber(options.lagClasses, "--lag-classes", 2, 20, issues);
  const lagScheme =
    options.lagScheme !== undefined
      ? parseScheme(flagText(options.lagScheme), "--lag-scheme", ["quantiles", "same"], issues)
      : undefined;
  if (weightsSpec === undefined && (lagClasses !== undefined || lagScheme !== undefined))
    issues.push({
      code: "bad_argument",
      message: "--lag-classes and --lag-scheme need --weights",
      hint: "give --weights queen|rook|knn:K|<file> for the spatial Markov chain",
    });
  if (weightsSpec !== undefined && group !== undefined)
    issues.push({
      code: "bad_argument",
      message: "--group and --weights cannot be combined",
      hint: "the spatial chain conditions on the neighbours' class; run the group comparison separately",
    });
  if (weightsSpec === "")
    issues.push({ code: "bad_argument", message: "--weights is empty", hint: "write --weights queen" });
  if (issues.length > 0) throw new NqpfInputError(issues);

  const { panel: p, file, fileRows } = await loadCommandPanel(data, options);
  const location = { file, ...(fileRows !== undefined ? { fileRows } : {}) };
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  let tables: Table[];
  if (weightsSpec !== undefined) {
    const choice = await resolveWeights(weightsSpec, p.entities, options);
    const lag: Pick<SpatialMarkovOptions, "lagClasses" | "lagCutoffs"> =
      lagScheme?.kind === "cutoffs"
        ? { lagCutoffs: lagScheme.cutoffs }
        : lagScheme?.kind === "same"
          ? { lagCutoffs: "same" }
          : lagClasses !== undefined
            ? { lagClasses }
            : {};
    const result = spatialMarkovPanel(p, choice.weights, {
      variable,
      ...classes,
      ...lag,
      emptyRows: emptyRows as "zero" | "absorbing",
      ...location,
      ...(choice.file !== undefined ? { weightsFile: choice.file } : {}),
    });
    out(
      `${pc.bold("spatial Markov chain")}  ${variable}, ${result.units.length} units, ${p.times[0]!}–${p.times.at(-1)!}; weights: ${choice.label}`,
    );
    for (const note of choice.notes) out(pc.yellow(note));
    out();
    printChain("all units", result.global, out);
    result.conditional.forEach((chain, m) => {
      out();
      printChain(`neighbours in L${m + 1}`, chain, out);
    });
    const h = result.homogeneity;
    out();
    printRows(
      ["test", "statistic", "dof", "p-value"],
      [
        ["Q (homogeneity)", formatNumber(h.q), String(h.dof), pValueText(h.qPValue)],
        ["LR (homogeneity)", formatNumber(h.lr), String(h.dof), pValueText(h.lrPValue)],
        ...result.chiSquare.map((c, m) => [
          `χ² L${m + 1} vs all`,
          formatNumber(c.statistic),
          String(c.dof),
          pValueText(c.pValue),
        ]),
      ],
      out,
    );
    const t = spatialMarkovTables(result);
    tables = [t.transitions, t.tests, t.units];
  } else {
    const result = markovPanel(p, {
      variable,
      ...classes,
      emptyRows: emptyRows as "zero" | "absorbing",
      ...(group !== undefined ? { group } : {}),
      ...location,
    });
    const k = result.classes.k;
    out(
      `${pc.bold("Markov chain")}  ${variable}, ${result.entities.length} units, ${p.times[0]!}–${p.times.at(-1)!}, k = ${k} (${result.classes.scheme === "cutoffs" ? "fixed cut-offs" : `${result.classes.scheme} quantiles`})`,
    );
    out();
    printChain("all units", result.chain, out);
    if (result.groups) {
      result.groups.names.forEach((name, g) => {
        out();
        printChain(`${result.groups!.column} = ${name}`, result.groups!.chains[g]!, out);
      });
      const h = result.groups.homogeneity;
      if (h !== undefined) {
        out();
        out(
          `homogeneity across ${result.groups.column}: Q = ${formatNumber(h.q)}, LR = ${formatNumber(h.lr)}, dof = ${h.dof}, p(Q) = ${pValueText(h.qPValue)}, p(LR) = ${pValueText(h.lrPValue)}`,
        );
      }
    }
    const t = markovTables(result, steps !== undefined ? { steps } : {});
    tables = [
      t.transitions,
      t.classes,
      t.units,
      ...(t.kStep ? [t.kStep] : []),
      ...(t.tests ? [t.tests] : []),
    ];
  }
  if (typeof options.out === "string") {
    const written = await writeCommandTables(options.out, tables, options.force === true);
    out(`\nwrote ${written.join(", ")}`);
  }
}

function pValueText(p: number): string {
  if (Number.isNaN(p)) return "";
  return p < 1e-4 ? "<0.0001" : p.toFixed(4);
}

/** Prints one chain: per class n_i, P_i· and the ergodic share. */
function printChain(title: string, chain: MarkovResult, out: (line?: string) => void): void {
  const labels = classLabels(chain.k);
  out(pc.bold(title));
  const rows = labels.map((label, i) => [
    label,
    String(chain.rowTotals[i]!),
    ...labels.map((_, j) =>
      chain.rowTotals[i]! > 0 || chain.emptyRows === "absorbing"
        ? chain.probabilities.data[i * chain.k + j]!.toFixed(4)
        : "",
    ),
    Number.isNaN(chain.ergodic.distribution[i]!) ? "" : chain.ergodic.distribution[i]!.toFixed(4),
  ]);
  printRows(["t \\ t+1", "n", ...labels, "ergodic"], rows, out);
  if (chain.emptyClasses.length > 0)
    out(pc.yellow(`no transition starts in ${chain.emptyClasses.map((j) => labels[j]!).join(", ")}`));
  if (chain.ergodic.status !== "unique")
    out(
      pc.yellow(`${chain.ergodic.recurrentClasses.length} recurrent classes: no unique ergodic distribution`),
    );
}
