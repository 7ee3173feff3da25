/** seededRandom / shuffleInPlace / permutation / deriveSeed against numpy's legacy MT19937 and the mt19937ar.c value. */
import { readFileSync } from "node:fs";
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { deriveSeed, permutation, seededRandom, shuffleInPlace } from "../../src/math/random.js";

interface Case {
  readonly seed: number;
  readonly uint32_first: number[];
  readonly uint32_1240_1249: number[];
  readonly uniform: number[];
  readonly permutations_in_sequence: Record<string, number[]>;
}
const fixture = JSON.parse(
  readFileSync(new URL("../reference/random/numpy-mt19937.json", import.meta.url), "utf8"),
) as { cases: Case[] };

describe("reference streams (numpy 1.24.2 legacy RandomState)", () => {
  it("seededRandom(5489).uint32() is 3499211612, the first output of mt19937ar.c", () => {
    expect(seededRandom(5489).uint32()).toBe(3499211612);
  });
  for (const c of fixture.cases) {
    it(`seededRandom(${c.seed}) gives numpy's uint32 stream, uniforms and permutations`, () => {
      const raw = seededRandom(c.seed);
      const all = Array.from({ length: 1250 }, () => raw.uint32());
      expect(all.slice(0, 10)).toEqual(c.uint32_first);
      expect(all.slice(1240, 1250)).toEqual(c.uint32_1240_1249);
      const u = seededRandom(c.seed);
      expect(Array.from({ length: c.uniform.length }, () => u.uniform())).toEqual(c.uniform);
      const p = seededRandom(c.seed);
      for (const [n, expected] of Object.entries(c.permutations_in_sequence))
        expect(Array.from(permutation(p, Number(n))), `n = ${n}`).toEqual(expected);
    });
  }
});

describe("properties", () => {
  propTest.prop([fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 60 })])(
    "permutation(random, n) holds each of 0 … n − 1 once, and the same seed gives the same order",
    (seed, n) => {
      const p = permutation(seededRandom(seed), n);
      expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(permutation(seededRandom(seed), n)).toEqual(p);
    },
  );
  propTest.prop([fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })])(
    "interval(max) stays in [0, max] and uniform() in [0, 1)",
    (seed, max) => {
      const r = seededRandom(seed);
      for (let k = 0; k < 20; k++) {
        const v = r.interval(max);
        expect(v >= 0 && v <= max && Number.isInteger(v)).toBe(true);
        const u = r.uniform();
        expect(u >= 0 && u < 1).toBe(true);
      }
    },
  );
  it("shuffleInPlace(random, array) moves the values as permutation() moves the indices", () => {
    const values = [10, 11, 12, 13, 14, 15, 16];
    shuffleInPlace(seededRandom(7), values);
    const order = permutation(seededRandom(7), 7);
    expect(values).toEqual(Array.from(order, (i) => 10 + i));
  });
  it("interval(max) is uniform: 60,000 draws in [0, 5] give each value 10,000 ± 500 times (> 5 SD)", () => {
    // SD of a count is sqrt(60000 · 1/6 · 5/6) ≈ 91; 500 is about 5.5 SD, so a correct generator fails with p < 1e-7.
    const r = seededRandom(12345);
    const counts = new Array<number>(6).fill(0);
    for (let k = 0; k < 60_000; k++) counts[r.interval(5)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
  propTest.prop([fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 100_000 })])(
    "deriveSeed(seed, index) is a seed, stable, and differs between neighbouring indices",
    (seed, index) => {
      const s = deriveSeed(seed, index);
      expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
      expect(deriveSeed(seed, index)).toBe(s);
      expect(deriveSeed(seed, index + 1)).not.toBe(s);
    },
  );
});

describe("errors", () => {
  it("seededRandom(-1), seededRandom(1.5), seededRandom(2 ** 32) throw RangeError naming seededRandom", () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN])
      expect(() => seededRandom(bad)).toThrow(/^seededRandom:/);
  });
  it("interval(-1) and permutation(random, -1) throw RangeError", () => {
    expect(() => seededRandom(1).interval(-1)).toThrow(/^interval:/);
    expect(() => permutation(seededRandom(1), -1)).toThrow(/^permutation:/);
    expect(() => deriveSeed(1, -1)).toThrow(/^deriveSeed:/);
  });
});
