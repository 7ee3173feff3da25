/**
 * The composite index pipeline: indicator system + panel → normalised indicators → weights at every
 * level of the tree → total and dimension scores → coupling coordination among the top-level
 * dimensions → obstacle degrees → ranks per period, with rank stability across weighting methods.
 *
 * Notation: rows r = unit-years (panel order: entity, then period), leaves j = indicators, W_j the
 * global leaf weight (Σ_j W_j = 1), x'_rj the min–max normalised value in [0, 1] (direction applied,
 * before any shift), d a top-level dimension with weight W_d = Σ_{j∈d} W_j.
 *   weighted sum:  S_r = Σ_j W_j x'_rj,  dimension score S_rd = Σ_{j∈d} W_j x'_rj,  dimension index U_rd = S_rd / W_d
 *   TOPSIS:        S_r = closeness on W_j x'_rj; U_rd = closeness within d (weights W_j / W_d)
 *   grey:          S_r = Σ_j W_j ξ_rj (Deng's grade against the column best); U_rd likewise within d
 * Reference: methods.md §2 (entropy: 杨丽 & 孙之淳 2015 for the pooled panel form; TOPSIS: Hwang & Yoon 1981;
 * grey relational: Deng 1982; coupling coordination: 王淑佳 et al. 2021; obstacle degree §2.11).
 */
import { IssueCollector, type InputIssue } from "../../errors.js";
import { matrix, takeMatrixColumns, type Matrix } from "../../math/matrix.js";
import { deriveVariables } from "../../panel/expression.js";
import { panel as buildPanel, type Panel } from "../../panel/panel.js";
import { cell, findColumn, takeRows, type Column } from "../../table/table.js";
import { ahp } from "./ahp.js";
import { combineWeights } from "./combine-weights.js";
import { couplingCoordination, type CouplingCoordinationResult } from "./coupling-coordination.js";
import { criticWeights } from "./critic-weights.js";
import { entropyWeights } from "./entropy-weights.js";
import { greyRelational } from "./grey-relational.js";
import {
  systemLeaves,
  type IndicatorNode,
  type IndicatorSystem,
  type SystemNode,
  type WeightSpec,
} from "./indicator-system.js";
import { normalize, type MinMaxShift } from "./normalize.js";
import { obstacleDegree } from "./obstacle-degree.js";
import { pcaWeights, type PcaWeightsResult } from "./pca-weights.js";
import { rankScores, rankStability } from "./ranks.js";
import { topsis } from "./topsis.js";
import { coefficientOfVariationWeights, standardDeviationWeights } from "./variation-weights.js";

export type Aggregation = "weighted-sum" | "topsis" | "grey";
export type Hierarchy = "flat" | "nested";
export type IncompletePolicy = "error" | "drop-entities";

export interface CompositeIndexOptions {
  /** Min–max shift before weighting (methods.md §2.1): "add" x'+δ (default), "interval", "affine", "none". */
  readonly shift?: MinMaxShift;
  /** δ of the shift (default 1e-4). */
  readonly delta?: number;
  /** Min and max over the pooled panel (default: scores comparable over time), within each period, or of one base period for all. */
  readonly scope?: "pooled" | "by-period" | "base-period";
  /** The base period (e.g. 2012) when scope is "base-period"; values outside its range give x' outside [0, 1]. */
  readonly basePeriod?: number;
  /** Weighting method where the system does not say (default "entropy"). */
  readonly weights?: WeightSpec;
  /** Entropy over all unit-years at once (default, 杨丽 & 孙之淳 2015) or the mean of per-period weights. */
  readonly entropyMode?: "pooled" | "mean-of-periods";
  /** "flat": one weighting over all indicators, dimension weights are sums (default unless the system sets local weights); "nested": children weighted within each dimension. */
  readonly hierarchy?: Hierarchy;
  readonly aggregate?: Aggregation;
  readonly from?: number;
  readonly to?: number;
  /** Units with a missing indicator value: report them as errors, or leave them out (default) and say so. */
  readonly incomplete?: IncompletePolicy;
  /** Obstacles listed per unit-year (default 3). */
  readonly topK?: number;
  /** Other weighting methods to compare rankings with (Spearman). */
  readonly sensitivity?: readonly WeightSpec[];
  /** The system's file, for issue locations. */
  readonly file?: string;
}

