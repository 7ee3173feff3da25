/**
 * readCsv streams a delimited text file into a Table, in four layers:
 * bytes (a file read in chunks, or a buffer; gunzipped when it starts with 1f 8b) → text pieces (each chunk cut after its last line break and decoded: UTF-8, GB18030/GBK or a forced encoding) → records (an RFC 4180 quote-aware state machine) → columns (numbers go into growing Float64Arrays; text is kept only for text columns).
 * Rows are numbered as a spreadsheet shows the records: the header is row 1, blank lines count but are skipped.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable, pipeline } from "node:stream";
import { TextDecoder } from "node:util";
import { createGunzip } from "node:zlib";
import { IssueCollector, NqpfInputError, issue, type InputIssue } from "../errors.js";
import { MISSING, MISSING_A, parseNumber, table, type Column, type Table } from "../table/table.js";

/** The field separators readCsv recognises (and sniffs among, in this order of preference). */
export type CsvDelimiter = "," | ";" | "\t" | "|";

/** Cell texts read as missing unless `naValues` says otherwise (R's and pandas' usual markers, and Stata's "."). */
export const DEFAULT_NA_VALUES: readonly string[] = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "."];

/** Options of `readCsv`; all optional. */
export interface ReadCsvOptions {
  /** Name used in issue locations; defaults to the path (or nothing for bytes). */
  readonly file?: string;
  /** "auto" (default): a BOM decides, else UTF-8 unless the first non-ASCII bytes are not UTF-8, then GB18030 (a superset of GBK). Otherwise any WHATWG encoding label ("utf-8", "gbk", "gb18030", "latin1", "big5", …). */
  readonly encoding?: "auto" | "utf-8" | "gbk" | "gb18030" | "latin1" | (string & {});
  /** "auto" (default) sniffs among `, ; \t |` on the first lines, respecting quotes. */
  readonly delimiter?: "auto" | CsvDelimiter;
  /** Forces the type of the named columns; a forced "number" column reports every cell that does not parse. */
  readonly types?: Readonly<Record<string, "number" | "string">>;
  /** Cell texts read as missing (default `DEFAULT_NA_VALUES`): in numeric columns quoted or not, in text columns only unquoted (a quoted "NA" stays text). An empty unquoted cell is always missing. In numeric columns ".a"…".z" are Stata's extended missing codes 2…27; in text columns they are text. */
  readonly naValues?: readonly string[];
  /** Called after each chunk with the bytes read from the source so far (compressed bytes for gzip) and its size when known. */
  readonly onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Aborts the read; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Bytes per read (default 1 MiB). */
  readonly chunkSize?: number;
}

/** What `readCsv` returns: the table and what it found out about the file. */
export interface CsvReadResult {
  readonly table: Table;
  /** The encoding used, as a WHATWG name ("utf-8", "gb18030", "gbk", "windows-1252", "utf-16le", …). */
  readonly encoding: string;
  readonly delimiter: string;
  /** True when the data were gzip-compressed. */
  readonly gzip: boolean;
  /** True when the text started with a byte-order mark. */
  readonly bom: boolean;
}

const DEFAULT_CHUNK_SIZE = 1 << 20;
/** A column is numeric with bad cells when at least this share of its non-missing cells parse … */
const NUMERIC_SHARE = 0.9;
/** … and at least this many do. */
const NUMERIC_MIN_COUNT = 3;
/** Bad cells remembered per column for the issue list (IssueCollector caps the total at 1000). */
const BAD_CELLS_KEPT = 1000;
/** Distinct texts interned per column; beyond this, texts are copied without de-duplication. */
const INTERN_LIMIT = 100_000;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads a CSV (or `;`, tab or `|` separated) file into a Table, streaming it so that memory stays near the size of the table itself.
 * Follows RFC 4180 for quoting (doubled quotes inside quoted fields, line breaks inside quotes), with CR, LF or CRLF record ends. Unquoted fields are trimmed; quoted fields are kept verbatim and are never read as missing in text columns. A column is numeric when all its non-missing cells parse as plain numbers (`parseNumber`); when at least 90% (and at least 3) parse, the others are reported as `not_a_number`; otherwise it is a text column.
 * @param source a file path (read in chunks, never whole) or the file's bytes
 * @param options encoding, delimiter, forced column types, missing-value texts, progress and abort
 * @returns the table and what was detected (encoding, delimiter, gzip, BOM)
 * @throws NqpfInputError with every issue found in one pass: file_not_found, empty_file, bad_header, duplicate_column, missing_column (a `types` name not in the header), ragged_row, not_a_number, truncated_file, bad_encoding
 * @throws RangeError for an unknown encoding label or a bad option
 * @example
 * const { table } = await readCsv(new TextEncoder().encode("id,gdp\nA,1.5\nB,NA\n"));
 * table.columns.map((c) => c.type) // => ["string", "number"]
 */
