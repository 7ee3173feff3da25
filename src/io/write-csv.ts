/**
 * writeCsv renders a Table as delimited text that readCsv reads back to the same values and masks.
 * Numbers use the shortest text that round-trips (`String(x)`, ECMA-262 Number::toString); missing cells are empty (extended missing as ".a"…".z"); text cells are quoted (RFC 4180) when they hold the delimiter, a quote, a line break, white space at either end, or would otherwise read as missing.
 */
import type { Writable } from "node:stream";
import iconv from "iconv-lite";
import { NqpfInputError, type InputIssue } from "../errors.js";
import { MISSING_A, type Column, type Table } from "../table/table.js";
import { DEFAULT_NA_VALUES } from "./read-csv.js";

/** Options of `writeCsv` and `writeCsvStream`; all optional. */
export interface WriteCsvOptions {
  /** Field separator (default ","): a single character other than a quote, CR or LF. */
  readonly delimiter?: string;
  /** Start with a UTF-8 byte-order mark (default false); Excel then opens UTF-8 files correctly. UTF-8 only. */
  readonly bom?: boolean;
  /** "utf-8" (default), or "gb18030" / "gbk" for Chinese Excel. */
  readonly encoding?: "utf-8" | "gb18030" | "gbk";
  /** Text of a missing cell (default ""). */
  readonly naValue?: string;
  /** Write Stata's extended missing values as ".a"…".z" (default true); otherwise as `naValue`. */
  readonly keepExtendedMissing?: boolean;
}

const ENCODINGS = ["utf-8", "gb18030", "gbk"] as const;
const ROWS_PER_CHUNK = 4096;
const LINE_END = "\n";

/**
 * Encodes a table as CSV bytes: a header of column names, then one line per row, ending in "\n".
 * Missing cells are written as `naValue` (default ""), or "NA" in a one-column table whose empty missing cells would be blank lines. Numbers are written with `String(x)` (the shortest decimal that reads back to the same double), except that -0 is written "0" (equal as a number; a sign on zero only confuses spreadsheets) and ±Infinity as "Inf"/"-Inf" (R's spelling; `parseNumber` reads it).
 * A text cell is quoted when it contains the delimiter (or any of `, ; \t |`), a quote (doubled inside), CR or LF, starts or ends with white space, is empty, or equals one of readCsv's default missing-value texts, so that readCsv gives back the same text (readCsv never reads a quoted cell as missing in a text column). A text column whose values all look like numbers reads back as numeric unless readCsv is given `types`.
 * @param t the table
 * @param options delimiter, BOM, encoding, text of missing cells
 * @returns the encoded bytes
 * @throws RangeError for a bad delimiter, or a BOM asked for with a non-UTF-8 encoding
 * @throws NqpfInputError (`bad_encoding`, with row and column) when a text cannot be encoded in GBK
 * @example
 * new TextDecoder().decode(writeCsv(table([stringColumn("id", ["A", "B,C"]), numberColumn("x", [0.1, NaN])])))
 * // => 'id,x\nA,0.1\n"B,C",\n'
 */
export function writeCsv(t: Table, options: WriteCsvOptions = {}): Uint8Array {
  const settings = resolve(t, options, "writeCsv");
  const parts: string[] = [];
  for (const chunk of csvChunks(t, settings)) parts.push(chunk);
  const text = parts.join("");
  if (settings.encoding === "utf-8") {
    const body = new TextEncoder().encode(text);
    if (!settings.bom) return body;
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  return encodeChinese(text, t, settings);
}

/**
 * Writes a table as CSV to a writable stream, a few thousand rows at a time with back-pressure; the same bytes as `writeCsv`.
 * @param t the table
 * @param writable a Node writable stream (a file stream, a response); it is not ended
 * @param options as for `writeCsv`
 * @returns a promise that resolves when all rows have been handed to the stream
 * @throws as `writeCsv`
 */
export async function writeCsvStream(
  t: Table,
  writable: Writable,
  options: WriteCsvOptions = {},
): Promise<void> {
  const settings = resolve(t, options, "writeCsvStream");
  if (settings.bom) await write(writable, Uint8Array.of(0xef, 0xbb, 0xbf));
  for (const chunk of csvChunks(t, settings)) {
    const bytes =
      settings.encoding === "utf-8" ? Buffer.from(chunk, "utf8") : encodeChinese(chunk, t, settings);
    await write(writable, bytes);
  }
}

/** Writes one chunk; waits for "drain" when the stream's buffer is full, and rejects on "error" or an early "close". */
function write(writable: Writable, bytes: Uint8Array): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    if (writable.destroyed || writable.writableEnded) {
      reject(new Error("writeCsvStream: the stream is already closed"));
      return;
    }
    if (writable.write(bytes)) {
      resolvePromise();
      return;
    }
    const done = (error?: Error): void => {
      writable.off("drain", onDrain);
      writable.off("error", onError);
      writable.off("close", onClose);
      if (error) reject(error);
      else resolvePromise();
    };
    const onDrain = (): void => {
      done();
    };
    const onError = (error: Error): void => {
      done(error);
    };
    const onClose = (): void => {
      done(new Error("writeCsvStream: the stream closed before all rows were written"));
    };
    writable.on("drain", onDrain);
    writable.on("error", onError);
    writable.on("close", onClose);
  });
}

