/**
 * The study file: a YAML document (`nqpf: 1`) naming the data (bundled datasets or files, joined on entity and time,
 * with entity attributes, chained real values, derived variables, a period window, entity filters and group
 * columns), the indicator systems (bundled names, files, or written inline in the study) and the steps to run in order. `parseStudy` reads the text with line numbers;
 * `checkStudy` checks a parsed study (also one built in code or sent as JSON) and gives its normalised form.
 * Every problem is reported at once, each with its path in the document (e.g. ["steps", 2, "inputs", 0]), the line
 * and column, and a hint; unknown keys and methods get a "did you mean".
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { NqpfInputError, isNqpfInputError, type InputIssue } from "../errors.js";
import { parseIndicatorSystem, type IndicatorSystem } from "../methods/composite/indicator-system.js";
import { parseExpression } from "../panel/expression.js";
import {
  choice,
  columnList,
  columnName,
  describeValue,
  expected,
  issuesFromProblems,
  listOf,
  problemsFromZod,
  year,
  yearRange,
  type StudyPath,
  type StudyProblem,
} from "./problems.js";
import { STEP_DEFINITIONS } from "./steps/index.js";
import { STEP_KEYS, STUDY_METHODS, nestedKeys, type StepDefinition, type StudyMethod } from "./steps/step.js";
import { didYouMean } from "./suggest.js";

/** The methods a step can run (re-exported from the step registry). */
export { STUDY_METHODS };
/** One of {@link STUDY_METHODS}. */
export type { StudyMethod };

/** The study file format version this module reads. */
export const STUDY_FORMAT_VERSION = 1;

/** A period window; both ends included, either may be left out. */
export interface YearRange {
  readonly from?: number;
  readonly to?: number;
}

/** A data source: a bundled dataset or a file. */
export interface StudySource {
  /** Name steps use in `source:`; unique. */
  readonly id: string;
  /** A bundled dataset, e.g. china-provinces-panel. */
  readonly dataset?: string;
  /** A CSV, XLSX, DTA or JSON file (relative paths: from the study file's folder). */
  readonly file?: string;
  /** XLSX: sheet name or 1-based index. */
  readonly sheet?: string | number;
  readonly format?: "csv" | "xlsx" | "dta" | "json";
  /** Entity and time columns of a file (default: guessed). */
  readonly entity?: string;
  readonly time?: string;
  /** Variables to keep (default all). */
  readonly variables?: string | readonly string[];
  /** How a source after the first is joined on (entity, time): left (default), inner, outer, or none (kept apart for steps' `source:`). */
  readonly join?: "left" | "inner" | "outer" | "none";
  /** Appended to this source's variables whose names the joined data uses already. */
  readonly suffix?: string;
}

/** Entity attributes from a lookup table with one row per entity (e.g. the NBS region of each province). */
export interface StudyAttributes {
  readonly dataset?: string;
  readonly file?: string;
  readonly sheet?: string | number;
  readonly format?: "csv" | "xlsx" | "dta" | "json";
  /** The lookup table's key column (holding the data's entity codes). */
  readonly on: string;
  /** Columns to attach (default all but the key). */
  readonly columns?: string | readonly string[];
}

/** A value in constant prices chained from a base year with a previous-period = 100 volume index. */
export interface StudyChain {
  /** Nominal level (e.g. gdp), taken in the base year. */
  readonly value: string;
  /** Volume index with the previous period = `scale` (e.g. gdp_index_prev, previous year = 100). */
  readonly index: string;
  /** Base year whose prices the chained value is in. */
  readonly base: number;
  /** Index value meaning "no change"; default 100. */
  readonly scale?: number;
}

