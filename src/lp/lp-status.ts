/**
 * Outcome codes and tolerances of the LP core (src/lp/simplex.ts).
 * Tolerances apply to the internally scaled problem (geometric-mean row/column scaling), where entries are near 1.
 */

/**
 * How an LP solve ended: `"optimal"` (x, objective and duals are valid), `"infeasible"` (no x satisfies the rows and bounds), `"unbounded"` (the objective decreases without limit), `"numerical"` (the solver gave up: singular basis, iteration limit, non-finite data; `reason` says which).
 */
export type LpStatus = "optimal" | "infeasible" | "unbounded" | "numerical";

/** Primal feasibility tolerance: a basic variable (structural or row logical) may violate its bounds by at most this much (scaled units); also the relaxation of Harris's ratio test. HiGHS's default `primal_feasibility_tolerance` is 1e-7; DEA scores are compared at 1e-6, hence the tighter value. */
export const LP_FEASIBILITY_TOL = 1e-9;

/** Dual (optimality) tolerance: a reduced cost of a non-basic variable counts as improving only beyond this (scaled units). */
export const LP_OPTIMALITY_TOL = 1e-9;

/** Smallest pivot magnitude accepted when B⁻¹ is recomputed by Gauss–Jordan elimination (scaled units); a smaller one means the basis is singular. */
export const LP_PIVOT_TOL = 1e-11;

/** Entries of the entering column B⁻¹a_q below this in magnitude cannot be pivots: the ratio test skips them (scaled units). */
export const LP_RATIO_PIVOT_TOL = 1e-9;

/** Phase 1 declares the problem infeasible when no pivot can reduce the infeasibility and the largest violation exceeds this (scaled units); a smaller residual is accepted once as rounding, with the feasibility tolerance raised just above it. */
export const LP_INFEASIBILITY_TOL = 1e-7;

/** Number of eta (rank-one) updates of B⁻¹ after which the basis inverse is recomputed from scratch. */
export const LP_REFACTOR_INTERVAL = 50;

/** Number of consecutive degenerate pivots after which pricing switches to Bland's smallest-index rule (anti-cycling) until a pivot makes progress; after 20 times as many degenerate pivots in one solve, Bland's rule stays on. */
export const LP_DEGENERATE_LIMIT = 50;

/** A pivot is degenerate when it changes the objective (phase 1: the sum of infeasibilities), |d_q|·θ in scaled units, by at most this. Measuring the objective rather than θ also catches steps that are only rounding drift of x_B. */
export const LP_PROGRESS_TOL = 1e-11;

/** Maximum number of row-then-column passes of geometric-mean scaling. */
export const LP_SCALE_PASSES = 6;

/** Geometric-mean scaling stops after a pass once the spread max|â_ij| / min|â_ij| of the scaled non-zero entries is at most this (or shrank by less than 10 %). */
export const LP_SCALE_SPREAD = 1e3;

/** Partial pricing: the n + m columns are priced in this many segments, one segment per iteration as long as it offers an entering candidate (DEA LPs have n ≫ m, and pricing costs O(m) per column). Reference: Maros (2003), Computational Techniques of the Simplex Method, Kluwer (partial pricing). */
export const LP_PRICING_SEGMENTS = 8;

/** Partial pricing: a segment has at least this many columns, so small LPs are priced in full (pure Dantzig rule). */
export const LP_PRICING_SEGMENT_MIN = 64;

/** Default iteration limit per solve, as a function of the shape: `max(LP_MIN_ITERATIONS, 20·(m + n))`. */
export const LP_MIN_ITERATIONS = 10_000;