export async function readCsv(
  source: string | Uint8Array,
  options: ReadCsvOptions = {},
): Promise<CsvReadResult> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1))
    throw new RangeError(`readCsv: chunkSize must be a positive integer; got ${chunkSize}`);
  const delimiterOption = options.delimiter ?? "auto";
  if (delimiterOption !== "auto" && !CANDIDATES.includes(delimiterOption)) {
    throw new RangeError(
      `readCsv: delimiter must be "auto", ",", ";", "\\t" or "|"; got ${JSON.stringify(delimiterOption)}`,
    );
  }
  const encodingOption = options.encoding ?? "auto";
  if (encodingOption !== "auto") checkEncodingLabel(encodingOption);
  options.signal?.throwIfAborted();

  const file = options.file ?? (typeof source === "string" ? source : undefined);
  const src = await openSource(source, chunkSize, file);
  const issues: InputIssue[] = [];
  const context: PassContext = {
    src,
    file,
    encodingOption,
    delimiterOption,
    onProgress: options.onProgress,
    signal: options.signal,
    issues,
  };

  const na = naMatcher(options.naValues ?? DEFAULT_NA_VALUES);
  const types = options.types ?? {};
  const builder = createTableBuilder(na, types, file, issues, src.totalBytes);
  const first = await runPass(context, builder.onRecord, builder.onPieceInfo);
  if (!builder.hasHeader()) {
    if (issues.length > 0) throw new NqpfInputError(issues);
    throw new NqpfInputError([withFile(issue.emptyFile(""), file)]);
  }

  const plan = builder.finish();
  if (plan.secondPass.length > 0 && issues.length === 0) {
    // Columns that looked numeric for a while and ended up text: read their text again.
    const collector = createTextCollector(plan.secondPass, na, plan.rowCount);
    await runPass(
      {
        ...context,
        encodingOption: first.encoding,
        delimiterOption: first.delimiter as CsvDelimiter,
        onProgress: undefined,
      },
      collector.onRecord,
      undefined,
    );
    for (const [index, values] of collector.result()) plan.setText(index, values);
  }

  if (issues.length > 0) {
    issues.sort((a, b) => (a.row ?? Number.POSITIVE_INFINITY) - (b.row ?? Number.POSITIVE_INFINITY));
    const collector = new IssueCollector();
    for (const item of issues) collector.add(item);
    collector.throwIfAny();
  }
  return {
    table: table(plan.columns()),
    encoding: first.encoding,
    delimiter: first.delimiter,
    gzip: first.gzip,
    bom: first.bom,
  };
}

// ---------------------------------------------------------------------------------------------
// Source and bytes

interface Source {
  readonly totalBytes: number | undefined;
  open(): AsyncIterable<Uint8Array>;
}

async function openSource(
  source: string | Uint8Array,
  chunkSize: number,
  file: string | undefined,
): Promise<Source> {
  if (typeof source !== "string") {
    const bytes = source;
    return {
      totalBytes: bytes.length,
      // eslint-disable-next-line @typescript-eslint/require-await -- an async iterable like the file stream
      open: async function* () {
        for (let offset = 0; offset < bytes.length; offset += chunkSize)
          yield bytes.subarray(offset, offset + chunkSize);
      },
    };
  }
  const path = source;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw new NqpfInputError([
        { ...issue.fileNotFound(file ?? path), message: "not a file (it is a directory?)" },
      ]);
    size = info.size;
  } catch (error) {
    if (error instanceof NqpfInputError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      throw new NqpfInputError([issue.fileNotFound(file ?? path)], { cause: error });
    throw error;
  }
  return {
    totalBytes: size,
    open: () => createReadStream(path, { highWaterMark: chunkSize }) as AsyncIterable<Uint8Array>,
  };
}