/** The data block. */
export interface StudyData {
  /** Sources, joined in order onto the first (a single source may instead be given by dataset/file here). */
  readonly sources?: readonly StudySource[];
  readonly dataset?: string;
  readonly file?: string;
  readonly sheet?: string | number;
  readonly format?: "csv" | "xlsx" | "dta" | "json";
  readonly entity?: string;
  readonly time?: string;
  readonly attributes?: readonly StudyAttributes[];
  /** Chained real values, by new variable name (computed before `derive`). */
  readonly chain?: Readonly<Record<string, StudyChain>>;
  /** Derived variables, `name: expression`, in order (see the expression language). */
  readonly derive?: Readonly<Record<string, string>>;
  /** The period window of the study data. */
  readonly years?: YearRange;
  /** Entities to keep, or to drop (as the entity column holds them, e.g. 540000). */
  readonly keep?: { readonly entities: readonly (string | number)[] };
  readonly drop?: { readonly entities: readonly (string | number)[] };
  /** Group columns; the first is the default group of the steps that take one. */
  readonly groups?: string | readonly string[];
  /** Column with the display names of entities (default: guessed, e.g. name_en, country). */
  readonly names?: string;
  /** Map of the units for choropleths and contiguity (default: china for adcode entities, world for ISO3 codes). */
  readonly map?: "china" | "world" | "none";
}

/** One step: `{ id, method, ...options }`; the options are those of the method (see each step module). */
export interface StudyStep {
  readonly id: string;
  readonly method: StudyMethod;
  readonly title?: string;
  /** Run on this source as loaded (not the study data), e.g. a capital-stock step on the whole investment history. */
  readonly source?: string;
  /** The step's own period window (within the data). */
  readonly years?: YearRange;
  readonly [option: string]: unknown;
}

