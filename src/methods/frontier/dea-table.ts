/**
 * Radial DEA, super-efficiency, FDH and multiplier results as Tables: one row per unit with score, status,
 * reason, slacks, targets and peers, and metadata naming the method, its parameters and its reference.
 */

import type { Matrix } from "../../math/matrix.js";
import { numberColumn, stringColumn, table, type Column, type Table } from "../../table/table.js";
import type { DeaResult } from "./dea.js";
import type { DeaMultiplierResult } from "./dea-multiplier.js";
import type { FdhResult } from "./fdh.js";
import type { SuperEfficiencyResult } from "./super-efficiency.js";
import type { FrontierNames, Peers } from "./types.js";

/** The results {@link deaTable} renders. */
export type RadialResult = DeaResult | SuperEfficiencyResult | FdhResult;

const REFERENCES = {
  dea: "Charnes, Cooper & Rhodes (1978) EJOR 2(6):429–444; Banker, Charnes & Cooper (1984) Management Science 30(9):1078–1092; two-stage slacks as in Coelli, Rao & Battese (1998) ch. 6",
  "super-efficiency":
    "Andersen & Petersen (1993) Management Science 39(10):1261–1264; Seiford & Zhu (1999) INFOR 37(2):174–187",
  fdh: "Deprins, Simar & Tulkens (1984), in The Performance of Public Enterprises, North-Holland, 243–267",
  "dea-multiplier":
    "Charnes, Cooper & Rhodes (1978) EJOR 2(6):429–444; Banker, Charnes & Cooper (1984) Management Science 30(9):1078–1092",
} as const;

/**
 * Peers as text, "2 (0.5); 5 (0.25)": each reference unit by name (or 1-based row) with its λ to 6 significant digits.
 * @param peers sparse λ of one unit
 * @param name label of reference unit j (0-based)
 * @returns the text, "" for no peers
 * @example
 * formatPeers({ index: Int32Array.of(1, 4), weight: Float64Array.of(0.5, 0.25) }, (j) => String(j + 1))
 * // => "2 (0.5); 5 (0.25)"
 */
export function formatPeers(peers: Peers, name: (j: number) => string): string {
  const parts: string[] = [];
  for (let q = 0; q < peers.index.length; q++)
    parts.push(`${name(peers.index[q]!)} (${String(Number(peers.weight[q]!.toPrecision(6)))})`);
  return parts.join("; ");
}

/**
 * Table of a {@link dea}, superEfficiency or fdh result: columns unit, score, farrell (output orientation),
 * status, reason, lambda_sum (LP models), slack_<column> and target_<column> for every input and output (where
 * the model has them), crs_te, vrs_te, scale_efficiency and rts_class (dea with `scale: true`), and peers
 * ("2 (0.5); 5 (0.25)").
 *
 * Peers are named by `names.units` when the units were evaluated against themselves, by `names.referenceUnits`
 * against a reference set, else by their 1-based row. A non-optimal unit has empty (missing) numbers beside its
 * status and reason.
 *
 * Reference: as for the model (Charnes, Cooper & Rhodes 1978; Banker, Charnes & Cooper 1984; Andersen & Petersen
 * 1993; Deprins, Simar & Tulkens 1984), written into the table's meta.
 *
 * @param result the output of dea, superEfficiency or fdh
 * @param names unit and column labels (defaults: 1-based unit numbers, "input 1", "output 1", ...)
 * @returns a Table with meta {method, parameters, reference}
 * @throws RangeError naming `deaTable` when a names list has the wrong length
 * @example
 * deaTable(dea(fromRows([[2], [4]]), fromRows([[1], [4]])), { units: ["A", "B"] }).columns.map((c) => c.name)
 * // => ["unit", "score", "status", "reason", "lambda_sum", "slack_input 1", "slack_output 1", "target_input 1", "target_output 1", "peers"]
 */
export function deaTable(result: RadialResult, names: FrontierNames = {}): Table {
  const n = result.scores.length;
  const m = result.inputTargets.cols;
  const s = result.outputTargets.cols;
  const units = labels("deaTable", "units", names.units, n, (i) => String(i + 1));
  const inputs = labels("deaTable", "inputs", names.inputs, m, (j) => `input ${j + 1}`);
  const outputs = labels("deaTable", "outputs", names.outputs, s, (j) => `output ${j + 1}`);
  const scoreLabel = {
    dea: result.orientation === "input" ? "input-oriented efficiency θ" : "output expansion factor φ",
    "super-efficiency":
      result.orientation === "input"
        ? "super-efficiency θ (other units only)"
        : "super-efficiency φ (other units only)",
    fdh: result.orientation === "input" ? "FDH input efficiency θ" : "FDH output expansion factor φ",
  }[result.method];

  const columns: Column[] = [
    stringColumn("unit", units),
    numberColumn("score", result.scores, { label: scoreLabel }),
  ];
  if (result.orientation === "output")
    columns.push(numberColumn("farrell", result.farrell, { label: "Farrell output efficiency 1/φ" }));
  columns.push(stringColumn("status", result.status), stringColumn("reason", result.reason));
  if (result.method !== "fdh") columns.push(numberColumn("lambda_sum", result.lambdaSum, { label: "Σλ" }));
  const used = new Set(columns.map((c) => c.name));
  const block = (prefix: string, a: Matrix, columnNames: readonly string[], kind: string, label: string) => {
    columns.push(...matrixColumns(used, prefix, a, columnNames, kind, label));
  };
  if (result.method !== "super-efficiency") {
    block("slack", result.inputSlacks, inputs, "input", "input slack");
    block("slack", result.outputSlacks, outputs, "output", "output slack");
  }
  block("target", result.inputTargets, inputs, "input", "input target");
  block("target", result.outputTargets, outputs, "output", "output target");
  if (result.method === "dea" && result.scaleEfficiency !== undefined) {
    columns.push(
      numberColumn("crs_te", result.crsEfficiency ?? [], { label: "technical efficiency, CRS (Farrell)" }),
      numberColumn("vrs_te", result.vrsEfficiency ?? [], { label: "technical efficiency, VRS (Farrell)" }),
      numberColumn("scale_efficiency", result.scaleEfficiency, { label: "scale efficiency CRS/VRS" }),
      stringColumn("rts_class", result.rtsClass ?? [], { label: "returns to scale: crs, irs or drs" }),
    );
  }
  const peerName = peerNamer(result.externalReference, names);
  columns.push(
    stringColumn(
      "peers",
      result.peers.map((p, i) => (result.status[i] === "optimal" ? formatPeers(p, peerName) : null)),
      { label: "reference units (λ)" },
    ),
  );
  const parameters: Record<string, unknown> = {
    orientation: result.orientation,
    referenceSize: result.referenceSize,
    externalReference: result.externalReference,
  };
  if (result.method !== "fdh") parameters.rts = result.rts;
  if (result.method === "dea") {
    parameters.slacks = result.slacks;
    parameters.scale = result.scale;
  }
  return table(columns, { method: result.method, parameters, reference: REFERENCES[result.method] });
}