/** The source's bytes, decompressed when they start with the gzip magic number 1f 8b. */
async function* sourceBytes(context: PassContext, info: PassInfo): AsyncGenerator<Uint8Array> {
  const { src, signal, onProgress } = context;
  async function* counted(): AsyncGenerator<Uint8Array> {
    let bytesRead = 0;
    for await (const chunk of src.open()) {
      signal?.throwIfAborted();
      bytesRead += chunk.length;
      onProgress?.(bytesRead, src.totalBytes);
      yield chunk;
    }
  }
  const iterator = counted();
  const head: Uint8Array[] = [];
  let headLength = 0;
  while (headLength < 2) {
    const next = await iterator.next();
    if (next.done === true) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  const firstBytes = head.length === 1 ? head[0]! : Buffer.concat(head);
  const replay = async function* (): AsyncGenerator<Uint8Array> {
    if (firstBytes.length > 0) yield firstBytes;
    yield* iterator;
  };
  if (!(firstBytes[0] === 0x1f && firstBytes[1] === 0x8b)) {
    yield* replay();
    return;
  }
  info.gzip = true;
  const gunzip = createGunzip();
  pipeline(Readable.from(replay()), gunzip, () => undefined);
  try {
    for await (const chunk of gunzip as AsyncIterable<Uint8Array>) yield chunk;
  } catch (error) {
    if (signal?.aborted === true) throw signal.reason;
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("Z_")) {
      const detail =
        code === "Z_BUF_ERROR"
          ? "the gzip data stop before their end"
          : `the gzip data are damaged (${(error as Error).message})`;
      throw new NqpfInputError([withFile(issue.truncatedFile("", detail), context.file)], { cause: error });
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding

interface Piece {
  readonly text: string;
  /** True when the bytes were not valid in the encoding (the text then holds U+FFFD where they were). */
  readonly bad: boolean;
}

const UTF16 = /^utf-16/;

function checkEncodingLabel(label: string): void {
  try {
    new TextDecoder(label);
  } catch (error) {
    throw new RangeError(
      `readCsv: unknown encoding ${JSON.stringify(label)}; use "auto", "utf-8", "gb18030", "gbk", "latin1" or another WHATWG label`,
      { cause: error },
    );
  }
}

/**
 * Text pieces of the byte stream. Each chunk is cut after its last LF (or CR): those bytes never occur inside a multi-byte character of UTF-8 or of the ASCII-compatible Chinese encodings, so every piece decodes on its own and an undecodable piece is known.
 * In "auto" mode, pieces that are pure ASCII leave the encoding open; the first piece with other bytes decides: valid UTF-8, or else GB18030.
 */
async function* textPieces(
  bytes: AsyncIterable<Uint8Array>,
  context: PassContext,
  info: PassInfo,
): AsyncGenerator<Piece> {
  const decoder: { fixed: boolean; streaming: boolean; fatal: TextDecoder; lenient: TextDecoder } = {
    fixed: false,
    streaming: false,
    fatal: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }),
    lenient: new TextDecoder("utf-8", { ignoreBOM: true }),
  };
  const fix = (label: string): void => {
    decoder.fixed = true;
    decoder.fatal = new TextDecoder(label, { fatal: true, ignoreBOM: true });
    decoder.lenient = new TextDecoder(label, { ignoreBOM: true });
    info.encoding = decoder.fatal.encoding;
    decoder.streaming = UTF16.test(decoder.fatal.encoding);
  };
  if (context.encodingOption !== "auto") fix(context.encodingOption);

  const decode = (piece: Uint8Array, final: boolean): Piece => {
    if (!decoder.fixed) {
      let text: string;
      try {
        text = decoder.fatal.decode(piece);
      } catch {
        fix("gb18030");
        return decode(piece, final);
      }
      if (text.length !== piece.length) fix("utf-8");
      return { text, bad: false };
    }
    const stream = decoder.streaming && !final;
    try {
      return { text: decoder.fatal.decode(piece, { stream }), bad: false };
    } catch {
      return { text: decoder.lenient.decode(piece, { stream }), bad: true };
    }
  };

  let carry: Uint8Array | undefined;
  let atStart = true;
  for await (const chunk of bytes) {
    let buffer = carry !== undefined && carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    if (atStart) {
      if (buffer.length < 3) {
        carry = buffer;
        continue;
      }
      buffer = stripBom(buffer, info, fix);
      atStart = false;
    }
    if (decoder.streaming) {
      if (buffer.length > 0) yield decode(buffer, false);
      continue;
    }
    let cut = buffer.lastIndexOf(LF);
    if (cut < 0) cut = buffer.lastIndexOf(CR);
    if (cut < 0) {
      carry = buffer;
      continue;
    }
    yield decode(buffer.subarray(0, cut + 1), false);
    carry = buffer.subarray(cut + 1);
  }
  let rest = carry ?? new Uint8Array(0);
  if (atStart) rest = stripBom(rest, info, fix);
  if (rest.length > 0 || decoder.streaming) yield decode(rest, true);
  if (!decoder.fixed) info.encoding = "utf-8";
}

function stripBom(buffer: Uint8Array, info: PassInfo, fix: (label: string) => void): Uint8Array {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    info.bom = true;
    fix("utf-8");
    return buffer.subarray(3);
  }
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    info.bom = true;
    fix(buffer[0] === 0xff ? "utf-16le" : "utf-16be");
    return buffer.subarray(2);
  }
  return buffer;
}

