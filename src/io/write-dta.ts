/**
 * Stata .dta writer: format 118 (format 119 above 32,767 variables or on request), little-endian (LSF).
 * Layout per Stata's `help dta`; K = number of variables, N = number of observations, and a strL is referred to by
 * (v,o) = (variable, observation), both 1-based, of the cell where its text first appears.
 */

import { IssueCollector } from "../errors.js";
import type { InputIssue } from "../errors.js";
import type {
  Column,
  NumberColumn,
  NumericStorage,
  StringColumn,
  Table,
  ValueLabels,
} from "../table/table.js";
import { DTA_DOUBLE_MISSING, DTA_FLOAT_MAX, DTA_INT_RANGE, DTA_STR_MAX, DTA_TYPE } from "./read-dta.js";

/** Options of {@link writeDta}. */
export interface DtaWriteOptions {
  /** 118 (default; at most 32,767 variables) or 119. More than 32,767 variables selects 119 when no version is given. */
  readonly version?: 118 | 119;
  /** Dataset label (at most 80 characters are kept); defaults to `table.meta.label`. */
  readonly dataLabel?: string;
  /** Time stamp written in the header (its UTC date and time); defaults to 01 Jan 1970 00:00 so output is reproducible. */
  readonly timestamp?: Date;
  /** File name used in error messages. */
  readonly file?: string;
}

/** Stata's reserved words, which cannot be variable names (`help varname`). */
const RESERVED = new Set([
  "_all",
  "_b",
  "byte",
  "_coef",
  "_cons",
  "double",
  "float",
  "if",
  "in",
  "int",
  "long",
  "_n",
  "_N",
  "_pi",
  "_pred",
  "_rc",
  "_skip",
  "strL",
  "using",
  "with",
]);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Most characters Stata keeps in a variable label, the data label and a label-set name's text fields. */
const LABEL_CHARS = 80;
/** Longest value-label text in bytes (Stata 14+). */
const VALUE_LABEL_BYTES = 32000;

const utf8 = new TextEncoder();

/** How one column is stored. */
interface ColumnPlan {
  readonly name: string;
  readonly typeCode: number;
  readonly width: number;
  readonly format: string;
  readonly label: string;
  valueLabelName: string;
  readonly storage?: NumericStorage;
  /** Encoded text of each cell (string columns). */
  readonly encoded?: readonly Uint8Array[];
}

/**
 * Writes a Table as a Stata .dta file (format 118, or 119 above 32,767 variables or on request), little-endian.
 *
 * Follows Stata's published format description (`help dta`). Storage per number column: `meta.storage` when it still
 * holds every value exactly, otherwise the narrowest of byte, int, long and double that does (float only when
 * `meta.storage` says float and every value is exactly a float32). Missing masks are written as Stata's "." and
 * ".a".."z" codes of that type. String columns become str# (longest value at most 2,045 UTF-8 bytes) or strL; a missing
 * string is written as "" (Stata has no other missing string). Variable names follow Stata's rules (at most 32 characters of
 * [A-Za-z0-9_], not starting with a digit, not a reserved word): an invalid name (Chinese, spaces, too long) is replaced
 * by a valid unique one, and the original name becomes the variable label when the column has none. Labels longer than
 * 80 characters are cut to 80. Value-label sets (`meta.valueLabels`) are written once per name; an empty set is not
 * written. Output is byte-identical for the same input and options.
 *
 * Reference: Stata 18 `help dta` ("Description of .dta file format"), formats 118 and 119.
 *
 * @param t the table to write
 * @param options version (118 or 119), dataLabel, timestamp, file (for error messages)
 * @returns the bytes of the .dta file
 * @throws NqpfInputError with code "bad_value" for a value Stata cannot store (±Infinity, a double of 2^1023 or more,
 *   a string that is not valid Unicode, a value-label key that is not an integer in -2147483647..2147483620); rows
 *   are counted as a spreadsheet of the table shows them (header row 1, first data row 2)
 * @throws RangeError for an unknown version, an invalid timestamp, more than 32,767 variables with version 118, or a
 *   missing mask outside 0..27
 * @example
 * readDta(writeDta(table([numberColumn("x", [1, 2])]))).table.columns[0].meta.storage // => "byte"
 */
