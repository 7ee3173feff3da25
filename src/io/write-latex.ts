/**
 * LaTeX table writer in the booktabs style (\toprule, \midrule, \bottomrule; no vertical rules); cells
 * are formatted by table/format-cells.ts, as in the DOCX writer.
 */
import {
  formatCells,
  headerLabel,
  noteLines,
  type FormatCellsOptions,
  type FormattedCell,
} from "../table/format-cells.js";
import type { Table } from "../table/table.js";

export interface WriteLatexOptions extends FormatCellsOptions {
  /** Caption (default: table.meta.title; none when absent). */
  readonly caption?: string;
  /** Cross-reference label, e.g. "tab:gdp" (characters other than letters, digits and `:._-/` are dropped). */
  readonly label?: string;
  /** Print method, parameters, reference, source and notes from table.meta under the table (default true). */
  readonly notes?: boolean;
  /** Header text: the column name, or its label ("label": label, else English or Chinese label, with the unit in parentheses; default). */
  readonly columnLabels?: "name" | "label";
  /** Text of a missing cell, inserted as LaTeX as given (default "", e.g. "--" or "$\\cdot$"). */
  readonly missing?: string;
}

/**
 * Writes a table as a LaTeX `table` float with a booktabs `tabular`.
 *
 * Numbers are right-aligned and text left-aligned; numbers are formatted by `formatCells` (a minus sign is
 * set as `$-$`, infinity as `$\infty$`). Text in cells, headers, caption and notes is escaped: the ten
 * specials & % $ # _ { } ~ ^ \ become \& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{}
 * \textbackslash{}; < > | ` become \textless{} \textgreater{} \textbar{} \textasciigrave{}; the ligature pairs
 * --, '' and ,, are broken with {}; line breaks and tabs become spaces and other control characters are dropped.
 * Notes (method, parameters, reference, source, notes) follow the tabular as a `\footnotesize` block inside
 * the float, so the output compiles with `\usepackage{booktabs}` alone. Chinese text is passed through
 * unchanged and needs XeLaTeX or LuaLaTeX with `xeCJK` or `ctex`. The output is deterministic.
 * Reference: Fear, S. (2020) "Publication quality tables in LaTeX" (booktabs package documentation, CTAN).
 * @param t the table (at least one column)
 * @param options caption, label, digits, notes, header labels, missing text
 * @returns the LaTeX source, ending in a newline
 * @throws RangeError when the table has no columns or a digits value is not an integer in 0..20
 * @example
 * writeLatex(table([numberColumn("x", [1.5])])).includes("\\toprule") // => true
 */
export function writeLatex(t: Table, options: WriteLatexOptions = {}): string {
  if (t.columns.length === 0) throw new RangeError("writeLatex: the table needs at least one column; got 0");
  const cells = formatCells(t, options);
  const columnLabels = options.columnLabels ?? "label";
  const header = t.columns.map((c) => latexText(columnLabels === "name" ? c.name : headerLabel(c)));
  const caption = options.caption ?? t.meta.title;
  const label = options.label?.replace(/[^A-Za-z0-9:._\-/]/g, "");

  const lines: string[] = [];
  lines.push("% Requires \\usepackage{booktabs}; Chinese text needs XeLaTeX with xeCJK or ctex.");
  lines.push("\\begin{table}[htbp]");
  lines.push("\\centering");
  if (caption !== undefined && caption !== "") lines.push(`\\caption{${latexText(caption)}}`);
  if (label !== undefined && label !== "") lines.push(`\\label{${label}}`);
  lines.push(`\\begin{tabular}{${cells.align.map((a) => (a === "right" ? "r" : "l")).join("")}}`);
  lines.push("\\toprule");
  lines.push(latexRow(header));
  lines.push("\\midrule");
  for (const row of cells.rows) lines.push(latexRow(row.map(latexCell)));
  lines.push("\\bottomrule");
  lines.push("\\end{tabular}");
  const notes = (options.notes ?? true) ? noteLines(t, "en") : [];
  if (notes.length > 0) {
    lines.push("\\par\\smallskip");
    lines.push("{\\footnotesize\\raggedright");
    for (const note of notes) lines.push(`${latexText(note)}\\par`);
    lines.push("}");
  }
  lines.push("\\end{table}");
  return `${lines.join("\n")}\n`;
}

/** One tabular row; a first cell starting with "[" or "*" is guarded with {} so the preceding \\\\ or rule does not read it as an argument. */
function latexRow(cells: readonly string[]): string {
  const first = cells[0] ?? "";
  const guarded = first.startsWith("[") || first.startsWith("*") ? `{}${first}` : first;
  return `${[guarded, ...cells.slice(1)].join(" & ")} \\\\`;
}

function latexCell(cell: FormattedCell): string {
  if (cell.kind === "missing") return cell.text;
  if (cell.kind === "text") return latexText(cell.text);
  if (cell.text === "∞") return "$\\infty$";
  if (cell.text === "-∞") return "$-\\infty$";
  return cell.text.startsWith("-") ? `$-$${cell.text.slice(1)}` : cell.text;
}

const LATEX_SPECIALS: Readonly<Record<string, string>> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "#": "\\#",
  "%": "\\%",
  _: "\\_",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
  "`": "\\textasciigrave{}",
};

/**
 * Escapes text for LaTeX (text mode): specials become commands, ligature pairs are broken, line breaks
 * become spaces and other control characters are dropped. Other characters, Chinese included, pass through.
 * @param text plain text
 * @returns LaTeX source that typesets `text`
 * @example
 * latexText("R&D 50% of $x_1") // => "R\\&D 50\\% of \\$x\\_1"
 */
export function latexText(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const special = LATEX_SPECIALS[ch];
    if (special !== undefined) out += special;
    else if (ch === "\r") {
      out += " ";
      if (text[i + 1] === "\n") i++;
    } else if (ch === "\n" || ch === "\t") out += " ";
    else if (ch < " " || ch === "\u007f") continue;
    else if ((ch === "-" || ch === "'" || ch === ",") && text[i + 1] === ch) out += `${ch}{}`;
    else out += ch;
  }
  return out;
}