// ---------------------------------------------------------------------------------------------
// Delimiter sniffing

const CANDIDATES: readonly CsvDelimiter[] = [",", ";", "\t", "|"];
const SNIFF_RECORDS = 50;
const SNIFF_CHARS = 1 << 16;

/**
 * Picks the delimiter among `, ; \t |` from the first records of `text`: among those that split the header into more than one field, the one that splits every complete record into as many fields as the header (more fields first, then the order above); failing that, the one under which most records match the header; "," when none splits the header (a one-column file).
 * Quotes are respected (a delimiter inside quotes does not count).
 * @param text the start of the file, decoded
 * @returns the delimiter
 * @example
 * sniffDelimiter("a;b;c\n1,5;2,5;3\n4;5;6\n") // => ";"
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  let best: CsvDelimiter = ",";
  let bestScore = 0;
  for (const delimiter of CANDIDATES) {
    const counts = fieldCounts(text, delimiter.charCodeAt(0));
    const header = counts[0] ?? 0;
    // A delimiter that does not split the header is not the delimiter (a one-column file gets ",").
    if (header <= 1) continue;
    const matching = counts.filter((count) => count === header).length;
    const score = matching === counts.length ? 1_000_000 + header : (matching / counts.length) * 1000;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** Field counts of the first complete, non-blank records of `text` under `delimiter`. */
function fieldCounts(text: string, delimiter: number): number[] {
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let blank = true;
  for (let i = 0; i < text.length && counts.length < SNIFF_RECORDS; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) inQuotes = false;
      continue;
    }
    if (c === QUOTE) {
      inQuotes = true;
      blank = false;
    } else if (c === delimiter) {
      fields++;
      blank = false;
    } else if (c === LF || c === CR) {
      if (!blank) counts.push(fields);
      fields = 1;
      blank = true;
    } else {
      blank = false;
    }
  }
  if (!inQuotes && !blank && counts.length < SNIFF_RECORDS) counts.push(fields);
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Records

type RecordHandler = (
  fields: readonly string[],
  quoted: readonly boolean[],
  row: number,
  bad: boolean,
) => void;

interface Parser {
  push(text: string, bad: boolean): void;
  /** Ends the input; returns the row where an unterminated quoted field began, if any. */
  end(): number | undefined;
}

const START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
const AFTER_QUOTED = 4;
const AFTER_CR = 5;

