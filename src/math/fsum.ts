/** Compensated (Neumaier) summation: accurate sums of many terms of mixed magnitude. */

/** Σ values with Neumaier's compensation. Reference: Neumaier (1974), ZAMM 54(1):39–51. */
export function fsum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}
