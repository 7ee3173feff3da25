/**
 * Stata .dta reader for formats 117 (Stata 13), 118 (Stata 14–18) and 119 (more than 32,767 variables), either byte order,
 * and the older binary formats 114 (Stata 10–11) and 115 (Stata 12).
 * Layout per Stata's `help dta`: an XML-like frame of tagged sections (<header>, <map>, <variable_types>, <varnames>,
 * <sortlist>, <formats>, <value_label_names>, <variable_labels>, <characteristics>, <data>, <strls>, <value_labels>).
 * K = number of variables, N = number of observations; a (v,o) pair names the strL of variable v, observation o (1-based).
 */

import { NqpfInputError, IssueCollector } from "../errors.js";
import type { InputIssue } from "../errors.js";
import { table } from "../table/table.js";
import type { Column, ColumnMeta, NumericStorage, Table, TableMeta } from "../table/table.js";

/** The .dta releases this reader understands. */
export type DtaVersion = 114 | 115 | 117 | 118 | 119;

/** Options of {@link readDta}. */
export interface DtaReadOptions {
  /** File name used in error messages. */
  readonly file?: string;
}

/** What {@link readDta} returns: the data plus the file's release, byte order and time stamp. */
export interface DtaReadResult {
  readonly table: Table;
  readonly version: DtaVersion;
  readonly byteOrder: "MSF" | "LSF";
  /** The file's time stamp as written, "dd Mon yyyy hh:mm"; absent when the file has none. */
  readonly timestamp?: string;
}

/**
 * Type codes of the <variable_types> section (formats 117–119): 1..2045 are str# (the number is the width in bytes).
 * Reference: Stata `help dta`, section 5.3.
 */
export const DTA_TYPE = {
  strL: 32768,
  double: 65526,
  float: 65527,
  long: 65528,
  int: 65529,
  byte: 65530,
} as const;

/** Widest fixed-width string, str2045. */
export const DTA_STR_MAX = 2045;

/**
 * Largest non-missing value of each integer storage type; the next code up is system missing ".", then ".a".."z".
 * Smallest valid integer values are the negatives of -127, -32767 and -2147483647 (Stata `help dta`, section 5.10).
 */
export const DTA_INT_RANGE = {
  byte: { min: -127, max: 100 },
  int: { min: -32767, max: 32740 },
  long: { min: -2147483647, max: 2147483620 },
} as const;

/** Largest non-missing float, 0x7effffff (about 1.701e38); "." is 0x7f000000 and ".a".."z" follow in steps of 0x800. */
export const DTA_FLOAT_MAX = 1.7014117331926443e38;

/** Smallest double that is a missing code, 2^1023 = 0x7fe0000000000000; the largest storable double lies just below it. */
export const DTA_DOUBLE_MISSING = 2 ** 1023;

/** Offsets per release: field widths in bytes that differ between 117, 118 and 119. */
interface Layout {
  readonly version: DtaVersion;
  readonly kBytes: 2 | 4;
  readonly nBytes: 4 | 8;
  readonly labelLengthBytes: 1 | 2;
  readonly nameBytes: number;
  readonly formatBytes: number;
  readonly variableLabelBytes: number;
  readonly sortBytes: 2 | 4;
  /** Bytes of v within the 8-byte (v,o) strL reference stored in <data>. */
  readonly strlVBytes: 2 | 3 | 4;
  /** Bytes of o in a GSO record header. */
  readonly gsoOBytes: 4 | 8;
  readonly utf8: boolean;
}