/** RFC 4180 record parser over text pieces; unquoted fields are trimmed, quoted fields kept verbatim. */
function createParser(delimiterChar: string, onRecord: RecordHandler): Parser {
  const delimiter = delimiterChar.charCodeAt(0);
  const fields: string[] = [];
  const quoted: boolean[] = [];
  let field = "";
  let fieldQuoted = false;
  let state = START;
  let row = 1;
  let recordBad = false;

  const endField = (): void => {
    if (fieldQuoted) {
      fields.push(field);
    } else {
      // trim() only when an end may be white space (it also trims non-ASCII spaces such as U+3000).
      const last = field.length - 1;
      const head = field.charCodeAt(0);
      const tail = field.charCodeAt(last);
      fields.push(last < 0 || (head > 32 && head < 127 && tail > 32 && tail < 127) ? field : field.trim());
    }
    quoted.push(fieldQuoted);
    field = "";
    fieldQuoted = false;
  };
  const endRecord = (): void => {
    if (!(fields.length === 1 && !quoted[0] && fields[0] === "")) onRecord(fields, quoted, row, recordBad);
    row++;
    fields.length = 0;
    quoted.length = 0;
    recordBad = false;
  };

  return {
    push(text: string, bad: boolean): void {
      if (bad) recordBad = true;
      const n = text.length;
      let i = 0;
      while (i < n) {
        switch (state) {
          case AFTER_CR: {
            state = START;
            if (text.charCodeAt(i) === LF) i++;
            break;
          }
          case START: {
            if (text.charCodeAt(i) === QUOTE) {
              fieldQuoted = true;
              state = QUOTED;
              i++;
              break;
            }
            state = UNQUOTED;
            break;
          }
          case UNQUOTED: {
            let j = i;
            let c = 0;
            while (j < n) {
              c = text.charCodeAt(j);
              if (c === delimiter || c === LF || c === CR) break;
              j++;
            }
            if (j === n) {
              field += text.slice(i, n);
              i = n;
              break;
            }
            field = field === "" ? text.slice(i, j) : field + text.slice(i, j);
            i = j + 1;
            endField();
            if (c === delimiter) {
              state = START;
            } else {
              endRecord();
              if (bad) recordBad = true;
              state = c === CR ? AFTER_CR : START;
            }
            break;
          }
          case QUOTED: {
            const j = text.indexOf('"', i);
            if (j < 0) {
              field += text.slice(i, n);
              i = n;
              break;
            }
            field += text.slice(i, j);
            i = j + 1;
            state = QUOTE_IN_QUOTED;
            break;
          }
          case QUOTE_IN_QUOTED: {
            if (text.charCodeAt(i) === QUOTE) {
              field += '"';
              i++;
              state = QUOTED;
            } else {
              state = AFTER_QUOTED;
            }
            break;
          }
          default: {
            // AFTER_QUOTED: blanks are skipped; other text is kept (lenient, as Python's csv module does).
            const c = text.charCodeAt(i);
            if (c === delimiter || c === LF || c === CR) {
              i++;
              endField();
              if (c === delimiter) {
                state = START;
              } else {
                endRecord();
                if (bad) recordBad = true;
                state = c === CR ? AFTER_CR : START;
              }
            } else if (c === 32 || c === 9) {
              i++;
            } else {
              field += text[i]!;
              i++;
            }
          }
        }
      }
    },
    end(): number | undefined {
      if (state === QUOTED) return row;
      if (state === START && fields.length === 0) return undefined;
      if (state !== AFTER_CR) {
        endField();
        endRecord();
      }
      return undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One pass over the source

interface PassContext {
  readonly src: Source;
  readonly file: string | undefined;
  readonly encodingOption: string;
  readonly delimiterOption: "auto" | CsvDelimiter;
  readonly onProgress: ((bytesRead: number, totalBytes: number | undefined) => void) | undefined;
  readonly signal: AbortSignal | undefined;
  readonly issues: InputIssue[];
}

interface PassInfo {
  encoding: string;
  delimiter: string;
  gzip: boolean;
  bom: boolean;
}

async function runPass(
  context: PassContext,
  onRecord: RecordHandler,
  onPieceInfo: ((text: string, info: PassInfo) => void) | undefined,
): Promise<PassInfo> {
  const info: PassInfo = { encoding: "utf-8", delimiter: ",", gzip: false, bom: false };
  let parser: Parser | undefined;
  const badRowSeen = new Set<number>();
  const handler: RecordHandler = (fields, quoted, row, bad) => {
    if (bad) {
      // Only the records that hold a replacement character are located as undecodable.
      if (fields.some((f) => f.includes("\uFFFD")) && !badRowSeen.has(row)) {
        badRowSeen.add(row);
        context.issues.push(badEncoding(context.file, row, info.encoding, context.encodingOption));
      }
    }
    onRecord(fields, quoted, row, bad);
  };
  // The first pieces are held back until they give enough lines to sniff the delimiter from.
  let held: Piece[] = [];
  let heldLength = 0;
  let heldLines = 0;
  const start = (): Parser => {
    const pieces = held;
    held = [];
    const sample = pieces.map((p) => p.text).join("");
    info.delimiter = context.delimiterOption === "auto" ? sniffDelimiter(sample) : context.delimiterOption;
    onPieceInfo?.(sample, info);
    const started = createParser(info.delimiter, handler);
    for (const piece of pieces) started.push(piece.text, piece.bad);
    return started;
  };
  for await (const piece of textPieces(sourceBytes(context, info), context, info)) {
    if (parser !== undefined) {
      parser.push(piece.text, piece.bad);
      continue;
    }
    held.push(piece);
    heldLength += piece.text.length;
    for (
      let i = piece.text.indexOf("\n");
      i >= 0 && heldLines <= SNIFF_RECORDS;
      i = piece.text.indexOf("\n", i + 1)
    )
      heldLines++;
    if (heldLength >= SNIFF_CHARS || heldLines > SNIFF_RECORDS) parser = start();
  }
  parser ??= start();
  const openQuoteRow = parser.end();
  if (openQuoteRow !== undefined) {
    context.issues.push({
      ...withFile(issue.truncatedFile("", "a quoted field is never closed"), context.file),
      row: openQuoteRow,
      hint: 'the file looks cut off, or a quote (") in this row is not closed; inside a quoted field write a quote as ""',
    });
  }
  return info;
}

/** The issue with `file` set, or without a file when there is none (bytes read without a name). */
function withFile(base: InputIssue, file: string | undefined): InputIssue {
  const copy: { -readonly [K in keyof InputIssue]: InputIssue[K] } = { ...base };
  if (file === undefined) delete copy.file;
  else copy.file = file;
  return copy;
}

function badEncoding(file: string | undefined, row: number, encoding: string, option: string): InputIssue {
  return {
    code: "bad_encoding",
    ...(file !== undefined ? { file } : {}),
    row,
    message: `this row has bytes that are not valid ${encoding}`,
    hint:
      option === "auto"
        ? "save the file as UTF-8, or name its encoding (e.g. --encoding latin1)"
        : `the file is not ${option}; save it as UTF-8 or name the right encoding`,
  };
}

// ---------------------------------------------------------------------------------------------
// Cells

interface NaMatcher {
  has(text: string): boolean;
}

function naMatcher(values: readonly string[]): NaMatcher {
  const set = new Set(values);
  let longest = 0;
  for (const v of values) longest = Math.max(longest, v.length);
  return { has: (text) => text.length <= longest && set.has(text) };
}

/**
 * The number in a cell text, or undefined. Same result as `parseNumber` (the reference), with a fast path for texts made of digits, signs, "." and "e".
 * @param text the cell text, already trimmed
 * @returns the number, or undefined when the text is not a plain number
 * @example
 * parseCsvNumber("-1.50") // => -1.5
 */
export function parseCsvNumber(text: string): number | undefined {
  // Fast path (Clinger 1990): at most 15 significant digits and at most 22 decimals, no exponent. The mantissa is then an exact integer below 2^53 and 10^scale is exact, so one IEEE division is the correctly rounded value, the same double as Number(text).
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  const negative = c === 45;
  if (negative || c === 43) i = 1;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  let sawDigit = false;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      sawDigit = true;
      if (mantissa !== 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
      }
      if (dot) scale++;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      return parseNumberSlow(text);
    }
  }
  if (!sawDigit || digits > 15 || scale > 22) return parseNumberSlow(text);
  const value = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[scale]!;
  return negative ? -value : value;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

function parseNumberSlow(text: string): number | undefined {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43 || c === 101 || c === 69))
      return parseNumber(text);
  }
  if (n === 0) return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** Mask code of Stata's extended missing ".a"…".z" (2…27), or 0. */
