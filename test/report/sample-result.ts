/**
 * A hand-made StudyRunResult for report tests: three steps with every FigureSpec kind (two choropleths, China and
 * world), tables with English and Chinese column labels, units, missing cells and table notes, method notes,
 * warnings (an infeasible unit-pair), text that needs escaping, sources with provenance lines and a seed.
 */
import type { FigureSpec, StudyRunResult } from "../../src/study/types.js";
import { numberColumn, stringColumn, table, type Table } from "../../src/table/table.js";

const scores: Table = table(
  [
    stringColumn("adcode", ["110000", "310000", "540000", "440000"]),
    stringColumn("name", ["北京", "上海", "西藏", "广东"], { labelEn: "Province", labelZh: "省份" }),
    numberColumn("year", [2019, 2019, 2019, 2019]),
    numberColumn("index", [0.852, 0.61, Number.NaN, 0.4444], {
      labelEn: "NQPF index",
      labelZh: "新质生产力指数",
    }),
    numberColumn("rank", [1, 2, Number.NaN, 3]),
  ],
  {
    name: "scores",
    title: "Composite index <2019> & ranks",
    method: "composite index (entropy weights)",
    parameters: { weights: "entropy", delta: 0.0001 },
    reference: "杨丽 & 孙之淳 (2015)",
    source: "china-provinces-panel",
    notes: ["Tibet has no energy data"],
  },
);

const weights: Table = table(
  [
    stringColumn("indicator", ["rd_intensity", "patents"], { labelZh: "指标" }),
    numberColumn("weight", [0.625, 0.375], { unit: "share" }),
  ],
  { name: "weights", title: "Entropy weights" },
);

const transitions: Table = table(
  [stringColumn("from", ["C1", "C2"]), numberColumn("C1", [0.75, 0.25]), numberColumn("C2", [0.25, 0.75])],
  {
    name: "markov_transitions",
    title: "Markov transition probabilities",
    method: "Markov chain",
    notes: ["C1 lowest"],
  },
);

const moran: Table = table(
  [numberColumn("year", [2018, 2019]), numberColumn("I", [0.31, -0.05]), numberColumn("p", [0.012, 0.7])],
  { name: "moran", title: "Global Moran's I", reference: "Moran (1950) Biometrika 37:17–23" },
);

/** One figure of every kind, in the order the sample result holds them. */
export const SAMPLE_FIGURES: readonly FigureSpec[] = [
  {
    kind: "choropleth",
    id: "index-map",
    title: "NQPF index, 2019",
    map: "china",
    values: [
      { code: "110000", name: "Beijing", value: 0.852 },
      { code: "310000", name: "Shanghai", value: 0.61 },
      { code: "540000", name: "Tibet", value: null },
      { code: "440000", name: "Guangdong", value: 0.4444 },
    ],
    unit: "index",
  },
  {
    kind: "time-series",
    id: "index-groups",
    title: "Index by region <mean>",
    periods: [2017, 2018, 2019],
    series: [
      { name: "all", values: [0.4, 0.45, 0.5] },
      { name: "East", values: [0.6, null, 0.7] },
    ],
    yLabel: "Index",
  },
  {
    kind: "rank-chart",
    id: "index-ranks",
    title: "Ranks",
    periods: [2017, 2018, 2019],
    units: [
      { name: "Beijing", ranks: [1, 1, 2] },
      { name: "Shanghai", ranks: [2, 2, 1] },
      { name: "Tibet", ranks: [3, null, null] },
    ],
  },
  {
    kind: "stacked-bar",
    id: "index-dimensions",
    title: "Dimension contributions",
    categories: ["Beijing", "Shanghai"],
    series: [
      { name: "labour", values: [0.3, 0.2] },
      { name: "means", values: [0.5, null] },
    ],
    percent: true,
  },
  {
    kind: "density-surface",
    id: "kde-surface",
    title: "Kernel density by year",
    years: [2018, 2019],
    grid: [0, 0.5, 1],
    density: [
      [0.2, 1.5, 0.3],
      [0.1, 1.2, 0.7],
    ],
  },
  {
    kind: "heatmap",
    id: "markov-transitions",
    title: "Transition probabilities",
    rows: ["C1", "C2"],
    columns: ["C1", "C2"],
    values: [
      [0.75, 0.25],
      [0.25, 0.75],
    ],
    digits: 2,
  },
  {
    kind: "moran-scatter",
    id: "moran-scatter",
    title: "Moran scatter, 2019",
    z: [-1.2, -0.3, 0.4, 1.1],
    wz: [-0.8, -0.1, 0.2, 0.9],
    labels: ["Tibet", "Guangdong", "Shanghai", "Beijing"],
    classes: ["LL", "ns", "ns", "HH"],
    slope: 0.31,
  },
  {
    kind: "choropleth",
    id: "tfp-map",
    title: "Cumulative TFP change, 1990–2019",
    map: "world",
    values: [
      { code: "USA", name: "United States", value: 1.2 },
      { code: "CHN", name: "China", value: 1.8 },
      { code: "DEU", name: "Germany", value: null },
    ],
  },
];

const figure = (id: string): FigureSpec => {
  const found = SAMPLE_FIGURES.find((f) => f.id === id);
  if (found === undefined) throw new RangeError(`sample figure ${id} is not defined`);
  return found;
};

/** The infeasibility warning of the sample's second step. */
export const SAMPLE_WARNING =
  "2 unit-pairs with infeasible LPs (their values are empty): Tibet 2014–2015 (no feasible solution); Tibet 2015–2016 (no feasible solution)";

/** A study run result with every figure kind, four tables, notes, warnings, sources and a seed. */
export const SAMPLE_RESULT: StudyRunResult = {
  title: "Sample study <NQPF> & friends",
  steps: [
    {
      id: "index",
      method: "index",
      title: "Composite index, 2017–2019",
      tables: [scores, weights],
      figures: ["index-map", "index-groups", "index-ranks", "index-dimensions"].map(figure),
      notes: ["Scores are Σ_j W_j x'_j; rank 1 = highest.", "Reference: 杨丽 & 孙之淳 (2015)."],
      warnings: ["left out for missing values (incomplete: drop): Tibet (energy_intensity 2012)"],
    },
    {
      id: "kde",
      method: "kde",
      title: "Kernel density and Markov chain",
      tables: [transitions],
      figures: ["kde-surface", "markov-transitions", "tfp-map"].map(figure),
      notes: ["f̂(x) = (1/(n h)) Σ_i K((x − x_i)/h), gaussian kernel, δ = 0.096 ≥ 0."],
      warnings: [SAMPLE_WARNING],
    },
    {
      id: "moran",
      method: "moran",
      title: "Moran's I",
      tables: [moran],
      figures: [figure("moran-scatter")],
      notes: ["Inference: 999 permutations, seed 1."],
      warnings: [],
    },
  ],
  sources: [
    {
      name: "provinces",
      from: "dataset china-provinces-panel",
      rows: 1225,
      provenance: "NBS annual data; 数据来源：国家统计局",
    },
    { name: "extra", from: "file extra.csv", rows: 12 },
  ],
  seeds: { moran: 1 },
};
