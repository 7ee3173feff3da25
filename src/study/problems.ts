/**
 * Problems found in a study file before they become located issues: a path into the study (e.g. ["steps", 2,
 * "inputs", 0]), a message, a hint and an issue code. Also the zod helpers of the study schemas: every leaf schema
 * carries "what is expected" and "how to write it" in its error text, so one mapping turns any zod issue into our
 * wording, with "did you mean" for unknown keys and values.
 */
import { z } from "zod";
import type { InputIssue, IssueCode } from "../errors.js";
import { didYouMean } from "./suggest.js";

/** A location inside a study: keys of mappings and indices of lists. */
export type StudyPath = readonly (string | number)[];

/** One problem of a study, before it gets a file and line. */
export interface StudyProblem {
  readonly path: StudyPath;
  readonly message: string;
  readonly hint: string;
  /** Default "bad_argument". */
  readonly code?: IssueCode;
  /** Data location, when the problem concerns a data column. */
  readonly column?: string;
  /** An issue located in another file (a data file, an indicator system), kept with its own file and row; the problem adds the study path. */
  readonly inner?: InputIssue;
}

const SEPARATOR = "\u0000";

/**
 * The error text of a study schema leaf: what is expected and how to write it, packed for {@link problemsFromZod}.
 * @param what e.g. "a list of column names"
 * @param hint e.g. "write e.g. inputs: [K, L]"
 * @returns the packed text (zod's `error` option)
 * @example
 * expected("a whole number ≥ 1", "write e.g. window: 3") // => "a whole number ≥ 1\u0000write e.g. window: 3"
 */
export function expected(what: string, hint: string): string {
  return `${what}${SEPARATOR}${hint}`;
}

/**
 * A short description of a value as the study file shows it, for messages.
 * @param value any parsed YAML value
 * @returns e.g. `"abc"`, `12`, `a list`, `a mapping`, `empty`
 * @example
 * describeValue([1, 2]) // => "a list"
 */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "empty";
  if (typeof value === "string") return value.length > 40 ? `"${value.slice(0, 39)}…"` : `"${value}"`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return "a mapping";
}

/**
 * The value at `path` inside parsed data (undefined when absent).
 * @param data parsed YAML/JSON
 * @param path keys and indices
 * @returns the value
 */
