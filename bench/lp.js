// Goal: solveLp on DEA-shaped LPs against HiGHS (highs 1.15, WebAssembly) in the same run.
// 20 seeded synthetic data sets × 1,000 units = 20,000 input-oriented CCR envelopment LPs (5 rows × 1,001 columns):
// 3 inputs x ~ U(1, 100); Cobb–Douglas frontier f(x) = x1^0.3 x2^0.3 x3^0.3; half-normal inefficiency u = |N(0, 0.3²)|;
// 2 outputs y = f(x)·exp(−u)·(ω, 1 − ω) with ω ~ U(0.2, 0.8).
// LP for unit o: min θ s.t. Σ_j λ_j x_ij − θ x_io ≤ 0 (i = 1..3), Σ_j λ_j y_rj ≥ y_ro (r = 1..2), λ ≥ 0, θ free.
// Usage: npx tsc -p tsconfig.build.json && node bench/lp.js [data sets (default 20)] [units (default 1000)]
import { performance } from "node:perf_hooks";
import highsLoader from "highs";
import { solveLp } from "../dist/lp/simplex.js";

const sets = Number(process.argv[2] ?? 20);
const units = Number(process.argv[3] ?? 1000);
const M = 3;
const S = 2;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dataSet(seed, n) {
  const rand = mulberry32(seed);
  const normal = () => {
    let u = 0;
    while (u === 0) u = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const X = new Float64Array(n * M);
  const Y = new Float64Array(n * S);
  for (let j = 0; j < n; j++) {
    let f = 1;
    for (let i = 0; i < M; i++) {
      const x = 1 + 99 * rand();
      X[j * M + i] = x;
      f *= x ** 0.3;
    }
    const u = Math.abs(0.3 * normal());
    const omega = 0.2 + 0.6 * rand();
    Y[j * S] = f * Math.exp(-u) * omega;
    Y[j * S + 1] = f * Math.exp(-u) * (1 - omega);
  }
  return { X, Y, n };
}

/** The CCR LP of unit o in solveLp's layout: columns (θ, λ_1..λ_n), rows 3 inputs then 2 outputs. */
function ccrProblem({ X, Y, n }, o) {
  const cols = n + 1;
  const A = new Float64Array((M + S) * cols);
  const b = new Float64Array(M + S);
  const rowType = new Int8Array(M + S);
  for (let i = 0; i < M; i++) {
    A[i * cols] = -X[o * M + i];
    for (let j = 0; j < n; j++) A[i * cols + 1 + j] = X[j * M + i];
    rowType[i] = -1;
  }
  for (let r = 0; r < S; r++) {
    const row = (M + r) * cols;
    for (let j = 0; j < n; j++) A[row + 1 + j] = Y[j * S + r];
    b[M + r] = Y[o * S + r];
    rowType[M + r] = 1;
  }
  const c = new Float64Array(cols);
  c[0] = 1;
  const lower = new Float64Array(cols);
  lower[0] = -Infinity;
  return { c, A: { data: A, rows: M + S, cols }, b, rowType, lower };
}

/** The same LP in HiGHS's column-wise (CSC) model form. */
function highsModel(problem) {
  const { c, A, b, rowType, lower } = problem;
  const m = A.rows;
  const n = A.cols;
  const starts = new Int32Array(n + 1);
  const indices = new Int32Array(m * n);
  const values = new Float64Array(m * n);
  let k = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const v = A.data[i * n + j];
      if (v !== 0) {
        indices[k] = i;
        values[k] = v;
        k++;
      }
    }
    starts[j + 1] = k;
  }
  const rowLower = new Float64Array(m);
  const rowUpper = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    rowLower[i] = rowType[i] === -1 ? -Infinity : b[i];
    rowUpper[i] = rowType[i] === 1 ? Infinity : b[i];
  }
  return {
    numCols: n,
    numRows: m,
    colCost: c,
    colLower: lower,
    colUpper: new Float64Array(n).fill(Infinity),
    rowLower,
    rowUpper,
    matrix: {
      format: "csc",
      numRows: m,
      numCols: n,
      starts,
      indices: indices.subarray(0, k),
      values: values.subarray(0, k),
    },
  };
}

