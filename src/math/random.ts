/**
 * Seeded pseudo-random numbers: the 32-bit Mersenne Twister MT19937, seeded as numpy's legacy
 * `np.random.seed(seed)` (Matsumoto–Nishimura init_genrand), with numpy's 53-bit uniform doubles and its
 * bounded integers by masked rejection. The same seed therefore gives numpy's `RandomState(seed)` stream,
 * and `shuffleInPlace` gives the arrangement of numpy's legacy `shuffle`/`permutation` of a 1-d array.
 */

/** A seeded stream of pseudo-random numbers (the state lives in the closure; nothing global). */
export interface Random {
  /** The seed the stream started from. */
  readonly seed: number;
  /** The next 32-bit unsigned integer of the stream (genrand_int32). */
  uint32(): number;
  /** A uniform double in [0, 1) from two draws, 53 random bits (genrand_res53; numpy `random_sample`). */
  uniform(): number;
  /** A uniform integer in [0, max] by masked rejection (numpy's legacy `random_interval`). */
  interval(max: number): number;
}

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MAX_UINT32 = 0xffffffff;

/**
 * A MT19937 stream seeded like numpy's legacy `np.random.seed(seed)`.
 *
 * Reference: Matsumoto & Nishimura (1998), ACM TOMACS 8(1):3–30, doi:10.1145/272991.272995 (mt19937ar.c,
 * init_genrand and genrand_int32); numpy `random/src/legacy` and `mt19937.c` for the seeding, `random_sample`
 * and `random_interval`.
 *
 * @param seed integer in [0, 2³² − 1]
 * @returns the stream
 * @throws RangeError when the seed is not an integer in [0, 2³² − 1]
 * @example
 * seededRandom(5489).uint32() // the first output of mt19937ar.c with its default seed
 * // => 3499211612
 */
export function seededRandom(seed: number): Random {
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= MAX_UINT32))
    throw new RangeError(`seededRandom: seed must be an integer in [0, 4294967295]; got ${seed}`);
  const state = new Uint32Array(N);
  state[0] = seed;
  for (let i = 1; i < N; i++) {
    const previous = state[i - 1]!;
    state[i] = (Math.imul(1812433253, previous ^ (previous >>> 30)) + i) >>> 0;
  }
  let position = N;

  const twist = (): void => {
    for (let k = 0; k < N; k++) {
      const y = (state[k]! & UPPER_MASK) | (state[(k + 1) % N]! & LOWER_MASK);
      state[k] = state[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    position = 0;
  };

  const uint32 = (): number => {
    if (position >= N) twist();
    let y = state[position++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };

  const uniform = (): number => {
    const a = uint32() >>> 5;
    const b = uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };

  const interval = (max: number): number => {
    if (!(Number.isInteger(max) && max >= 0 && max <= MAX_UINT32))
      throw new RangeError(`interval: max must be an integer in [0, 4294967295]; got ${max}`);
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const value = (uint32() & mask) >>> 0;
      if (value <= max) return value;
    }
  };

  return { seed, uint32, uniform, interval };
}

/**
 * Shuffles `values` in place: for i = n − 1 down to 1, swap i with a uniform j in [0, i] (Fisher–Yates,
 * Durstenfeld's form, drawing j as numpy's legacy `shuffle` does, so the same stream gives numpy's order).
 *
 * Reference: Durstenfeld (1964), CACM 7(7):420, doi:10.1145/364520.364540; numpy `RandomState._shuffle_raw`.
 *
 * @param random the stream (advanced by n − 1 interval draws, plus rejections)
 * @param values the array to reorder (mutated; it is the caller's scratch buffer)
 * @example
 * const a = Int32Array.of(0, 1, 2, 3, 4); shuffleInPlace(seededRandom(1), a); a // numpy: RandomState(1).permutation(5)
 * // => Int32Array [2, 1, 4, 0, 3]
 */
export function shuffleInPlace(
  random: Random,
  values: { length: number; [index: number]: number } | unknown[],
): void {
  const a = values as unknown[];
  for (let i = a.length - 1; i >= 1; i--) {
    const j = random.interval(i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * A random permutation of 0 … n − 1 (numpy's legacy `permutation(n)` for the same stream).
 * Reference: as {@link shuffleInPlace}.
 * @param random the stream
 * @param n length, a non-negative integer
 * @returns the permutation
 * @throws RangeError when n is not a non-negative integer
 * @example
 * permutation(seededRandom(1), 5)
 * // => Int32Array [2, 1, 4, 0, 3]
 */
export function permutation(random: Random, n: number): Int32Array {
  if (!(Number.isInteger(n) && n >= 0))
    throw new RangeError(`permutation: n must be a non-negative integer; got ${n}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffleInPlace(random, out);
  return out;
}

/**
 * A seed for sub-stream `index` of `seed` (a stateless hash), so work split into chunks draws the same numbers
 * whatever the number of workers or the order the chunks run in. The hash is MurmurHash3's 32-bit finaliser applied
 * twice over the seed and the index.
 *
 * Reference: Appleby, MurmurHash3 `fmix32` (public domain).
 *
 * @param seed integer in [0, 2³² − 1]
 * @param index sub-stream number, integer in [0, 2³² − 1]
 * @returns a seed in [0, 2³² − 1]
 * @throws RangeError when either argument is out of range
 * @example
 * deriveSeed(1, 0) === deriveSeed(1, 0) && deriveSeed(1, 0) !== deriveSeed(1, 1)
 * // => true
 */
export function deriveSeed(seed: number, index: number): number {
  for (const [name, v] of [
    ["seed", seed],
    ["index", index],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 0 && v <= MAX_UINT32))
      throw new RangeError(`deriveSeed: ${name} must be an integer in [0, 4294967295]; got ${v}`);
  }
  return fmix32((fmix32(seed ^ 0x9e3779b9) + Math.imul(index, 0x85ebca6b) + 0x632be5ab) >>> 0);
}

function fmix32(h0: number): number {
  let h = h0 >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