/**
 * Table of a superEfficiency result ({@link deaTable} under the model's own name).
 * Reference: Andersen & Petersen (1993) Management Science 39(10):1261–1264.
 * @param result the output of superEfficiency
 * @param names unit and column labels
 * @returns a Table with meta method "super-efficiency"
 * @throws RangeError naming `deaTable` when a names list has the wrong length
 */
export function superEfficiencyTable(result: SuperEfficiencyResult, names: FrontierNames = {}): Table {
  return deaTable(result, names);
}

/**
 * Table of an fdh result ({@link deaTable} under the model's own name).
 * Reference: Deprins, Simar & Tulkens (1984).
 * @param result the output of fdh
 * @param names unit and column labels
 * @returns a Table with meta method "fdh"
 * @throws RangeError naming `deaTable` when a names list has the wrong length
 */
export function fdhTable(result: FdhResult, names: FrontierNames = {}): Table {
  return deaTable(result, names);
}

/**
 * Table of a deaMultiplier result: unit, score, status, reason, weight_<input> (v), weight_<output> (u) and the
 * free term (u0 or v0).
 * Reference: Charnes, Cooper & Rhodes (1978); Banker, Charnes & Cooper (1984).
 * @param result the output of deaMultiplier
 * @param names unit and column labels
 * @returns a Table with meta method "dea-multiplier"
 * @throws RangeError naming `deaMultiplierTable` when a names list has the wrong length
 */
export function deaMultiplierTable(result: DeaMultiplierResult, names: FrontierNames = {}): Table {
  const n = result.scores.length;
  const units = labels("deaMultiplierTable", "units", names.units, n, (i) => String(i + 1));
  const inputs = labels(
    "deaMultiplierTable",
    "inputs",
    names.inputs,
    result.inputWeights.cols,
    (j) => `input ${j + 1}`,
  );
  const outputs = labels(
    "deaMultiplierTable",
    "outputs",
    names.outputs,
    result.outputWeights.cols,
    (j) => `output ${j + 1}`,
  );
  const columns: Column[] = [
    stringColumn("unit", units),
    numberColumn("score", result.scores, {
      label: result.orientation === "input" ? "efficiency u·y + u0" : "expansion factor v·x + v0",
    }),
    stringColumn("status", result.status),
    stringColumn("reason", result.reason),
  ];
  const used = new Set(columns.map((c) => c.name));
  columns.push(
    ...matrixColumns(used, "weight", result.inputWeights, inputs, "input", "input weight v"),
    ...matrixColumns(used, "weight", result.outputWeights, outputs, "output", "output weight u"),
    numberColumn("free", result.free, { label: result.orientation === "input" ? "u0" : "v0" }),
  );
  return table(columns, {
    method: "dea-multiplier",
    parameters: {
      rts: result.rts,
      orientation: result.orientation,
      referenceSize: result.referenceSize,
      externalReference: result.externalReference,
    },
    reference: REFERENCES["dea-multiplier"],
  });
}

function matrixColumns(
  used: Set<string>,
  prefix: string,
  a: Matrix,
  columnNames: readonly string[],
  kind: string,
  label: string,
): Column[] {
  const out: Column[] = [];
  for (let j = 0; j < a.cols; j++) {
    let name = `${prefix}_${columnNames[j]!}`;
    if (used.has(name)) name = `${prefix}_${kind}_${columnNames[j]!}`;
    used.add(name);
    const values = new Float64Array(a.rows);
    for (let i = 0; i < a.rows; i++) values[i] = a.data[i * a.cols + j]!;
    out.push(numberColumn(name, values, { label: `${label} ${columnNames[j]!}` }));
  }
  return out;
}

function peerNamer(external: boolean, names: FrontierNames): (j: number) => string {
  return external
    ? (j) => names.referenceUnits?.[j] ?? String(j + 1)
    : (j) => names.units?.[j] ?? String(j + 1);
}

function labels(
  fn: string,
  what: string,
  given: readonly string[] | undefined,
  length: number,
  fallback: (i: number) => string,
): string[] {
  if (given !== undefined && given.length !== length)
    throw new RangeError(`${fn}: names.${what} must have ${length} entries; got ${given.length}`);
  return Array.from({ length }, (_, i) => given?.[i] ?? fallback(i));
}
