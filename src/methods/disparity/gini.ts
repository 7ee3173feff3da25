/**
 * Gini coefficient and Dagum's (1997) decomposition by groups. Notation: n units with values y_i ≥ 0 and mean μ;
 * k groups, group j with n_j units y_j1..y_jn_j and mean μ_j; population shares p_j = n_j/n, income shares
 * s_j = n_j μ_j/(n μ). Also `periodSamples`, which cuts a panel variable into one checked sample per period (with
 * group labels) for this module, theil.ts and kernel-density.ts.
 */
import { IssueCollector, issue, type InputIssue } from "../../errors.js";
import { fsum } from "../../math/fsum.js";
import { panelVariables, type Panel } from "../../panel/panel.js";
import { cell, findColumn, parseNumber } from "../../table/table.js";

/** Dagum (1997) Empirical Economics 22(4):515–531, as stated in methods.md §3.1. */
export const DAGUM_REFERENCE =
  "Dagum, C. (1997) A new approach to the decomposition of the Gini income inequality ratio, Empirical Economics 22(4):515–531; methods.md §3.1";

/**
 * Gini coefficient: G = Σ_i Σ_r |y_i − y_r| / (2 n² μ).
 * The double sum is evaluated exactly in O(n log n) from the sorted values.
 * Reference: Dagum (1997) eq. (2); methods.md §3.1 (overall G).
 * @param y values, finite and ≥ 0, with a positive mean (length n ≥ 1; not modified)
 * @returns G in [0, 1 − 1/n]
 * @throws RangeError naming `gini` when y is empty, holds a negative or non-finite value, or has mean 0
 * @example
 * gini(Float64Array.of(1, 2, 3, 4)) // => 0.25
 */
export function gini(y: Float64Array): number {
  checkValues("gini", y);
  const sorted = Float64Array.from(y).sort();
  const mean = meanOf(sorted);
  if (!(mean > 0)) throw new RangeError(`gini: y needs a positive mean; got ${mean}`);
  const n = sorted.length;
  return (2 * positivePartSum(sorted, sorted)) / (2 * n * n * mean);
}

export interface DagumGiniOptions {
  /** The groups, in the order used for the result; default the labels in order of first appearance. Every listed group needs at least one unit. */
  readonly groups?: readonly string[];
}

/** One unordered pair of groups, the higher-mean group first (`high`), as Dagum's D_jh requires. */
export interface DagumPair {
  /** Index (into `groups`) of the group with the higher mean (the first of the two when the means are equal); decided by d_jh ≥ p_jh, which is μ_j ≥ μ_h without rounding. */
  readonly high: number;
  /** Index of the other group. */
  readonly low: number;
  /** Between-group Gini G_jh = Σ_i Σ_r |y_ji − y_hr| / (n_j n_h (μ_j + μ_h)). */
  readonly gini: number;
  /** Gross economic affluence d_jh = (1/(n_j n_h)) Σ_i Σ_r max(y_ji − y_hr, 0), j = high. */
  readonly grossAffluence: number;
  /** First moment of transvariation p_jh = (1/(n_j n_h)) Σ_i Σ_r max(y_hr − y_ji, 0), j = high. */
  readonly transvariation: number;
  /** Relative economic affluence D_jh = (d_jh − p_jh)/(d_jh + p_jh) in [0, 1]; 0 when d_jh + p_jh = 0 (both groups hold one and the same value). */
  readonly affluence: number;
  /** Contribution to the net between-group Gini: G_jh (p_j s_h + p_h s_j) D_jh. */
  readonly netBetweenContribution: number;
  /** Contribution to transvariation: G_jh (p_j s_h + p_h s_j) (1 − D_jh). */
  readonly transvariationContribution: number;
}

