/**
 * SBM results as a Table: one row per unit with score, status, model, Σλ, signed slacks, targets and peers.
 */

import type { Matrix } from "../../math/matrix.js";
import { numberColumn, stringColumn, table, type Column, type Table } from "../../table/table.js";
import type { SbmResult } from "./sbm.js";
import type { FrontierNames, Peers } from "./types.js";

/**
 * Table of an {@link sbm} result: columns unit, score, status, reason, model, lambda_sum, slack_<column> and target_<column> for every input, good output and bad output, and peers ("2 (0.5); 5 (0.25)": reference unit and λ).
 *
 * Peers are named by `names.units` when the units were evaluated against themselves, otherwise by their 1-based row in the reference set. A non-optimal unit has empty (missing) numbers beside its status and reason.
 *
 * Reference: Tone (2001) EJOR 130:498–509 (SBM); Tone (2002) EJOR 143:32–41 (super-SBM); Tone (2004) (undesirable outputs).
 *
 * @param result the output of {@link sbm}
 * @param names unit and column labels (defaults: 1-based unit numbers, "input 1", "output 1", "bad 1", ...)
 * @returns a Table with meta {method: "sbm" | "super-sbm", parameters, reference}
 * @throws RangeError when a names list has the wrong length
 * @example
 * sbmTable(sbm(fromRows([[2], [4]]), fromRows([[1], [4]])), { units: ["A", "B"] }).columns.map((c) => c.name)
 * // => ["unit", "score", "status", "reason", "model", "lambda_sum", "slack_input 1", "slack_output 1", "target_input 1", "target_output 1", "peers"]
 */
export function sbmTable(result: SbmResult, names: FrontierNames = {}): Table {
  const n = result.scores.length;
  const m = result.inputSlacks.cols;
  const s = result.outputSlacks.cols;
  const k = result.badSlacks.cols;
  const units = labels("units", names.units, n, (i) => String(i + 1));
  const inputs = labels("inputs", names.inputs, m, (j) => `input ${j + 1}`);
  const outputs = labels("outputs", names.outputs, s, (j) => `output ${j + 1}`);
  const bads = labels("bads", names.bads, k, (j) => `bad ${j + 1}`);
  const superScore = result.super;

  const columns: Column[] = [
    stringColumn("unit", units),
    numberColumn("score", result.scores, {
      label: superScore ? "SBM efficiency ρ, or super-SBM δ for efficient units" : "SBM efficiency ρ",
    }),
    stringColumn("status", result.status),
    stringColumn("reason", result.reason),
    stringColumn("model", result.model),
    numberColumn("lambda_sum", result.lambdaSum, { label: "Σλ" }),
  ];
  const used = new Set(columns.map((c) => c.name));
  const block = (prefix: string, a: Matrix, columnNames: readonly string[], kind: string, label: string) => {
    for (let j = 0; j < a.cols; j++) {
      let name = `${prefix}_${columnNames[j]!}`;
      if (used.has(name)) name = `${prefix}_${kind}_${columnNames[j]!}`;
      used.add(name);
      const values = new Float64Array(a.rows);
      for (let i = 0; i < a.rows; i++) values[i] = a.data[i * a.cols + j]!;
      columns.push(numberColumn(name, values, { label: `${label} ${columnNames[j]!}` }));
    }
  };
  block("slack", result.inputSlacks, inputs, "input", "input slack x − target,");
  block("slack", result.outputSlacks, outputs, "output", "output slack target − y,");
  block("slack", result.badSlacks, bads, "bad", "bad-output slack b − target,");
  block("target", result.inputTargets, inputs, "input", "input target");
  block("target", result.outputTargets, outputs, "output", "output target");
  block("target", result.badTargets, bads, "bad", "bad-output target");
  const peerName = (j: number) =>
    result.externalReference ? String(j + 1) : (names.units?.[j] ?? String(j + 1));
  columns.push(
    stringColumn(
      "peers",
      result.peers.map((p, i) => (result.status[i] === "optimal" ? formatPeers(p, peerName) : null)),
      { label: "reference units (λ)" },
    ),
  );

  const reference = [
    "Tone, K. (2001) A slacks-based measure of efficiency in data envelopment analysis, EJOR 130, 498–509",
    ...(superScore
      ? [
          "Tone, K. (2002) A slacks-based measure of super-efficiency in data envelopment analysis, EJOR 143, 32–41",
        ]
      : []),
    ...(k > 0
      ? ["Tone, K. (2004) Dealing with undesirable outputs in DEA: a slacks-based measure (SBM) approach"]
      : []),
  ].join("; ");
  return table(columns, {
    method: superScore ? "super-sbm" : "sbm",
    parameters: {
      rts: result.rts,
      orientation: result.orientation,
      super: result.super,
      ...(superScore ? { superFor: result.superFor } : {}),
      badOutputs: k,
      externalReference: result.externalReference,
    },
    reference,
  });
}

function labels(
  what: string,
  given: readonly string[] | undefined,
  length: number,
  fallback: (i: number) => string,
): string[] {
  if (given !== undefined && given.length !== length)
    throw new RangeError(`sbmTable: names.${what} must have ${length} entries; got ${given.length}`);
  return Array.from({ length }, (_, i) => given?.[i] ?? fallback(i));
}

/** "2 (0.5); 5 (0.25)" with weights to 6 significant digits. */
function formatPeers(p: Peers, name: (j: number) => string): string {
  const parts: string[] = [];
  for (let q = 0; q < p.index.length; q++)
    parts.push(`${name(p.index[q]!)} (${String(Number(p.weight[q]!.toPrecision(6)))})`);
  return parts.join("; ");
}