const highs = await highsLoader();
const data = Array.from({ length: sets }, (_, s) => dataSet(1000 + s, units));
const total = sets * units;

// Build every LP once, outside the timed loops (both solvers get the same problems).
const problems = data.map((d) => Array.from({ length: units }, (_, o) => ccrProblem(d, o)));

// solveLp, cold start per unit.
const thetaCold = new Float64Array(total);
let iterCold = 0;
let notOptimal = 0;
let t0 = performance.now();
for (let s = 0; s < sets; s++) {
  for (let o = 0; o < units; o++) {
    const r = solveLp(problems[s][o]);
    if (r.status !== "optimal") notOptimal++;
    thetaCold[s * units + o] = r.objective;
    iterCold += r.iterations;
  }
}
const timeCold = performance.now() - t0;

// solveLp, warm-started from the previous unit's basis.
const thetaWarm = new Float64Array(total);
let iterWarm = 0;
t0 = performance.now();
for (let s = 0; s < sets; s++) {
  let basis;
  for (let o = 0; o < units; o++) {
    const r = solveLp(problems[s][o], basis === undefined ? {} : { warmStart: basis });
    if (r.status !== "optimal") notOptimal++;
    basis = r.basis;
    thetaWarm[s * units + o] = r.objective;
    iterWarm += r.iterations;
  }
}
const timeWarm = performance.now() - t0;

// HiGHS: one persistent model per data set, the LP of each unit passed and solved from scratch.
const thetaHighs = new Float64Array(total);
let highsNotOptimal = 0;
const optimalCode = highs.constants.modelStatus.optimal;
t0 = performance.now();
for (let s = 0; s < sets; s++) {
  const model = highs.createModel();
  try {
    model.options.set({ output_flag: false });
    for (let o = 0; o < units; o++) {
      model.passModel(highsModel(problems[s][o]));
      model.run();
      if (model.getModelStatus() !== optimalCode) highsNotOptimal++;
      thetaHighs[s * units + o] = model.getObjectiveValue();
    }
  } finally {
    model.dispose();
  }
}
const timeHighs = performance.now() - t0;

let maxDeltaCold = 0;
let maxDeltaWarm = 0;
for (let k = 0; k < total; k++) {
  maxDeltaCold = Math.max(maxDeltaCold, Math.abs(thetaCold[k] - thetaHighs[k]));
  maxDeltaWarm = Math.max(maxDeltaWarm, Math.abs(thetaWarm[k] - thetaHighs[k]));
}

const us = (ms) => ((ms * 1000) / total).toFixed(1);
console.log(
  `input-oriented CCR, ${sets} data sets × ${units} units = ${total} LPs of ${M + S} rows × ${units + 1} columns`,
);
console.log(
  `solveLp (cold)         ${timeCold.toFixed(0)} ms  (${us(timeCold)} µs/LP, ${(iterCold / total).toFixed(1)} iterations/LP)`,
);
console.log(
  `solveLp (warm start)   ${timeWarm.toFixed(0)} ms  (${us(timeWarm)} µs/LP, ${(iterWarm / total).toFixed(1)} iterations/LP)`,
);
console.log(
  `highs ${highs.version?.string ?? ""} (passModel+run) ${timeHighs.toFixed(0)} ms  (${us(timeHighs)} µs/LP)`,
);
console.log(
  `ratio highs / solveLp: cold ${(timeHighs / timeCold).toFixed(2)}×, warm ${(timeHighs / timeWarm).toFixed(2)}×`,
);
console.log(
  `max |Δθ| vs highs: cold ${maxDeltaCold.toExponential(2)}, warm ${maxDeltaWarm.toExponential(2)}`,
);
console.log(`not optimal: solveLp ${notOptimal}, highs ${highsNotOptimal}`);
if (notOptimal > 0 || highsNotOptimal > 0 || !(maxDeltaCold <= 1e-6 && maxDeltaWarm <= 1e-6))
  process.exitCode = 1;