export interface DagumGiniResult {
  /** Number of units n. */
  readonly n: number;
  /** Overall mean μ. */
  readonly mean: number;
  /** Overall Gini G. */
  readonly gini: number;
  /** Group labels, in result order. */
  readonly groups: readonly string[];
  /** n_j per group. */
  readonly size: Int32Array;
  /** μ_j per group. */
  readonly groupMean: Float64Array;
  /** p_j = n_j / n. */
  readonly populationShare: Float64Array;
  /** s_j = n_j μ_j / (n μ). */
  readonly incomeShare: Float64Array;
  /** Within-group Gini G_jj = Σ_i Σ_r |y_ji − y_jr| / (2 n_j² μ_j); 0 for a group of one unit (and for a group whose values are all 0). */
  readonly within: Float64Array;
  /** Every pair of groups once, in the order (0,1), (0,2), …, (1,2), …; within each pair the higher-mean group is `high`. */
  readonly pairs: readonly DagumPair[];
  /** G_w = Σ_j G_jj p_j s_j. */
  readonly withinContribution: number;
  /** G_nb = Σ_pairs G_jh (p_j s_h + p_h s_j) D_jh. */
  readonly netBetweenContribution: number;
  /** G_t = Σ_pairs G_jh (p_j s_h + p_h s_j) (1 − D_jh). G = G_w + G_nb + G_t. */
  readonly transvariationContribution: number;
  /** G_w / G, G_nb / G and G_t / G as fractions (they sum to 1); NaN when G = 0 (no inequality to share). */
  readonly shares: { readonly within: number; readonly netBetween: number; readonly transvariation: number };
}

/**
 * The values of each group, checking the labels: the split that the within/between decompositions (Dagum Gini,
 * Theil) start from.
 * @param fn the calling function's name, for the error messages
 * @param y values per unit
 * @param labels group label per unit (length n)
 * @param order the group order (options.groups); default the order of first appearance in `labels`
 * @returns the groups in order and each group's values, in unit order
 * @throws RangeError naming `fn` when the lengths differ, a group is listed twice, a label is not listed, or a listed group has no unit
 */
export function groupMembers(
  fn: string,
  y: Float64Array,
  labels: readonly string[],
  order: readonly string[] | undefined,
): { readonly groups: readonly string[]; readonly members: number[][] } {
  const n = y.length;
  if (labels.length !== n)
    throw new RangeError(`${fn}: group needs one label per value (${n}); got ${labels.length}`);
  const groups = order ?? [...new Set(labels)];
  const index = new Map<string, number>();
  groups.forEach((g, j) => {
    if (index.has(g)) throw new RangeError(`${fn}: options.groups lists "${g}" twice`);
    index.set(g, j);
  });
  const members: number[][] = groups.map(() => []);
  for (let i = 0; i < n; i++) {
    const j = index.get(labels[i]!);
    if (j === undefined)
      throw new RangeError(`${fn}: label "${labels[i]!}" of unit ${i} is not in options.groups`);
    members[j]!.push(y[i]!);
  }
  members.forEach((m, j) => {
    if (m.length === 0) throw new RangeError(`${fn}: group "${groups[j]!}" has no units`);
  });
  return { groups, members };
}

/**
 * Dagum's Gini decomposition G = G_w + G_nb + G_t into the within-group part, the net between-group part and the
 * transvariation (overlap) part, with the within-group Ginis G_jj, the between-group Ginis G_jh and the relative
 * economic affluence D_jh of every pair (computed with the higher-mean group first, so D_jh ∈ [0, 1]).
 *
 * G_w = Σ_j G_jj p_j s_j; G_nb = Σ_{j<h} G_jh (p_j s_h + p_h s_j) D_jh; G_t = Σ_{j<h} G_jh (p_j s_h + p_h s_j)(1 − D_jh).
 * All double sums are evaluated exactly from sorted values and prefix sums (O(n log n)).
 *
 * Reference: Dagum (1997) Empirical Economics 22(4):515–531; methods.md §3.1 (vector [C]: East/Central/West, G = 0.2335924007).
 *
 * @param y values per unit, finite and ≥ 0, with a positive mean (not modified)
 * @param group group label per unit (length n)
 * @param options groups: the group order (every group listed must have a unit; every label must be listed)
 * @returns the decomposition with per-group and per-pair parts
 * @throws RangeError naming `dagumGini` when lengths differ, y is empty, holds a negative or non-finite value or has mean 0, a label is not in `options.groups`, or a listed group has no unit
 * @example
 * dagumGini(Float64Array.of(1, 2, 3, 4), ["a", "a", "b", "b"]).gini // => 0.25
 */