export function writeDta(t: Table, options: DtaWriteOptions = {}): Uint8Array {
  const k = t.columns.length;
  const n = t.rowCount;
  const requested: number | undefined = options.version;
  if (requested !== undefined && requested !== 118 && requested !== 119) {
    throw new RangeError(`writeDta: version must be 118 or 119; got ${String(requested)}`);
  }
  const version = options.version ?? (k > 32767 ? 119 : 118);
  if (version === 118 && k > 32767)
    throw new RangeError(`writeDta: format 118 holds at most 32767 variables; got ${k} (use version 119)`);
  const stamp = timestampText(options.timestamp);

  const collector = new IssueCollector();
  const where = options.file !== undefined ? { file: options.file } : {};
  const names = stataNames(t.columns.map((c) => c.name));
  const plans = t.columns.map((column, j) => planColumn(column, names[j]!, collector, where));
  const labelSets = planValueLabels(t.columns, plans, collector, where);
  collector.throwIfAny();

  const dataLabel = truncateText(options.dataLabel ?? t.meta.label ?? "", LABEL_CHARS, 320);
  const out = new ByteWriter(1024 + k * 600 + n * plans.reduce((a, p) => a + p.width, 0));
  const map: number[] = [];

  // <header>
  map.push(out.pos);
  out.ascii("<stata_dta><header><release>");
  out.ascii(String(version));
  out.ascii("</release><byteorder>LSF</byteorder><K>");
  if (version === 118) out.u16(k);
  else out.u32(k);
  out.ascii("</K><N>");
  out.uint(n, 8);
  out.ascii("</N><label>");
  const labelBytes = utf8.encode(dataLabel);
  out.u16(labelBytes.length);
  out.bytes(labelBytes);
  out.ascii("</label><timestamp>");
  out.u8(stamp.length);
  out.ascii(stamp);
  out.ascii("</timestamp></header>");

  // <map>: 14 offsets, filled in at the end.
  map.push(out.pos);
  out.ascii("<map>");
  const mapAt = out.pos;
  out.zeros(14 * 8);
  out.ascii("</map>");

  map.push(out.pos);
  out.ascii("<variable_types>");
  for (const p of plans) out.u16(p.typeCode);
  out.ascii("</variable_types>");

  map.push(out.pos);
  out.ascii("<varnames>");
  for (const p of plans) out.fixed(utf8.encode(p.name), 129);
  out.ascii("</varnames>");

  map.push(out.pos);
  out.ascii("<sortlist>");
  out.zeros((k + 1) * (version === 118 ? 2 : 4));
  out.ascii("</sortlist>");

  map.push(out.pos);
  out.ascii("<formats>");
  for (const p of plans) out.fixed(utf8.encode(p.format), 57);
  out.ascii("</formats>");

  map.push(out.pos);
  out.ascii("<value_label_names>");
  for (const p of plans) out.fixed(utf8.encode(p.valueLabelName), 129);
  out.ascii("</value_label_names>");

  map.push(out.pos);
  out.ascii("<variable_labels>");
  for (const p of plans) out.fixed(utf8.encode(p.label), 321);
  out.ascii("</variable_labels>");

  map.push(out.pos);
  out.ascii("<characteristics></characteristics>");

  map.push(out.pos);
  out.ascii("<data>");
  const gso = writeData(out, t, plans, version);
  out.ascii("</data>");

  map.push(out.pos);
  out.ascii("<strls>");
  for (const record of gso) {
    out.ascii("GSO");
    out.u32(record.v);
    out.uint(record.o, 8);
    out.u8(record.binary ? 129 : 130);
    out.u32(record.content.length + (record.binary ? 0 : 1));
    out.bytes(record.content);
    if (!record.binary) out.u8(0);
  }
  out.ascii("</strls>");

  map.push(out.pos);
  out.ascii("<value_labels>");
  for (const [name, labels] of labelSets) writeLabelSet(out, name, labels);
  out.ascii("</value_labels>");

  map.push(out.pos);
  out.ascii("</stata_dta>");
  map.push(out.pos);

  const end = out.pos;
  out.pos = mapAt;
  for (const offset of map) out.uint(offset, 8);
  return out.result(end);
}