export interface WeightNode {
  readonly id: string;
  readonly parent: string | undefined;
  readonly depth: number;
  readonly leaf: boolean;
  /** Weight among its siblings (sums to 1 within each parent). */
  readonly localWeight: number;
  /** Weight in the whole index (leaves sum to 1; a dimension's is the sum of its leaves'). */
  readonly globalWeight: number;
  /** How its children were weighted (dimensions only). */
  readonly method?: string;
}

export interface CompositeIndexResult {
  /** The panel the index was computed on (periods and entities kept, leaf indicators as columns). */
  readonly panel: Panel;
  readonly leaves: readonly IndicatorNode[];
  /** Top-level dimension of each leaf (index into `dimensions`). */
  readonly leafDimension: Int32Array;
  /** Top-level nodes of the system (usually dimensions; an indicator at the top counts as its own dimension). */
  readonly dimensions: readonly SystemNode[];
  /** Weights of every node, depth-first. */
  readonly weights: readonly WeightNode[];
  /** Global leaf weights W_j. */
  readonly leafWeights: Float64Array;
  /** x' (rows × leaves), direction applied, in [0, 1]. */
  readonly normalized: Matrix;
  readonly score: Float64Array;
  /** Dimension contributions S_rd (weighted sum; they add up to S_r), rows × dimensions. */
  readonly dimensionScores: Matrix;
  /** Dimension indices U_rd in [0, 1], rows × dimensions. */
  readonly dimensionIndex: Matrix;
  /** Rank of S_r within its period (1 = best). */
  readonly rank: Float64Array;
  readonly obstacles: Matrix;
  readonly dimensionObstacles: Matrix;
  readonly topObstacles: readonly (readonly { readonly indicator: number; readonly share: number }[])[];
  /** Coupling coordination among the top-level dimensions (when there are at least two). */
  readonly coupling: CouplingCoordinationResult | undefined;
  /** Principal components behind the weights when the flat weighting is "pca" (eigenvalues, explained variance, loadings). */
  readonly pca: PcaWeightsResult | undefined;
  /** Spearman correlations of the rankings under the main and the sensitivity weightings. */
  readonly sensitivity: { readonly names: readonly string[]; readonly correlation: Matrix } | undefined;
  /** Entities left out for missing values, with the first missing cell. */
  readonly dropped: readonly { readonly entity: string; readonly variable: string; readonly time: number }[];
  readonly parameters: Readonly<Record<string, string | number>>;
}

const DEFAULT_TOP_K = 3;

/**
 * Computes the composite index of `system` on panel `p`.
 * @throws NqpfInputError (all issues at once) for unknown variables, leaf expressions that are undefined
 * on some cells (e.g. ln of a non-positive value), periods in which an indicator is missing for every unit,
 * missing cells when `incomplete` is "error", constant indicators, bad AHP matrices
 */
