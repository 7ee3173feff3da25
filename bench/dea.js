// Goal (issue: frontier engine): input-oriented CRS and VRS DEA for n = 20,000 units (3 inputs, 2 outputs) in under
// 2 s each, at least 50× faster than solving the same LPs one by one with HiGHS, scores equal to 1e-9.
// Data: seeded Cobb–Douglas frontier y = x1^0.3 x2^0.3 x3^0.3 · exp(−u), u half-normal (σ 0.3); a second output
// splits the first with a uniform share. Baseline, measured in the same run: one HiGHS LP per unit (envelopment
// form, columns scaled to mean 1; passModel + run per unit, models built outside the timed loop). For n > BASELINE_FULL_MAX the baseline solves a seeded sample of units and its
// total time is extrapolated (time per LP × n); the maximum score difference is over the sampled units.
//
// Timings of nqpf are the best (and the median) of --repeat runs; the load average is printed with each size, since
// other jobs on the machine slow every run down.
//
// Run: npx tsc -p tsconfig.build.json && node bench/dea.js [--sizes 1000,5000,20000] [--sample 300] [--repeat 1]
import { loadavg } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { dea } = await import(join(root, "dist", "methods", "frontier", "dea.js"));
const { deaParallel, defaultWorkerCount } = await import(
  join(root, "dist", "parallel", "envelopment-pool.js")
);
const highsLoader = (await import("highs")).default;
const highs = await highsLoader();

const argValue = (flag, fallback) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = argValue("--sizes", "1000,5000,20000").split(",").map(Number);
const SAMPLE = Number(argValue("--sample", "300"));
const REPEAT = Math.max(1, Number(argValue("--repeat", "1")));
const BASELINE_FULL_MAX = 1000;

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

function synthetic(n, seed) {
  const u = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const X = new Float64Array(n * 3);
  const Y = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const x = [1 + 9 * u(), 1 + 9 * u(), 1 + 9 * u()];
    X.set(x, i * 3);
    const y = x[0] ** 0.3 * x[1] ** 0.3 * x[2] ** 0.3 * Math.exp(-Math.abs(0.3 * normal()));
    const share = 0.2 + 0.6 * u();
    Y[i * 2] = y * share;
    Y[i * 2 + 1] = y * (1 - share);
  }
  return { X: { data: X, rows: n, cols: 3 }, Y: { data: Y, rows: n, cols: 2 } };
}

/** HiGHS model (CSC) of the envelopment LP for unit o: columns λ_1..λ_n, θ; rows inputs (≤ 0), outputs (≥ y_o), VRS Σλ = 1. */
function highsModel(X, Y, o, vrs, scale) {
  const n = X.rows;
  const m = 5 + (vrs ? 1 : 0);
  const starts = new Int32Array(n + 2);
  const indices = new Int32Array(n * m + 3);
  const values = new Float64Array(n * m + 3);
  let k = 0;
  const put = (row, value) => {
    indices[k] = row;
    values[k++] = value;
  };
  for (let j = 0; j < n; j++) {
    starts[j] = k;
    for (let i = 0; i < 3; i++) put(i, X.data[j * 3 + i] / scale.x[i]);
    for (let r = 0; r < 2; r++) put(3 + r, Y.data[j * 2 + r] / scale.y[r]);
    if (vrs) put(5, 1);
  }
  starts[n] = k;
  for (let i = 0; i < 3; i++) put(i, -X.data[o * 3 + i] / scale.x[i]);
  starts[n + 1] = k;
  const rowLower = new Float64Array(m).fill(-Infinity);
  const rowUpper = new Float64Array(m).fill(0);
  for (let r = 0; r < 2; r++) {
    rowLower[3 + r] = Y.data[o * 2 + r] / scale.y[r];
    rowUpper[3 + r] = Infinity;
  }
  if (vrs) {
    rowLower[5] = 1;
    rowUpper[5] = 1;
  }
  const colCost = new Float64Array(n + 1);
  colCost[n] = 1;
  return {
    numCols: n + 1,
    numRows: m,
    colCost,
    colLower: new Float64Array(n + 1),
    colUpper: new Float64Array(n + 1).fill(Infinity),
    rowLower,
    rowUpper,
    matrix: {
      format: "csc",
      numRows: m,
      numCols: n + 1,
      starts,
      indices: indices.subarray(0, k),
      values: values.subarray(0, k),
    },
  };
}

