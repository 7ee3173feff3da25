/**
 * The study data: sources loaded through the injected I/O (bundled datasets or files), keyed as panels, joined onto
 * the first on (entity, time), entity attributes attached, chained real values and derived variables added, entities
 * kept or dropped and the period window applied. Every problem is collected with its path in the study; nothing is
 * computed beyond the data preparation itself.
 */
import { isNqpfInputError } from "../errors.js";
import type { IndicatorSystem } from "../methods/composite/indicator-system.js";
import { deriveVariables } from "../panel/expression.js";
import { guessPanelKeys } from "../panel/guess-keys.js";
import { attachEntityAttributes, joinPanels } from "../panel/join.js";
import { panel as buildPanel, panelVariables, type Panel } from "../panel/panel.js";
import { subsetPanel } from "../panel/subset.js";
import { findColumn, withColumn, type Table } from "../table/table.js";
import { chainedValues } from "./chain.js";
import { problemsFromIssues, type StudyPath, type StudyProblem } from "./problems.js";
import type { NormalizedSource, NormalizedStudy } from "./schema.js";
import { didYouMean } from "./suggest.js";
import type { StudyRunResult } from "./types.js";

/**
 * The I/O a study run needs, injected by the caller (the CLI and the server read files and bundled data; tests may
 * pass fixtures). Relative file paths are passed as the study writes them; the adapter resolves them (the CLI
 * against the study file's folder).
 */
export interface StudyIO {
  /**
   * A bundled dataset by name: a panel dataset as a Panel, a table (lookup) dataset as a Table.
   * @throws NqpfInputError `unknown_dataset` for a name that is not bundled
   */
  loadDataset(name: string): Promise<Panel | Table>;
  /**
   * A data file (CSV, XLSX, DTA, JSON) as a Table.
   * @throws NqpfInputError `file_not_found` and the located problems of the file
   */
  readTable(
    path: string,
    options: { readonly sheet?: string | number; readonly format?: "csv" | "xlsx" | "dta" | "json" },
  ): Promise<Table>;
  /**
   * An indicator system: a bundled name (e.g. nqpf-three-elements) or a YAML/JSON file.
   * @throws NqpfInputError `file_not_found` and the located problems of the system file
   */
  loadSystem(nameOrPath: string): Promise<{ readonly system: IndicatorSystem; readonly file: string }>;
  /**
   * A map as parsed GeoJSON: a bundled map name (map-china-provinces, map-world) or a GeoJSON file.
   * @throws NqpfInputError when there is no such map
   */
  loadMap(name: string): Promise<unknown>;
}

/** The study data as loaded and prepared. */
export interface LoadedStudyData {
  /** The study panel (undefined when a problem prevented building it). */
  readonly panel: Panel | undefined;
  /** Every source as loaded and keyed (before joining, window or filters), by source id, for steps' `source:`. */
  readonly sources: ReadonlyMap<string, Panel>;
  /** What was loaded, for the run result. */
  readonly loaded: StudyRunResult["sources"];
  /** Column with display names of entities, if any. */
  readonly names: string | undefined;
  /** Map of the units. */
  readonly map: "china" | "world" | undefined;
  /** Things the reader must know about the data (entities without a chained base value, undefined derived cells). */
  readonly warnings: readonly string[];
  readonly problems: readonly StudyProblem[];
}

const NAME_COLUMNS = ["name_en", "country", "province_en", "name", "name_zh", "province_zh"];
const CHINA_KEYS = ["adcode"];
const WORLD_KEYS = ["countrycode", "iso3", "iso_a3", "country_code", "iso3c"];

/**
 * Loads and prepares the study data; every problem is collected (paths into the study), nothing thrown for input.
 * Order: sources → joins → attributes → chain → derive → keep/drop entities → years.
 * Reference: the study format (schema.ts); joins as joinPanels / attachEntityAttributes (Stata merge 1:1, m:1).
 * @param study the normalised study
 * @param io the injected I/O
 * @returns the prepared data, or the problems
 */