export function compositeIndex(
  p: Panel,
  system: IndicatorSystem,
  options: CompositeIndexOptions = {},
): CompositeIndexResult {
  const file = options.file;
  const at = (extra: Partial<InputIssue>): Partial<InputIssue> => ({
    ...(file !== undefined ? { file } : {}),
    ...extra,
  });
  const leafInfo = systemLeaves(system);
  const leaves = leafInfo.map((l) => l.node);
  // Top-level nodes are the dimensions (an indicator at the top forms a dimension of its own).
  const dimensions = system.root;
  const leafDimension = Int32Array.from(leafInfo.map((l) => l.dimensionIndex));
  const hierarchy = options.hierarchy ?? (hasLocalWeights(system) ? "nested" : "flat");
  const method = options.weights ?? "entropy";
  const issues = new IssueCollector();

  if (hierarchy === "flat" && hasLocalWeights(system)) {
    issues.add({
      code: "bad_argument",
      ...at({ path: ["hierarchy"] }),
      message:
        "the system sets weights inside dimensions (weight, ahp or weighting), which a flat weighting would ignore",
      hint: "use hierarchy nested (the default for such systems), or remove the local weights",
    });
  }

  // 1. Leaf columns: variables as they are, expressions derived.
  const names = new Set(p.table.columns.map((c) => c.name));
  const definitions: string[] = [];
  const leafColumn: string[] = [];
  for (const [k, leaf] of leaves.entries()) {
    const path = ["indicators", leaf.id];
    if (leaf.expression !== undefined) {
      const target = names.has(leaf.id) ? `__nqpf_${leaf.id}` : leaf.id;
      definitions.push(`\`${target}\` = ${leaf.expression}`);
      leafColumn[k] = target;
    } else {
      const variable = leaf.variable ?? leaf.id;
      leafColumn[k] = variable;
      const column = findColumn(p.table, variable);
      if (!column)
        issues.add({
          code: "unknown_column",
          ...at({ column: variable, path }),
          message: `indicator "${leaf.id}" uses variable "${variable}", which is not in the data`,
          hint: "check the variable name in the system file, or derive it with an expression",
        });
      else if (column.type !== "number")
        issues.add({
          code: "bad_value",
          ...at({ column: variable, path }),
          message: `indicator "${leaf.id}" uses "${variable}", a text column`,
          hint: "indicators must be numeric",
        });
    }
  }
  let work = p;
  if (definitions.length > 0) {
    try {
      const derived = deriveVariables(p, definitions, { replace: false });
      work = derived.panel;
      for (const report of derived.reports) {
        if (report.undefinedCount === 0) continue;
        const leaf = leaves[leafColumn.indexOf(report.name)]!;
        for (const c of report.undefinedCells) {
          issues.add({
            code: "bad_value",
            ...at({
              column: leaf.id,
              entity: c.entity,
              time: c.time,
              path: ["indicators", leaf.id, "expression"],
            }),
            message: `"${leaf.expression ?? ""}" is undefined here (${report.undefinedCount} cells in all), e.g. the log of a value ≤ 0 or a division by 0`,
            hint: "fix the data, or change the expression (e.g. ln(x + 1), or drop the unit)",
          });
        }
      }
    } catch (error) {
      if (!(error instanceof Error && "issues" in error)) throw error;
      for (const issue of (error as { issues: readonly InputIssue[] }).issues)
        issues.add({ ...issue, ...(file !== undefined ? { file } : {}) });
    }
  }
  issues.throwIfAny();

  // 2. Periods, completeness.
  const keepPeriod = work.times.map(
    (t) => (options.from === undefined || t >= options.from) && (options.to === undefined || t <= options.to),
  );
  const columns = leafColumn.map((name) => findColumn(work.table, name)!);
  const periodsKept = work.times.filter((_, k) => keepPeriod[k]);
  if (periodsKept.length === 0) {
    issues.add({
      code: "bad_argument",
      ...at({ path: ["years"] }),
      message: `no period of the data lies in ${options.from ?? "…"}–${options.to ?? "…"}`,
      hint: `the data cover ${work.times[0] ?? "?"}–${work.times.at(-1) ?? "?"}`,
    });
    issues.throwIfAny();
  }
  const rowsInWindow: number[] = [];
  for (let r = 0; r < work.table.rowCount; r++) if (keepPeriod[work.timeOf[r]!]) rowsInWindow.push(r);
  for (const [k, column] of columns.entries()) {
    for (const [tk, t] of work.times.entries()) {
      if (!keepPeriod[tk]) continue;
      let present = false;
      for (const r of rowsInWindow) if (work.timeOf[r] === tk && !missingAt(column, r)) present = true;
      if (!present)
        issues.add({
          code: "bad_value",
          ...at({ column: leaves[k]!.id, time: t, path: ["indicators", leaves[k]!.id] }),
          message: `indicator "${leaves[k]!.id}" is missing for every unit in ${t}`,
          hint: "choose years the data cover (--years), or another variable",
        });
    }
  }
  issues.throwIfAny();
  const policy = options.incomplete ?? "drop-entities";
  const dropped: { entity: string; variable: string; time: number }[] = [];
  const droppedEntity = new Set<number>();
  for (const r of rowsInWindow) {
    for (const [k, column] of columns.entries()) {
      if (!missingAt(column, r)) continue;
      const entity = work.entities[work.entityOf[r]!]!;
      const time = work.times[work.timeOf[r]!]!;
      if (policy === "error") {
        issues.add({
          code: "bad_value",
          ...at({ column: leaves[k]!.id, entity, time }),
          message: `indicator "${leaves[k]!.id}" is missing`,
          hint: "fill the value, choose other years, or let nqpf leave incomplete units out (incomplete: drop-entities)",
        });
      } else if (!droppedEntity.has(work.entityOf[r]!)) {
        droppedEntity.add(work.entityOf[r]!);
        dropped.push({ entity, variable: leaves[k]!.id, time });
      }
    }
  }
  // An entity absent in some kept period is incomplete too.
  const periodsOf = new Map<number, number>();
  for (const r of rowsInWindow) periodsOf.set(work.entityOf[r]!, (periodsOf.get(work.entityOf[r]!) ?? 0) + 1);
  for (const [e, name] of work.entities.entries()) {
    const count = periodsOf.get(e) ?? 0;
    if (count > 0 && count < periodsKept.length && !droppedEntity.has(e)) {
      if (policy === "error")
        issues.add({
          code: "unbalanced_panel",
          ...at({ entity: name }),
          message: `unit ${name} is observed in ${count} of ${periodsKept.length} periods`,
          hint: "the index needs every unit in every period; choose other years or leave the unit out",
        });
      else {
        droppedEntity.add(e);
        dropped.push({ entity: name, variable: "(no row)", time: Number.NaN });
      }
    }
  }
  issues.throwIfAny();
  const rows = rowsInWindow.filter((r) => !droppedEntity.has(work.entityOf[r]!));
  if (rows.length === 0) {
    issues.add({
      code: "unbalanced_panel",
      ...at({}),
      message: "no unit has every indicator in every period",
      hint: "choose years the data cover (--years) or drop indicators with gaps",
    });
    issues.throwIfAny();
  }
  const keep = new Set([
    work.entity,
    work.time,
    ...p.table.columns.filter((c) => c.type === "string").map((c) => c.name),
    ...leafColumn,
  ]);
  const used = buildPanel(
    {
      ...takeRows(work.table, rows),
      columns: takeRows(work.table, rows).columns.filter((c) => keep.has(c.name)),
    },
    { entity: work.entity, time: work.time },
  );

  // 3. Matrices: raw X and normalised values.
  const n = used.table.rowCount;
  const m = leaves.length;
  const raw = matrix(n, m);
  const usedColumns = leafColumn.map((name) => findColumn(used.table, name)!);
  for (let r = 0; r < n; r++)
    for (let j = 0; j < m; j++) raw.data[r * m + j] = usedColumns[j]!.values[r] as number;
  const groups = Int32Array.from(used.timeOf);
  const leafIds = leaves.map((l) => l.id);
  const normal = normalize(raw, {
    method: "minmax",
    directions: leaves.map((l) => l.direction),
    shift: options.shift ?? "add",
    delta: options.delta ?? 1e-4,
    scope: options.scope ?? "pooled",
    groups,
    ...(options.scope === "base-period"
      ? { basePeriod: basePeriodIndex(used.times, options.basePeriod, issues, at) }
      : {}),
    names: leafIds,
    periodLabels: used.times,
  });
  const x = normal.unshifted;
  const shifted = normal.values;

  // 4. Weights.
  const context: WeightContext = {
    groups,
    periodLabels: used.times,
    entropyMode: options.entropyMode ?? "pooled",
  };
  const leafIndex = new Map(leaves.map((l, j) => [l.id, j]));
  const allLeaves: WeightInputs = { raw, shifted, x };
  const weightNodes: WeightNode[] = [];
  const leafWeights = new Float64Array(m);
  // Local weights of each node's children ("" = the top level), then global weights top-down.
  const local = new Map<string, Float64Array>();
  const methodOf = new Map<string, string>();
  if (hierarchy === "flat") {
    const w = weightsBy(method, allLeaves, leafIds, context);
    const total = (node: SystemNode): number =>
      "children" in node ? node.children.reduce((sum, c) => sum + total(c), 0) : w[leafIndex.get(node.id)!]!;
    const assign = (id: string, children: readonly SystemNode[]): void => {
      const sums = children.map(total);
      const parentTotal = sums.reduce((a2, b2) => a2 + b2, 0);
      local.set(
        id,
        Float64Array.from(sums, (v) => (parentTotal > 0 ? v / parentTotal : 0)),
      );
      methodOf.set(id, describeSpec(method));
      for (const child of children) if ("children" in child) assign(child.id, child.children);
    };
    assign("", system.root);
  } else {
    // Bottom-up: a dimension's column is Σ local weight × its children's columns, so it lies in [0, 1].
    const columnOf = (node: SystemNode): Float64Array => {
      if (!("children" in node)) return matrixColumn(shifted, leafIndex.get(node.id)!);
      return weightSiblings(node.id, node.children, node.weighting, node.ahp);
    };
    const weightSiblings = (
      id: string,
      children: readonly SystemNode[],
      weighting: WeightSpec | undefined,
      pairwise: readonly (readonly number[])[] | undefined,
    ): Float64Array => {
      const columnsOfChildren = children.map(columnOf);
      const spec: WeightSpec =
        weighting ??
        (children.every((c) => c.weight !== undefined) ? "fixed" : pairwise !== undefined ? "ahp" : method);
      const childIds = children.map((c) => c.id);
      const onlyLeaves = children.every((c) => !("children" in c));
      const leafColumns = onlyLeaves ? childIds.map((c) => leafIndex.get(c)!) : [];
      const dimensionColumns = onlyLeaves ? undefined : stack(columnsOfChildren);
      const inputs: WeightInputs = dimensionColumns
        ? { raw: dimensionColumns, shifted: dimensionColumns, x: dimensionColumns }
        : {
            raw: takeMatrixColumns(raw, leafColumns),
            shifted: takeMatrixColumns(shifted, leafColumns),
            x: takeMatrixColumns(x, leafColumns),
          };
      const w =
        spec === "fixed"
          ? Float64Array.from(children.map((c) => c.weight!))
          : spec === "ahp"
            ? ahp(fromSquare(pairwise!), { names: childIds }).weights
            : weightsBy(spec, inputs, childIds, context);
      local.set(id, w);
      methodOf.set(id, describeSpec(spec));
      const out = new Float64Array(n);
      columnsOfChildren.forEach((column, k) => {
        for (let r = 0; r < n; r++) out[r]! += w[k]! * column[r]!;
      });
      return out;
    };
    weightSiblings("", system.root, system.weighting, system.ahp);
  }
  const visit = (
    children: readonly SystemNode[],
    parent: SystemNode | undefined,
    depth: number,
    parentGlobal: number,
  ): void => {
    const w = local.get(parent?.id ?? "")!;
    children.forEach((node, k) => {
      const global = parentGlobal * w[k]!;
      const isDimension = "children" in node;
      weightNodes.push({
        id: node.id,
        parent: parent?.id,
        depth,
        leaf: !isDimension,
        localWeight: w[k]!,
        globalWeight: global,
        ...(isDimension ? { method: methodOf.get(node.id)! } : {}),
      });
      if (isDimension) visit(node.children, node, depth + 1, global);
      else leafWeights[leafIndex.get(node.id)!] = global;
    });
  };
  visit(system.root, undefined, 0, 1);

  // 5. Scores.
  const aggregate = options.aggregate ?? "weighted-sum";
  const D = dimensions.length;
  const dimensionWeight = new Float64Array(D);
  for (let j = 0; j < m; j++) dimensionWeight[leafDimension[j]!]! += leafWeights[j]!;
  const score = new Float64Array(n);
  const dimensionScores = matrix(n, D);
  const dimensionIndex = matrix(n, D);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < m; j++) {
      const v = leafWeights[j]! * x.data[r * m + j]!;
      score[r]! += v;
      dimensionScores.data[r * D + leafDimension[j]!]! += v;
    }
    for (let d = 0; d < D; d++)
      dimensionIndex.data[r * D + d] =
        dimensionWeight[d]! > 0 ? dimensionScores.data[r * D + d]! / dimensionWeight[d]! : 0;
  }
  if (aggregate !== "weighted-sum") {
    const aggregated = aggregateBy(aggregate, x, leafWeights);
    score.set(aggregated);
    for (let d = 0; d < D; d++) {
      const members = leaves.map((_, j) => j).filter((j) => leafDimension[j] === d);
      const sub = takeMatrixColumns(x, members);
      const w = Float64Array.from(members.map((j) => leafWeights[j]! / (dimensionWeight[d]! || 1)));
      const u = aggregateBy(aggregate, sub, w);
      for (let r = 0; r < n; r++) {
        dimensionIndex.data[r * D + d] = u[r]!;
        dimensionScores.data[r * D + d] = u[r]! * dimensionWeight[d]!;
      }
    }
  }

  // A score is undefined only when every weighted indicator is constant (TOPSIS's degenerate case): say where.
  for (let r = 0; r < n; r++) {
    if (Number.isFinite(score[r]!)) continue;
    issues.add({
      code: "bad_value",
      ...at({ entity: used.entities[used.entityOf[r]!]!, time: used.times[used.timeOf[r]!]! }),
      message: `the ${aggregate} score is undefined: every weighted indicator takes the same value here`,
      hint: "use weighted-sum aggregation, the pooled scope, or indicators that vary",
    });
  }
  issues.throwIfAny();

  // 6. Coupling, obstacles, ranks, sensitivity.
  // The coupling model needs U in [0, 1]; under a base-period scope indices may exceed 1, and then it is not computed.
  const inUnit = dimensionIndex.data.every((u) => u >= -1e-9 && u <= 1 + 1e-9);
  const coupling = D >= 2 && inUnit ? couplingCoordination(clampUnit(dimensionIndex)) : undefined;
  const obstacles = obstacleDegree(clampUnit(x), leafWeights, {
    dimensions: leafDimension,
    topK: options.topK ?? DEFAULT_TOP_K,
  });
  const rank = rankScores(score, { groups });
  let sensitivity: CompositeIndexResult["sensitivity"];
  if (options.sensitivity && options.sensitivity.length > 0) {
    const sets: { name: string; scores: Float64Array }[] = [{ name: describeSpec(method), scores: score }];
    for (const spec of options.sensitivity) {
      const w = weightsBy(spec, allLeaves, leafIds, context);
      sets.push({ name: describeSpec(spec), scores: aggregateBy(aggregate, x, w) });
    }
    const stability = rankStability(sets, { groups });
    sensitivity = { names: stability.names, correlation: stability.correlation };
  }

  return {
    panel: used,
    leaves,
    leafDimension,
    dimensions,
    weights: weightNodes,
    leafWeights,
    normalized: x,
    score,
    dimensionScores,
    dimensionIndex,
    rank,
    obstacles: obstacles.obstacles,
    dimensionObstacles: obstacles.dimensionObstacles ?? matrix(n, 0),
    topObstacles: obstacles.top,
    coupling,
    pca: hierarchy === "flat" && method === "pca" ? pcaWeights(x, { names: leafIds }) : undefined,
    sensitivity,
    dropped,
    parameters: {
      system: system.name,
      normalisation: `min-max (${options.scope ?? "pooled"}), shift ${options.shift ?? "add"} δ = ${options.delta ?? 1e-4}`,
      weights: describeSpec(method),
      entropy: options.entropyMode ?? "pooled",
      hierarchy,
      aggregation: aggregate,
      periods: `${used.times[0]!}–${used.times.at(-1)!}`,
      units: used.entities.length,
      ...(D >= 2 && !inUnit
        ? { coupling: "not computed: dimension indices leave [0, 1] under the base-period scope" }
        : {}),
    },
  };
}

