/**
 * Bad user input, reported once at the boundary with every issue found in one pass.
 * Each issue carries a code from a closed set, the location (file, row, column, entity, time)
 * and a hint saying what to do. `formatIssues` renders one issue per line for the terminal;
 * `issuesToJson` gives the form the server answers with (HTTP 422).
 */

/** What went wrong, as a closed set of codes; tests assert on these, not on wording. */
export type IssueCode =
  | "file_not_found"
  | "empty_file"
  | "truncated_file"
  | "corrupt_file"
  | "unsupported_format"
  | "bad_encoding"
  | "bad_header"
  | "ragged_row"
  | "not_a_number"
  | "duplicate_key"
  | "missing_key"
  | "missing_column"
  | "unknown_column"
  | "duplicate_column"
  | "bad_value"
  | "bad_expression"
  | "unbalanced_panel"
  | "unknown_dataset"
  | "unknown_sheet"
  | "output_exists"
  | "not_writable"
  | "bad_argument";

/** One located problem with the input. Row numbers are 1-based as a spreadsheet shows them (header = row 1). */
export interface InputIssue {
  readonly code: IssueCode;
  readonly message: string;
  readonly hint?: string;
  readonly file?: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: string;
  readonly entity?: string;
  readonly time?: number | string;
  /** Location inside a structured document (study YAML, indicator tree), e.g. ["steps", 2, "method"]. */
  readonly path?: readonly (string | number)[];
  /** 0-based character position inside an expression or a line of text, where one applies. */
  readonly position?: number;
}

/** Thrown at the boundary when user input is unusable. Holds every issue found, not just the first. */
export class NqpfInputError extends Error {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[], options?: { cause?: unknown }) {
    if (issues.length === 0) throw new RangeError("NqpfInputError: needs at least one issue; got 0");
    super(summarize(issues), options);
    this.name = "NqpfInputError";
    this.issues = issues;
  }
}

/** True when `error` is an `NqpfInputError` (also across module copies, by name and shape). */
export function isNqpfInputError(error: unknown): error is NqpfInputError {
  return (
    error instanceof NqpfInputError ||
    (error instanceof Error &&
      error.name === "NqpfInputError" &&
      Array.isArray((error as { issues?: unknown }).issues))
  );
}

function summarize(issues: readonly InputIssue[]): string {
  const first = issues[0]!;
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? "s" : ""})` : "";
  return `${formatLocation(first)}${first.message}${more}`;
}

/** `file:row:column` style prefix (with sheet, entity, time and path where known), ending in ": " or "". */
export function formatLocation(issue: InputIssue): string {
  const parts: string[] = [];
  let head = issue.file ?? "";
  if (issue.sheet !== undefined) head += `[${issue.sheet}]`;
  if (issue.row !== undefined) head += `${head ? ":" : "row "}${issue.row}`;
  if (issue.column !== undefined) head += `${head ? ":" : "column "}${issue.column}`;
  if (head) parts.push(head);
  if (issue.path !== undefined && issue.path.length > 0) parts.push(issue.path.map(String).join("."));
  if (issue.entity !== undefined) parts.push(`entity ${issue.entity}`);
  if (issue.time !== undefined) parts.push(`time ${issue.time}`);
  return parts.length > 0 ? `${parts.join(" ")}: ` : "";
}

/** One line per issue: `file:row:column: message [code] — hint`, at most `limit` lines plus a count of the rest. */
export function formatIssues(issues: readonly InputIssue[], limit = 50): string {
  const lines = issues.slice(0, limit).map((issue) => {
    const hint = issue.hint !== undefined ? ` — ${issue.hint}` : "";
    return `${formatLocation(issue)}${issue.message} [${issue.code}]${hint}`;
  });
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more issues`);
  return lines.join("\n");
}

/** Plain JSON form of the issues, for the server's 422 answers and `--json` output. */
export function issuesToJson(issues: readonly InputIssue[]): InputIssue[] {
  return issues.map((issue) => ({ ...issue }));
}

/**
 * Collects issues during a validation pass and throws them together.
 * `limit` caps how many are kept (a broken 1M-row file should not build 1M issue objects); the count goes on.
 */
export class IssueCollector {
  readonly issues: InputIssue[] = [];
  private dropped = 0;
  private readonly limit: number;

  constructor(limit = 1000) {
    this.limit = limit;
  }

  add(issue: InputIssue): void {
    if (this.issues.length < this.limit) this.issues.push(issue);
    else this.dropped++;
  }

  get count(): number {
    return this.issues.length + this.dropped;
  }

  /** Throws an `NqpfInputError` when anything was collected. */
  throwIfAny(): void {
    if (this.count === 0) return;
    const issues =
      this.dropped > 0
        ? [
            ...this.issues,
            {
              code: this.issues[0]!.code,
              message: `${this.dropped} further issues not listed`,
              hint: "fix the issues above and run again",
            } satisfies InputIssue,
          ]
        : this.issues;
    throw new NqpfInputError(issues);
  }
}

/** Message builders for the issues several modules report, so wording lives in one place. */
export const issue = {
  fileNotFound: (file: string): InputIssue => ({
    code: "file_not_found",
    file,
    message: "file not found",
    hint: "check the path (it is relative to the current directory)",
  }),
  emptyFile: (file: string): InputIssue => ({
    code: "empty_file",
    file,
    message: "the file is empty (no header and no data rows)",
    hint: "export the data again; the file should start with a header row",
  }),
  truncatedFile: (file: string, detail: string): InputIssue => ({
    code: "truncated_file",
    file,
    message: `the file ends early: ${detail}`,
    hint: "the file looks cut off; copy or download it again",
  }),
  notANumber: (where: Omit<InputIssue, "code" | "message" | "hint">, value: string): InputIssue => ({
    code: "not_a_number",
    ...where,
    message: `"${truncate(value)}" is not a number`,
    hint: "use a plain number with '.' as decimal separator; leave the cell empty for a missing value",
  }),
  missingColumn: (
    where: Omit<InputIssue, "code" | "message" | "hint">,
    name: string,
    available: readonly string[],
  ): InputIssue => ({
    code: "missing_column",
    ...where,
    column: name,
    message: `column "${name}" is not in the data`,
    hint: `available columns: ${truncate(available.join(", "), 200)}`,
  }),
  duplicateKey: (
    where: Omit<InputIssue, "code" | "message" | "hint">,
    firstRow: number | undefined,
  ): InputIssue => ({
    code: "duplicate_key",
    ...where,
    message: `duplicate (entity, time) key${firstRow !== undefined ? `; first seen on row ${firstRow}` : ""}`,
    hint: "each entity may appear once per period; remove or aggregate the duplicate rows",
  }),
} as const;

function truncate(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