const LAYOUTS: Readonly<Record<DtaVersion, Layout>> = {
  114: {
    version: 114,
    kBytes: 2,
    nBytes: 4,
    labelLengthBytes: 1,
    nameBytes: 33,
    formatBytes: 49,
    variableLabelBytes: 81,
    sortBytes: 2,
    strlVBytes: 4,
    gsoOBytes: 4,
    utf8: false,
  },
  115: {
    version: 115,
    kBytes: 2,
    nBytes: 4,
    labelLengthBytes: 1,
    nameBytes: 33,
    formatBytes: 49,
    variableLabelBytes: 81,
    sortBytes: 2,
    strlVBytes: 4,
    gsoOBytes: 4,
    utf8: false,
  },
  117: {
    version: 117,
    kBytes: 2,
    nBytes: 4,
    labelLengthBytes: 1,
    nameBytes: 33,
    formatBytes: 49,
    variableLabelBytes: 81,
    sortBytes: 2,
    strlVBytes: 4,
    gsoOBytes: 4,
    utf8: false,
  },
  118: {
    version: 118,
    kBytes: 2,
    nBytes: 8,
    labelLengthBytes: 2,
    nameBytes: 129,
    formatBytes: 57,
    variableLabelBytes: 321,
    sortBytes: 2,
    strlVBytes: 2,
    gsoOBytes: 8,
    utf8: true,
  },
  119: {
    version: 119,
    kBytes: 4,
    nBytes: 8,
    labelLengthBytes: 2,
    nameBytes: 129,
    formatBytes: 57,
    variableLabelBytes: 321,
    sortBytes: 4,
    strlVBytes: 3,
    gsoOBytes: 8,
    utf8: true,
  },
};

/** A parse failure at a known section; turned into an NqpfInputError at the top. */
class DtaParseFailure extends Error {
  readonly kind: "truncated" | "damaged" | "unsupported";
  readonly section: string;
  readonly detail: string;

  constructor(kind: "truncated" | "damaged" | "unsupported", section: string, detail: string) {
    super(`${section}: ${detail}`);
    this.kind = kind;
    this.section = section;
    this.detail = detail;
  }
}