interface WeightContext {
  readonly groups: Int32Array;
  readonly periodLabels: readonly number[];
  readonly entropyMode: "pooled" | "mean-of-periods";
}

/** The same columns three ways: raw data, shifted normalised values (entropy), x' in [0, 1] (CRITIC, SD, PCA). */
interface WeightInputs {
  readonly raw: Matrix;
  readonly shifted: Matrix;
  readonly x: Matrix;
}

/** Weights of the columns of `inputs` by one objective method (or a combination of several). */
function weightsBy(
  spec: WeightSpec,
  inputs: WeightInputs,
  names: readonly string[],
  context: WeightContext,
): Float64Array {
  if (typeof spec === "object") {
    const bases = spec.of.map((s) => weightsBy(s, inputs, names, context));
    return combineWeights(bases, {
      method: spec.combine,
      ...(spec.alpha !== undefined ? { alpha: spec.alpha } : {}),
    }).weights;
  }
  switch (spec) {
    case "entropy":
      return entropyWeights(inputs.shifted, { mode: context.entropyMode, groups: context.groups, names })
        .weights;
    case "critic":
      return criticWeights(inputs.x, { names }).weights;
    case "cv":
      return coefficientOfVariationWeights(inputs.raw, { names }).weights;
    case "sd":
      return standardDeviationWeights(inputs.x, { names }).weights;
    case "pca":
      return pcaWeights(inputs.x, { names }).weights;
    case "equal":
      return new Float64Array(inputs.x.cols).fill(1 / inputs.x.cols);
    case "fixed":
    case "ahp":
      throw new RangeError(
        `compositeIndex: "${spec}" weights come from the system file (weight / ahp on the nodes), not from the weighting option`,
      );
  }
}