function extendedMissing(text: string): number {
  if (text.length !== 2 || text.charCodeAt(0) !== 46) return 0;
  const c = text.charCodeAt(1);
  return c >= 97 && c <= 122 ? MISSING_A + (c - 97) : 0;
}

/** Copies a text cut from a large piece so that the piece itself can be freed. */
function detach(text: string): string {
  return text.length < 13 ? text : (" " + text).slice(1);
}

// ---------------------------------------------------------------------------------------------
// Columns

interface NumericState {
  kind: "number";
  values: Float64Array;
  mask: Uint8Array;
  /** While no cell has parsed: rows and texts of quoted missing-value texts, to rebuild a text column. */
  quotedNa: { rows: number[]; texts: string[] } | undefined;
}

interface TextState {
  kind: "string";
  texts: (string | null)[];
  intern: Map<string, string>;
}

interface ColumnState {
  readonly name: string;
  readonly forced: "number" | "string" | undefined;
  parsed: number;
  bad: number;
  badRows: number[];
  badTexts: string[];
  store: NumericState | TextState;
}

interface TablePlan {
  readonly rowCount: number;
  /** Column indices whose text must be read again. */
  readonly secondPass: readonly number[];
  setText(index: number, values: (string | null)[]): void;
  columns(): Column[];
}

