/**
 * The composite index result as Tables (scores and ranks, weights at every level, obstacle degrees,
 * coupling coordination, rank stability), each with its method, parameters and reference, ready for
 * any writer.
 */
import {
  numberColumn,
  stringColumn,
  table,
  type Column,
  type Table,
  type TableMeta,
} from "../../table/table.js";
import type { CompositeIndexResult } from "./composite-index.js";
import { COORDINATION_LEVELS } from "./coupling-coordination.js";
import type { SystemNode } from "./indicator-system.js";

export interface CompositeIndexTables {
  readonly scores: Table;
  readonly weights: Table;
  readonly obstacles: Table;
  readonly coupling: Table | undefined;
  readonly sensitivity: Table | undefined;
  /** Eigenvalues, explained variance and loadings when the weights came from PCA. */
  readonly pca: Table | undefined;
}

const REFERENCE =
  "Entropy weights on the pooled panel: 杨丽 & 孙之淳 (2015); CRITIC: Diakoulaki et al. (1995) Computers & OR 22(7); TOPSIS: Hwang & Yoon (1981); coupling coordination: 王淑佳 et al. (2021) 自然资源学报 36(3); obstacle degree: methods.md §2.11";

/** Tables of a composite index result; `language` picks the label language of headers and classes. */
export function compositeIndexTables(
  result: CompositeIndexResult,
  options: { readonly language?: "zh" | "en" } = {},
): CompositeIndexTables {
  const language = options.language ?? "en";
  const p = result.panel;
  const n = p.table.rowCount;
  const keyColumns: Column[] = p.table.columns.filter(
    (c) => c.name === p.entity || c.name === p.time || c.type === "string",
  );
  const meta = (name: string, title: string, notes: readonly string[] = []): TableMeta => ({
    name,
    title,
    method: "composite index (nqpf compositeIndex)",
    parameters: result.parameters,
    reference: REFERENCE,
    notes: [
      ...notes,
      ...(result.dropped.length > 0
        ? [
            `Left out for missing values: ${result.dropped.map((d) => (Number.isNaN(d.time) ? `${d.entity} (${d.variable})` : `${d.entity} (${d.variable} ${d.time})`)).join(", ")}`,
          ]
        : []),
    ],
  });
  const label = (node: SystemNode): string =>
    language === "zh"
      ? (node.label?.zh ?? node.label?.en ?? node.id)
      : (node.label?.en ?? node.label?.zh ?? node.id);
  const D = result.dimensions.length;

  const dimensionColumns: Column[] = [];
  result.dimensions.forEach((dim, d) => {
    dimensionColumns.push(
      numberColumn(`${dim.id}_index`, columnValues(result.dimensionIndex.data, n, D, d), {
        label: `${label(dim)} (index)`,
      }),
    );
  });
  result.dimensions.forEach((dim, d) => {
    dimensionColumns.push(
      numberColumn(`${dim.id}_score`, columnValues(result.dimensionScores.data, n, D, d), {
        label: `${label(dim)} (contribution)`,
      }),
    );
  });
  const scores = table(
    [
      ...keyColumns,
      numberColumn("score", result.score, { label: language === "zh" ? "综合指数" : "Composite index" }),
      numberColumn("rank", result.rank, { label: language === "zh" ? "排名" : "Rank in period" }),
      ...dimensionColumns,
    ],
    meta(
      "scores",
      language === "zh" ? "新质生产力综合指数及分维度指数" : "Composite index, dimension indices and ranks",
      ["index = Σ_j W_j x'_j; dimension index = dimension contribution / dimension weight (in [0, 1])"],
    ),
  );

  const nodeById = new Map<string, SystemNode>();
  const collect = (node: SystemNode): void => {
    nodeById.set(node.id, node);
    if ("children" in node) node.children.forEach(collect);
  };
  result.dimensions.forEach(collect);
  const nodes = result.weights;
  const weights = table(
    [
      stringColumn(
        "node",
        nodes.map((w) => w.id),
      ),
      stringColumn(
        "parent",
        nodes.map((w) => w.parent ?? null),
      ),
      numberColumn(
        "level",
        nodes.map((w) => w.depth + 1),
      ),
      stringColumn(
        "kind",
        nodes.map((w) => (w.leaf ? "indicator" : "dimension")),
      ),
      stringColumn(
        "label_zh",
        nodes.map((w) => nodeById.get(w.id)?.label?.zh ?? null),
      ),
      stringColumn(
        "label_en",
        nodes.map((w) => nodeById.get(w.id)?.label?.en ?? null),
      ),
      stringColumn(
        "direction",
        nodes.map((w) => {
          const node = nodeById.get(w.id);
          return node && !("children" in node) ? node.direction : null;
        }),
      ),
      stringColumn(
        "definition",
        nodes.map((w) => {
          const node = nodeById.get(w.id);
          return node && !("children" in node) ? (node.expression ?? node.variable ?? node.id) : null;
        }),
      ),
      numberColumn(
        "local_weight",
        nodes.map((w) => w.localWeight),
        { label: "Weight within parent" },
      ),
      numberColumn(
        "global_weight",
        nodes.map((w) => w.globalWeight),
        { label: "Weight in the index" },
      ),
      stringColumn(
        "method",
        nodes.map((w) => w.method ?? null),
        { label: "Weighting of children" },
      ),
    ],
    meta(
      "weights",
      language === "zh" ? "指标体系各层权重" : "Weights at every level of the indicator system",
    ),
  );

  const m = result.leaves.length;
  const topK = result.topObstacles[0]?.length ?? 0;
  const topColumns: Column[] = [];
  for (let k = 0; k < topK; k++) {
    topColumns.push(
      stringColumn(
        `top${k + 1}`,
        result.topObstacles.map((row) => {
          const entry = row[k];
          return entry ? result.leaves[entry.indicator]!.id : null;
        }),
      ),
    );
    topColumns.push(
      numberColumn(
        `top${k + 1}_share`,
        result.topObstacles.map((row) => row[k]?.share ?? Number.NaN),
      ),
    );
  }
  const obstacles = table(
    [
      ...keyColumns,
      ...topColumns,
      ...result.dimensions.map((dim, d) =>
        numberColumn(`${dim.id}_obstacle`, columnValues(result.dimensionObstacles.data, n, D, d), {
          label: `${label(dim)} (obstacle share)`,
        }),
      ),
      ...result.leaves.map((leaf, j) =>
        numberColumn(leaf.id, columnValues(result.obstacles.data, n, m, j), {
          label: `${label(leaf)} (obstacle share)`,
        }),
      ),
    ],
    meta("obstacles", language === "zh" ? "障碍度" : "Obstacle degrees", [
      "O_j = W_j (1 − x'_j) / Σ_k W_k (1 − x'_k); shares of 1 per unit-year",
    ]),
  );

  let coupling: Table | undefined;
  if (result.coupling) {
    const c = result.coupling;
    coupling = table(
      [
        ...keyColumns,
        numberColumn("C", c.coupling, { label: language === "zh" ? "耦合度 C" : "Coupling C" }),
        numberColumn("T", c.development, { label: language === "zh" ? "综合发展指数 T" : "Development T" }),
        numberColumn("D", c.coordination, { label: language === "zh" ? "耦合协调度 D" : "Coordination D" }),
        numberColumn(
          "level",
          Array.from(c.level, (v) => v + 1),
          { label: language === "zh" ? "协调等级" : "Coordination level (1–10)" },
        ),
        stringColumn(
          "class",
          Array.from(c.level, (v) => COORDINATION_LEVELS[v]![language]),
        ),
      ],
      meta(
        "coupling",
        language === "zh"
          ? `${result.dimensions.map(label).join("、")}耦合协调度`
          : `Coupling coordination of ${result.dimensions.map(label).join(", ")}`,
        ["C = n [Π U_i / (Σ U_i)^n]^(1/n), T = mean U_i, D = sqrt(C T); U_i = dimension indices"],
      ),
    );
  }

  let sensitivity: Table | undefined;
  if (result.sensitivity) {
    const s = result.sensitivity;
    const k = s.names.length;
    sensitivity = table(
      [
        stringColumn("weighting", s.names),
        ...s.names.map((name, j) => numberColumn(name, columnValues(s.correlation.data, k, k, j))),
      ],
      meta(
        "rank_stability",
        language === "zh"
          ? "不同赋权方法下排名的 Spearman 相关系数"
          : "Rank stability: Spearman correlation of rankings under different weightings",
      ),
    );
  }
  let pca: Table | undefined;
  if (result.pca) {
    const r = result.pca;
    const k = r.retained;
    pca = table(
      [
        stringColumn("indicator", [...result.leaves.map((l) => l.id), "eigenvalue", "explained_variance"]),
        ...Array.from({ length: k }, (_, c) =>
          numberColumn(
            `PC${c + 1}`,
            [...columnValues(r.loadings.data, m, k, c), r.eigenvalues[c]!, r.explainedVariance[c]!],
            { label: `Component ${c + 1} (loadings)` },
          ),
        ),
        numberColumn("weight", [...r.weights, Number.NaN, Number.NaN], { label: "PCA weight" }),
      ],
      meta(
        "pca",
        language === "zh"
          ? "主成分载荷与解释方差"
          : "Principal components: loadings, eigenvalues, explained variance",
        [
          `KMO = ${Number.isFinite(r.kmo) ? r.kmo.toFixed(3) : "n/a"}; Bartlett χ² = ${r.bartlett.chiSquare.toFixed(2)} (df ${r.bartlett.df}, p = ${r.bartlett.pValue.toPrecision(3)}); components kept: ${k}`,
        ],
      ),
    );
  }
  return { scores, weights, obstacles, coupling, sensitivity, pca };
}

function columnValues(data: Float64Array, rows: number, cols: number, j: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = data[r * cols + j]!;
  return out;
}