function aggregateBy(aggregate: Aggregation, x: Matrix, weights: Float64Array): Float64Array {
  if (aggregate === "topsis") return topsis(x, weights, { ideal: "data" }).closeness;
  if (aggregate === "grey") return greyRelational(x, { reference: "max", weights }).grades;
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++)
    for (let j = 0; j < x.cols; j++) out[r]! += weights[j]! * x.data[r * x.cols + j]!;
  return out;
}

function hasLocalWeights(system: IndicatorSystem): boolean {
  const visit = (node: SystemNode): boolean =>
    node.weight !== undefined ||
    ("children" in node &&
      (node.ahp !== undefined || node.weighting !== undefined || node.children.some(visit)));
  return system.weighting !== undefined || system.ahp !== undefined || system.root.some(visit);
}

function describeSpec(spec: WeightSpec): string {
  return typeof spec === "string" ? spec : `${spec.combine}(${spec.of.map(describeSpec).join(", ")})`;
}

function missingAt(column: Column, r: number): boolean {
  return cell(column, r) === null;
}

function matrixColumn(a: Matrix, j: number): Float64Array {
  const out = new Float64Array(a.rows);
  for (let r = 0; r < a.rows; r++) out[r] = a.data[r * a.cols + j]!;
  return out;
}

function stack(columns: readonly Float64Array[]): Matrix {
  const rows = columns[0]?.length ?? 0;
  const out = matrix(rows, columns.length);
  columns.forEach((c, j) => {
    for (let r = 0; r < rows; r++) out.data[r * columns.length + j] = c[r]!;
  });
  return out;
}

function fromSquare(rows: readonly (readonly number[])[]): Matrix {
  return matrix(rows.length, rows.length, rows.flat());
}

/** Clamps to [0, 1]: rounding for the coupling model; for obstacles, an indicator beyond the base period's best has no deviation left (I = 0). */
function clampUnit(a: Matrix): Matrix {
  return { ...a, data: a.data.map((v) => Math.min(1, Math.max(0, v))) };
}

/** Group index of the base period, or an issue (thrown before normalising) when it is not among the periods used. */
function basePeriodIndex(
  times: readonly number[],
  basePeriod: number | undefined,
  issues: IssueCollector,
  at: (extra: Partial<InputIssue>) => Partial<InputIssue>,
): number {
  const index = basePeriod === undefined ? -1 : times.indexOf(basePeriod);
  if (index < 0) {
    issues.add({
      code: "bad_argument",
      ...at({ path: ["basePeriod"] }),
      message:
        basePeriod === undefined
          ? "scope base-period needs a base period"
          : `the base period ${basePeriod} is not among the periods used`,
      hint: `choose one of ${times.join(", ")}`,
    });
    issues.throwIfAny();
  }
  return index;
}