function createTableBuilder(
  na: NaMatcher,
  types: Readonly<Record<string, "number" | "string">>,
  file: string | undefined,
  issues: InputIssue[],
  totalBytes: number | undefined,
) {
  const where = file !== undefined ? { file } : {};
  let states: ColumnState[] | undefined;
  let width = 0;
  let rowCount = 0;
  let capacity = 1024;
  let estimateFrom: { text: string } | undefined;

  const grow = (needed: number): void => {
    let next = Math.max(Math.ceil(capacity * 1.5), needed);
    if (next < 1024) next = 1024;
    for (const state of states!) {
      if (state.store.kind !== "number") continue;
      const values = new Float64Array(next);
      values.set(state.store.values.subarray(0, rowCount));
      const mask = new Uint8Array(next);
      mask.set(state.store.mask.subarray(0, rowCount));
      state.store.values = values;
      state.store.mask = mask;
    }
    capacity = next;
  };

  const startHeader = (fields: readonly string[], row: number): void => {
    width = fields.length;
    const seen = new Map<string, number>();
    states = fields.map((name, k) => {
      if (name === "") {
        issues.push({
          code: "bad_header",
          ...where,
          row,
          column: `#${k + 1}`,
          message: `column ${k + 1} has no name`,
          hint: "give every column a name in the header row (row 1), or delete the empty column",
        });
      } else if (seen.has(name)) {
        issues.push({
          code: "duplicate_column",
          ...where,
          row,
          column: name,
          message: `column name "${name}" is used twice (columns ${seen.get(name)! + 1} and ${k + 1})`,
          hint: "rename one of the columns so that every name is unique",
        });
      } else {
        seen.set(name, k);
      }
      const forced = Object.hasOwn(types, name) ? types[name] : undefined;
      const state: ColumnState = {
        name: detach(name),
        forced,
        parsed: 0,
        bad: 0,
        badRows: [],
        badTexts: [],
        store:
          forced === "string"
            ? { kind: "string", texts: [], intern: new Map() }
            : { kind: "number", values: new Float64Array(0), mask: new Uint8Array(0), quotedNa: undefined },
      };
      return state;
    });
    for (const name of Object.keys(types)) {
      if (!seen.has(name)) issues.push(issue.missingColumn({ ...where, row }, name, fields));
    }
    // A first guess of the row count from the first piece, to allocate once.
    if (estimateFrom !== undefined && totalBytes !== undefined) {
      const sample = estimateFrom.text;
      let lines = 0;
      for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === LF) lines++;
      if (lines > 1 && sample.length > 0) {
        const guess = Math.ceil(((lines - 1) / Buffer.byteLength(sample)) * totalBytes * 1.02) + 16;
        // At most 256 MB up front, whatever the guess; beyond that the columns grow as rows come.
        capacity = Math.min(Math.max(guess, 1024), Math.floor(2 ** 28 / (9 * Math.max(1, width))));
      }
      estimateFrom = undefined;
    }
    for (const state of states) {
      if (state.store.kind === "number") {
        state.store.values = new Float64Array(capacity);
        state.store.mask = new Uint8Array(capacity);
      }
    }
  };

  const toText = (state: ColumnState, store: NumericState): TextState => {
    // Lossless only while no cell has parsed: the rows so far were missing (unquoted) or quoted missing texts.
    const texts = new Array<string | null>(rowCount);
    for (let r = 0; r < rowCount; r++) {
      const code = store.mask[r]!;
      texts[r] = code >= MISSING_A ? `.${String.fromCharCode(97 + code - MISSING_A)}` : null;
    }
    if (store.quotedNa !== undefined) {
      for (let k = 0; k < store.quotedNa.rows.length; k++)
        texts[store.quotedNa.rows[k]!] = store.quotedNa.texts[k]!;
    }
    const text: TextState = { kind: "string", texts, intern: new Map() };
    state.store = text;
    return text;
  };

  const noteBad = (state: ColumnState, row: number, text: string): void => {
    state.bad++;
    if (state.badRows.length < BAD_CELLS_KEPT) {
      state.badRows.push(row);
      state.badTexts.push(detach(text));
    }
  };

  const onRecord: RecordHandler = (fields, quoted, row) => {
    if (states === undefined) {
      startHeader(fields, row);
      return;
    }
    if (fields.length !== width) {
      issues.push({
        code: "ragged_row",
        ...where,
        row,
        message: `the row has ${fields.length} field${fields.length === 1 ? "" : "s"}; the header has ${width}`,
        hint: "every row needs as many fields as the header; look for a missing or extra delimiter, or a value with an unquoted delimiter",
      });
      return;
    }
    if (rowCount === capacity) grow(rowCount + 1);
    const r = rowCount;
    for (let k = 0; k < width; k++) {
      const state = states[k]!;
      const text = fields[k]!;
      const isQuoted = quoted[k]!;
      const store = state.store;
      const key = isQuoted ? text.trim() : text;
      const isNa = key === "" || na.has(key);
      if (store.kind === "number") {
        if (isNa) {
          store.values[r] = Number.NaN;
          store.mask[r] = MISSING;
          if (isQuoted && state.parsed === 0) keepQuoted(store, r, text);
          continue;
        }
        const value = parseCsvNumber(key);
        if (value !== undefined) {
          store.values[r] = value;
          store.mask[r] = 0;
          if (state.parsed === 0) store.quotedNa = undefined;
          state.parsed++;
          continue;
        }
        const code = extendedMissing(key);
        if (code !== 0) {
          store.values[r] = Number.NaN;
          store.mask[r] = code;
          // A quoted ".a" is missing in a numeric column but text in a text column; keep its text for now.
          if (isQuoted && state.parsed === 0) keepQuoted(store, r, text);
          continue;
        }
        noteBad(state, row, text);
        if (state.parsed === 0 && state.forced !== "number") {
          const textStore = toText(state, store);
          textStore.texts.push(internText(textStore, text));
        } else {
          store.values[r] = Number.NaN;
          store.mask[r] = MISSING;
        }
        continue;
      }
      // Text column: keep the text, and still count what parses (the column may turn out numeric with bad cells).
      store.texts.push(!isQuoted && isNa ? null : internText(store, text));
      if (state.forced === undefined && !isNa && extendedMissing(key) === 0) {
        if (parseCsvNumber(key) !== undefined) state.parsed++;
        else noteBad(state, row, text);
      }
    }
    rowCount++;
  };

  const finish = (): TablePlan => {
    const cols = states ?? [];
    const decided: ("number" | "string")[] = [];
    const secondPass: number[] = [];
    cols.forEach((state, k) => {
      let type: "number" | "string";
      if (state.forced !== undefined) type = state.forced;
      else if (state.bad === 0) type = "number";
      else if (
        state.parsed >= NUMERIC_MIN_COUNT &&
        state.parsed >= NUMERIC_SHARE * (state.parsed + state.bad)
      )
        type = "number";
      else type = "string";
      decided.push(type);
      if (type === "number" && state.bad > 0) {
        for (let b = 0; b < state.badRows.length; b++) {
          issues.push(
            issue.notANumber(
              { ...where, row: state.badRows[b]!, column: state.name || `#${k + 1}` },
              state.badTexts[b]!,
            ),
          );
        }
        if (state.bad > state.badRows.length) {
          issues.push({
            code: "not_a_number",
            ...where,
            column: state.name || `#${k + 1}`,
            message: `${state.bad - state.badRows.length} more cells in this column are not numbers`,
            hint: "fix the cells listed above the same way",
          });
        }
      }
      if (type === "string" && state.store.kind === "number") {
        if (state.parsed === 0) toText(state, state.store);
        else secondPass.push(k);
      }
    });
    const finalText = new Map<number, (string | null)[]>();
    return {
      rowCount,
      secondPass,
      setText(index, values) {
        finalText.set(index, values);
      },
      columns(): Column[] {
        return cols.map((state, k): Column => {
          const meta = {};
          const override = finalText.get(k);
          if (override !== undefined) return { type: "string", name: state.name, values: override, meta };
          const store = state.store;
          if (decided[k] === "string") {
            if (store.kind !== "string")
              throw new Error(`readCsv: internal: text of column ${state.name} missing`);
            return { type: "string", name: state.name, values: store.texts, meta };
          }
          if (store.kind === "number") {
            // A view when little is unused (copying every column at the end would double the peak memory).
            const view = store.values.length - rowCount <= store.values.length / 8;
            const values = view ? store.values.subarray(0, rowCount) : store.values.slice(0, rowCount);
            const mask = view ? store.mask.subarray(0, rowCount) : store.mask.slice(0, rowCount);
            store.values = new Float64Array(0);
            store.mask = new Uint8Array(0);
            return { type: "number", name: state.name, values, missing: mask, meta };
          }
          // Decided numeric from a text store (numeric forced is never stored as text, so this column had bad cells and the read fails).
          throw new Error(`readCsv: internal: column ${state.name} has no numbers`);
        });
      },
    };
  };

  return {
    onRecord,
    onPieceInfo: (text: string, info: PassInfo) => {
      if (!info.gzip) estimateFrom = { text: text.length > 1 << 20 ? text.slice(0, 1 << 20) : text };
    },
    hasHeader: () => states !== undefined,
    finish,
  };
}