export async function loadStudyData(study: NormalizedStudy, io: StudyIO): Promise<LoadedStudyData> {
  const problems: StudyProblem[] = [];
  const warnings: string[] = [];
  const sources = new Map<string, Panel>();
  const loaded: { name: string; from: string; rows: number; provenance?: string }[] = [];
  const guard = async <T>(
    path: StudyPath,
    prefix: string,
    work: () => Promise<T> | T,
  ): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (!isNqpfInputError(error)) throw error;
      problems.push(...problemsFromIssues(error.issues, path, prefix));
      return undefined;
    }
  };

  for (const source of study.sources) {
    const where = source.dataset !== undefined ? [...source.path, "dataset"] : [...source.path, "file"];
    const prefix = `source "${source.id}"`;
    const raw = await guard(where, prefix, () =>
      source.dataset !== undefined
        ? io.loadDataset(source.dataset)
        : io.readTable(source.file!, {
            ...(source.sheet !== undefined ? { sheet: source.sheet } : {}),
            ...(source.format !== undefined ? { format: source.format } : {}),
          }),
    );
    if (raw === undefined) continue;
    const table = isPanel(raw) ? raw.table : raw;
    loaded.push({
      name: source.id,
      from: source.dataset !== undefined ? `dataset ${source.dataset}` : source.file!,
      rows: table.rowCount,
      ...(table.meta.source !== undefined ? { provenance: table.meta.source } : {}),
    });
    const keyed = await guard(source.path, prefix, () => keyedPanel(raw, source, problems));
    if (keyed !== undefined) sources.set(source.id, keyed);
  }

  let p = sources.get(study.sources[0]?.id ?? "");
  for (const source of study.sources.slice(1)) {
    const right = sources.get(source.id);
    if (p === undefined || right === undefined || source.join === "none") continue;
    const left = p;
    p = await guard([...source.path, "join"], `joining source "${source.id}"`, () =>
      joinPanels(left, right, {
        how: source.join as "left" | "inner" | "outer",
        ...(source.suffix !== undefined ? { suffix: source.suffix } : {}),
      }),
    );
  }

  for (const attributes of study.attributes) {
    const where =
      attributes.dataset !== undefined ? [...attributes.path, "dataset"] : [...attributes.path, "file"];
    const raw = await guard(where, "lookup table", () =>
      attributes.dataset !== undefined
        ? io.loadDataset(attributes.dataset)
        : io.readTable(attributes.file!, {
            ...(attributes.sheet !== undefined ? { sheet: attributes.sheet } : {}),
            ...(attributes.format !== undefined ? { format: attributes.format } : {}),
          }),
    );
    if (raw === undefined || p === undefined) continue;
    const lookup = isPanel(raw) ? raw.table : raw;
    if (findColumn(lookup, attributes.on) === undefined) {
      problems.push(
        missing(
          [...attributes.path, "on"],
          attributes.on,
          lookup.columns.map((c) => c.name),
          "the lookup table",
        ),
      );
      continue;
    }
    const current = p;
    p = await guard(attributes.path, "lookup table", () =>
      attachEntityAttributes(current, lookup, {
        on: attributes.on,
        ...(attributes.columns !== undefined ? { columns: attributes.columns } : {}),
        ...(attributes.file !== undefined ? { file: attributes.file } : {}),
      }),
    );
  }

  for (const chain of study.chain) {
    if (p === undefined) break;
    const names = p.table.columns.map((c) => c.name);
    let ok = true;
    for (const role of ["value", "index"] as const) {
      const column = findColumn(p.table, chain[role]);
      if (column === undefined) {
        problems.push(missing([...chain.path, role], chain[role], names, "the data"));
        ok = false;
      } else if (column.type !== "number") {
        problems.push({
          path: [...chain.path, role],
          code: "not_a_number",
          column: chain[role],
          message: `chain ${chain.name}: column "${chain[role]}" is text, not numbers`,
          hint: "name a numeric column",
        });
        ok = false;
      }
    }
    if (names.includes(chain.name)) {
      problems.push({
        path: chain.path,
        code: "duplicate_column",
        message: `chain ${chain.name}: the data has a column "${chain.name}" already`,
        hint: "choose a new name",
      });
      ok = false;
    }
    if (!p.times.includes(chain.base)) {
      problems.push({
        path: [...chain.path, "base"],
        message: `chain ${chain.name}: the data has no period ${chain.base}`,
        hint: `periods are ${p.times[0]}–${p.times.at(-1)}`,
      });
      ok = false;
    }
    if (!ok) continue;
    const result = chainedValues(p, {
      value: chain.value,
      index: chain.index,
      base: chain.base,
      scale: chain.scale,
      name: chain.name,
    });
    if (result.noBase.length > 0)
      warnings.push(
        `data: ${chain.name} is missing for ${result.noBase.length} entities without ${chain.value} in ${chain.base}: ${result.noBase.join(", ")}`,
      );
    p = { ...p, table: withColumn(p.table, result.column) };
  }

  if (study.derive.length > 0 && p !== undefined) {
    const current = p;
    const derived = await guard(["data", "derive"], "derive", () =>
      deriveVariables(
        current,
        study.derive.map((d) => `${d.name} = ${d.expression}`),
      ),
    );
    if (derived === undefined) {
      // Re-path the issues: deriveVariables names definitions ["derive", index].
      for (const problem of problems)
        if (problem.inner?.path?.[0] === "derive" && typeof problem.inner.path[1] === "number") {
          const d = study.derive[problem.inner.path[1]];
          if (d !== undefined) (problem as { path: StudyPath }).path = d.path;
        }
    } else {
      p = derived.panel;
      for (const report of derived.reports)
        if (report.undefinedCount > 0)
          warnings.push(
            `data: ${report.name} is undefined (e.g. ln of a value ≤ 0, division by 0) in ${report.undefinedCount} cells, left missing: ${report.undefinedCells.map((c) => `${c.entity} ${c.time}`).join(", ")}${report.undefinedCount > report.undefinedCells.length ? ", …" : ""}`,
          );
    }
  }

  if (p !== undefined) {
    const known = new Set(p.entities);
    for (const [key, list] of [
      ["keep", study.keep],
      ["drop", study.drop],
    ] as const) {
      list?.forEach((entity, i) => {
        if (!known.has(entity))
          problems.push({
            path: ["data", key, "entities", i],
            code: "bad_argument",
            message: `${key}: entity "${entity}" is not in the data`,
            hint: didYouMean(entity, p!.entities, "entities"),
          });
      });
    }
    const keep = study.keep?.filter((e) => known.has(e));
    const drop = new Set(study.drop ?? []);
    const entities = (keep ?? p.entities).filter((e) => !drop.has(e));
    const window = study.years;
    if (entities.length === 0)
      problems.push({
        path: ["data", study.keep !== undefined ? "keep" : "drop"],
        message: "no entity is left",
        hint: "keep at least one entity",
      });
    else if (keep !== undefined || drop.size > 0 || window.from !== undefined || window.to !== undefined) {
      const current = p;
      p = await guard(["data", "years"], "data", () =>
        subsetPanel(current, {
          ...(keep !== undefined || drop.size > 0 ? { entities } : {}),
          ...(window.from !== undefined ? { from: window.from } : {}),
          ...(window.to !== undefined ? { to: window.to } : {}),
        }),
      );
    }
  }

  let names: string | undefined;
  let map: "china" | "world" | undefined;
  if (p !== undefined) {
    const columns = p.table.columns.map((c) => c.name);
    study.groups.forEach((group, i) => {
      if (!columns.includes(group)) problems.push(missing(["data", "groups", i], group, columns, "the data"));
    });
    if (study.names !== undefined) {
      if (!columns.includes(study.names))
        problems.push(missing(["data", "names"], study.names, columns, "the data"));
      else names = study.names;
    } else names = NAME_COLUMNS.find((n) => findColumn(p.table, n)?.type === "string");
    map =
      study.map === "none"
        ? undefined
        : (study.map ??
          (CHINA_KEYS.includes(p.entity) ? "china" : WORLD_KEYS.includes(p.entity) ? "world" : undefined));
  }
  return { panel: p, sources, loaded, names, map, warnings, problems };
}

