/**
 * The study the web app builds: the builder's state (dataset, column mapping, indicator system, methods and their
 * options) and the self-contained study file it turns into — data from `file: upload:<sha256>` or a bundled
 * `dataset:`, the indicator system inline under `systems:`, one step per chosen method. Also where a path of a
 * study issue belongs in the builder (a mapping select, a node of the tree, a method option).
 * Reference: the study format (src/study/schema.ts and src/study/steps/*.ts).
 */
import { stringify } from "yaml";
import { emptySystem, nodeAtPath, systemObject, type SystemDraft } from "./pages/system-draft.js";

/** The dataset the study reads: an upload (ref = its sha256) or a bundled dataset (ref = its name). */
export interface DatasetChoice {
  kind: "upload" | "bundled";
  ref: string;
  /** What the user sees: the file name or the bundled title. */
  name: string;
}

/** A column of the dataset as the preview describes it. */
export interface ColumnInfo {
  name: string;
  type: "number" | "string";
}

/** Which columns play which part ("" = none). */
export interface ColumnMapping {
  entity: string;
  time: string;
  names: string;
  group: string;
  map: "none" | "china" | "world";
  /** The column holding the map codes (must be the entity column: units are drawn by their entity code). */
  code: string;
}

/** The study's year window: the years the time column spans and the first and last year chosen (inclusive). */
export interface YearWindow {
  /** The years offered, ascending (from the preview; empty until it has been read). */
  span: number[];
  from: number;
  to: number;
}

export const WEIGHTINGS = ["entropy", "critic", "cv", "sd", "pca", "equal"] as const;
export const AGGREGATES = ["weighted-sum", "topsis", "grey"] as const;
export const HIERARCHIES = ["flat", "nested"] as const;
export const DEA_MODELS = ["radial", "sbm", "ddf", "fdh"] as const;
export const DEA_RTS = ["crs", "vrs", "nirs", "ndrs"] as const;
export const DEA_ORIENTATIONS = ["in", "out", "none"] as const;
export const GML_DISTANCES = ["sbm", "ddf"] as const;
export const GML_RTS = ["crs", "vrs"] as const;
export const GML_INDICES = ["gml", "ml", "sml", "biennial", "luenberger"] as const;
export const SPATIAL_WEIGHTS = ["queen", "rook", "knn", "idw"] as const;
export const ISLANDS = ["nearest", "report"] as const;

/** The methods and their options. */
export interface MethodsDraft {
  index: {
    on: boolean;
    weights: (typeof WEIGHTINGS)[number];
    aggregate: (typeof AGGREGATES)[number];
    hierarchy: (typeof HIERARCHIES)[number];
  };
  dea: {
    on: boolean;
    model: (typeof DEA_MODELS)[number];
    rts: (typeof DEA_RTS)[number];
    orientation: (typeof DEA_ORIENTATIONS)[number];
    inputs: string[];
    outputs: string[];
    bad: string[];
    /** Drop unit-periods with a missing input or output (else the run stops with their locations). */
    dropIncomplete: boolean;
  };
  /** Green TFP (GML index) on the DEA step's inputs, outputs and bad outputs. */
  gml: {
    on: boolean;
    distance: (typeof GML_DISTANCES)[number];
    rts: (typeof GML_RTS)[number];
    index: (typeof GML_INDICES)[number];
  };
  gini: { on: boolean; var: string; group: string };
  kde: { on: boolean; var: string };
  markov: { on: boolean; var: string; classes: number };
  moran: {
    on: boolean;
    var: string;
    weights: (typeof SPATIAL_WEIGHTS)[number];
    islands: (typeof ISLANDS)[number];
    permutations: number;
  };
}

/** Everything the builder keeps (in sessionStorage). */
export interface BuilderState {
  title: string;
  dataset: DatasetChoice | undefined;
  columns: ColumnInfo[];
  mapping: ColumnMapping;
  years: YearWindow;
  system: SystemDraft;
  methods: MethodsDraft;
  /** The study saved last (a new version is saved under the same id). */
  studyId: string | undefined;
}

/** The method steps in the order the study runs them (later ones read index.index, dea.score). */
export const METHOD_ORDER = ["index", "dea", "gml", "gini", "kde", "markov", "moran"] as const;
export type BuilderMethod = (typeof METHOD_ORDER)[number];

/** The id of the data source in the study. */
export const SOURCE_ID = "main";

/**
 * A fresh builder state: no dataset, an empty system, the composite index with entropy weights ticked.
 * @returns the state
 */
export function initialState(): BuilderState {
  return {
    title: "",
    dataset: undefined,
    columns: [],
    mapping: { entity: "", time: "", names: "", group: "", map: "none", code: "" },
    years: { span: [], from: 0, to: 0 },
    system: emptySystem(),
    methods: {
      index: { on: true, weights: "entropy", aggregate: "weighted-sum", hierarchy: "flat" },
      dea: {
        on: false,
        model: "radial",
        rts: "crs",
        orientation: "in",
        inputs: [],
        outputs: [],
        bad: [],
        dropIncomplete: true,
      },
      gml: { on: false, distance: "sbm", rts: "crs", index: "gml" },
      gini: { on: false, var: "", group: "" },
      kde: { on: false, var: "" },
      markov: { on: false, var: "", classes: 4 },
      moran: { on: false, var: "", weights: "queen", islands: "nearest", permutations: 999 },
    },
    studyId: undefined,
  };
}