export function dagumGini(
  y: Float64Array,
  group: readonly string[],
  options: DagumGiniOptions = {},
): DagumGiniResult {
  checkValues("dagumGini", y);
  const n = y.length;
  const { groups, members } = groupMembers("dagumGini", y, group, options.groups);
  const k = groups.length;

  const all = Float64Array.from(y).sort();
  const mean = meanOf(all);
  if (!(mean > 0)) throw new RangeError(`dagumGini: y needs a positive mean; got ${mean}`);
  const G = positivePartSum(all, all) / (n * n * mean);

  const sorted = members.map((m) => Float64Array.from(m).sort());
  const size = Int32Array.from(sorted, (s) => s.length);
  const groupMean = Float64Array.from(sorted, meanOf);
  const populationShare = Float64Array.from(size, (nj) => nj / n);
  const incomeShare = Float64Array.from(groupMean, (mu, j) => (size[j]! * mu) / (n * mean));
  const within = Float64Array.from(sorted, (s, j) => {
    const mu = groupMean[j]!;
    // All values of a group with mean 0 are 0 (y ≥ 0): no inequality within it.
    return mu > 0 ? positivePartSum(s, s) / (s.length * s.length * mu) : 0;
  });
  let withinContribution = 0;
  for (let j = 0; j < k; j++) withinContribution += within[j]! * populationShare[j]! * incomeShare[j]!;

  const pairs: DagumPair[] = [];
  let netBetweenContribution = 0;
  let transvariationContribution = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      // d − p = μ_a − μ_b exactly, so the group with the larger d is the higher-mean group; deciding by d and p
      // (not by the rounded means) keeps D_jh ≥ 0 when the means differ only by rounding.
      const pairCount = size[a]! * size[b]!;
      const dAB = positivePartSum(sorted[a]!, sorted[b]!) / pairCount;
      const pAB = positivePartSum(sorted[b]!, sorted[a]!) / pairCount;
      const [high, low, d, p] = pAB > dAB ? [b, a, pAB, dAB] : [a, b, dAB, pAB];
      const meanSum = groupMean[high]! + groupMean[low]!;
      const Gjh = meanSum > 0 ? (d + p) / meanSum : 0;
      const D = d + p > 0 ? (d - p) / (d + p) : 0;
      const weight = populationShare[high]! * incomeShare[low]! + populationShare[low]! * incomeShare[high]!;
      const net = Gjh * weight * D;
      const trans = Gjh * weight * (1 - D);
      netBetweenContribution += net;
      transvariationContribution += trans;
      pairs.push({
        high,
        low,
        gini: Gjh,
        grossAffluence: d,
        transvariation: p,
        affluence: D,
        netBetweenContribution: net,
        transvariationContribution: trans,
      });
    }
  }
  const share = (part: number): number => (G > 0 ? part / G : Number.NaN);
  return {
    n,
    mean,
    gini: G,
    groups: [...groups],
    size,
    groupMean,
    populationShare,
    incomeShare,
    within,
    pairs,
    withinContribution,
    netBetweenContribution,
    transvariationContribution,
    shares: {
      within: share(withinContribution),
      netBetween: share(netBetweenContribution),
      transvariation: share(transvariationContribution),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Panel → one checked sample per period (shared by gini.ts, theil.ts and kernel-density.ts)

/** What values a method accepts: any finite number, ≥ 0 (Gini), or > 0 (logs: Theil L, SD of logs). */
export type ValueDomain = "finite" | "non-negative" | "positive";

export interface PeriodSamplesOptions {
  /** Category column whose labels form the groups (e.g. "region_nbs4"); default none (one sample per period). */
  readonly group?: string;
  /** First period to use (inclusive). */
  readonly from?: number;
  /** Last period to use (inclusive). */
  readonly to?: number;
  /** A missing value of the variable: "error" (default) reports it; "drop" leaves the unit out of that period and lists it in `dropped`. */
  readonly missing?: "error" | "drop";
  /** File name for issue locations. */
  readonly file?: string;
  /** 1-based file row of each panel row, for issue locations. */
  readonly fileRows?: ArrayLike<number>;
}

/** The units of one period with a value. */
export interface PeriodSample {
  readonly time: number;
  readonly values: Float64Array;
  readonly entities: readonly string[];
  /** Group label per unit; undefined without a group column. */
  readonly groups: readonly string[] | undefined;
}

export interface PeriodSamples {
  readonly variable: string;
  /** The group column, if any. */
  readonly group: string | undefined;
  /** Every group label met in the selected periods, in order of first appearance (empty without a group column). */
  readonly groupLabels: readonly string[];
  readonly samples: readonly PeriodSample[];
  /** Units left out for a missing value (with `missing: "drop"`). */
  readonly dropped: readonly { readonly entity: string; readonly time: number }[];
  /** Periods in the window where no unit has a value (left out, as when a series starts later than the panel). */
  readonly skipped: readonly number[];
}

/** What a method needs of each period's sample. */
export interface SampleRequirements {
  /** Name of the method, for messages ("the Gini index"). */
  readonly method: string;
  readonly domain: ValueDomain;
  /** Fewest units a period needs. */
  readonly minUnits: number;
  /** Extra check of one period's sample; returns what makes it unusable (nothing when it is fine). */
  readonly check?: (sample: PeriodSample) => readonly SampleProblem[];
}

/** Why a period's sample (or one group of it) is unusable. */
export interface SampleProblem {
  readonly message: string;
  readonly hint: string;
  /** The group the problem concerns, if any (the issue then names the group column). */
  readonly group?: string;
}

/**
 * Cuts a panel variable into one sample per period, checking every row once: the variable and group columns must
 * exist, values must be numbers in the method's domain, a missing value is an issue (or, with `missing: "drop"`, a
 * dropped unit), every row needs a group label, and each period needs `minUnits` units and a unit in every group.
 * Periods where no unit has a value are skipped and listed. All problems are reported together.
 * Reference: the input rules of methods.md §3 (logs need y > 0; Dagum needs every group non-empty).
 * @param p panel (entity × period)
 * @param variable the numeric column to measure
 * @param options group column, period window, missing-value policy, file and file rows for locations
 * @param needs the method's name, value domain, minimum units and an optional per-period check
 * @returns the samples in period order, with dropped units and skipped periods
 * @throws NqpfInputError `missing_column` (variable or group), `not_a_number` (text cells), `bad_value` (missing, non-finite or out-of-domain values; too few units; an empty group; a failed period check), `missing_key` (empty group label), `bad_argument` (no period in the window)
 * @throws RangeError naming `periodSamples` when minUnits < 1 or from/to is not finite
 * @example
 * periodSamples(p, "y", { group: "region" }, { method: "the Gini index", domain: "non-negative", minUnits: 2 }).samples[0].values
 * // => the first period's values, units in panel order
 */
export function periodSamples(
  p: Panel,
  variable: string,
  options: PeriodSamplesOptions,
  needs: SampleRequirements,
): PeriodSamples {
  if (!(Number.isInteger(needs.minUnits) && needs.minUnits >= 1))
    throw new RangeError(`periodSamples: minUnits must be a whole number ≥ 1; got ${needs.minUnits}`);
  for (const bound of ["from", "to"] as const) {
    const v = options[bound];
    if (v !== undefined && !Number.isFinite(v))
      throw new RangeError(`periodSamples: ${bound} must be a finite number; got ${v}`);
  }
  const file = options.file !== undefined ? { file: options.file } : {};
  const issues = new IssueCollector();
  const names = panelVariables(p).map((c) => c.name);
  const column = names.includes(variable) ? findColumn(p.table, variable) : undefined;
  if (!column)
    issues.add({
      ...issue.missingColumn(file, variable, names),
      hint: `name a numeric column with --var; available: ${names.slice(0, 40).join(", ")}`,
    });
  const groupColumn =
    options.group !== undefined && names.includes(options.group)
      ? findColumn(p.table, options.group)
      : undefined;
  if (options.group !== undefined && !groupColumn)
    issues.add({
      ...issue.missingColumn(file, options.group, names),
      hint: `name a category column (e.g. a region) with --group; available: ${names.slice(0, 40).join(", ")}`,
    });
  const inWindow = p.times.map(
    (t) => (options.from === undefined || t >= options.from) && (options.to === undefined || t <= options.to),
  );
  if (!inWindow.some(Boolean))
    issues.add({
      code: "bad_argument",
      ...file,
      column: p.time,
      message: `no period between ${options.from ?? "the first"} and ${options.to ?? "the last"}`,
      hint: `the panel has periods ${p.times[0] ?? "none"} to ${p.times.at(-1) ?? "none"}; check --years`,
    });
  issues.throwIfAny();

  const where = (r: number, name: string): Omit<InputIssue, "code" | "message" | "hint"> => ({
    ...file,
    ...(options.fileRows !== undefined ? { row: options.fileRows[r]! } : {}),
    column: name,
    entity: p.entities[p.entityOf[r]!]!,
    time: p.times[p.timeOf[r]!]!,
  });
  const T = p.times.length;
  const rowsOf: number[][] = p.times.map(() => []);
  const hasValue = new Uint8Array(T);
  const valueOf = new Float64Array(p.table.rowCount);
  const isMissing = new Uint8Array(p.table.rowCount);
  for (let r = 0; r < p.table.rowCount; r++) {
    const t = p.timeOf[r]!;
    if (!inWindow[t]) continue;
    const raw = cell(column!, r);
    let v: number | undefined;
    if (raw === null || (typeof raw === "string" && raw.trim() === "")) isMissing[r] = 1;
    else if (typeof raw === "number") v = raw;
    else {
      v = parseNumber(raw);
      if (v === undefined) {
        issues.add(issue.notANumber(where(r, variable), raw));
        continue;
      }
    }
    if (v !== undefined) {
      valueOf[r] = v;
      hasValue[t] = 1;
    }
    rowsOf[t]!.push(r);
  }

  const groupLabels: string[] = [];
  const seenLabel = new Set<string>();
  const dropped: { entity: string; time: number }[] = [];
  const skipped: number[] = [];
  const samples: PeriodSample[] = [];
  const domainText = {
    finite: "a finite number",
    "non-negative": "a finite number ≥ 0",
    positive: "a finite number > 0",
  }[needs.domain];
  for (let t = 0; t < T; t++) {
    if (!inWindow[t]) continue;
    const time = p.times[t]!;
    if (!hasValue[t]) {
      skipped.push(time);
      continue;
    }
    const values: number[] = [];
    const entities: string[] = [];
    const labels: string[] = [];
    for (const r of rowsOf[t]!) {
      const entity = p.entities[p.entityOf[r]!]!;
      if (isMissing[r]) {
        if (options.missing === "drop") dropped.push({ entity, time });
        else
          issues.add({
            code: "bad_value",
            ...where(r, variable),
            message: "the value is missing",
            hint: `${needs.method} needs a value for every unit of a period; fill it in, or leave such units out (--incomplete drop)`,
          });
        continue;
      }
      const v = valueOf[r]!;
      const ok =
        Number.isFinite(v) && (needs.domain === "finite" || (needs.domain === "positive" ? v > 0 : v >= 0));
      if (!ok) {
        issues.add({
          code: "bad_value",
          ...where(r, variable),
          message: `the value is ${v}; ${needs.method} needs ${domainText}`,
          hint:
            needs.domain === "positive"
              ? "logs are taken: check the value (a zero typed for missing, a sign); leave it empty if unknown"
              : "check the value (units, sign); leave the cell empty if it is unknown",
        });
        continue;
      }
      let label: string | undefined;
      if (groupColumn) {
        const g = cell(groupColumn, r);
        const text = g === null ? "" : String(g).trim();
        if (text === "") {
          issues.add({
            code: "missing_key",
            ...where(r, groupColumn.name),
            message: "the group is empty",
            hint: `every unit needs a group label in "${groupColumn.name}"; fill it in`,
          });
          continue;
        }
        label = text;
        if (!seenLabel.has(text)) {
          seenLabel.add(text);
          groupLabels.push(text);
        }
      }
      values.push(v);
      entities.push(entity);
      if (label !== undefined) labels.push(label);
    }
    samples.push({
      time,
      values: Float64Array.from(values),
      entities,
      groups: groupColumn ? labels : undefined,
    });
  }
  issues.throwIfAny();

  for (const sample of samples) {
    const at = { ...file, column: variable, time: sample.time };
    if (sample.values.length < needs.minUnits)
      issues.add({
        code: "bad_value",
        ...at,
        message: `${sample.values.length} unit${sample.values.length === 1 ? " has" : "s have"} a value; ${needs.method} needs at least ${needs.minUnits}`,
        hint: "leave this period out with --years, or fill in the missing values",
      });
    else
      for (const problem of needs.check?.(sample) ?? [])
        issues.add({
          code: "bad_value",
          ...at,
          ...(problem.group !== undefined && groupColumn ? { column: groupColumn.name } : {}),
          message: problem.message,
          hint: problem.hint,
        });
    if (groupColumn) {
      const present = new Set(sample.groups);
      for (const label of groupLabels)
        if (!present.has(label))
          issues.add({
            code: "bad_value",
            ...file,
            column: groupColumn.name,
            time: sample.time,
            message: `group "${label}" has no unit with a value in ${sample.time}`,
            hint: "every group needs at least one unit in every period; fill in its values or leave the period out with --years",
          });
    }
  }
  if (samples.length === 0)
    issues.add({
      code: "bad_value",
      ...file,
      column: variable,
      message: `"${variable}" has no value in ${options.from ?? p.times[0]!}–${options.to ?? p.times.at(-1)!}`,
      hint: "choose another variable or period range (--years)",
    });
  issues.throwIfAny();
  return { variable, group: groupColumn?.name, groupLabels, samples, dropped, skipped };
}

// ---------------------------------------------------------------------------------------------------------------
// By period

/** What a by-period decomposition holds: one result `R` per period, its groups and what was left out. */
export interface ByPeriodResult<R> {
  readonly variable: string;
  /** The panel's time column name. */
  readonly time: string;
  /** The group column, or undefined (then each period's decomposition has one group, "all"). */
  readonly group: string | undefined;
  readonly periods: readonly number[];
  /** One decomposition per period, groups in `groupLabels` order. */
  readonly results: readonly R[];
  readonly groupLabels: readonly string[];
  readonly dropped: PeriodSamples["dropped"];
  readonly skipped: readonly number[];
}

/** Dagum's decomposition in every period ({@link dagumGiniByPeriod}). */
export type DagumGiniByPeriodResult = ByPeriodResult<DagumGiniResult>;

/** Label of the single group used when no group column is given. */
export const ALL_UNITS = "all";

/**
 * Dagum's Gini decomposition of a panel variable in every period (groups from a category column, e.g. the NBS
 * regions `region_nbs4`; without one, each period has the single group "all" and G = G_w).
 * Reference: Dagum (1997); methods.md §3.1.
 * @param p panel (entity × period)
 * @param variable numeric column, values ≥ 0 with a positive mean in every period
 * @param options group column, from/to, missing-value policy, file and file rows for issue locations
 * @returns per-period decompositions with the same group order in every period
 * @throws NqpfInputError (all issues at once) for an unknown column, text or missing or negative values, a period with fewer than 2 units or all values 0, a group with no unit in a period
 * @example
 * dagumGiniByPeriod(p, "y", { group: "region" }).results[0].gini // => 0.2335924007 on the methods.md §3.1 data
 */
export function dagumGiniByPeriod(
  p: Panel,
  variable: string,
  options: PeriodSamplesOptions = {},
): DagumGiniByPeriodResult {
  const s = periodSamples(p, variable, options, {
    method: "the Gini index",
    domain: "non-negative",
    minUnits: 2,
    check: (sample) =>
      sample.values.every((v) => v === 0)
        ? [
            {
              message: "every value is 0; the Gini index needs a positive mean",
              hint: "leave this period out with --years",
            },
          ]
        : [],
  });
  return byPeriodResult(p, s, (sample, groups) =>
    dagumGini(sample.values, sample.groups ?? sample.entities.map(() => ALL_UNITS), { groups }),
  );
}

/**
 * A by-period result: `decompose` applied to every period's sample, with the groups of all periods (the single
 * group "all" without a group column) so that each period's parts line up.
 * @param p the panel (for its time column name)
 * @param s the period samples of the variable
 * @param decompose the method on one period's sample and the group order
 * @returns one result per period, with the groups and what was left out
 */
export function byPeriodResult<R>(
  p: Panel,
  s: PeriodSamples,
  decompose: (sample: PeriodSample, groups: readonly string[]) => R,
): ByPeriodResult<R> {
  const groups = s.group !== undefined ? s.groupLabels : [ALL_UNITS];
  return {
    variable: s.variable,
    time: p.time,
    group: s.group,
    periods: s.samples.map((x) => x.time),
    results: s.samples.map((sample) => decompose(sample, groups)),
    groupLabels: groups,
    dropped: s.dropped,
    skipped: s.skipped,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** Σ_i Σ_r max(a_i − b_r, 0) for a and b sorted ascending, by one merge pass with a running prefix sum of b. */
function positivePartSum(a: Float64Array, b: Float64Array): number {
  let below = 0;
  let prefix = 0;
  let prefixCompensation = 0;
  let total = 0;
  let totalCompensation = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    while (below < b.length && b[below]! < ai) {
      const v = b[below]!;
      const t = prefix + v;
      prefixCompensation += Math.abs(prefix) >= Math.abs(v) ? prefix - t + v : v - t + prefix;
      prefix = t;
      below++;
    }
    const term = below * ai - (prefix + prefixCompensation);
    const t = total + term;
    totalCompensation += Math.abs(total) >= Math.abs(term) ? total - t + term : term - t + total;
    total = t;
  }
  return total + totalCompensation;
}

function meanOf(values: Float64Array): number {
  return fsum(values) / values.length;
}

function checkValues(fn: string, y: Float64Array): void {
  if (y.length === 0) throw new RangeError(`${fn}: y needs at least one value; got 0`);
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!(v >= 0 && Number.isFinite(v)))
      throw new RangeError(`${fn}: values must be finite and ≥ 0; got ${v} at index ${i}`);
  }
}
