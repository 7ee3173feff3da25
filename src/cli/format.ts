/** Plain-text table layout for the terminal. */

/** Formats a number for a terminal summary: up to 6 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) return "";
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e12)) return value.toExponential(4);
  return String(Number(value.toPrecision(6)));
}

/** Visible width of a string in a terminal (CJK characters take two cells; ANSI codes none). */
export function displayWidth(text: string): number {
  let width = 0;
  // eslint-disable-next-line no-control-regex -- strips ANSI colour codes
  for (const ch of text.replace(/\u001b\[[0-9;]*m/g, "")) {
    const code = ch.codePointAt(0)!;
    width +=
      code >= 0x1100 &&
      (code <= 0x115f ||
        (code >= 0x2e80 && code <= 0xa4cf) ||
        (code >= 0xac00 && code <= 0xd7a3) ||
        (code >= 0xf900 && code <= 0xfaff) ||
        (code >= 0xfe30 && code <= 0xfe4f) ||
        (code >= 0xff00 && code <= 0xff60) ||
        (code >= 0xffe0 && code <= 0xffe6) ||
        code >= 0x20000)
        ? 2
        : 1;
  }
  return width;
}

/** Prints a header and rows as aligned columns (the last column is left ragged). */
export function printRows(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  out: (line: string) => void,
  maxWidth = 40,
): void {
  const clip = (s: string): string =>
    displayWidth(s) > maxWidth
      ? `${Array.from(s)
          .slice(0, maxWidth - 1)
          .join("")}…`
      : s;
  const all = [header, ...rows].map((r) => r.map(clip));
  const widths = header.map((_, j) => Math.max(...all.map((r) => displayWidth(r[j] ?? ""))));
  for (const [k, r] of all.entries()) {
    out(
      r
        .map((c, j) => (j === r.length - 1 ? c : c + " ".repeat(widths[j]! - displayWidth(c))))
        .join("  ")
        .trimEnd(),
    );
    if (k === 0) out(widths.map((w) => "-".repeat(w)).join("  "));
  }
}