function means(M) {
  const out = new Float64Array(M.cols);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) out[j] += M.data[i * M.cols + j] / M.rows;
  return out;
}

console.log(
  `DEA benchmark: 3 inputs, 2 outputs, input orientation; baseline = one HiGHS LP per unit (full for n ≤ ${BASELINE_FULL_MAX}, else ${SAMPLE} sampled units, extrapolated)`,
);
for (const n of SIZES) {
  const { X, Y } = synthetic(n, 20261129 + n);
  const scale = { x: means(X), y: means(Y) };
  for (const rts of ["crs", "vrs"]) {
    const load = loadavg()[0].toFixed(2);
    const options = { rts, orientation: "input", slacks: "none" };
    const workers = defaultWorkerCount();
    const singleMs = [];
    const parallelMs = [];
    let ours;
    let parallel;
    for (let k = 0; k < REPEAT; k++) {
      const t0 = performance.now();
      ours = dea(X, Y, options);
      singleMs.push(performance.now() - t0);
      const t2 = performance.now();
      parallel = await deaParallel(X, Y, options, { workers });
      parallelMs.push(performance.now() - t2);
    }
    const oursMs = Math.min(...singleMs);
    const poolMs = Math.min(...parallelMs);
    const median = (v) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
    let parallelDiff = 0;
    for (let i = 0; i < n; i++)
      parallelDiff = Math.max(parallelDiff, Math.abs(parallel.scores[i] - ours.scores[i]));
    const pick = rng(n + (rts === "vrs" ? 1 : 0));
    const units =
      n <= BASELINE_FULL_MAX
        ? Array.from({ length: n }, (_, i) => i)
        : Array.from({ length: SAMPLE }, () => Math.floor(pick() * n));
    // Models are built outside the timed loop: the baseline times HiGHS passModel + run per unit.
    const models = units.map((o) => highsModel(X, Y, o, rts === "vrs", scale));
    const model = highs.createModel();
    model.options.set({ output_flag: false });
    const thetas = new Float64Array(units.length);
    const t1 = performance.now();
    models.forEach((lp, k) => {
      model.passModel(lp);
      model.run();
      thetas[k] =
        model.getModelStatus() === highs.constants.modelStatus.optimal
          ? model.getObjectiveValue()
          : Number.NaN;
    });
    const perLp = (performance.now() - t1) / units.length;
    model.dispose();
    let maxDiff = 0;
    units.forEach((o, k) => {
      maxDiff = Math.max(maxDiff, Math.abs(thetas[k] - ours.scores[o]));
    });
    const baselineMs = perLp * n;
    const nonOptimal = ours.status.filter((s) => s !== "optimal").length;
    const best = Math.min(oursMs, poolMs);
    const typical = REPEAT > 1 ? ` (median ${(median(singleMs) / 1000).toFixed(2)} s)` : "";
    const typicalPool = REPEAT > 1 ? ` (median ${(median(parallelMs) / 1000).toFixed(2)} s)` : "";
    console.log(
      `n=${String(n).padStart(6)} ${rts}: nqpf ${(oursMs / 1000).toFixed(2)} s${typical} (${nonOptimal} non-optimal), ${workers} workers ${(poolMs / 1000).toFixed(2)} s${typicalPool} (max |Δθ| vs 1 thread ${parallelDiff.toExponential(2)}) | HiGHS one-by-one ${(baselineMs / 1000).toFixed(1)} s${units.length < n ? ` (extrapolated from ${units.length} LPs)` : ""} | ratio ${(baselineMs / best).toFixed(1)}× | max |Δθ| ${maxDiff.toExponential(2)} | load ${load} | goal: < 2 s and ≥ 50×`,
    );
  }
}
