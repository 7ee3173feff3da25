/**
 * Argument checks shared by the composite methods: programmer errors become RangeErrors that name
 * the calling function, state the requirement and show the value.
 */
import type { Matrix } from "../../math/matrix.js";

/** Row indices of each group 0..G−1; RangeError unless groups has one integer ≥ 0 per row and no group is empty. */
export function groupMembers(fn: string, groups: Int32Array, rows: number): Int32Array[] {
  if (groups.length !== rows)
    throw new RangeError(`${fn}: groups must have one entry per row (${rows}); got ${groups.length}`);
  let groupCount = 0;
  for (const g of groups) {
    if (g < 0) throw new RangeError(`${fn}: groups must be ≥ 0; got ${g}`);
    groupCount = Math.max(groupCount, g + 1);
  }
  const counts = new Int32Array(groupCount);
  for (const g of groups) counts[g]!++;
  counts.forEach((c, g) => {
    if (c === 0)
      throw new RangeError(`${fn}: groups must use every index 0..${groupCount - 1}; group ${g} is empty`);
  });
  const members = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(groupCount);
  groups.forEach((g, i) => {
    members[g]![fill[g]!++] = i;
  });
  return members;
}

/** RangeError naming `fn` unless X is a non-empty matrix of finite values. */
export function checkMatrix(fn: string, X: Matrix): void {
  if (!(X.rows >= 1 && X.cols >= 1 && X.data.length === X.rows * X.cols))
    throw new RangeError(
      `${fn}: the matrix must be non-empty rows × cols; got ${X.rows} × ${X.cols} with ${X.data.length} values`,
    );
  for (let k = 0; k < X.data.length; k++) {
    if (!Number.isFinite(X.data[k]!))
      throw new RangeError(
        `${fn}: values must be finite; got ${X.data[k]} at row ${Math.floor(k / X.cols)}, column ${k % X.cols}`,
      );
  }
}

/** RangeError naming `fn` unless `value` is one of `allowed` (for callers outside the type system, e.g. parsed study files). */
export function checkOneOf(fn: string, option: string, value: unknown, allowed: readonly unknown[]): void {
  if (!allowed.includes(value))
    throw new RangeError(
      `${fn}: ${option} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}; got ${String(value)}`,
    );
}
