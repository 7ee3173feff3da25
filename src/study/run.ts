/**
 * Running a study: `validateStudy` checks everything that can be checked before computing (the study's structure,
 * systems that load, sources that exist and join, variables that exist after joins and derivations with the right
 * type, references to earlier steps' variables, maps for spatial weights) and reports every problem at once;
 * `runStudy` validates, then runs the steps in order, each on the study data (or its own source) with the variables
 * of earlier steps it names joined in, and collects their tables, figure specifications, notes and warnings. All
 * I/O is injected; the same study and data give the same tables (no clock, no unseeded randomness).
 */
import { NqpfInputError, isNqpfInputError } from "../errors.js";
import { joinPanels } from "../panel/join.js";
import { panelVariables, type Panel } from "../panel/panel.js";
import { subsetPanel } from "../panel/subset.js";
import { cell, findColumn, table } from "../table/table.js";
import { loadStudyData, type LoadedStudyData, type StudyIO } from "./data.js";
import { problemsFromIssues, type StudyPath, type StudyProblem } from "./problems.js";
import { checkStudy, studyIssues, type NormalizedStep, type NormalizedStudy, type Study } from "./schema.js";
import type { LoadedSystem, StepCheckContext, StudyMethod, VariableUse } from "./steps/step.js";
import { didYouMean } from "./suggest.js";
import type { StepResult, StudyRunResult } from "./types.js";

/** The injected I/O of a run (defined in data.ts). */
export type { StudyIO } from "./data.js";

/** Progress of a run: a step starts or is done. */
export interface StudyProgress {
  readonly step: string;
  readonly method: StudyMethod;
  /** 0-based position of the step, and the number of steps. */
  readonly index: number;
  readonly total: number;
  readonly phase: "start" | "done";
}

/** Options of {@link runStudy}. */
export interface RunStudyOptions {
  /** Called when a step starts and when it is done (never during validation). */
  readonly onProgress?: (event: StudyProgress) => void;
}

/** A validated study with its data loaded, ready to run. */
export interface PreparedStudy {
  readonly study: Study;
  readonly normalized: NormalizedStudy;
  readonly data: LoadedStudyData;
  readonly systems: ReadonlyMap<string, LoadedSystem>;
  /** The variables each step offers to later steps, by step id. */
  readonly outputs: ReadonlyMap<string, readonly string[]>;
}

/**
 * Checks a study before anything is computed, loading its systems and data through `io`: structure and options,
 * systems, sources and joins, derived variables, each step's variables (present after joins and derivations,
 * numeric where numbers are needed, references `<step>.<variable>` to an earlier step that offers them), its window
 * and its map. Every problem is reported at once, each naming the step id and the field.
 * Reference: the study format (schema.ts) and the steps' modules (steps/*.ts).
 * @param study the study (from parseStudy, or built in code / sent as JSON)
 * @param io the injected I/O
 * @returns the prepared study
 * @throws NqpfInputError with every problem: file (the study's), row (the YAML line), path, and for data problems
 *   the data file's own location
 */
export async function validateStudy(study: Study, io: StudyIO): Promise<PreparedStudy> {
  const checked = checkStudy(study);
  if (checked.study === undefined) throw new NqpfInputError(studyIssues(study, checked.problems));
  const normalized = checked.study;
  const problems: StudyProblem[] = [];

  const systems = new Map<string, LoadedSystem>();
  const wanted = [...normalized.systems];
  for (const step of normalized.steps)
    for (const named of step.definition.systems(step.options))
      if (!wanted.some((w) => w.name === named.name))
        wanted.push({ name: named.name, spec: named.name, path: ["steps", step.index, ...named.path] });
  for (const system of wanted) {
    if (system.inline !== undefined) {
      systems.set(system.name, { system: system.inline, file: study.file ?? "study" });
      continue;
    }
    try {
      systems.set(system.name, await io.loadSystem(system.spec ?? system.name));
    } catch (error) {
      if (!isNqpfInputError(error)) throw error;
      problems.push(...problemsFromIssues(error.issues, system.path, `system "${system.name}"`));
    }
  }

  const data = await loadStudyData(normalized, io);
  problems.push(...data.problems);

  const outputs = new Map<string, readonly string[]>();
  const order = new Map(normalized.steps.map((s) => [s.id, s.index]));
  for (const step of normalized.steps) {
    const base = stepBase(step, data);
    const ctx = checkContext(step, normalized, data, systems, io, base);
    const who = `step "${step.id}"`;
    const own = (p: StudyProblem): StudyProblem => ({
      ...p,
      path: ["steps", step.index, ...p.path],
      message: p.message.startsWith(who) ? p.message : `${who}: ${p.message}`,
    });
    if (base !== undefined) {
      for (const use of step.definition.variables(step.options, ctx))
        problems.push(...checkVariable(use, step, base, order, outputs).map(own));
      if (step.years !== undefined) {
        const { from, to } = step.years;
        if (!base.times.some((t) => (from === undefined || t >= from) && (to === undefined || t <= to)))
          problems.push(
            own({
              path: ["years"],
              message: `no period of the data lies in ${from ?? ""}–${to ?? ""}`,
              hint: `the data's periods are ${base.times[0]}–${base.times.at(-1)}`,
            }),
          );
      }
    }
    problems.push(...(await step.definition.check(step.options, ctx)).map(own));
    outputs.set(step.id, step.definition.outputs(step.options, ctx));
  }
  if (problems.length > 0) throw new NqpfInputError(studyIssues(study, problems));
  return { study, normalized, data, systems, outputs };
}

