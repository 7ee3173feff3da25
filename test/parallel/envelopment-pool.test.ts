import { describe, expect, test } from "vitest";
import { solveLp } from "../../src/lp/simplex.js";
import { dea, envelopment } from "../../src/methods/frontier/dea.js";
import { deaParallel, envelopmentPool, PARALLEL_CHUNK_UNITS } from "../../src/parallel/envelopment-pool.js";
import type { Matrix } from "../../src/math/matrix.js";

/** Seeded Cobb–Douglas data as in bench/dea.js (3 inputs, 2 outputs, half-normal inefficiency). */
function synthetic(n: number, seed: number): { X: Matrix; Y: Matrix } {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const X = new Float64Array(n * 3);
  const Y = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const x = [1 + 9 * u(), 1 + 9 * u(), 1 + 9 * u()];
    X.set(x, i * 3);
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const y = x[0]! ** 0.3 * x[1]! ** 0.3 * x[2]! ** 0.3 * Math.exp(-Math.abs(0.3 * z));
    const share = 0.2 + 0.6 * u();
    Y[i * 2] = y * share;
    Y[i * 2 + 1] = y * (1 - share);
  }
  return { X: { data: X, rows: n, cols: 3 }, Y: { data: Y, rows: n, cols: 2 } };
}

describe("deaParallel (worker threads; needs the build in dist/)", () => {
  const n = PARALLEL_CHUNK_UNITS + 700; // two chunks
  const { X, Y } = synthetic(n, 7);

  test.each(["crs", "vrs"] as const)(
    "%s: scores equal the single-threaded dea to 1e-9, and 1 or 2 workers give identical results",
    async (rts) => {
      const serial = dea(X, Y, { rts });
      const two = await deaParallel(X, Y, { rts }, { workers: 2 });
      const one = await deaParallel(X, Y, { rts }, { workers: 1 });
      expect(two.status).toEqual(serial.status);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(two.scores[i]! - serial.scores[i]!));
      expect(worst).toBeLessThanOrEqual(1e-9);
      // Chunks do not depend on the worker count: every number is the same.
      expect(Array.from(two.scores)).toEqual(Array.from(one.scores));
      expect(Array.from(two.inputSlacks.data)).toEqual(Array.from(one.inputSlacks.data));
      expect(two.peers.map((p) => Array.from(p.index))).toEqual(one.peers.map((p) => Array.from(p.index)));
    },
    60_000,
  );

  test("a run on the units' own data goes whole to one worker: progress is reported once, at n", async () => {
    const seen: number[] = [];
    await deaParallel(
      X,
      Y,
      { rts: "crs", slacks: "none" },
      { workers: 2, onProgress: (done) => seen.push(done) },
    );
    expect(seen).toEqual([n]);
  }, 60_000);

  test("requests without screening (super-efficiency: own row excluded) are cut into chunks and equal one piece", async () => {
    const identity = Int32Array.from({ length: n }, (_, i) => i);
    const request = {
      X,
      Y,
      Xr: X,
      Yr: Y,
      settings: {
        rts: "crs",
        orientation: "input",
        maxSlacks: false,
        solver: solveLp,
        exclude: identity,
      } as const,
    };
    const whole = envelopment(X, Y, X, Y, request.settings);
    const pool = envelopmentPool(2);
    const seen: number[] = [];
    try {
      const split = await pool.run(request, (done) => seen.push(done));
      expect(seen.length).toBe(2);
      expect(seen.at(-1)).toBe(n);
      expect(split.status).toEqual(whole.status);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(split.scores[i]! - whole.scores[i]!));
      expect(worst).toBeLessThanOrEqual(1e-9);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