/** Cursor over the file bytes; every read checks the bounds and names the section being read. */
class Cursor {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos = 0;
  little = true;
  section = "header";

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new DtaParseFailure(
        "truncated",
        this.section,
        `needed ${n} more byte${n === 1 ? "" : "s"} at byte ${this.pos}, but the file has ${this.bytes.length}`,
      );
    }
  }

  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, this.little);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, this.little);
    this.pos += 4;
    return v;
  }

  /** Unsigned integer of `size` bytes (up to 8) in the file's byte order; damaged when above 2^53. */
  uint(size: number): number {
    this.need(size);
    const v = readUint(this.bytes, this.pos, size, this.little);
    if (v === undefined)
      throw new DtaParseFailure(
        "damaged",
        this.section,
        `a ${size}-byte count at byte ${this.pos} is too large`,
      );
    this.pos += size;
    return v;
  }

  /** True when the bytes at the cursor spell `text` (no move). */
  peek(text: string): boolean {
    if (this.pos + text.length > this.bytes.length) return false;
    for (let i = 0; i < text.length; i++) if (this.bytes[this.pos + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  /** Consumes the ASCII tag `text`, or fails naming the section. */
  tag(text: string): void {
    if (this.peek(text)) {
      this.pos += text.length;
      return;
    }
    if (this.pos + text.length > this.bytes.length) {
      throw new DtaParseFailure(
        "truncated",
        this.section,
        `expected ${text} at byte ${this.pos}, but the file ends at byte ${this.bytes.length}`,
      );
    }
    throw new DtaParseFailure("damaged", this.section, `expected ${text} at byte ${this.pos}`);
  }
}

/** Unsigned little/big-endian integer of 1..8 bytes; undefined when it exceeds Number.MAX_SAFE_INTEGER. */
function readUint(bytes: Uint8Array, at: number, size: number, little: boolean): number | undefined {
  let value = 0;
  for (let k = 0; k < size; k++) {
    const b = bytes[little ? at + size - 1 - k : at + k]!;
    value = value * 256 + b;
  }
  return value <= Number.MAX_SAFE_INTEGER ? value : undefined;
}

// Text decoding: 117 stores Latin-1/Windows-1252 text, 118 and 119 UTF-8.

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** Windows-1252 code points of bytes 0x80..0x9f (the rest of the code page equals Latin-1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

function decodeCp1252(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b);
  return out;
}

/**
 * Decodes text bytes: UTF-8 for 118/119, Windows-1252 for 117. A 118/119 field that is not valid UTF-8 (some
 * converters wrote Latin-1 into 118 files) falls back to Windows-1252 rather than producing replacement characters.
 */
function decodeText(bytes: Uint8Array, utf8: boolean): string {
  if (utf8 || isAscii(bytes)) {
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      return decodeCp1252(bytes);
    }
  }
  return decodeCp1252(bytes);
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

/** The bytes of a fixed-width, NUL-padded field up to its first NUL. */
function cString(field: Uint8Array): Uint8Array {
  const end = field.indexOf(0);
  return end < 0 ? field : field.subarray(0, end);
}

// Missing values (Stata `help dta`, section 5.10): a value above the type's largest valid value is missing;
// the code is "." (mask 1) or ".a".."z" (mask 2..27).

function intMissingMask(value: number, max: number): number {
  const code = value - max; // 1 = ".", 2 = ".a", ...
  return code <= 27 ? code : 1;
}

/** Mask of a float given its raw bits: 0 when it is a number. */
function floatMissingMask(bits: number, value: number): number {
  if (bits >= 0x7f000000 && bits <= 0x7fffffff) {
    const code = Math.floor((bits - 0x7f000000) / 0x800);
    return code <= 26 ? code + 1 : 1;
  }
  return Number.isNaN(value) ? 1 : 0;
}

/** Mask of a double given the high 32 bits of its raw form: 0 when it is a number. */
function doubleMissingMask(high: number, value: number): number {
  if (high >= 0x7fe00000 && high <= 0x7fffffff) {
    const code = Math.floor((high - 0x7fe00000) / 0x100);
    return code <= 26 ? code + 1 : 1;
  }
  return Number.isNaN(value) ? 1 : 0;
}

interface VariableSpec {
  readonly type: number;
  name: string;
  format: string;
  valueLabelName: string;
  label: string;
}

interface DecodedHeader {
  readonly layout: Layout;
  readonly little: boolean;
  readonly k: number;
  readonly n: number;
  readonly label: string;
  readonly timestamp: string;
}

/**
 * Reads a Stata .dta file (formats 117, 118 and 119, and the older 114 and 115; either byte order) into a Table.
 *
 * Follows Stata's published format description (`help dta`). byte/int/long/float/double become number columns with
 * `meta.storage` and `meta.format`; str# and strL become string columns (strL through the GSO table; a binary strL is
 * decoded as UTF-8 text). Text is UTF-8 in 118/119 and Windows-1252 in 114, 115 and 117. Missing values: "." gives mask 1 and
 * ".a".."z" give masks 2..27, for each numeric type's own missing codes. Stata has no missing string other than "",
 * so an empty string cell is read as `null` (missing). Variable labels go to `meta.label`, value-label sets to
 * `meta.valueLabels` (labels of extended missing codes are dropped: a number key cannot hold ".a"), and the dataset
 * label to `table.meta.label`. Characteristics and the sort list are not read.
 *
 * Reference: Stata 18 `help dta` ("Description of .dta file format"), formats 117–119; `help dta_115` and `help dta_114`
 * for the older binary layout.
 *
 * @param bytes the whole file
 * @param options `file`: name used in error messages
 * @returns the table, the file's release, byte order and time stamp
 * @throws NqpfInputError with code "unsupported_format" (not a .dta file, or a release other than 114, 115, 117–119),
 *   "truncated_file" (the file ends early; the message names the section), "corrupt_file" (a section is damaged),
 *   "empty_file" (zero bytes) or "duplicate_column" (two variables with one name)
 * @example
 * readDta(writeDta(table([numberColumn("x", [1, 2])]))).table.columns[0].values // => Float64Array [1, 2]
 */
export function readDta(bytes: Uint8Array, options: DtaReadOptions = {}): DtaReadResult {
  const file = options.file;
  const where = file !== undefined ? { file } : {};
  if (bytes.length === 0) {
    throw new NqpfInputError([
      {
        code: "empty_file",
        ...where,
        message: "the file is empty (0 bytes)",
        hint: "save the data again from Stata (`save`) and check the copy",
      },
    ]);
  }
  try {
    return parse(bytes, file);
  } catch (error) {
    if (error instanceof DtaParseFailure)
      throw new NqpfInputError([failureIssue(error, file)], { cause: error });
    throw error;
  }
}

function failureIssue(failure: DtaParseFailure, file: string | undefined): InputIssue {
  const where = file !== undefined ? { file } : {};
  if (failure.kind === "unsupported") {
    return {
      code: "unsupported_format",
      ...where,
      message: failure.detail,
      hint: "save the data as a Stata 13 or later .dta file (in Stata: `save` or `saveold, version(13)`)",
    };
  }
  if (failure.kind === "truncated") {
    return {
      code: "truncated_file",
      ...where,
      message: `the file ends early in section <${failure.section}>: ${failure.detail}`,
      hint: "the file looks cut off; copy or download it again",
    };
  }
  return {
    code: "corrupt_file",
    ...where,
    message: `the file is damaged in section <${failure.section}>: ${failure.detail}`,
    hint: "the file is not a valid .dta file; save it again from Stata or copy it again",
  };
}

function parse(bytes: Uint8Array, file: string | undefined): DtaReadResult {
  if ((bytes[0] === 114 || bytes[0] === 115) && (bytes[1] === 1 || bytes[1] === 2))
    return parseBinary(bytes, file);
  const cur = new Cursor(bytes);
  const header = readHeader(cur);
  const { layout, k, n } = header;
  const utf8 = layout.utf8;

  cur.section = "map";
  cur.tag("<map>");
  cur.skip(14 * 8);
  cur.tag("</map>");

  cur.section = "variable_types";
  cur.tag("<variable_types>");
  const types: number[] = [];
  for (let j = 0; j < k; j++) types.push(cur.u16());
  cur.tag("</variable_types>");

  const vars: VariableSpec[] = types.map((type) => ({
    type,
    name: "",
    format: "",
    valueLabelName: "",
    label: "",
  }));

  cur.section = "varnames";
  cur.tag("<varnames>");
  for (const v of vars) v.name = decodeText(cString(cur.take(layout.nameBytes)), utf8);
  cur.tag("</varnames>");

  cur.section = "sortlist";
  cur.tag("<sortlist>");
  cur.skip((k + 1) * layout.sortBytes);
  cur.tag("</sortlist>");

  cur.section = "formats";
  cur.tag("<formats>");
  for (const v of vars) v.format = decodeText(cString(cur.take(layout.formatBytes)), utf8);
  cur.tag("</formats>");

  cur.section = "value_label_names";
  cur.tag("<value_label_names>");
  for (const v of vars) v.valueLabelName = decodeText(cString(cur.take(layout.nameBytes)), utf8);
  cur.tag("</value_label_names>");

  cur.section = "variable_labels";
  cur.tag("<variable_labels>");
  for (const v of vars) v.label = decodeText(cString(cur.take(layout.variableLabelBytes)), utf8);
  cur.tag("</variable_labels>");

  cur.section = "characteristics";
  cur.tag("<characteristics>");
  while (cur.peek("<ch>")) {
    cur.tag("<ch>");
    cur.skip(cur.u32());
    cur.tag("</ch>");
  }
  cur.tag("</characteristics>");

  // Check the type codes before touching the data.
  const widths: number[] = [];
  for (const v of vars) {
    const width = storageWidth(v.type);
    if (width === undefined) {
      throw new DtaParseFailure(
        "unsupported",
        "variable_types",
        `variable "${v.name}" has storage type code ${v.type}, which is not a type of .dta format ${layout.version}`,
      );
    }
    widths.push(width);
  }
  checkNames(vars, file);

  cur.section = "data";
  cur.tag("<data>");
  const rowWidth = widths.reduce((a, b) => a + b, 0);
  const dataStart = cur.pos;
  if (n > 0 && rowWidth > 0 && n > (bytes.length - dataStart) / rowWidth) {
    throw new DtaParseFailure(
      "truncated",
      "data",
      `the header promises ${n} observations of ${rowWidth} bytes, but only ${bytes.length - dataStart} bytes follow <data>`,
    );
  }
  const decoded = decodeData(cur, vars, widths, n, rowWidth, layout);
  cur.pos = dataStart + n * rowWidth;
  cur.tag("</data>");

  cur.section = "strls";
  cur.tag("<strls>");
  const gso = readStrls(cur, layout);
  cur.tag("</strls>");

  cur.section = "value_labels";
  cur.tag("<value_labels>");
  const labelSets = readValueLabels(cur, layout);
  cur.tag("</value_labels>");

  cur.section = "stata_dta";
  cur.tag("</stata_dta>");

  return assemble(vars, decoded, gso, labelSets, header, file);
}

/** Builds the result table from the decoded parts. */
function assemble(
  vars: readonly VariableSpec[],
  decoded: readonly DecodedColumn[],
  gso: GsoTable,
  labelSets: ReadonlyMap<string, ReadonlyMap<number, string>>,
  header: DecodedHeader,
  file: string | undefined,
): DtaReadResult {
  const collector = new IssueCollector();
  const columns: Column[] = vars.map((v, j) => {
    const data = decoded[j]!;
    if (data.kind === "number") {
      const labels = v.valueLabelName !== "" ? labelSets.get(v.valueLabelName) : undefined;
      const meta: ColumnMeta = {
        storage: data.storage,
        format: v.format,
        ...(v.label !== "" ? { label: v.label } : {}),
        ...(labels !== undefined ? { valueLabels: { name: v.valueLabelName, labels } } : {}),
      };
      return { type: "number", name: v.name, values: data.values, missing: data.missing, meta };
    }
    const meta: ColumnMeta = { format: v.format, ...(v.label !== "" ? { label: v.label } : {}) };
    if (data.kind === "string") return { type: "string", name: v.name, values: data.values, meta };
    const values = resolveStrls(data.refs, gso, v.name, file, collector);
    return { type: "string", name: v.name, values, meta };
  });
  collector.throwIfAny();

  const tableMeta: TableMeta = header.label !== "" ? { label: header.label } : {};
  return {
    table: table(columns, tableMeta),
    version: header.layout.version,
    byteOrder: header.little ? "LSF" : "MSF",
    ...(header.timestamp !== "" ? { timestamp: header.timestamp } : {}),
  };
}

/** Type codes of formats 114/115 (one byte) as the 117+ codes; undefined for an unknown code. */
function binaryTypeCode(code: number): number | undefined {
  if (code >= 1 && code <= 244) return code;
  const map: Readonly<Record<number, number>> = {
    251: DTA_TYPE.byte,
    252: DTA_TYPE.int,
    253: DTA_TYPE.long,
    254: DTA_TYPE.float,
    255: DTA_TYPE.double,
  };
  return map[code];
}

/**
 * Formats 114 and 115 (`help dta_115`): a 109-byte header (format, byte order, file type, unused, K, N, 81-byte data label,
 * 18-byte time stamp), then typlist, varlist, srtlist, fmtlist, lbllist, variable labels, expansion fields, data and
 * value labels, with no tags and no strLs.
 */
function parseBinary(bytes: Uint8Array, file: string | undefined): DtaReadResult {
  const cur = new Cursor(bytes);
  const layout = LAYOUTS[bytes[0] === 114 ? 114 : 115];
  cur.skip(1);
  cur.little = cur.u8() === 2;
  cur.skip(2);
  const k = cur.u16();
  const n = cur.u32();
  const label = decodeText(cString(cur.take(81)), false);
  const timestamp = decodeText(cString(cur.take(18)), false);
  const header: DecodedHeader = { layout, little: cur.little, k, n, label, timestamp };

  cur.section = "descriptors";
  const rawTypes = Array.from(cur.take(k));
  const vars: VariableSpec[] = rawTypes.map(() => ({
    type: 0,
    name: "",
    format: "",
    valueLabelName: "",
    label: "",
  }));
  for (const v of vars) v.name = decodeText(cString(cur.take(33)), false);
  cur.skip(2 * (k + 1));
  for (const v of vars) v.format = decodeText(cString(cur.take(49)), false);
  for (const v of vars) v.valueLabelName = decodeText(cString(cur.take(33)), false);
  cur.section = "variable labels";
  for (const v of vars) v.label = decodeText(cString(cur.take(81)), false);
  const typed = vars.map((v, j) => {
    const type = binaryTypeCode(rawTypes[j]!);
    if (type === undefined) {
      throw new DtaParseFailure(
        "unsupported",
        "descriptors",
        `variable "${v.name}" has storage type code ${rawTypes[j]!}, which is not a type of .dta format ${layout.version}`,
      );
    }
    return { ...v, type };
  });
  checkNames(typed, file);

  cur.section = "expansion fields";
  for (;;) {
    const dataType = cur.u8();
    const length = cur.u32();
    if (dataType === 0 && length === 0) break;
    cur.skip(length);
  }

  cur.section = "data";
  const widths = typed.map((v) => storageWidth(v.type)!);
  const rowWidth = widths.reduce((a, b) => a + b, 0);
  const dataStart = cur.pos;
  if (n > 0 && rowWidth > 0 && n > (bytes.length - dataStart) / rowWidth) {
    throw new DtaParseFailure(
      "truncated",
      "data",
      `the header promises ${n} observations of ${rowWidth} bytes, but only ${bytes.length - dataStart} bytes follow the descriptors`,
    );
  }
  const decoded = decodeData(cur, typed, widths, n, rowWidth, layout);
  cur.pos = dataStart + n * rowWidth;

  cur.section = "value labels";
  const labelSets = new Map<string, Map<number, string>>();
  while (cur.pos < bytes.length) {
    const length = cur.u32();
    const name = decodeText(cString(cur.take(33)), false);
    cur.skip(3);
    labelSets.set(name, readLabelTable(cur, name, length, false));
  }
  return assemble(typed, decoded, new Map(), labelSets, header, file);
}

function readHeader(cur: Cursor): DecodedHeader {
  const bytes = cur.bytes;
  if (!cur.peek("<stata_dta>")) {
    if (bytes.length >= 2 && bytes[0]! >= 102 && bytes[0]! <= 116 && (bytes[1] === 1 || bytes[1] === 2)) {
      throw new DtaParseFailure(
        "unsupported",
        "header",
        `this is a .dta file of format ${bytes[0]!} (Stata 9 or older), which is not supported; formats 114, 115, 117, 118 and 119 are`,
      );
    }
    if ("<stata_dta>".startsWith(String.fromCharCode(...bytes.subarray(0, 11)))) {
      throw new DtaParseFailure("truncated", "header", `the file has only ${bytes.length} bytes`);
    }
    throw new DtaParseFailure(
      "unsupported",
      "header",
      "this is not a Stata .dta file (it does not start with <stata_dta>)",
    );
  }
  cur.tag("<stata_dta>");
  cur.tag("<header>");
  cur.tag("<release>");
  const releaseText = String.fromCharCode(...cur.take(3));
  cur.tag("</release>");
  const release = Number(releaseText);
  if (release !== 117 && release !== 118 && release !== 119) {
    throw new DtaParseFailure(
      "unsupported",
      "header",
      `this is a .dta file of format ${releaseText}, which is not supported; formats 114, 115, 117, 118 and 119 are`,
    );
  }
  const layout = LAYOUTS[release];
  cur.tag("<byteorder>");
  const order = String.fromCharCode(...cur.take(3));
  cur.tag("</byteorder>");
  if (order !== "LSF" && order !== "MSF")
    throw new DtaParseFailure("damaged", "header", `byte order is "${order}"; expected LSF or MSF`);
  cur.little = order === "LSF";
  cur.tag("<K>");
  const k = cur.uint(layout.kBytes);
  cur.tag("</K>");
  cur.tag("<N>");
  const n = cur.uint(layout.nBytes);
  cur.tag("</N>");
  cur.tag("<label>");
  const labelLength = cur.uint(layout.labelLengthBytes);
  const label = decodeText(cur.take(labelLength), layout.utf8);
  cur.tag("</label>");
  cur.tag("<timestamp>");
  const stampLength = cur.u8();
  const timestamp = decodeText(cur.take(stampLength), layout.utf8);
  cur.tag("</timestamp>");
  cur.tag("</header>");
  return { layout, little: cur.little, k, n, label, timestamp };
}

/** Bytes one value of the type takes in a data row; undefined for an unknown code. */
function storageWidth(type: number): number | undefined {
  if (type >= 1 && type <= DTA_STR_MAX) return type;
  switch (type) {
    case DTA_TYPE.strL:
    case DTA_TYPE.double:
      return 8;
    case DTA_TYPE.float:
    case DTA_TYPE.long:
      return 4;
    case DTA_TYPE.int:
      return 2;
    case DTA_TYPE.byte:
      return 1;
    default:
      return undefined;
  }
}

function checkNames(vars: readonly VariableSpec[], file: string | undefined): void {
  const collector = new IssueCollector();
  const seen = new Set<string>();
  for (const v of vars) {
    if (seen.has(v.name)) {
      collector.add({
        code: "duplicate_column",
        ...(file !== undefined ? { file } : {}),
        column: v.name,
        message: `variable "${v.name}" appears twice in <varnames>`,
        hint: "the file is damaged; save it again from Stata",
      });
    }
    seen.add(v.name);
  }
  collector.throwIfAny();
}

type DecodedColumn =
  | {
      readonly kind: "number";
      readonly storage: NumericStorage;
      readonly values: Float64Array;
      readonly missing: Uint8Array;
    }
  | { readonly kind: "string"; readonly values: (string | null)[] }
  | { readonly kind: "strl"; readonly refs: StrlRefs };

/**
 * (v,o) references of a strL column. `alt` holds the other reading of an MSF reference (the 8 bytes as one big-endian
 * integer v + o·2^(8·vBytes), as some writers produce), tried when the first reading names no GSO.
 */
interface StrlRefs {
  readonly v: Float64Array;
  readonly o: Float64Array;
  readonly alt?: { readonly v: Float64Array; readonly o: Float64Array };
}

function decodeData(
  cur: Cursor,
  vars: readonly VariableSpec[],
  widths: readonly number[],
  n: number,
  rowWidth: number,
  layout: Layout,
): DecodedColumn[] {
  const { bytes, view, little } = cur;
  const start = cur.pos;
  const out: DecodedColumn[] = [];
  let offset = 0;
  for (let j = 0; j < vars.length; j++) {
    const type = vars[j]!.type;
    const width = widths[j]!;
    const base = start + offset;
    offset += width;
    if (type <= DTA_STR_MAX) {
      const values = new Array<string | null>(n);
      for (let i = 0; i < n; i++) {
        const at = base + i * rowWidth;
        const text = decodeText(cString(bytes.subarray(at, at + width)), layout.utf8);
        values[i] = text === "" ? null : text;
      }
      out.push({ kind: "string", values });
      continue;
    }
    if (type === DTA_TYPE.strL) {
      const v = new Float64Array(n);
      const o = new Float64Array(n);
      const alt = little ? undefined : { v: new Float64Array(n), o: new Float64Array(n) };
      const vBytes = layout.strlVBytes;
      for (let i = 0; i < n; i++) {
        const at = base + i * rowWidth;
        // (v,o): v in the first vBytes bytes, o in the rest, each in the file's byte order (Stata `help dta` 5.11.1).
        v[i] = readUint(bytes, at, vBytes, little)!;
        o[i] = readUint(bytes, at + vBytes, 8 - vBytes, little)!;
        if (alt) {
          alt.v[i] = readUint(bytes, at + 8 - vBytes, vBytes, false)!;
          alt.o[i] = readUint(bytes, at, 8 - vBytes, false)!;
        }
      }
      out.push({ kind: "strl", refs: alt ? { v, o, alt } : { v, o } });
      continue;
    }
    const values = new Float64Array(n);
    const missing = new Uint8Array(n);
    let storage: NumericStorage;
    switch (type) {
      case DTA_TYPE.byte: {
        storage = "byte";
        for (let i = 0; i < n; i++) {
          const x = view.getInt8(base + i * rowWidth);
          if (x > DTA_INT_RANGE.byte.max) {
            missing[i] = intMissingMask(x, DTA_INT_RANGE.byte.max);
            values[i] = Number.NaN;
          } else values[i] = x;
        }
        break;
      }
      case DTA_TYPE.int: {
        storage = "int";
        for (let i = 0; i < n; i++) {
          const x = view.getInt16(base + i * rowWidth, little);
          if (x > DTA_INT_RANGE.int.max) {
            missing[i] = intMissingMask(x, DTA_INT_RANGE.int.max);
            values[i] = Number.NaN;
          } else values[i] = x;
        }
        break;
      }
      case DTA_TYPE.long: {
        storage = "long";
        for (let i = 0; i < n; i++) {
          const x = view.getInt32(base + i * rowWidth, little);
          if (x > DTA_INT_RANGE.long.max) {
            missing[i] = intMissingMask(x, DTA_INT_RANGE.long.max);
            values[i] = Number.NaN;
          } else values[i] = x;
        }
        break;
      }
      case DTA_TYPE.float: {
        storage = "float";
        for (let i = 0; i < n; i++) {
          const at = base + i * rowWidth;
          const x = view.getFloat32(at, little);
          const mask = floatMissingMask(view.getUint32(at, little), x);
          missing[i] = mask;
          values[i] = mask === 0 ? x : Number.NaN;
        }
        break;
      }
      default: {
        storage = "double";
        for (let i = 0; i < n; i++) {
          const at = base + i * rowWidth;
          const x = view.getFloat64(at, little);
          const high = view.getUint32(little ? at + 4 : at, little);
          const mask = doubleMissingMask(high, x);
          missing[i] = mask;
          values[i] = mask === 0 ? x : Number.NaN;
        }
      }
    }
    out.push({ kind: "number", storage, values, missing });
  }
  return out;
}

/** GSO records keyed by "v,o". */
type GsoTable = Map<string, string>;

function readStrls(cur: Cursor, layout: Layout): GsoTable {
  const gso: GsoTable = new Map();
  while (cur.peek("GSO")) {
    cur.tag("GSO");
    const v = cur.u32();
    const o = cur.uint(layout.gsoOBytes);
    const t = cur.u8();
    const length = cur.u32();
    const content = cur.take(length);
    // t = 130: text with a trailing NUL; t = 129: binary, read here as UTF-8 text.
    const text = t === 130 ? cString(content) : content;
    gso.set(`${v},${o}`, decodeText(text, layout.utf8 || t === 129));
  }
  return gso;
}

function resolveStrls(
  refs: StrlRefs,
  gso: GsoTable,
  column: string,
  file: string | undefined,
  collector: IssueCollector,
): (string | null)[] {
  const n = refs.v.length;
  const values = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const v = refs.v[i]!;
    const o = refs.o[i]!;
    if (v === 0 && o === 0) {
      values[i] = null;
      continue;
    }
    const alt = refs.alt;
    const text = gso.get(`${v},${o}`) ?? (alt ? gso.get(`${alt.v[i]!},${alt.o[i]!}`) : undefined);
    if (text === undefined) {
      collector.add({
        code: "corrupt_file",
        ...(file !== undefined ? { file } : {}),
        row: i + 1,
        column,
        message: `the file is damaged in section <strls>: observation ${i + 1} refers to strL (${v},${o}), which is not in the file`,
        hint: "the file is not a valid .dta file; save it again from Stata or copy it again",
      });
      values[i] = null;
      continue;
    }
    values[i] = text === "" ? null : text;
  }
  return values;
}

function readValueLabels(cur: Cursor, layout: Layout): Map<string, Map<number, string>> {
  const sets = new Map<string, Map<number, string>>();
  while (cur.peek("<lbl>")) {
    cur.tag("<lbl>");
    const length = cur.u32();
    const name = decodeText(cString(cur.take(layout.nameBytes)), layout.utf8);
    cur.skip(3);
    const labels = readLabelTable(cur, name, length, layout.utf8);
    sets.set(name, labels);
    cur.tag("</lbl>");
  }
  return sets;
}

/** One value_label_table of `length` bytes: n, txtlen, off[n], val[n], txt (Stata `help dta` 5.12). */
function readLabelTable(cur: Cursor, name: string, length: number, utf8: boolean): Map<number, string> {
  const start = cur.pos;
  const body = cur.take(length);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (length < 8)
    throw new DtaParseFailure("damaged", cur.section, `label set "${name}" at byte ${start} is too short`);
  const count = view.getUint32(0, cur.little);
  const textLength = view.getUint32(4, cur.little);
  if (8 + 8 * count + textLength > length) {
    throw new DtaParseFailure(
      "damaged",
      cur.section,
      `label set "${name}" at byte ${start} declares ${count} labels and ${textLength} text bytes, more than its ${length} bytes`,
    );
  }
  const textStart = 8 + 8 * count;
  const labels = new Map<number, string>();
  for (let e = 0; e < count; e++) {
    const off = view.getUint32(8 + 4 * e, cur.little);
    const value = view.getInt32(8 + 4 * count + 4 * e, cur.little);
    if (off >= textLength)
      throw new DtaParseFailure(
        "damaged",
        cur.section,
        `label set "${name}": text offset ${off} is outside its ${textLength} text bytes`,
      );
    // Labels of ".", ".a".."z" have no number key; they are dropped.
    if (value > DTA_INT_RANGE.long.max) continue;
    labels.set(value, decodeText(cString(body.subarray(textStart + off, textStart + textLength)), utf8));
  }
  return labels;
}
