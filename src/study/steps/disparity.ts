/**
 * What the disparity steps (gini, theil, kde) share: the warning lines for units left out for a missing value and
 * periods without any value, and finite-or-null values for figures.
 */

/**
 * Warning lines for what a by-period disparity result left out.
 * @param result its dropped units and skipped periods
 * @param label display name of an entity
 * @returns zero, one or two lines
 */
export function disparityWarnings(
  result: {
    readonly dropped: readonly { readonly entity: string; readonly time: number }[];
    readonly skipped: readonly number[];
  },
  label: (entity: string) => string,
): string[] {
  const warnings: string[] = [];
  if (result.dropped.length > 0)
    warnings.push(
      `left out for missing values (incomplete: drop), ${result.dropped.length} unit-periods: ${result.dropped.map((d) => `${label(d.entity)} ${d.time}`).join(", ")}`,
    );
  if (result.skipped.length > 0)
    warnings.push(`periods without any value, left out: ${result.skipped.join(", ")}`);
  return warnings;
}

/**
 * A finite number as it is, anything else as null (no data in a figure).
 * @param x the value
 * @returns x or null
 */
export function numberOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