function keepQuoted(store: NumericState, r: number, text: string): void {
  store.quotedNa ??= { rows: [], texts: [] };
  store.quotedNa.rows.push(r);
  store.quotedNa.texts.push(detach(text));
}

function internText(store: TextState, text: string): string {
  const known = store.intern.get(text);
  if (known !== undefined) return known;
  const copy = detach(text);
  if (store.intern.size < INTERN_LIMIT) store.intern.set(copy, copy);
  return copy;
}

/** Second pass: the text of the given columns, with the same missing rules as the first pass. */
function createTextCollector(indices: readonly number[], na: NaMatcher, rowCount: number) {
  const stores = indices.map((): TextState => ({ kind: "string", texts: [], intern: new Map() }));
  let header = true;
  const onRecord: RecordHandler = (fields, quoted) => {
    if (header) {
      header = false;
      return;
    }
    for (let j = 0; j < indices.length; j++) {
      const k = indices[j]!;
      const text = fields[k]!;
      const store = stores[j]!;
      store.texts.push(!quoted[k] && (text === "" || na.has(text)) ? null : internText(store, text));
    }
  };
  return {
    onRecord,
    result: (): [number, (string | null)[]][] =>
      indices.map((k, j) => {
        const texts = stores[j]!.texts;
        if (texts.length !== rowCount)
          throw new Error(`readCsv: internal: second pass read ${texts.length} rows; expected ${rowCount}`);
        return [k, texts];
      }),
  };
}