/**
 * Runs a study: validates it (nothing is computed when that fails), then runs the steps in order. A step reads the
 * study data (or its `source:`), joined with the variables of earlier steps it names (the rows those steps have
 * results for), within its `years`. Units whose LPs fail are listed in the step's warnings and the run goes on.
 * Reference: the study format (schema.ts); each method's module for its numbers.
 * @param study the study
 * @param io the injected I/O
 * @param options onProgress
 * @returns per step: tables, figures, notes, warnings; the sources loaded; the seeds of randomised steps
 * @throws NqpfInputError from validation, or from a step whose data a method rejects (issues name the step)
 * @example
 * const result = await runStudy(parseStudy(text, "study.yaml"), io);
 * result.steps.map((s) => s.id) // => the step ids in order
 */
export async function runStudy(
  study: Study,
  io: StudyIO,
  options: RunStudyOptions = {},
): Promise<StudyRunResult> {
  const prepared = await validateStudy(study, io);
  const { normalized, data, systems } = prepared;
  const results = new Map<string, Panel>();
  const steps: StepResult[] = [];
  const seeds: Record<string, number> = {};
  const label = labeller(data);
  const order = new Map(normalized.steps.map((s) => [s.id, s.index]));
  const total = normalized.steps.length;
  for (const [k, step] of normalized.steps.entries()) {
    options.onProgress?.({ step: step.id, method: step.method, index: k, total, phase: "start" });
    const base = stepBase(step, data)!;
    const ctx = checkContext(step, normalized, data, systems, io, base);
    const fail = (error: unknown): never => {
      if (!isNqpfInputError(error)) throw error;
      throw new NqpfInputError(
        studyIssues(study, problemsFromIssues(error.issues, ["steps", step.index], `step "${step.id}"`)),
        { cause: error },
      );
    };
    const notes: string[] = [];
    let p = base;
    try {
      const references = new Map<string, Set<string>>();
      for (const use of step.definition.variables(step.options, ctx)) {
        const ref = referenceOf(use.name, order);
        if (ref !== undefined)
          references.set(ref.step, (references.get(ref.step) ?? new Set()).add(ref.variable));
      }
      for (const [id, variables] of references) {
        p = joinPanels(p, renamed(results.get(id)!, id, [...variables]), { how: "inner" });
        notes.push(
          `Units and periods: those with results of step "${id}" (${[...variables].map((v) => `${id}.${v}`).join(", ")}).`,
        );
      }
      if (step.years !== undefined)
        p = subsetPanel(p, {
          ...(step.years.from !== undefined ? { from: step.years.from } : {}),
          ...(step.years.to !== undefined ? { to: step.years.to } : {}),
        });
    } catch (error) {
      fail(error);
    }
    let run;
    try {
      run = await step.definition.run(step.options, { ...ctx, panel: p, label, title: step.title });
    } catch (error) {
      return fail(error);
    }
    steps.push({
      id: step.id,
      method: step.method,
      title: run.title,
      tables: run.tables,
      figures: run.figures,
      notes: [...notes, ...run.notes],
      warnings: run.warnings,
    });
    if (run.outputs !== undefined) results.set(step.id, run.outputs);
    if (run.seed !== undefined) seeds[step.id] = run.seed;
    options.onProgress?.({ step: step.id, method: step.method, index: k, total, phase: "done" });
  }
  if (data.warnings.length > 0 && steps.length > 0) {
    const first = steps[0]!;
    steps[0] = { ...first, warnings: [...data.warnings, ...first.warnings] };
  }
  return { title: normalized.title, steps, sources: data.loaded, seeds };
}