/** A study as the file writes it (plain data), with where it came from. */
export interface Study {
  readonly nqpf: 1;
  readonly title: string;
  readonly description?: string;
  readonly data: StudyData;
  /**
   * Indicator systems: name → bundled name, YAML path, or the system itself written inline (the mapping a system
   * file holds: name, title, root, …); or a list of names/paths (each then named by itself).
   */
  readonly systems?: Readonly<Record<string, string | Readonly<Record<string, unknown>>>> | readonly string[];
  readonly steps: readonly StudyStep[];
  /** The study file, for issue locations. */
  readonly file?: string;
  /** Line and 0-based column of each node, keyed by JSON.stringify(path); set by parseStudy. */
  readonly locations?: Readonly<Record<string, readonly [number, number]>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Normalised form

/** A source with its defaults filled in and where the study writes it. */
export interface NormalizedSource {
  readonly id: string;
  readonly path: StudyPath;
  readonly dataset?: string;
  readonly file?: string;
  readonly sheet?: string | number;
  readonly format?: "csv" | "xlsx" | "dta" | "json";
  readonly entity?: string;
  readonly time?: string;
  readonly variables?: readonly string[];
  readonly join: "left" | "inner" | "outer" | "none";
  readonly suffix?: string;
}

/** A lookup table of entity attributes, with where the study writes it. */
export interface NormalizedAttributes {
  readonly path: StudyPath;
  readonly dataset?: string;
  readonly file?: string;
  readonly sheet?: string | number;
  readonly format?: "csv" | "xlsx" | "dta" | "json";
  readonly on: string;
  readonly columns?: readonly string[];
}

/** A chained real value, with its name and where the study writes it. */
export interface NormalizedChain {
  readonly name: string;
  readonly path: StudyPath;
  readonly value: string;
  readonly index: string;
  readonly base: number;
  readonly scale: number;
}

/** A step whose options its method's schema accepted, with its position and module. */
export interface NormalizedStep {
  readonly index: number;
  readonly id: string;
  readonly method: StudyMethod;
  readonly title?: string;
  readonly source?: string;
  readonly years?: YearRange;
  /** The method's options as its schema parsed them. */
  readonly options: unknown;
  readonly definition: StepDefinition;
}

/** An indicator system the study names: by `spec` (a bundled name or a file, loaded later) or `inline` (parsed). */
export interface NormalizedSystem {
  readonly name: string;
  readonly path: StudyPath;
  /** Bundled system name or file path; absent for an inline system. */
  readonly spec?: string;
  /** The system written in the study, checked with parseIndicatorSystem's rules. */
  readonly inline?: IndicatorSystem;
}

/** A checked study with defaults filled in. */
export interface NormalizedStudy {
  readonly title: string;
  readonly description?: string;
  readonly sources: readonly NormalizedSource[];
  readonly attributes: readonly NormalizedAttributes[];
  readonly chain: readonly NormalizedChain[];
  readonly derive: readonly {
    readonly name: string;
    readonly expression: string;
    readonly path: StudyPath;
  }[];
  readonly years: YearRange;
  readonly keep?: readonly string[];
  readonly drop?: readonly string[];
  readonly groups: readonly string[];
  readonly names?: string;
  readonly map?: "china" | "world" | "none";
  readonly systems: readonly NormalizedSystem[];
  readonly steps: readonly NormalizedStep[];
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas (structure; the rules between fields are checked by hand below, with precise paths)

const text = (what: string, hint: string) =>
  z.string({ error: expected(what, hint) }).min(1, { error: expected(what, hint) });
const identifier = z
  .string({ error: expected("a name", "write letters, digits, _ or -, starting with a letter") })
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {
    error: expected(
      "a name of letters, digits, _ or -, starting with a letter (no dots)",
      "write e.g. id: gtfp",
    ),
  });
const formats = choice(["csv", "xlsx", "dta", "json"] as const);
const sheet = z.union([z.string().min(1), z.number().int().min(1)], {
  error: expected("a sheet name or 1-based index", "write e.g. sheet: Data or sheet: 2"),
});
const entityList = z
  .array(z.union([z.string(), z.number()]), {
    error: expected("a list of entities", "write e.g. entities: [540000, 710000]"),
  })
  .min(1, { error: expected("a list of entities", "write e.g. entities: [540000]") });

const sourceSchema = z.strictObject(
  {
    id: identifier,
    dataset: text("a bundled dataset name", "write e.g. dataset: china-provinces-panel").optional(),
    file: text("a file path", "write e.g. file: data/panel.csv").optional(),
    sheet: sheet.optional(),
    format: formats.optional(),
    entity: columnName.optional(),
    time: columnName.optional(),
    variables: columnList.optional(),
    join: choice(["left", "inner", "outer", "none"] as const).optional(),
    suffix: text("a suffix", 'write e.g. suffix: "_2"').optional(),
  },
  {
    error: expected(
      "a mapping (id, dataset or file, …)",
      "write e.g. - {id: main, dataset: china-provinces-panel}",
    ),
  },
);

const attributesSchema = z.strictObject(
  {
    dataset: text("a bundled dataset name", "write e.g. dataset: china-provinces").optional(),
    file: text("a file path", "write e.g. file: regions.csv").optional(),
    sheet: sheet.optional(),
    format: formats.optional(),
    on: columnName,
    columns: columnList.optional(),
  },
  {
    error: expected(
      "a mapping (dataset or file, on, columns)",
      "write e.g. - {dataset: china-provinces, on: adcode, columns: [region_nbs4]}",
    ),
  },
);

const chainSchema = z.strictObject(
  {
    value: columnName,
    index: columnName,
    base: year,
    scale: z
      .number({ error: expected("a number > 0", "write e.g. scale: 100") })
      .positive({ error: expected("a number > 0", "write e.g. scale: 100") })
      .optional(),
  },
  {
    error: expected(
      "a mapping {value, index, base}",
      "write e.g. real_gdp: {value: gdp, index: gdp_index_prev, base: 2012}",
    ),
  },
);

const dataSchema = z.strictObject(
  {
    sources: z
      .array(sourceSchema, {
        error: expected(
          "a list of sources",
          "write e.g. sources: [{id: main, dataset: china-provinces-panel}]",
        ),
      })
      .min(1, {
        error: expected(
          "at least one source",
          "write e.g. sources: [{id: main, dataset: china-provinces-panel}]",
        ),
      })
      .optional(),
    dataset: text("a bundled dataset name", "write e.g. dataset: china-provinces-panel").optional(),
    file: text("a file path", "write e.g. file: data/panel.csv").optional(),
    sheet: sheet.optional(),
    format: formats.optional(),
    entity: columnName.optional(),
    time: columnName.optional(),
    attributes: z
      .array(attributesSchema, {
        error: expected(
          "a list of lookup tables",
          "write e.g. attributes: [{dataset: china-provinces, on: adcode}]",
        ),
      })
      .optional(),
    chain: z
      .record(z.string(), chainSchema, {
        error: expected(
          "a mapping name → {value, index, base}",
          "write e.g. chain: {real_gdp: {value: gdp, index: gdp_index_prev, base: 2012}}",
        ),
      })
      .optional(),
    derive: z
      .record(z.string(), text("an expression", "write e.g. gdp_pc: gdp / pop_yearend"), {
        error: expected("a mapping name → expression", "write e.g. derive: {gdp_pc: gdp / pop_yearend}"),
      })
      .optional(),
    years: yearRange.optional(),
    keep: z
      .strictObject(
        { entities: entityList },
        { error: expected("{entities: [...]}", "write e.g. keep: {entities: [110000, 310000]}") },
      )
      .optional(),
    drop: z
      .strictObject(
        { entities: entityList },
        { error: expected("{entities: [...]}", "write e.g. drop: {entities: [540000]}") },
      )
      .optional(),
    groups: columnList.optional(),
    names: columnName.optional(),
    map: choice(["china", "world", "none"] as const).optional(),
  },
  {
    error: expected(
      "a mapping (sources, years, derive, …)",
      "write e.g. data: {dataset: china-provinces-panel}",
    ),
  },
);

const studySchema = z.strictObject(
  {
    nqpf: z.literal(STUDY_FORMAT_VERSION, { error: expected("1", "start the file with nqpf: 1") }),
    title: text("a title", "write e.g. title: NQPF of China's provinces"),
    description: z.string({ error: expected("a text", "write e.g. description: >- …") }).optional(),
    data: dataSchema,
    systems: z
      .union([z.record(z.string(), z.union([z.string().min(1), z.record(z.string(), z.unknown())])), z.array(z.string().min(1)).min(1)], {
        error: expected(
          "a mapping name → system (bundled name, file, or the system written inline), or a list",
          "write e.g. systems: {three: nqpf-three-elements}",
        ),
      })
      .optional(),
    steps: z
      .array(z.unknown(), {
        error: expected("a list of steps", "write e.g. steps: [{id: idx, method: index, system: three}]"),
      })
      .min(1, {
        error: expected("at least one step", "write e.g. steps: [{id: idx, method: index, system: three}]"),
      }),
  },
  {
    error: expected(
      "a mapping (nqpf, title, data, steps)",
      "start the file with nqpf: 1, then title:, data: and steps:",
    ),
  },
);

const SINGLE_SOURCE_KEYS = ["dataset", "file", "sheet", "format", "entity", "time"] as const;

// ---------------------------------------------------------------------------------------------------------------
// Checking

/**
 * Checks a study's structure and the rules between its fields (one of dataset/file, unique ids, sources that exist,
 * expressions that parse, each step's options against its method) and fills in defaults. Nothing is loaded.
 * Reference: the study file format (this module's comment; docs/studies.md).
 * @param value a parsed study (from YAML, JSON or code)
 * @returns the normalised study, or the problems (paths into the study)
 */
export function checkStudy(
  value: unknown,
):
  | { readonly study: NormalizedStudy; readonly problems: readonly [] }
  | { readonly study: undefined; readonly problems: readonly StudyProblem[] } {
  const problems: StudyProblem[] = [];
  const keysAt = (path: StudyPath): readonly string[] => nestedKeys(studySchema, path);
  // `file` and `locations` say where a parsed study came from; they are not part of what the file writes.
  if (isRecord(value))
    value = Object.fromEntries(
      Object.entries(value).filter(([key]) => key !== "file" && key !== "locations"),
    );
  const parsed = studySchema.safeParse(value);
  if (!parsed.success) {
    // Steps are checked by hand below even when the rest fails, so one pass reports everything.
    problems.push(...problemsFromZod(parsed.error.issues, value, [], keysAt));
  }
  const raw = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const data = (typeof raw["data"] === "object" && raw["data"] !== null ? raw["data"] : {}) as Record<
    string,
    unknown
  >;

  // Sources: a list, or one source written in the data block.
  const sources: NormalizedSource[] = [];
  const hasList = Array.isArray(data["sources"]);
  const single = SINGLE_SOURCE_KEYS.some((k) => data[k] !== undefined);
  if (hasList && single)
    problems.push({
      path: ["data", "sources"],
      message: "data has both sources and dataset/file",
      hint: "list every source under sources, or give one dataset/file directly under data",
    });
  if (!hasList && !single && raw["data"] !== undefined && typeof raw["data"] === "object")
    problems.push({
      path: ["data"],
      message: "data names no source",
      hint: "write dataset: <bundled name>, file: <path>, or a sources: list",
    });
  const rawSources: { value: Record<string, unknown>; path: StudyPath }[] = hasList
    ? (data["sources"] as unknown[]).map((s, i) => ({
        value: (typeof s === "object" && s !== null ? s : {}) as Record<string, unknown>,
        path: ["data", "sources", i],
      }))
    : single
      ? [{ value: { id: "data", ...pick(data, SINGLE_SOURCE_KEYS) }, path: ["data"] }]
      : [];
  const sourceIds = new Set<string>();
  rawSources.forEach(({ value: s, path }, i) => {
    const id = typeof s["id"] === "string" ? s["id"] : `source${i + 1}`;
    if (sourceIds.has(id))
      problems.push({
        path: [...path, "id"],
        message: `source id "${id}" is used twice`,
        hint: "give each source its own id",
      });
    sourceIds.add(id);
    problems.push(...oneOfDatasetFile(s, path, "source"));
    if (s["dataset"] !== undefined && (s["sheet"] !== undefined || s["format"] !== undefined))
      problems.push({
        path: [...path, s["sheet"] !== undefined ? "sheet" : "format"],
        message: "sheet and format apply to files, not to bundled datasets",
        hint: "remove them, or give a file",
      });
    if (i === 0 && s["join"] !== undefined)
      problems.push({
        path: [...path, "join"],
        message: "the first source is the one the others are joined onto; it has no join",
        hint: "remove join here, or move this source down the list",
      });
    sources.push({
      id,
      path,
      ...pickDefined(s, ["dataset", "file", "sheet", "format", "entity", "time", "suffix"]),
      ...(s["variables"] !== undefined ? { variables: listOf(s["variables"] as string | string[]) } : {}),
      join: (s["join"] as NormalizedSource["join"] | undefined) ?? "left",
    });
  });

  const attributes: NormalizedAttributes[] = [];
  if (Array.isArray(data["attributes"]))
    (data["attributes"] as unknown[]).forEach((a, i) => {
      const path: StudyPath = ["data", "attributes", i];
      const entry = (typeof a === "object" && a !== null ? a : {}) as Record<string, unknown>;
      problems.push(...oneOfDatasetFile(entry, path, "lookup table"));
      attributes.push({
        path,
        ...pickDefined(entry, ["dataset", "file", "sheet", "format"]),
        on: typeof entry["on"] === "string" ? entry["on"] : "",
        ...(entry["columns"] !== undefined ? { columns: listOf(entry["columns"] as string | string[]) } : {}),
      });
    });

  const taken = new Set<string>();
  const chain: NormalizedChain[] = [];
  if (isRecord(data["chain"]))
    for (const [name, entry] of Object.entries(data["chain"])) {
      const path: StudyPath = ["data", "chain", name];
      problems.push(...newVariableName(name, path, taken));
      if (!isRecord(entry)) continue;
      chain.push({
        name,
        path,
        value: typeof entry["value"] === "string" ? entry["value"] : "",
        index: typeof entry["index"] === "string" ? entry["index"] : "",
        base: Number(entry["base"]),
        scale: typeof entry["scale"] === "number" ? entry["scale"] : 100,
      });
    }
  const derive: { name: string; expression: string; path: StudyPath }[] = [];
  if (isRecord(data["derive"]))
    for (const [name, expression] of Object.entries(data["derive"])) {
      const path: StudyPath = ["data", "derive", name];
      problems.push(...newVariableName(name, path, taken));
      if (typeof expression !== "string") continue;
      try {
        parseExpression(expression);
      } catch (error) {
        if (!isNqpfInputError(error)) throw error;
        for (const inner of error.issues)
          problems.push({
            path,
            code: "bad_expression",
            message: `derive ${name}: ${inner.message}`,
            hint: inner.hint ?? "see the expression language in the documentation",
          });
      }
      derive.push({ name, expression, path });
    }

  // Systems: name → spec.
  const systems: NormalizedSystem[] = [];
  if (Array.isArray(raw["systems"]))
    (raw["systems"] as unknown[]).forEach((spec, i) => {
      if (typeof spec === "string") systems.push({ name: spec, spec, path: ["systems", i] });
    });
  else if (isRecord(raw["systems"]))
    for (const [name, spec] of Object.entries(raw["systems"])) {
      const path: StudyPath = ["systems", name];
      if (typeof spec === "string") systems.push({ name, spec, path });
      else if (isRecord(spec)) {
        const inline = inlineSystem(name, spec, path, problems);
        if (inline !== undefined) systems.push({ name, path, inline });
      }
    }

  // Steps.
  const steps: NormalizedStep[] = [];
  const stepIds = new Map<string, number>();
  const rawSteps = Array.isArray(raw["steps"]) ? (raw["steps"] as unknown[]) : [];
  rawSteps.forEach((entry, index) => {
    const path: StudyPath = ["steps", index];
    if (!isRecord(entry)) {
      problems.push({
        path,
        message: `step ${index + 1} is ${describeValue(entry)}`,
        hint: "each step is a mapping: - {id: <name>, method: <method>, …options}",
      });
      return;
    }
    const idValue = entry["id"];
    const id = typeof idValue === "string" ? idValue : `step${index + 1}`;
    const who = `step "${id}"`;
    if (idValue === undefined)
      problems.push({
        path: [...path, "id"],
        message: `step ${index + 1} has no id`,
        hint: "give it a name: id: gtfp (later steps refer to its results as gtfp.<variable>)",
      });
    else if (typeof idValue !== "string" || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(idValue))
      problems.push({
        path: [...path, "id"],
        message: `step id ${describeValue(idValue)} is not a name`,
        hint: "write letters, digits, _ or -, starting with a letter (no dots: later steps write <id>.<variable>)",
      });
    else if (stepIds.has(idValue))
      problems.push({
        path: [...path, "id"],
        message: `step id "${idValue}" is used twice (steps ${stepIds.get(idValue)! + 1} and ${index + 1})`,
        hint: "give each step its own id",
      });
    else stepIds.set(idValue, index);
    const method = entry["method"];
    const definition =
      typeof method === "string" && isStudyMethod(method) ? STEP_DEFINITIONS[method] : undefined;
    if (method === undefined)
      problems.push({
        path: [...path, "method"],
        message: `${who} has no method`,
        hint: `write method: <one of ${STUDY_METHODS.join(", ")}>`,
      });
    else if (definition === undefined)
      problems.push({
        path: [...path, "method"],
        message: `${who}: unknown method ${describeValue(method)}`,
        hint: didYouMean(typeof method === "string" ? method : "", STUDY_METHODS, "methods"),
      });
    if (entry["title"] !== undefined && typeof entry["title"] !== "string")
      problems.push({
        path: [...path, "title"],
        message: `${who}: title is ${describeValue(entry["title"])}; expected a text`,
        hint: "write e.g. title: Green TFP",
      });
    const source = entry["source"];
    if (source !== undefined && (typeof source !== "string" || !sourceIds.has(source)))
      problems.push({
        path: [...path, "source"],
        message: `${who}: source ${describeValue(source)} is not a source of the data`,
        hint: didYouMean(typeof source === "string" ? source : "", [...sourceIds], "sources"),
      });
    let years: YearRange | undefined;
    if (entry["years"] !== undefined) {
      const r = yearRange.safeParse(entry["years"]);
      if (r.success) years = stripUndefined(r.data);
      else
        problems.push(
          ...problemsFromZod(r.error.issues, entry["years"], [...path, "years"], () => ["from", "to"]).map(
            (p) => prefixed(p, who),
          ),
        );
    }
    if (definition === undefined) return;
    const rawOptions = Object.fromEntries(
      Object.entries(entry).filter(([k]) => !(STEP_KEYS as readonly string[]).includes(k)),
    );
    const { options, problems: optionProblems } = definition.parse(rawOptions);
    problems.push(...optionProblems.map((p) => prefixed({ ...p, path: [...path, ...p.path] }, who)));
    if (optionProblems.length > 0) return;
    steps.push({
      index,
      id,
      method: definition.method,
      ...(typeof entry["title"] === "string" ? { title: entry["title"] } : {}),
      ...(typeof source === "string" ? { source } : {}),
      ...(years !== undefined ? { years } : {}),
      options,
      definition,
    });
  });

  if (problems.length > 0) return { study: undefined, problems };
  const study = parsed.data!;
  const keep = study.data.keep?.entities.map(String);
  const drop = study.data.drop?.entities.map(String);
  return {
    study: {
      title: study.title,
      ...(study.description !== undefined ? { description: study.description } : {}),
      sources,
      attributes,
      chain,
      derive,
      years: stripUndefined(study.data.years ?? {}),
      ...(keep !== undefined ? { keep } : {}),
      ...(drop !== undefined ? { drop } : {}),
      groups: listOf(study.data.groups),
      ...(study.data.names !== undefined ? { names: study.data.names } : {}),
      ...(study.data.map !== undefined ? { map: study.data.map } : {}),
      systems,
      steps,
    },
    problems: [],
  };
}

/**
 * Reads a study file: YAML (or JSON) text → the study, checked by {@link checkStudy}, with the line and column of
 * every node kept for later issues.
 * Reference: YAML 1.2 via the yaml package (parseDocument with a LineCounter); the study format of this module.
 * @param text the file's text
 * @param file the file name, for issue locations
 * @returns the study as written, with `file` and `locations`
 * @throws NqpfInputError with every problem at once: `empty_file`, YAML syntax errors (`bad_value`, row and
 *   position), and the study's problems (`bad_argument`, `bad_expression`), each with file, row (the YAML line),
 *   position (0-based column), path and hint
 * @example
 * parseStudy("nqpf: 1\ntitle: t\ndata: {dataset: pwt1001}\nsteps: [{id: g, method: gini, var: rgdpna}]\n").steps[0].method
 * // => "gini"
 */
export function parseStudy(text: string, file?: string): Study {
  if (typeof text !== "string") throw new TypeError(`parseStudy: text must be a string; got ${typeof text}`);
  const where = file !== undefined ? { file } : {};
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (source.trim() === "")
    throw new NqpfInputError([
      {
        code: "empty_file",
        ...where,
        message: "the study file is empty",
        hint: "start with nqpf: 1, then title:, data: and steps: (see `nqpf init`)",
      },
    ]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  if (doc.errors.length > 0)
    throw new NqpfInputError(
      doc.errors.map((e): InputIssue => {
        const pos = e.linePos?.[0];
        const summary = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
        return {
          code: "bad_value",
          ...where,
          ...(pos ? { row: pos.line, position: pos.col - 1 } : {}),
          message: `YAML syntax error${pos ? ` at line ${pos.line}, column ${pos.col}` : ""}: ${summary}`,
          hint: "fix the YAML here: indent with spaces, one key per line, close quotes and brackets",
        };
      }),
    );
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    throw new NqpfInputError(
      [
        {
          code: "bad_value",
          ...where,
          message: `the YAML cannot be read: ${error instanceof Error ? error.message : String(error)}`,
          hint: "remove aliases (*name) and custom tags",
        },
      ],
      { cause: error },
    );
  }
  const locations = nodeLocations(doc.contents, lineCounter);
  const checked = checkStudy(value);
  if (checked.problems.length > 0)
    throw new NqpfInputError(issuesFromProblems(checked.problems, file, locator(locations)));
  return { ...(value as Study), ...where, locations };
}

/**
 * The located issues of study problems, using the study's file and the line of each path (or its nearest ancestor).
 * @param study the study (file and locations as parseStudy set them)
 * @param problems the problems
 * @returns the issues, ordered by line
 */
export function studyIssues(
  study: Pick<Study, "file" | "locations">,
  problems: readonly StudyProblem[],
): InputIssue[] {
  return issuesFromProblems(problems, study.file, locator(study.locations ?? {}));
}

/**
 * True when `name` is one of {@link STUDY_METHODS}.
 * @param name a method name as written
 * @returns whether a step module exists for it
 */
export function isStudyMethod(name: string): name is StudyMethod {
  return (STUDY_METHODS as readonly string[]).includes(name);
}

function locator(
  locations: Readonly<Record<string, readonly [number, number]>>,
): (path: StudyPath) => readonly [number, number] | undefined {
  return (path) => {
    for (let k = path.length; k >= 0; k--) {
      const at = locations[JSON.stringify(path.slice(0, k))];
      if (at !== undefined) return at;
    }
    return undefined;
  };
}

/** Line and 0-based column of every mapping key and list item, keyed by the JSON of its path. */
function nodeLocations(root: unknown, lineCounter: LineCounter): Record<string, readonly [number, number]> {
  const out: Record<string, readonly [number, number]> = {};
  const record = (path: StudyPath, offset: number | undefined): void => {
    if (offset === undefined) return;
    const pos = lineCounter.linePos(offset);
    out[JSON.stringify(path)] = [pos.line, pos.col - 1];
  };
  const visit = (node: unknown, path: StudyPath): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyNode = pair.key as YamlNode | null;
        const childPath = [...path, key];
        record(childPath, keyNode?.range?.[0]);
        visit(pair.value, childPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        record([...path, i], (item as YamlNode | null)?.range?.[0]);
        visit(item, [...path, i]);
      });
    }
  };
  record([], (root as YamlNode | null)?.range?.[0]);
  visit(root, []);
  return out;
}