/** "dd Mon yyyy hh:mm" in UTC. */
function timestampText(date: Date | undefined): string {
  if (date === undefined) return "01 Jan 1970 00:00";
  const time = date.getTime();
  if (!Number.isFinite(time))
    throw new RangeError("writeDta: timestamp must be a valid Date; got Invalid Date");
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999))
    throw new RangeError(`writeDta: timestamp year must be in 0..9999; got ${year}`);
  const pad = (x: number): string => String(x).padStart(2, "0");
  return `${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]!} ${String(year).padStart(4, "0")} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** True when `name` is a legal Stata variable or label-set name. */
function isStataName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,31}$/.test(name) && !RESERVED.has(name) && !/^str[1-9][0-9]*$/.test(name);
}

/**
 * Stata names for the columns, in order: a valid name is kept; an invalid one becomes its ASCII letters, digits and
 * underscores (runs of other characters turn into one "_"), or `v<position>` when nothing is left, made unique with "_2", "_3", ...
 */
function stataNames(original: readonly string[]): string[] {
  const taken = new Set(original.filter(isStataName));
  return original.map((name, j) => {
    if (isStataName(name)) return name;
    let base = name.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
    if (!/[A-Za-z0-9]/.test(base)) base = `v${j + 1}`;
    if (/^[0-9]/.test(base)) base = `v${base}`;
    base = base.slice(0, 32);
    if (!isStataName(base)) base = `${base.slice(0, 31)}_`;
    let candidate = base;
    for (let suffix = 2; taken.has(candidate) || !isStataName(candidate); suffix++) {
      const tail = `_${suffix}`;
      candidate = `${base.slice(0, 32 - tail.length)}${tail}`;
    }
    taken.add(candidate);
    return candidate;
  });
}

/** `text` cut to at most `maxChars` code points and `maxBytes` UTF-8 bytes. */
function truncateText(text: string, maxChars: number, maxBytes: number): string {
  let out = "";
  let chars = 0;
  let bytes = 0;
  for (const ch of text) {
    const size = utf8.encode(ch).length;
    if (chars + 1 > maxChars || bytes + size > maxBytes) break;
    out += ch;
    chars++;
    bytes += size;
  }
  return out;
}

function planColumn(
  column: Column,
  name: string,
  collector: IssueCollector,
  where: { file?: string },
): ColumnPlan {
  const label = truncateText(
    column.meta.label ?? (name !== column.name ? column.name : ""),
    LABEL_CHARS,
    320,
  );
  if (column.type === "number") {
    const storage = chooseStorage(column, collector, where);
    const typeCode = DTA_TYPE[storage];
    const width = storage === "byte" ? 1 : storage === "int" ? 2 : storage === "double" ? 8 : 4;
    const format = numericFormat(column.meta.format) ?? DEFAULT_FORMAT[storage];
    return { name, typeCode, width, format, label, valueLabelName: "", storage };
  }
  const encoded = encodeStrings(column, collector, where);
  let longest = 0;
  let hasNul = false;
  for (const bytes of encoded) {
    if (bytes.length > longest) longest = bytes.length;
    if (bytes.includes(0)) hasNul = true;
  }
  if (longest <= DTA_STR_MAX && !hasNul) {
    const width = Math.max(longest, 1);
    return {
      name,
      typeCode: width,
      width,
      format: stringFormat(column.meta.format) ?? `%${Math.max(width, 9)}s`,
      label,
      valueLabelName: "",
      encoded,
    };
  }
  return {
    name,
    typeCode: DTA_TYPE.strL,
    width: 8,
    format: stringFormat(column.meta.format) ?? "%9s",
    label,
    valueLabelName: "",
    encoded,
  };
}

const DEFAULT_FORMAT: Readonly<Record<NumericStorage, string>> = {
  byte: "%8.0g",
  int: "%8.0g",
  long: "%12.0g",
  float: "%9.0g",
  double: "%10.0g",
};

/** A number display format that Stata accepts (%w.dg/f/e with optional c, %t and %d dates, hex forms), else undefined. */
function numericFormat(format: string | undefined): string | undefined {
  if (format === undefined || format.length > 56) return undefined;
  if (/^%-?0?[0-9]{0,3}([.,][0-9]{1,3})?[fgeFGE]c?$/.test(format)) return format;
  if (/^%-?t[cCdwmqhyb][\x20-\x7e]*$/.test(format) || /^%-?d[\x20-\x7e]*$/.test(format)) return format;
  if (/^%(21x|16H|16L|8H|8L)$/.test(format)) return format;
  return undefined;
}

/** A string display format (%ws, %-ws, %~ws), else undefined. */
function stringFormat(format: string | undefined): string | undefined {
  return format !== undefined && /^%[-~]?[0-9]{1,4}s$/.test(format) ? format : undefined;
}

/** True when every present value fits the storage type exactly. */
function fits(column: NumberColumn, storage: NumericStorage): boolean {
  const { values, missing } = column;
  for (let i = 0; i < values.length; i++) {
    if (missing[i] !== 0) continue;
    const v = values[i]!;
    switch (storage) {
      case "byte":
      case "int":
      case "long": {
        const range = DTA_INT_RANGE[storage];
        if (!(Number.isInteger(v) && v >= range.min && v <= range.max) || Object.is(v, -0)) return false;
        break;
      }
      case "float":
        if (!(Math.fround(v) === v && Math.abs(v) <= DTA_FLOAT_MAX)) return false;
        break;
      case "double":
        if (!(v < DTA_DOUBLE_MISSING && v > Number.NEGATIVE_INFINITY)) return false;
    }
  }
  return true;
}

function chooseStorage(
  column: NumberColumn,
  collector: IssueCollector,
  where: { file?: string },
): NumericStorage {
  const { values, missing } = column;
  for (let i = 0; i < values.length; i++) {
    const mask = missing[i]!;
    if (mask > 27)
      throw new RangeError(
        `writeDta: column "${column.name}" row ${i + 2} has missing code ${mask}; expected 0..27`,
      );
    if (mask === 0 && Number.isNaN(values[i]!)) {
      throw new RangeError(
        `writeDta: column "${column.name}" row ${i + 2} holds NaN but its missing mask is 0`,
      );
    }
  }
  const hint = column.meta.storage;
  if (hint !== undefined && fits(column, hint)) return hint;
  for (const storage of ["byte", "int", "long", "double"] as const) if (fits(column, storage)) return storage;
  // Nothing holds every value: report each value Stata cannot store.
  for (let i = 0; i < values.length; i++) {
    if (missing[i] !== 0) continue;
    const v = values[i]!;
    if (v < DTA_DOUBLE_MISSING && v > Number.NEGATIVE_INFINITY) continue;
    collector.add(
      badValue(
        where,
        column.name,
        i,
        Number.isFinite(v)
          ? `${v} is larger than the largest number Stata can store (8.988e+307)`
          : `${v} cannot be stored in Stata`,
        Number.isFinite(v)
          ? "Stata doubles above 8.988e+307 are missing codes; rescale the column or set the value missing"
          : "Stata cannot store infinity; set the value missing (or cap it) before writing",
      ),
    );
  }
  return "double";
}

function badValue(
  where: { file?: string },
  column: string,
  i: number,
  message: string,
  hint: string,
): InputIssue {
  return { code: "bad_value", ...where, row: i + 2, column, message, hint };
}

/** True when `text` has no unpaired surrogate (so it is valid Unicode and encodes to UTF-8 unchanged). */
function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function encodeStrings(
  column: StringColumn,
  collector: IssueCollector,
  where: { file?: string },
): Uint8Array[] {
  const empty = new Uint8Array(0);
  return column.values.map((text, i) => {
    if (text === null || text === "") return empty;
    if (!isWellFormed(text)) {
      collector.add(
        badValue(
          where,
          column.name,
          i,
          "the text holds an unpaired UTF-16 surrogate (not valid Unicode)",
          "fix the text encoding of this cell before writing",
        ),
      );
    }
    return utf8.encode(text);
  });
}

/** Assigns label-set names to the plans and returns the sets to write, by name, in first-use order. */
function planValueLabels(
  columns: readonly Column[],
  plans: ColumnPlan[],
  collector: IssueCollector,
  where: { file?: string },
): Map<string, ReadonlyMap<number, string>> {
  const sets = new Map<string, ReadonlyMap<number, string>>();
  const taken = new Set<string>();
  columns.forEach((column, j) => {
    const valueLabels = column.meta.valueLabels;
    if (column.type !== "number" || valueLabels === undefined || valueLabels.labels.size === 0) return;
    let ok = true;
    for (const key of valueLabels.labels.keys()) {
      if (!(Number.isInteger(key) && key >= DTA_INT_RANGE.long.min && key <= DTA_INT_RANGE.long.max)) {
        ok = false;
        collector.add({
          code: "bad_value",
          ...where,
          column: column.name,
          message: `value label set "${valueLabels.name}" labels ${key}, which Stata cannot label`,
          hint: "Stata value labels attach to integers between -2147483647 and 2147483620; remove or recode that label",
        });
      }
    }
    if (!ok) return;
    const base = labelSetName(valueLabels, j);
    let name = base;
    for (let suffix = 2; ; suffix++) {
      const existing = sets.get(name);
      if (existing === undefined && !taken.has(name)) break;
      if (existing !== undefined && sameLabels(existing, valueLabels.labels)) break;
      const tail = `_${suffix}`;
      name = `${base.slice(0, 32 - tail.length)}${tail}`;
    }
    taken.add(name);
    if (!sets.has(name)) sets.set(name, valueLabels.labels);
    plans[j]!.valueLabelName = name;
  });
  return sets;
}

function labelSetName(valueLabels: ValueLabels, j: number): string {
  if (isStataName(valueLabels.name)) return valueLabels.name;
  let base = valueLabels.name.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  if (!/[A-Za-z0-9]/.test(base)) base = `lbl${j + 1}`;
  if (/^[0-9]/.test(base)) base = `l${base}`;
  base = base.slice(0, 32);
  return isStataName(base) ? base : `${base.slice(0, 31)}_`;
}

function sameLabels(a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [key, text] of a) if (b.get(key) !== text) return false;
  return true;
}

interface GsoRecord {
  readonly v: number;
  readonly o: number;
  readonly binary: boolean;
  readonly content: Uint8Array;
}

function writeData(out: ByteWriter, t: Table, plans: readonly ColumnPlan[], version: 118 | 119): GsoRecord[] {
  const n = t.rowCount;
  const vBytes = version === 118 ? 2 : 3;
  const gso: GsoRecord[] = [];
  const firstSeen = new Map<string, { v: number; o: number }>();
  const rowWidth = plans.reduce((a, p) => a + p.width, 0);
  out.ensure(n * rowWidth);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < plans.length; j++) {
      const plan = plans[j]!;
      const column = t.columns[j]!;
      if (column.type === "number") {
        writeNumber(out, plan.storage!, column.values[i]!, column.missing[i]!);
        continue;
      }
      const bytes = plan.encoded![i]!;
      if (plan.typeCode !== DTA_TYPE.strL) {
        out.fixed(bytes, plan.width);
        continue;
      }
      if (bytes.length === 0) {
        out.zeros(8);
        continue;
      }
      const text = column.values[i]!;
      let ref = firstSeen.get(text);
      if (ref === undefined) {
        ref = { v: j + 1, o: i + 1 };
        firstSeen.set(text, ref);
        gso.push({ v: ref.v, o: ref.o, binary: bytes.includes(0), content: bytes });
      }
      out.uint(ref.v, vBytes);
      out.uint(ref.o, 8 - vBytes);
    }
  }
  return gso;
}

function writeNumber(out: ByteWriter, storage: NumericStorage, value: number, mask: number): void {
  switch (storage) {
    case "byte":
      out.i8(mask === 0 ? value : DTA_INT_RANGE.byte.max + mask);
      return;
    case "int":
      out.i16(mask === 0 ? value : DTA_INT_RANGE.int.max + mask);
      return;
    case "long":
      out.i32(mask === 0 ? value : DTA_INT_RANGE.long.max + mask);
      return;
    case "float":
      if (mask === 0) out.f32(value);
      else out.u32(0x7f000000 + (mask - 1) * 0x800);
      return;
    case "double":
      if (mask === 0) out.f64(value);
      else {
        out.u32(0);
        out.u32(0x7fe00000 + (mask - 1) * 0x100);
      }
  }
}

function writeLabelSet(out: ByteWriter, name: string, labels: ReadonlyMap<number, string>): void {
  const entries = [...labels.entries()].sort((a, b) => a[0] - b[0]);
  const texts = entries.map(([, text]) =>
    utf8.encode(truncateText(text.replaceAll("\0", ""), Number.POSITIVE_INFINITY, VALUE_LABEL_BYTES - 1)),
  );
  const textLength = texts.reduce((a, b) => a + b.length + 1, 0);
  const count = entries.length;
  out.ascii("<lbl>");
  out.u32(8 + 8 * count + textLength);
  out.fixed(utf8.encode(name), 129);
  out.zeros(3);
  out.u32(count);
  out.u32(textLength);
  let offset = 0;
  for (const bytes of texts) {
    out.u32(offset);
    offset += bytes.length + 1;
  }
  for (const [key] of entries) out.i32(key);
  for (const bytes of texts) {
    out.bytes(bytes);
    out.u8(0);
  }
  out.ascii("</lbl>");
}

/** Growable little-endian byte buffer. */
class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(capacity, 256));
    this.view = new DataView(this.buffer.buffer);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer);
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  u8(x: number): void {
    this.ensure(1);
    this.buffer[this.pos++] = x;
  }

  i8(x: number): void {
    this.ensure(1);
    this.view.setInt8(this.pos++, x);
  }

  u16(x: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, x, true);
    this.pos += 2;
  }

  i16(x: number): void {
    this.ensure(2);
    this.view.setInt16(this.pos, x, true);
    this.pos += 2;
  }

  u32(x: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, x, true);
    this.pos += 4;
  }

  i32(x: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, x, true);
    this.pos += 4;
  }

  f32(x: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, x, true);
    this.pos += 4;
  }

  f64(x: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  /** Unsigned integer (below 2^53) in `size` little-endian bytes. */
  uint(x: number, size: number): void {
    this.ensure(size);
    let rest = x;
    for (let b = 0; b < size; b++) {
      this.buffer[this.pos++] = rest % 256;
      rest = Math.floor(rest / 256);
    }
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.pos);
    this.pos += data.length;
  }

  ascii(text: string): void {
    this.ensure(text.length);
    for (let c = 0; c < text.length; c++) this.buffer[this.pos++] = text.charCodeAt(c);
  }

  zeros(n: number): void {
    this.ensure(n);
    this.buffer.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** `data` in a NUL-padded field of `width` bytes (data.length <= width). */
  fixed(data: Uint8Array, width: number): void {
    this.ensure(width);
    this.buffer.set(data.subarray(0, width), this.pos);
    this.buffer.fill(0, this.pos + Math.min(data.length, width), this.pos + width);
    this.pos += width;
  }

  result(end: number): Uint8Array {
    return this.buffer.slice(0, end);
  }
}