/** The data a step starts from: its source as loaded, or the study panel. */
function stepBase(step: NormalizedStep, data: LoadedStudyData): Panel | undefined {
  return step.source !== undefined ? data.sources.get(step.source) : data.panel;
}

function checkContext(
  step: NormalizedStep,
  study: NormalizedStudy,
  data: LoadedStudyData,
  systems: ReadonlyMap<string, LoadedSystem>,
  io: StudyIO,
  base: Panel | undefined,
): StepCheckContext {
  const group = study.groups[0];
  return {
    id: step.id,
    defaultGroup:
      group !== undefined && base !== undefined && findColumn(base.table, group) !== undefined
        ? group
        : undefined,
    map: data.map,
    systems,
    loadMap: (name) => io.loadMap(name),
  };
}

/** `<step>.<variable>` when `<step>` is a step of the study; undefined for a plain column name. */
function referenceOf(
  name: string,
  order: ReadonlyMap<string, number>,
): { step: string; variable: string } | undefined {
  const dot = name.indexOf(".");
  if (dot <= 0) return undefined;
  const step = name.slice(0, dot);
  return order.has(step) ? { step, variable: name.slice(dot + 1) } : undefined;
}

function checkVariable(
  use: VariableUse,
  step: NormalizedStep,
  base: Panel,
  order: ReadonlyMap<string, number>,
  outputs: ReadonlyMap<string, readonly string[]>,
): StudyProblem[] {
  const path: StudyPath = use.path;
  const ref = referenceOf(use.name, order);
  if (ref !== undefined) {
    const at = order.get(ref.step)!;
    if (at >= step.index)
      return [
        {
          path,
          message: `${use.name} refers to step "${ref.step}", which ${at === step.index ? "is this step" : "runs later"}`,
          hint: "a step can use the variables of the steps before it; move that step up",
        },
      ];
    const offered = outputs.get(ref.step) ?? [];
    if (!offered.includes(ref.variable))
      return [
        {
          path,
          code: "unknown_column",
          column: use.name,
          message: `step "${ref.step}" offers no variable "${ref.variable}"`,
          hint:
            offered.length > 0
              ? didYouMean(ref.variable, offered, `variables of "${ref.step}"`)
              : `step "${ref.step}" offers no variables to later steps`,
        },
      ];
    return [];
  }
  const column = findColumn(base.table, use.name);
  if (column === undefined) {
    const available = panelVariables(base).map((c) => c.name);
    const earlier = [...order].filter(([, i]) => i < step.index).map(([id]) => id);
    const dot = use.name.indexOf(".");
    const stepHint =
      dot > 0 && !order.has(use.name.slice(0, dot))
        ? `; there is no step "${use.name.slice(0, dot)}"${earlier.length > 0 ? ` (${didYouMean(use.name.slice(0, dot), earlier, "earlier steps")})` : ""}`
        : "";
    return [
      {
        path,
        code: "missing_column",
        column: use.name,
        message: `${path[0] === "system" ? "the indicator system uses " : ""}column "${use.name}", which is not in the data${stepHint}`,
        hint: didYouMean(use.name, available, "columns"),
      },
    ];
  }
  if (use.kind === "number" && column.type !== "number")
    return [
      {
        path,
        code: "not_a_number",
        column: use.name,
        message: `column "${use.name}" holds text, not numbers`,
        hint: "choose a numeric column (or derive one under data.derive)",
      },
    ];
  return [];
}

/** The output panel with only `variables`, renamed `<id>.<variable>`. */
function renamed(p: Panel, id: string, variables: readonly string[]): Panel {
  const kept = subsetPanel(p, { variables });
  const columns = kept.table.columns.map((c) =>
    c.name === kept.entity || c.name === kept.time ? c : { ...c, name: `${id}.${c.name}` },
  );
  return { ...kept, table: table(columns, kept.table.meta) };
}

/** Entity → display name from the study's name column (first non-empty value), else the entity key. */
function labeller(data: LoadedStudyData): (entity: string) => string {
  const names = new Map<string, string>();
  const panels = [data.panel, ...data.sources.values()].filter((p): p is Panel => p !== undefined);
  if (data.names !== undefined)
    for (const p of panels) {
      const column = findColumn(p.table, data.names);
      if (column === undefined) continue;
      for (let r = 0; r < p.table.rowCount; r++) {
        const entity = p.entities[p.entityOf[r]!]!;
        if (names.has(entity)) continue;
        const v = cell(column, r);
        if (v !== null && String(v).trim() !== "") names.set(entity, String(v));
      }
    }
  return (entity) => names.get(entity) ?? entity;
}
