/** Plain-text table layout for the terminal. */
import { displayWidth } from "../table/format-cells.js";

/** Width of a string on a terminal: ANSI colour codes take no cells. */
function terminalWidth(text: string): number {
  // eslint-disable-next-line no-control-regex -- strips ANSI colour codes
  return displayWidth(text.replace(/\u001b\[[0-9;]*m/g, ""));
}

/** Formats a number for a terminal summary: up to 6 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) return "";
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e12)) return value.toExponential(4);
  return String(Number(value.toPrecision(6)));
}

/** Prints a header and rows as aligned columns (the last column is left ragged). */
export function printRows(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  out: (line: string) => void,
  maxWidth = 40,
): void {
  const clip = (s: string): string =>
    terminalWidth(s) > maxWidth
      ? `${Array.from(s)
          .slice(0, maxWidth - 1)
          .join("")}…`
      : s;
  const all = [header, ...rows].map((r) => r.map(clip));
  const widths = header.map((_, j) => Math.max(...all.map((r) => terminalWidth(r[j] ?? ""))));
  for (const [k, r] of all.entries()) {
    out(
      r
        .map((c, j) => (j === r.length - 1 ? c : c + " ".repeat(widths[j]! - terminalWidth(c))))
        .join("  ")
        .trimEnd(),
    );
    if (k === 0) out(widths.map((w) => "-".repeat(w)).join("  "));
  }
}