function isPanel(value: Panel | Table): value is Panel {
  return "entities" in value && "table" in value;
}

/** A source as a panel: a panel dataset as it is, a table keyed by its entity and time columns (given or guessed). */
function keyedPanel(
  raw: Panel | Table,
  source: NormalizedSource,
  problems: StudyProblem[],
): Panel | undefined {
  let p: Panel;
  if (isPanel(raw)) {
    p = raw;
    for (const [role, given, actual] of [
      ["entity", source.entity, raw.entity],
      ["time", source.time, raw.time],
    ] as const)
      if (given !== undefined && given !== actual)
        problems.push({
          path: [...source.path, role],
          message: `source "${source.id}": the dataset's ${role} column is ${actual}, not ${given}`,
          hint: `remove ${role}: (a bundled panel is keyed by its own columns)`,
        });
  } else {
    const guessed = guessPanelKeys(raw);
    const entity = source.entity ?? guessed.entity;
    const time = source.time ?? guessed.time;
    const columns = raw.columns.map((c) => c.name);
    if (entity === undefined || time === undefined) {
      problems.push({
        path: source.path,
        code: "missing_column",
        message: `source "${source.id}": no ${entity === undefined ? "entity" : "time"} column recognised`,
        hint: `name it with ${entity === undefined ? "entity" : "time"}: <column>; columns: ${columns.slice(0, 30).join(", ")}`,
      });
      return undefined;
    }
    let bad = false;
    for (const [role, name] of [
      ["entity", entity],
      ["time", time],
    ] as const)
      if (!columns.includes(name)) {
        problems.push(missing([...source.path, role], name, columns, `source "${source.id}"`));
        bad = true;
      }
    if (bad) return undefined;
    p = buildPanel(raw, { entity, time, ...(source.file !== undefined ? { file: source.file } : {}) });
  }
  if (source.variables !== undefined) {
    const available = panelVariables(p).map((c) => c.name);
    const absent = source.variables.flatMap((name, i) => (available.includes(name) ? [] : [{ name, i }]));
    for (const { name, i } of absent)
      problems.push(missing([...source.path, "variables", i], name, available, `source "${source.id}"`));
    if (absent.length > 0) return undefined;
    p = subsetPanel(p, { variables: source.variables });
  }
  return p;
}

/**
 * A "column not in the data" problem with a did-you-mean.
 * @param path where the study names the column
 * @param name the column as written
 * @param available the columns there are
 * @param where what was searched, e.g. "the data"
 * @returns the problem (code missing_column)
 */
export function missing(
  path: StudyPath,
  name: string,
  available: readonly string[],
  where: string,
): StudyProblem {
  return {
    path,
    code: "missing_column",
    column: name,
    message: `column "${name}" is not in ${where}`,
    hint: didYouMean(name, available, "columns"),
  };
}