export function valueAt(data: unknown, path: StudyPath): unknown {
  let node = data;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * Our wording for zod issues: path (relative to `base`), message, hint; unknown keys get a "did you mean".
 * @param issues the zod issues
 * @param data the value that was checked (for the values shown in messages)
 * @param base path of `data` inside the study
 * @param keysAt the keys allowed at a path inside `data`
 * @returns the problems
 */
export function problemsFromZod(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  base: StudyPath,
  keysAt: (path: StudyPath) => readonly string[],
): StudyProblem[] {
  const problems: StudyProblem[] = [];
  for (const zodIssue of issues) {
    const path: StudyPath = zodIssue.path.map((k) => (typeof k === "number" ? k : String(k)));
    if (zodIssue.code === "unrecognized_keys") {
      const allowed = keysAt(path);
      for (const key of zodIssue.keys)
        problems.push({
          path: [...base, ...path, key],
          message: `unknown field "${key}"`,
          hint: didYouMean(key, allowed, "fields here"),
        });
      continue;
    }
    if (zodIssue.code === "invalid_union") {
      // A union with its own error text reports once; otherwise report the first branch's issues.
      if (!zodIssue.message.includes(SEPARATOR) && zodIssue.errors[0] !== undefined) {
        problems.push(...problemsFromZod(zodIssue.errors[0], data, base, keysAt));
        continue;
      }
    }
    const value = valueAt(data, path);
    const field = fieldName([...base, ...path]);
    const [wanted, hint] = zodIssue.message.includes(SEPARATOR)
      ? (zodIssue.message.split(SEPARATOR) as [string, string])
      : [zodIssue.message, "see the study file reference"];
    const values =
      zodIssue.code === "invalid_value"
        ? zodIssue.values.filter((v): v is string => typeof v === "string")
        : [];
    problems.push({
      path: [...base, ...path],
      message:
        value === undefined
          ? `${field} is missing; expected ${wanted}`
          : `${field} is ${describeValue(value)}; expected ${wanted}`,
      hint: typeof value === "string" && values.length > 0 ? didYouMean(value, values, "allowed") : hint,
    });
  }
  return problems;
}

/**
 * How a path reads in a message: the last key, with the list position when the last element is an index.
 * @param path a study path
 * @returns e.g. "rts", "inputs[2]"
 */
export function fieldName(path: StudyPath): string {
  const last = path[path.length - 1];
  if (last === undefined) return "the study";
  if (typeof last === "number") {
    const key = [...path].reverse().find((k): k is string => typeof k === "string");
    return key !== undefined ? `${key}[${last + 1}]` : `entry ${last + 1}`;
  }
  return last;
}

/**
 * Located input issues from problems: the study file, the line and column of the nearest node that has one, the path.
 * @param problems the problems
 * @param file the study file name, if any
 * @param locate line and 0-based column of a path (or of its nearest ancestor), when known
 * @returns the issues, ordered by line (unlocated ones last, in their order)
 */
export function issuesFromProblems(
  problems: readonly StudyProblem[],
  file: string | undefined,
  locate: (path: StudyPath) => readonly [number, number] | undefined,
): InputIssue[] {
  const located = problems.map((p, k) => ({ p, k, at: locate(p.path) }));
  located.sort(
    (a, b) => (a.at?.[0] ?? Number.POSITIVE_INFINITY) - (b.at?.[0] ?? Number.POSITIVE_INFINITY) || a.k - b.k,
  );
  return located.map(({ p, at }): InputIssue => {
    const inner = p.inner;
    // An issue located inside another file (a data file's row, a system file's line) keeps that location.
    if (inner !== undefined && inner.file !== undefined && inner.row !== undefined)
      return { ...inner, path: p.path, message: p.message, hint: inner.hint ?? p.hint };
    return {
      code: p.code ?? inner?.code ?? "bad_argument",
      ...(file !== undefined ? { file } : {}),
      ...(at !== undefined ? { row: at[0], position: at[1] } : {}),
      ...(p.column !== undefined ? { column: p.column } : {}),
      ...(inner?.entity !== undefined ? { entity: inner.entity } : {}),
      ...(inner?.time !== undefined ? { time: inner.time } : {}),
      path: p.path,
      message: p.message,
      hint: p.hint,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Schema leaves shared by the study and its steps

/** A column name. */
export const columnName = z
  .string({ error: expected("a column name", "write the column's name as the data has it") })
  .min(1, {
    error: expected("a column name", "write the column's name as the data has it"),
  });

/** One or more column names: a list, or one text with names separated by commas (as the command line takes them). */
export const columnList = z.union([z.array(columnName).min(1), columnName], {
  error: expected("a list of column names", "write e.g. [K, L, E] or K,L,E"),
});

/** A year (whole number). */
export const year = z.number({ error: expected("a year", "write a whole number, e.g. 2012") }).int({
  error: expected("a year", "write a whole number, e.g. 2012"),
});

/** years: {from, to}, both optional, both included. */
export const yearRange = z
  .strictObject(
    { from: year.optional(), to: year.optional() },
    { error: expected("{from, to}", "write e.g. years: {from: 2012, to: 2019}") },
  )
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, {
    error: expected("from ≤ to", "write the earlier year first"),
  });

/**
 * An enum schema whose error names the allowed values.
 * @param values the allowed values
 * @param example the value shown in the hint (default the first)
 * @returns the schema
 */
export function choice<const T extends readonly [string, ...string[]]>(
  values: T,
  example?: string,
): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, {
    error: expected(`one of ${values.join(", ")}`, `write e.g. ${example ?? values[0]}`),
  });
}

/**
 * A whole-number schema within bounds (both included).
 * @param min smallest value
 * @param max largest value (Infinity: none)
 * @param example the value shown in the hint
 * @returns the schema
 */
export function wholeNumber(min: number, max: number, example: number): z.ZodNumber {
  const text = expected(
    max === Number.POSITIVE_INFINITY ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`,
    `write e.g. ${example}`,
  );
  return z.number({ error: text }).int({ error: text }).min(min, { error: text }).max(max, { error: text });
}

/**
 * A number schema within bounds (both included).
 * @param min smallest value
 * @param max largest value
 * @param what the expected value in words, e.g. "a rate in [0, 1]"
 * @param example the value shown in the hint
 * @returns the schema
 */
export function boundedNumber(min: number, max: number, what: string, example: number): z.ZodNumber {
  const text = expected(what, `write e.g. ${example}`);
  return z.number({ error: text }).min(min, { error: text }).max(max, { error: text });
}

/** A yes/no flag. */
export const flag = z.boolean({ error: expected("true or false", "write true or false") });

/**
 * A column-list option as an array (a comma-separated text split and trimmed).
 * @param value the option as written, or undefined
 * @returns the names (none for undefined)
 */
export function listOf(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return [...value];
}

/**
 * Problems from an input error raised while loading or computing something the study names: each issue keeps its
 * own location inside another file (a data file's row) when it has one, else gets the study's line; entity, period
 * and column are kept; the study path and a prefix say where it arose.
 * @param issues the issues of the error
 * @param path where the study names the thing
 * @param prefix e.g. `source "capital"` or `step "gml"`
 * @returns one problem per issue
 */
export function problemsFromIssues(
  issues: readonly InputIssue[],
  path: StudyPath,
  prefix: string,
): StudyProblem[] {
  return issues.map((inner) => ({
    path:
      inner.path !== undefined && inner.path.length > 0 && inner.file === undefined
        ? [...path, ...inner.path]
        : path,
    code: inner.code,
    message: `${prefix}: ${inner.message}${inner.file !== undefined && inner.row === undefined ? ` (${inner.file})` : ""}`,
    hint: inner.hint ?? "see the data",
    ...(inner.column !== undefined ? { column: inner.column } : {}),
    inner,
  }));
}