/**
 * The year window the study keeps, when it is narrower than the years the data spans: the chosen first and last
 * year, each held within the span (a bound outside it, e.g. 0 before the preview was read, means the span's end).
 * A reversed window (from > to) is returned as chosen, for the checks to report.
 * Reference: the study format's `data.years: {from, to}` (src/study/schema.ts), both bounds inclusive.
 * @param state the builder state
 * @returns the window, or undefined when the whole span is used or the span is not known
 */
export function narrowedYears(state: Pick<BuilderState, "years">): { from: number; to: number } | undefined {
  const { span, from, to } = state.years;
  const first = span[0];
  const last = span[span.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const f = Number.isInteger(from) && from >= first && from <= last ? from : first;
  const t = Number.isInteger(to) && to >= first && to <= last ? to : last;
  return f === first && t === last ? undefined : { from: f, to: t };
}

/**
 * The title a study gets when the user gives none: the dataset's name, followed by the year window when the study
 * keeps only some of the years (e.g. "China provinces, 2012–2019").
 * @param state the builder state
 * @returns the title ("" when no dataset is chosen)
 */
export function defaultTitle(state: Pick<BuilderState, "dataset" | "years">): string {
  const name = state.dataset?.name ?? "";
  const window = narrowedYears(state);
  return window !== undefined && name !== "" ? `${name}, ${window.from}–${window.to}` : name;
}

/**
 * The numeric columns a method may use as variables: numbers other than the entity, time and map code columns.
 * @param state the builder state
 * @returns the column names, in the data's order
 */
export function numericVariables(state: Pick<BuilderState, "columns" | "mapping">): string[] {
  const keys = new Set([state.mapping.entity, state.mapping.time, state.mapping.code]);
  return state.columns.filter((c) => c.type === "number" && !keys.has(c.name)).map((c) => c.name);
}

/**
 * The variables a distribution step (gini, kde, markov, moran) can read: the index and the DEA score when those
 * steps run, then the numeric columns.
 * @param state the builder state
 * @returns the choices
 */
export function distributionVariables(
  state: Pick<BuilderState, "columns" | "mapping" | "methods">,
): string[] {
  return [
    ...(state.methods.index.on ? ["index.index"] : []),
    ...(state.methods.dea.on ? ["dea.score"] : []),
    ...numericVariables(state),
  ];
}

/**
 * The variable a distribution step reads: the chosen one while it is still offered, else the first choice.
 * @param state the builder state
 * @param chosen the variable the user chose ("" for none)
 * @returns the variable, or "" when there is none
 */
export function resolveVariable(
  state: Pick<BuilderState, "columns" | "mapping" | "methods">,
  chosen: string,
): string {
  const choices = distributionVariables(state);
  return choices.includes(chosen) ? chosen : (choices[0] ?? "");
}

/** Whether a method will be a step of the study (moran needs a map; gml and dea need the frontier variables set). */
export function methodRuns(state: Pick<BuilderState, "mapping" | "methods">, method: BuilderMethod): boolean {
  if (method === "moran") return state.methods.moran.on && state.mapping.map !== "none";
  return state.methods[method].on;
}

function withBad(model: string, bad: readonly string[]): Record<string, unknown> {
  return bad.length > 0 && (model === "sbm" || model === "ddf") ? { bad: [...bad] } : {};
}

function stepOf(state: BuilderState, method: BuilderMethod): Record<string, unknown> {
  const m = state.methods;
  const systemName = state.system.name;
  switch (method) {
    case "index":
      return {
        id: "index",
        method: "index",
        system: systemName,
        weights: m.index.weights,
        ...(m.index.aggregate !== "weighted-sum" ? { aggregate: m.index.aggregate } : {}),
        ...(m.index.hierarchy !== "flat" ? { hierarchy: m.index.hierarchy } : {}),
      };
    case "dea": {
      const d = m.dea;
      const orientation = d.orientation === "none" && d.model !== "sbm" ? "in" : d.orientation;
      return {
        id: "dea",
        method: "dea",
        model: d.model,
        inputs: [...d.inputs],
        outputs: [...d.outputs],
        ...withBad(d.model, d.bad),
        ...(d.model !== "fdh" ? { rts: d.rts } : {}),
        orientation,
        ...(d.dropIncomplete ? { incomplete: "drop" } : {}),
      };
    }
    case "gml": {
      const d = m.dea;
      return {
        id: "gml",
        method: "gml",
        inputs: [...d.inputs],
        outputs: [...d.outputs],
        ...withBad(m.gml.distance, d.bad),
        index: m.gml.index,
        distance: m.gml.distance,
        rts: m.gml.rts,
        ...(d.dropIncomplete ? { incomplete: "drop" } : {}),
      };
    }
    case "gini":
      return {
        id: "gini",
        method: "gini",
        var: resolveVariable(state, m.gini.var),
        ...(m.gini.group !== "" ? { group: m.gini.group } : {}),
      };
    case "kde":
      return { id: "kde", method: "kde", var: resolveVariable(state, m.kde.var) };
    case "markov":
      return {
        id: "markov",
        method: "markov",
        var: resolveVariable(state, m.markov.var),
        classes: m.markov.classes,
      };
    case "moran": {
      const contiguity = m.moran.weights === "queen" || m.moran.weights === "rook";
      return {
        id: "moran",
        method: "moran",
        var: resolveVariable(state, m.moran.var),
        weights: m.moran.weights,
        ...(contiguity ? { islands: m.moran.islands } : {}),
        permutations: m.moran.permutations,
        seed: 1,
      };
    }
  }
}

/**
 * The methods that become steps, in the study's order.
 * @param state the builder state
 * @returns the methods (the step id of each is its name)
 */
export function studyMethods(state: BuilderState): BuilderMethod[] {
  return METHOD_ORDER.filter((method) => methodRuns(state, method));
}

/**
 * The study as plain data: `nqpf: 1`, title (see {@link defaultTitle}), data (one source, the year window when it
 * is narrower than the data, the mapping's names, group and map), the inline
 * system when the index runs, and one step per chosen method.
 * Reference: the study format (src/study/schema.ts); inline systems hold the object of a system YAML file.
 * @param state the builder state
 * @returns the study object
 * @throws TypeError when no dataset is chosen
 */
export function studyObject(state: BuilderState): Record<string, unknown> {
  const dataset = state.dataset;
  if (dataset === undefined) throw new TypeError("studyObject: no dataset chosen");
  const mapping = state.mapping;
  const source: Record<string, unknown> = {
    id: SOURCE_ID,
    ...(dataset.kind === "upload" ? { file: `upload:${dataset.ref}` } : { dataset: dataset.ref }),
    ...(mapping.entity !== "" ? { entity: mapping.entity } : {}),
    ...(mapping.time !== "" ? { time: mapping.time } : {}),
  };
  const methods = studyMethods(state);
  const title = state.title.trim() !== "" ? state.title.trim() : defaultTitle(state);
  const years = narrowedYears(state);
  return {
    nqpf: 1,
    title,
    data: {
      sources: [source],
      ...(years !== undefined ? { years } : {}),
      ...(mapping.group !== "" ? { groups: [mapping.group] } : {}),
      ...(mapping.names !== "" ? { names: mapping.names } : {}),
      map: mapping.map,
    },
    ...(methods.includes("index") ? { systems: { [state.system.name]: systemObject(state.system) } } : {}),
    steps: methods.map((method) => stepOf(state, method)),
  };
}

/**
 * The study file the app sends: {@link studyObject} as YAML (block style, keys in the order written).
 * Reference: YAML 1.2 (the yaml package's stringify).
 * @param state the builder state
 * @returns the YAML text
 * @throws TypeError when no dataset is chosen
 */
export function studyYaml(state: BuilderState): string {
  return stringify(studyObject(state), { lineWidth: 0 });
}

/** Where an issue of the study belongs in the builder. */
export type IssuePlace =
  | {
      readonly page: "data";
      readonly target: "entity" | "time" | "names" | "group" | "region" | "years" | "dataset";
    }
  | { readonly page: "system"; readonly node: string | undefined }
  | { readonly page: "methods"; readonly method: BuilderMethod; readonly option: string | undefined }
  | { readonly page: "study" };

/**
 * Where a path of a study issue (as the server reports it, e.g. ["steps", 1, "bad", 0]) belongs in the builder.
 * @param state the builder state the study was built from
 * @param path the issue's path (undefined: the study as a whole)
 * @returns the page and the control or node
 */
export function issuePlace(state: BuilderState, path: readonly (string | number)[] | undefined): IssuePlace {
  if (path === undefined || path.length === 0) return { page: "study" };
  const [head, ...rest] = path;
  if (head === "data") {
    const key = rest[0] === "sources" ? rest[2] : rest[0];
    if (key === "entity" || key === "time" || key === "names") return { page: "data", target: key };
    if (key === "groups") return { page: "data", target: "group" };
    if (key === "map") return { page: "data", target: "region" };
    if (key === "years") return { page: "data", target: "years" };
    return { page: "data", target: "dataset" };
  }
  if (head === "systems") return { page: "system", node: nodeAtPath(state.system, rest.slice(1)) };
  if (head === "steps" && typeof rest[0] === "number") {
    const method = studyMethods(state)[rest[0]];
    if (method !== undefined) {
      const option = typeof rest[1] === "string" ? rest[1] : undefined;
      if (method === "index" && option === "system") return { page: "system", node: undefined };
      return { page: "methods", method, option };
    }
  }
  return { page: "study" };
}
