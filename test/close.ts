import { expect } from "vitest";

/** Absolute tolerance for LP scores (DEVELOPERS: 1e-6 unless a reason is written down). */
export const LP_TOL = 1e-6;

export interface CloseOptions {
  readonly abs?: number;
  readonly rel?: number;
  readonly labels?: readonly string[];
}

/** Asserts |actual - expected| <= abs + rel·|expected| elementwise; NaN equals NaN. Prints label, index, both values, Δ and tolerance. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  options: CloseOptions = {},
): void {
  const abs = options.abs ?? 1e-12;
  const rel = options.rel ?? 0;
  expect(actual.length, "length").toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (a === e) continue;
    const delta = Math.abs(a - e);
    const tol = abs + rel * Math.abs(e);
    if (!(delta <= tol)) {
      const label = options.labels?.[i] ?? "";
      expect.fail(
        `${label ? `${label} ` : ""}[${i}]: actual ${a}, expected ${e}, Δ ${delta} > tolerance ${tol}`,
      );
    }
  }
}

export function expectClose(actual: number, expected: number, options: CloseOptions = {}): void {
  expectAllClose([actual], [expected], options);
}