/**
 * An indicator system written inline in the study, checked with parseIndicatorSystem's rules (name defaults to the
 * key); its problems are pushed with paths into the study (e.g. ["systems", "mine", "root", 0, "direction"]).
 */
function inlineSystem(
  name: string,
  spec: Record<string, unknown>,
  path: StudyPath,
  problems: StudyProblem[],
): IndicatorSystem | undefined {
  const value = spec["name"] === undefined ? { name, ...spec } : spec;
  try {
    return parseIndicatorSystem(JSON.stringify(value), { format: "json" });
  } catch (error) {
    if (!isNqpfInputError(error)) throw error;
    for (const inner of error.issues)
      problems.push({
        path: [...path, ...(inner.path ?? [])],
        code: inner.code,
        message: `system "${name}": ${inner.message}`,
        hint: inner.hint ?? "see the documentation of indicator systems",
      });
    return undefined;
  }
}

function oneOfDatasetFile(entry: Record<string, unknown>, path: StudyPath, what: string): StudyProblem[] {
  if (entry["dataset"] !== undefined && entry["file"] !== undefined)
    return [
      { path: [...path, "file"], message: `a ${what} has both dataset and file`, hint: "give one of them" },
    ];
  if (entry["dataset"] === undefined && entry["file"] === undefined)
    return [
      {
        path,
        message: `a ${what} names neither dataset nor file`,
        hint: "write dataset: <bundled name> or file: <path>",
      },
    ];
  return [];
}

function newVariableName(name: string, path: StudyPath, taken: Set<string>): StudyProblem[] {
  const problems: StudyProblem[] = [];
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name))
    problems.push({
      path,
      code: "bad_expression",
      message: `"${name}" is not a variable name`,
      hint: "use letters, digits and _, starting with a letter (no dots or spaces)",
    });
  if (taken.has(name))
    problems.push({
      path,
      code: "duplicate_column",
      message: `variable "${name}" is defined twice`,
      hint: "give each new variable its own name",
    });
  taken.add(name);
  return problems;
}

function prefixed(problem: StudyProblem, who: string): StudyProblem {
  return problem.message.startsWith(who) ? problem : { ...problem, message: `${who}: ${problem.message}` };
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
}

function pickDefined(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return pick(record, keys);
}

function stripUndefined(range: { from?: number | undefined; to?: number | undefined }): YearRange {
  return {
    ...(range.from !== undefined ? { from: range.from } : {}),
    ...(range.to !== undefined ? { to: range.to } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
