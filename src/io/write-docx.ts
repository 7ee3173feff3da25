/**
 * Word (.docx, WordprocessingML) writer for tables, built on the `docx` package: per table a caption, a
 * three-line table (rules above and below the header and at the bottom, as journals ask) and a notes
 * paragraph. Cells are formatted as `formatCells` does for LaTeX, so both exports show the same numbers.
 */
import type { Paragraph, Table as DocxTable, TableCell, TextRun } from "docx";
import type { Table } from "../table/table.js";
import { formatCells, headerLabel, noteLines } from "../table/format-cells.js";
import { fixZipDates } from "./zip.js";

export interface WriteDocxOptions {
  /** Document title, printed first and stored in the document properties. */
  readonly title?: string;
  /** Decimals of non-integer numeric columns (default 3; see `formatCells`). */
  readonly digits?: number;
  /** Wording of captions, header labels and note heads (default "en"). */
  readonly language?: "zh" | "en";
  /** Text of a missing cell (default ""). */
  readonly missing?: string;
}

/** Fixed creation and modification time of the document properties, so output is byte-stable. */
const FIXED_TIME = "2000-01-01T00:00:00Z";

/** The docx package, loaded when a document is written (it is large and only this writer needs it). */
type Docx = typeof import("docx");

/**
 * Writes tables into one Word document.
 *
 * Each table gets a caption ("Table 1. title" or "表1 title", the title from table.meta.title, else
 * table.meta.name), a header row of column labels (in "zh" the Chinese label is preferred, in "en" the
 * English one; the unit follows in parentheses), one row per table row with numbers right-aligned and text
 * left-aligned, missing cells empty, and under it the notes (method, parameters, reference, source, notes).
 * The table is drawn as a three-line table: a thick rule above the header, a thin one below it and a thick
 * one at the bottom. The document properties' created/modified times and the zip entries' times are fixed,
 * so the same tables give byte-identical output.
 * Reference: ECMA-376 Part 1, §17 (WordprocessingML); docx package 9 (docx.js.org).
 * @param tables the tables (at least one, each with at least one column)
 * @param options document title, digits, language, missing text
 * @returns the .docx file's bytes
 * @throws RangeError when no table is given, a table has no columns, or digits is not an integer in 0..20
 * @example
 * const bytes = await writeDocx([table([numberColumn("x", [1.5])])], { language: "zh" });
 * new TextDecoder().decode(bytes.slice(0, 2)) // => "PK" (a zip container)
 */
export async function writeDocx(
  tables: readonly Table[],
  options: WriteDocxOptions = {},
): Promise<Uint8Array> {
  if (tables.length === 0) throw new RangeError("writeDocx: needs at least one table; got 0");
  const docx: Docx = await import("docx");
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph } = docx;
  const language = options.language ?? "en";
  const children: (Paragraph | DocxTable)[] = [];
  if (options.title !== undefined && options.title !== "") {
    children.push(
      new Paragraph({
        heading: HeadingLevel.TITLE,
        alignment: AlignmentType.CENTER,
        children: runs(docx, options.title, {}),
      }),
    );
  }
  tables.forEach((t, index) => {
    if (t.columns.length === 0)
      throw new RangeError(`writeDocx: table ${index + 1} needs at least one column; got 0`);
    children.push(caption(docx, t, index, language));
    children.push(docxTable(docx, t, options, language));
    const notes = noteLines(t, language);
    children.push(
      new Paragraph({
        spacing: { before: 60, after: 240 },
        children: runs(docx, notes.join("\n"), { size: 18 }),
      }),
    );
  });

  const document = new Document({
    creator: "nqpf",
    lastModifiedBy: "nqpf",
    ...(options.title !== undefined ? { title: options.title } : {}),
    styles: {
      default: {
        document: {
          run: { font: { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "SimSun" }, size: 21 },
        },
      },
    },
    sections: [{ children }],
  });
  const buffer = await Packer.toBuffer(document, false, [
    { path: "docProps/core.xml", data: coreProperties(options.title) },
  ]);
  return fixZipDates(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
}

