/**
 * Test oracle: solves an {@link LpProblem} with HiGHS (the `highs` package, HiGHS 1.15 compiled to WebAssembly) and returns the same {@link LpResult} shape as solveLp.
 * Dual sign convention (same as solveLp): duals[i] = ∂(optimal objective)/∂b_i; reduced costs d = c − Aᵀy; for the minimisation a binding "<=" row has y_i <= 0 and a binding ">=" row y_i >= 0. This is HiGHS's own `rowDual` convention for a minimisation, so the values are passed through unchanged.
 * Reference: Huangfu & Hall (2018), "Parallelizing the dual revised simplex method", Math. Prog. Comp. 10, 119–142 (HiGHS).
 */

import highsModule from "highs";
import type { Highs, InitOptions, ModelStatusCode } from "highs";
import type { LpProblem, LpResult, LpSolver } from "../../src/lp/simplex.js";

/** The package ships one `types.d.ts` for both its CommonJS and ES builds; under NodeNext the default import is typed as the CommonJS namespace, while at run time (ES build) it is the loader itself. */
type HighsLoader = (options?: InitOptions) => Promise<Highs>;
const moduleValue = highsModule as unknown as HighsLoader | { default: HighsLoader };
const highsLoader: HighsLoader = typeof moduleValue === "function" ? moduleValue : moduleValue.default;

let highs: Highs | undefined;

/** Loads the HiGHS WebAssembly module once; call it in `beforeAll(loadHighs)`. */
export async function loadHighs(): Promise<void> {
  highs ??= await highsLoader();
}

function runtime(): Highs {
  if (highs === undefined)
    throw new RangeError("solveWithHighs: call `await loadHighs()` first (beforeAll(loadHighs))");
  return highs;
}

interface RunOutcome {
  readonly code: ModelStatusCode;
  readonly x: Float64Array;
  readonly duals: Float64Array;
  readonly objective: number;
  readonly iterations: number;
}

function runModel(h: Highs, problem: LpProblem, zeroCost: boolean, presolve: boolean): RunOutcome {
  const { A, b, rowType } = problem;
  const m = b.length;
  const n = problem.c.length;
  if (A.rows !== m || A.cols !== n || rowType.length !== m)
    throw new RangeError(
      `solveWithHighs: shapes disagree: A ${A.rows} × ${A.cols}, b ${m}, c ${n}, rowType ${rowType.length}`,
    );
  const lower = problem.lower ?? new Float64Array(n);
  const upper = problem.upper ?? new Float64Array(n).fill(Infinity);
  // Column-wise (CSC) copy of A without zeros.
  const starts = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const v = A.data[i * n + j]!;
      if (v !== 0) {
        indices.push(i);
        values.push(v);
      }
    }
    starts[j + 1] = indices.length;
  }
  const rowLower = new Float64Array(m);
  const rowUpper = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const t = rowType[i]!;
    rowLower[i] = t === -1 ? -Infinity : b[i]!;
    rowUpper[i] = t === 1 ? Infinity : b[i]!;
  }
  const model = h.createModel();
  try {
    model.options.set({ output_flag: false, presolve: presolve ? "on" : "off" });
    model.passModel({
      numCols: n,
      numRows: m,
      colCost: zeroCost ? new Float64Array(n) : problem.c,
      colLower: lower,
      colUpper: upper,
      rowLower,
      rowUpper,
      matrix: {
        format: "csc",
        numRows: m,
        numCols: n,
        starts,
        indices: Int32Array.from(indices),
        values: Float64Array.from(values),
      },
    });
    model.run();
    const code = model.getModelStatus();
    const iterations = Number(model.info.get("simplex_iteration_count"));
    if (code !== h.constants.modelStatus.optimal)
      return {
        code,
        x: new Float64Array(n).fill(NaN),
        duals: new Float64Array(m).fill(NaN),
        objective: NaN,
        iterations,
      };
    const solution = model.getSolution();
    return {
      code,
      x: Float64Array.from(solution.colValue),
      duals: Float64Array.from(solution.rowDual),
      objective: model.getObjectiveValue(),
      iterations,
    };
  } finally {
    model.dispose();
  }
}

/**
 * Solves `problem` with HiGHS (default options, no output). "Unbounded or infeasible" answers are resolved by re-solving without presolve and, if still undecided, by solving the feasibility problem (zero costs).
 * @param problem the LP (minimisation), same layout as for solveLp
 * @returns status, x, objective, duals (solveLp's sign convention), HiGHS simplex iteration count; no basis
 * @throws RangeError before {@link loadHighs} has finished or when shapes disagree
 */
export function solveWithHighs(problem: LpProblem): LpResult {
  const h = runtime();
  const codes = h.constants.modelStatus;
  const n = problem.c.length;
  const m = problem.b.length;
  if (n === 0) {
    // No columns: HiGHS reports an empty model without a solution; decide 0 (<=, =, >=) b directly.
    if (problem.A.rows !== m || problem.A.cols !== 0 || problem.rowType.length !== m)
      throw new RangeError(
        `solveWithHighs: shapes disagree: A ${problem.A.rows} × ${problem.A.cols}, b ${m}, c 0, rowType ${problem.rowType.length}`,
      );
    let feasible = true;
    for (let i = 0; i < m; i++) {
      const t = problem.rowType[i]!;
      const bi = problem.b[i]!;
      if ((t === -1 && bi < 0) || (t === 0 && bi !== 0) || (t === 1 && bi > 0)) feasible = false;
    }
    return feasible
      ? { status: "optimal", x: new Float64Array(0), objective: 0, duals: new Float64Array(m), iterations: 0 }
      : {
          status: "infeasible",
          x: new Float64Array(0),
          objective: NaN,
          duals: new Float64Array(m).fill(NaN),
          iterations: 0,
        };
  }
  let out = runModel(h, problem, false, true);
  if (out.code === codes.unboundedOrInfeasible) out = runModel(h, problem, false, false);
  let code: ModelStatusCode = out.code;
  if (code === codes.unboundedOrInfeasible) {
    const feasibility = runModel(h, problem, true, false);
    code = feasibility.code === codes.optimal ? codes.unbounded : codes.infeasible;
  }
  const nanX = new Float64Array(n).fill(NaN);
  const nanY = new Float64Array(m).fill(NaN);
  if (code === codes.optimal)
    return {
      status: "optimal",
      x: out.x,
      objective: out.objective,
      duals: out.duals,
      iterations: out.iterations,
    };
  if (code === codes.infeasible)
    return { status: "infeasible", x: nanX, objective: NaN, duals: nanY, iterations: out.iterations };
  if (code === codes.unbounded)
    return { status: "unbounded", x: nanX, objective: -Infinity, duals: nanY, iterations: out.iterations };
  return {
    status: "numerical",
    reason: `HiGHS model status ${code}`,
    x: nanX,
    objective: NaN,
    duals: nanY,
    iterations: out.iterations,
  };
}

/** {@link solveWithHighs} as an {@link LpSolver} (solveLp's options — iteration limit, scaling, warm start — do not apply and are ignored); usable after {@link loadHighs}. */
export const highsSolver: LpSolver = (problem: LpProblem) => solveWithHighs(problem);
