/**
 * What every study step module provides: its option schema (the keys of the step in the study file besides id,
 * method, title, source and years), the variables it reads (checked against the data before anything is computed),
 * the variables it offers to later steps, checks that need loaded systems or maps, and the run itself.
 */
import { z } from "zod";
import type { IndicatorSystem } from "../../methods/composite/indicator-system.js";
import type { Panel } from "../../panel/panel.js";
import type { Table } from "../../table/table.js";
import { problemsFromZod, type StudyPath, type StudyProblem } from "../problems.js";
import type { FigureSpec } from "../types.js";

/** The methods a study step can run. */
export const STUDY_METHODS = [
  "index",
  "dea",
  "malmquist",
  "gml",
  "luenberger",
  "growth-accounting",
  "capital-stock",
  "gini",
  "theil",
  "kde",
  "markov",
  "convergence",
  "moran",
] as const;

/** One of {@link STUDY_METHODS}. */
export type StudyMethod = (typeof STUDY_METHODS)[number];

/** Keys every step has besides its method's options. */
export const STEP_KEYS = ["id", "method", "title", "source", "years"] as const;

/** A variable a step reads: where the study file names it, the name, and what it must be. */
export interface VariableUse {
  /** Path inside the step, e.g. ["inputs", 0]. */
  readonly path: StudyPath;
  /** A column of the data, or "<step id>.<output>" for a variable an earlier step made. */
  readonly name: string;
  /** "number": numeric; "category": any column whose values label groups. */
  readonly kind: "number" | "category";
}

/** An indicator system as loaded, with the file it came from. */
export interface LoadedSystem {
  readonly system: IndicatorSystem;
  readonly file: string;
}

/** What a step can know before anything is computed. */
export interface StepCheckContext {
  /** The step's id. */
  readonly id: string;
  /** The default group column: the study's first group column when the step's data has it. */
  readonly defaultGroup: string | undefined;
  /** The map the study's units are drawn on ("china": entities are adcodes; "world": ISO3 codes). */
  readonly map: "china" | "world" | undefined;
  /** Indicator systems loaded from the study's `systems`, by the name steps use. */
  readonly systems: ReadonlyMap<string, LoadedSystem>;
  /** Reads a map (a bundled map name or a GeoJSON file) through the study's I/O. */
  readonly loadMap: (name: string) => Promise<unknown>;
}

/** What a step gets to run. */
export interface StepRunContext extends StepCheckContext {
  /** The step's data: the study panel (or its source), with the variables of earlier steps it names joined in, and its years. */
  readonly panel: Panel;
  /** The display name of an entity (the study's name column), or the entity itself. */
  readonly label: (entity: string) => string;
  /** The title the study gives the step, if any. */
  readonly title: string | undefined;
}

/** What a step run returns; the runner adds id and method. */
export interface StepRun {
  readonly title: string;
  readonly tables: readonly Table[];
  readonly figures: readonly FigureSpec[];
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  /** Variables later steps may use, keyed by the study's entity and time columns (names without the step id). */
  readonly outputs?: Panel;
  /** The seed of a randomised step. */
  readonly seed?: number;
}

/** A step module, with its options erased to `unknown` (each module checks them with its own schema). */
export interface StepDefinition {
  readonly method: StudyMethod;
  /** One line saying what the step computes. */
  readonly summary: string;
  /** The option keys the step accepts (besides {@link STEP_KEYS}). */
  readonly optionKeys: readonly string[];
  /** Checks the options (everything but the step keys); problems have paths inside the step. */
  parse(raw: Readonly<Record<string, unknown>>): {
    readonly options: unknown;
    readonly problems: readonly StudyProblem[];
  };
  /** Indicator systems the step names (loaded with the study's `systems` when they are not among them). */
  systems(options: unknown): { readonly path: StudyPath; readonly name: string }[];
  variables(options: unknown, ctx: StepCheckContext): VariableUse[];
  outputs(options: unknown, ctx: StepCheckContext): string[];
  check(options: unknown, ctx: StepCheckContext): Promise<StudyProblem[]>;
  run(options: unknown, ctx: StepRunContext): Promise<StepRun>;
}

/** The typed hooks of a step module (see {@link defineStep}). */
export interface StepHooks<O> {
  readonly method: StudyMethod;
  readonly summary: string;
  /** Conflicts among the options themselves (e.g. ray-desli without rts vrs). */
  conflicts?(options: O): StudyProblem[];
  systems?(options: O): { readonly path: StudyPath; readonly name: string }[];
  variables(options: O, ctx: StepCheckContext): VariableUse[];
  outputs?(options: O, ctx: StepCheckContext): string[];
  check?(options: O, ctx: StepCheckContext): Promise<StudyProblem[]> | StudyProblem[];
  run(options: O, ctx: StepRunContext): Promise<StepRun> | StepRun;
}

/**
 * A step module from its option schema (a strict zod object whose keys are the step's options, spelt as the command
 * line's flags) and its typed hooks.
 * @param schema the options' schema
 * @param hooks the step's hooks
 * @returns the erased definition the registry holds
 */
export function defineStep<S extends z.ZodObject>(schema: S, hooks: StepHooks<z.output<S>>): StepDefinition {
  type O = z.output<S>;
  const optionKeys = Object.keys(schema.shape);
  const keysAt = (path: StudyPath): readonly string[] => {
    if (path.length === 0) return [...STEP_KEYS_LIST, ...optionKeys];
    return nestedKeys(schema, path);
  };
  return {
    method: hooks.method,
    summary: hooks.summary,
    optionKeys,
    parse(raw) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success)
        return { options: undefined, problems: problemsFromZod(parsed.error.issues, raw, [], keysAt) };
      const options = parsed.data;
      return { options, problems: hooks.conflicts?.(options) ?? [] };
    },
    systems: (options) => hooks.systems?.(options as O) ?? [],
    variables: (options, ctx) => hooks.variables(options as O, ctx),
    outputs: (options, ctx) => hooks.outputs?.(options as O, ctx) ?? [],
    check: async (options, ctx) => (hooks.check ? await hooks.check(options as O, ctx) : []),
    run: async (options, ctx) => await hooks.run(options as O, ctx),
  };
}

const STEP_KEYS_LIST: readonly string[] = STEP_KEYS;

/**
 * Keys allowed in a nested mapping of a schema (for "did you mean"); empty when the path leads nowhere known.
 * @param schema a zod schema (objects, records, arrays, unions, optional wrappers)
 * @param path keys and indices into it
 * @returns the keys of the object schema found there
 */
export function nestedKeys(schema: z.ZodType, path: StudyPath): readonly string[] {
  let node: z.ZodType | undefined = schema;
  for (const key of path) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(key)];
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return [];
    if (node === undefined) return [];
  }
  node = unwrap(node);
  if (node instanceof z.ZodUnion) {
    const object = (node.options as z.ZodType[]).map(unwrap).find((o) => o instanceof z.ZodObject);
    if (object instanceof z.ZodObject) return Object.keys(object.shape);
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(node: z.ZodType): z.ZodType {
  let current = node;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault
  )
    current = current.unwrap() as z.ZodType;
  return current;
}