function caption(docx: Docx, t: Table, index: number, language: "zh" | "en"): Paragraph {
  const { AlignmentType, Paragraph } = docx;
  const title = t.meta.title ?? t.meta.name ?? "";
  const head = language === "zh" ? `表${index + 1}` : `Table ${index + 1}.`;
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    spacing: { before: 240, after: 120 },
    children: runs(docx, title === "" ? head.replace(/\.$/, "") : `${head} ${title}`, { bold: true }),
  });
}

function docxTable(docx: Docx, t: Table, options: WriteDocxOptions, language: "zh" | "en"): DocxTable {
  const { AlignmentType, BorderStyle, Paragraph, TableCell, TableRow, WidthType } = docx;
  const RULE_THICK = { style: BorderStyle.SINGLE, size: 12, color: "000000" };
  const RULE_THIN = { style: BorderStyle.SINGLE, size: 6, color: "000000" };
  const NO_RULE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
  const cells = formatCells(t, {
    ...(options.digits !== undefined ? { digits: options.digits } : {}),
    ...(options.missing !== undefined ? { missing: options.missing } : {}),
  });
  const align = cells.align.map((a) => (a === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT));
  const last = cells.rows.length - 1;
  const cell = (
    text: string,
    column: number,
    top: "thick" | "thin" | "none",
    bottom: "thick" | "thin" | "none",
    bold: boolean,
  ): TableCell =>
    new TableCell({
      borders: {
        top: top === "thick" ? RULE_THICK : top === "thin" ? RULE_THIN : NO_RULE,
        bottom: bottom === "thick" ? RULE_THICK : bottom === "thin" ? RULE_THIN : NO_RULE,
        left: NO_RULE,
        right: NO_RULE,
      },
      children: [new Paragraph({ alignment: align[column]!, children: runs(docx, text, { bold }) })],
    });
  const header = new TableRow({
    tableHeader: true,
    children: t.columns.map((c, j) => cell(headerLabel(c, language), j, "thick", "thin", true)),
  });
  const body = cells.rows.map(
    (row, i) =>
      new TableRow({
        children: row.map((f, j) => cell(f.text, j, "none", i === last ? "thick" : "none", false)),
      }),
  );
  return new docx.Table({
    rows: [header, ...body],
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: NO_RULE,
      bottom: NO_RULE,
      left: NO_RULE,
      right: NO_RULE,
      insideHorizontal: NO_RULE,
      insideVertical: NO_RULE,
    },
  });
}

/**
 * Text runs for `text`: line breaks become Word line breaks, tabs spaces, and characters XML cannot hold
 * (other C0 controls, DEL, lone surrogates, U+FFFE/U+FFFF) are dropped.
 */
function runs(
  docx: Docx,
  text: string,
  style: { readonly bold?: boolean; readonly size?: number },
): TextRun[] {
  if (text === "") return [];
  return docxText(text)
    .split(/\r\n|\r|\n/)
    .map((line, k) => new docx.TextRun({ text: line, ...style, ...(k > 0 ? { break: 1 } : {}) }));
}

/** Characters XML 1.0 cannot hold, other than tab, CR and LF: C0 controls, DEL, U+FFFE/U+FFFF, lone surrogates. */
/* eslint-disable no-control-regex -- control characters are exactly what is removed here */
const XML_UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

function docxText(text: string): string {
  return text.replace(/\t/g, " ").replace(XML_UNSAFE, "");
}

/** docProps/core.xml with fixed times (docx would stamp the current time). */
function coreProperties(title: string | undefined): string {
  const titleXml =
    title !== undefined && title !== "" ? `<dc:title>${xmlEscape(docxText(title))}</dc:title>` : "";
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `${titleXml}<dc:creator>nqpf</dc:creator><cp:lastModifiedBy>nqpf</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${FIXED_TIME}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${FIXED_TIME}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}

function xmlEscape(text: string): string {
  return text.replace(/[&<>"]/g, (ch) =>
    ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : "&quot;",
  );
}