interface Settings {
  readonly delimiter: string;
  readonly bom: boolean;
  readonly encoding: "utf-8" | "gb18030" | "gbk";
  readonly naValue: string;
  readonly keepExtendedMissing: boolean;
  readonly needsQuote: RegExp;
  readonly naTexts: ReadonlySet<string>;
}

function resolve(t: Table, options: WriteCsvOptions, caller: string): Settings {
  const delimiter = options.delimiter ?? ",";
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\r" || delimiter === "\n") {
    throw new RangeError(
      `${caller}: delimiter must be one character other than a quote, CR or LF; got ${JSON.stringify(delimiter)}`,
    );
  }
  const encoding = options.encoding ?? "utf-8";
  if (!(ENCODINGS as readonly string[]).includes(encoding)) {
    throw new RangeError(
      `${caller}: encoding must be "utf-8", "gb18030" or "gbk"; got ${JSON.stringify(encoding)}`,
    );
  }
  const bom = options.bom ?? false;
  if (bom && encoding !== "utf-8")
    throw new RangeError(`${caller}: a BOM is only written for utf-8; got encoding ${encoding}`);
  const naValue = options.naValue ?? "";
  if (/["\r\n]/.test(naValue) || naValue.includes(delimiter)) {
    throw new RangeError(
      `${caller}: naValue must not contain a quote, a line break or the delimiter; got ${JSON.stringify(naValue)}`,
    );
  }
  if (!Array.isArray(t.columns)) throw new TypeError(`${caller}: t must be a Table`);
  const escaped = delimiter.replace(/[\\^$.*+?()[\]{}|-]/g, "\\$&");
  return {
    delimiter,
    bom,
    encoding,
    naValue,
    keepExtendedMissing: options.keepExtendedMissing ?? true,
    // Any of the delimiters readCsv sniffs among is quoted too, so that sniffing cannot be misled.
    needsQuote: new RegExp(`[${escaped},;\\t|"\\r\\n]|^\\s|\\s$`),
    naTexts: new Set([...DEFAULT_NA_VALUES, naValue]),
  };
}

function quoteText(text: string, settings: Settings): string {
  if (text === "" || settings.needsQuote.test(text) || settings.naTexts.has(text))
    return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** The text of a number cell: shortest round-trip decimal; -0 as "0"; infinities as "Inf"/"-Inf". */
function numberText(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return "Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/** Renders one column's cells for rows [from, to). */
function cellTexts(column: Column, from: number, to: number, settings: Settings): string[] {
  const out = new Array<string>(to - from);
  if (column.type === "number") {
    const { values, missing } = column;
    for (let r = from; r < to; r++) {
      const code = missing[r]!;
      const value = values[r]!;
      if (code === 0 && !Number.isNaN(value)) out[r - from] = numberText(value);
      else if (code >= MISSING_A && code <= MISSING_A + 25 && settings.keepExtendedMissing)
        out[r - from] = `.${String.fromCharCode(97 + code - MISSING_A)}`;
      else out[r - from] = settings.naValue;
    }
    return out;
  }
  for (let r = from; r < to; r++) {
    const value = column.values[r];
    out[r - from] = value === null || value === undefined ? settings.naValue : quoteText(value, settings);
  }
  return out;
}

function* csvChunks(t: Table, options: Settings): Generator<string> {
  const { delimiter } = options;
  if (t.columns.length === 0) return;
  // With one column an empty missing cell would make a blank line, which readers skip; write "NA" there instead.
  const settings = t.columns.length === 1 && options.naValue === "" ? { ...options, naValue: "NA" } : options;
  yield t.columns.map((c) => quoteText(c.name, settings)).join(delimiter) + LINE_END;
  for (let from = 0; from < t.rowCount; from += ROWS_PER_CHUNK) {
    const to = Math.min(t.rowCount, from + ROWS_PER_CHUNK);
    const columns = t.columns.map((column) => cellTexts(column, from, to, settings));
    const lines = new Array<string>(to - from);
    for (let r = 0; r < to - from; r++) {
      let line = columns[0]![r]!;
      for (let k = 1; k < columns.length; k++) line += delimiter + columns[k]![r]!;
      lines[r] = line;
    }
    yield lines.join(LINE_END) + LINE_END;
  }
}

/** GB18030 covers all of Unicode; GBK does not: a text it cannot hold is reported with its row and column, never replaced by "?". */
function encodeChinese(text: string, t: Table, settings: Settings): Uint8Array {
  const bytes = iconv.encode(text, settings.encoding);
  if (settings.encoding === "gb18030" || iconv.decode(bytes, settings.encoding) === text)
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const issues: InputIssue[] = [];
  const fits = (s: string): boolean => iconv.decode(iconv.encode(s, "gbk"), "gbk") === s;
  for (const column of t.columns) {
    if (!fits(column.name)) issues.push(unencodable(1, column.name, column.name));
    if (column.type !== "string") continue;
    column.values.forEach((value, r) => {
      if (value !== null && !fits(value)) issues.push(unencodable(r + 2, column.name, value));
    });
  }
  if (issues.length === 0)
    issues.push({
      code: "bad_encoding",
      message: "the text cannot be written in GBK",
      hint: 'write "gb18030" or "utf-8" instead',
    });
  throw new NqpfInputError(issues);
}

function unencodable(row: number, column: string, value: string): InputIssue {
  const shown = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return {
    code: "bad_encoding",
    row,
    column,
    message: `"${shown}" has characters that GBK cannot hold`,
    hint: 'write the file as "gb18030" (which holds every character) or "utf-8"',
  };
}
