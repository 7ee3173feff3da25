/**
 * Growth accounting (the Solow residual) on a panel, per entity and year:
 *   Δln Y_t = s̄_t·Δln L_t + (1 − s̄_t)·Δln K_t + Δln A_t,
 * with Y output, K capital (a stock or capital services), L = employment × hours × human capital (whichever are
 * given), s the labour share of income and A total factor productivity. Growth is measured in log differences,
 * Δln x_t = ln x_t − ln x_{t−1} (log points; 0.02 ≈ 2 %). Törnqvist: s̄_t = ½(s_{t−1} + s_t); constant: s̄ = 1 − α.
 */
import { IssueCollector, issue, type InputIssue } from "../../errors.js";
import { panelDelta, shiftedRows } from "../../panel/lag.js";
import { panelVariables, type Panel } from "../../panel/panel.js";
import {
  cell,
  findColumn,
  numberColumn,
  stringColumn,
  table,
  type Column,
  type NumberColumn,
  type Table,
  type TableMeta,
} from "../../table/table.js";

/** What a unit-year row holds: "ok" a computed pair (t−1, t); otherwise why the growth of that year is missing. */
export type GrowthPairStatus = "ok" | "first" | "gap" | "missing";

/** Labour components, in the order they multiply into L. */
export type LabourComponent = "employment" | "hours" | "humanCapital";

export interface GrowthAccountingOptions {
  /** Real output (levels), e.g. PWT `rgdpna`. */
  readonly output: string;
  /** Real capital: a stock (e.g. PWT `rnna`, a perpetual-inventory stock) or capital services (PWT `rkna`). */
  readonly capital: string;
  /** Persons employed, e.g. PWT `emp`. At least one of employment, hours, humanCapital is needed. */
  readonly employment?: string;
  /** Average hours worked per person, e.g. PWT `avh`. */
  readonly hours?: string;
  /** Human capital index per worker, e.g. PWT `hc`. */
  readonly humanCapital?: string;
  /** Labour share of income per entity-year in [0, 1] (PWT `labsh`): Törnqvist weights s̄ = ½(s_{t−1} + s_t). */
  readonly labourShare?: string;
  /** Constant capital share α in [0, 1] (labour share 1 − α), instead of `labourShare`. */
  readonly alpha?: number;
  /** Year where every entity's TFP level index is 1; default each entity's first year with a computed pair. */
  readonly baseYear?: number;
  /** Column grouping entities (e.g. a region) for the means by period; default one group "all". */
  readonly group?: string;
  /** Time step between compared periods; default the panel's step (`panelDelta`). */
  readonly delta?: number;
  /** File name for issue locations. */
  readonly file?: string;
  /** 1-based file row of each panel row, for issue locations. */
  readonly fileRows?: ArrayLike<number>;
}

/** The labour component columns used, with each one's log growth and its contribution s̄·Δln x. */
export interface LabourComponentGrowth {
  readonly component: LabourComponent;
  readonly column: string;
  /** Δln of the component, per row (NaN unless status "ok"). */
  readonly growth: Float64Array;
  /** s̄·Δln of the component; the components' contributions add up to the labour contribution. */
  readonly contribution: Float64Array;
}

/** Means over the entities of one group for one pair of periods. */
export interface GrowthPeriodMean {
  readonly group: string;
  readonly from: number;
  readonly to: number;
  /** Entities with a computed pair (those the means are over). */
  readonly count: number;
  /** Entities of the group observed in `to` whose pair is not computed. */
  readonly notComputed: number;
  readonly outputGrowth: number;
  readonly labourContribution: number;
  readonly capitalContribution: number;
  readonly tfpGrowth: number;
  /** Why the means are missing (count 0), else undefined. */
  readonly reason: string | undefined;
}

/** Means over the computed pairs of one entity (average annual log growth). */
export interface GrowthEntityMean {
  readonly entity: string;
  readonly group: string;
  /** First and last year of the computed pairs (NaN when none). */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly notComputed: number;
  readonly outputGrowth: number;
  readonly labourContribution: number;
  readonly capitalContribution: number;
  readonly tfpGrowth: number;
  /** Mean TFP growth / mean output growth (NaN when mean output growth is 0). */
  readonly tfpShare: number;
  readonly reason: string | undefined;
}

export interface GrowthAccountingResult {
  /** "tornqvist" (time-varying labour shares) or "constant-share" (α given). */
  readonly weights: "tornqvist" | "constant-share";
  /** The capital share when constant. */
  readonly alpha: number | undefined;
  /** Column names used. */
  readonly columns: {
    readonly output: string;
    readonly capital: string;
    readonly labourShare: string | undefined;
    readonly group: string | undefined;
  };
  readonly entityColumn: string;
  readonly timeColumn: string;
  readonly entities: readonly string[];
  /** Time step of the compared pairs. */
  readonly delta: number;
  /** Per row (one per panel row, in panel order: entity, then year): index into `entities`. */
  readonly entity: Int32Array;
  readonly year: Float64Array;
  /** Group label per row ("all" without a group column). */
  readonly group: readonly string[];
  /** Year compared against (t − delta); NaN when there is no pair. */
  readonly fromYear: Float64Array;
  readonly status: readonly GrowthPairStatus[];
  /** Why the growth of the row is missing; undefined when "ok". */
  readonly reason: readonly (string | undefined)[];
  /** Δln Y, Δln L, Δln K per row (NaN unless "ok"). */
  readonly outputGrowth: Float64Array;
  readonly labourGrowth: Float64Array;
  readonly capitalGrowth: Float64Array;
  /** s̄ used: ½(s_{t−1} + s_t) or 1 − α. */
  readonly labourShare: Float64Array;
  readonly labourContribution: Float64Array;
  readonly capitalContribution: Float64Array;
  /** Δln A = Δln Y − s̄·Δln L − (1 − s̄)·Δln K. */
  readonly tfpGrowth: Float64Array;
  readonly labourComponents: readonly LabourComponentGrowth[];
  /** TFP level index, 1 in the entity's base year, exp of cumulated Δln A; NaN where `levelReason` says why. */
  readonly tfpLevel: Float64Array;
  readonly levelReason: readonly (string | undefined)[];
  /** Base year of each entity's level index (NaN when it has none). */
  readonly baseYear: Float64Array;
  readonly byPeriod: readonly GrowthPeriodMean[];
  readonly byEntity: readonly GrowthEntityMean[];
}

const COMPONENTS: readonly {
  readonly key: LabourComponent;
  readonly option: keyof GrowthAccountingOptions;
}[] = [
  { key: "employment", option: "employment" },
  { key: "hours", option: "hours" },
  { key: "humanCapital", option: "humanCapital" },
];

/**
 * Growth accounting with Törnqvist (time-varying) or constant factor shares: per entity and adjacent years
 * (t − delta, t), output growth, the contributions of labour and capital, TFP growth (the residual) and a TFP level
 * index chained from a base year, plus means by period (over the entities of each group) and by entity.
 *
 * Δln A_t = Δln Y_t − s̄_t·Σ_c Δln L_c,t − (1 − s̄_t)·Δln K_t, s̄_t = ½(s_{t−1} + s_t) or 1 − α; A_base = 1 and
 * A_t = A_{t−1}·exp(Δln A_t) along unbroken runs of computed pairs.
 *
 * A year whose previous period is absent ("gap"; "first" for the entity's first year) or lacks a value
 * ("missing") has no growth; its reason names the column and year. The level index is defined only for years
 * linked to the base year by computed pairs; elsewhere `levelReason` says which pair breaks the chain.
 * Means are unweighted arithmetic means of log growth rates over the computed pairs (exp of a mean is the
 * geometric mean growth factor).
 *
 * Reference: Solow (1957) REStat 39(3):312–320; Törnqvist weights as in Feenstra, Inklaar & Timmer (2015) AER
 * 105(10) (PWT rtfpna: labour = emp·avh·hc, capital = rkna, s = labsh); methods.md §4.1.
 *
 * @param p panel (entity × year)
 * @param options column names (output, capital, labour components, labourShare or alpha), baseYear, group, delta
 * @returns per-row growth, contributions, TFP growth and level with status and reason; means by period and entity
 * @throws NqpfInputError `missing_column` / `not_a_number` for absent or text columns, `bad_value` for values
 *   ≤ 0 or not finite where logs are taken and for labour shares outside [0, 1] (each with entity, year, column,
 *   row), `bad_argument` for a base year outside the panel
 * @throws RangeError naming `growthAccounting` when neither or both of labourShare and alpha are given, α is
 *   outside [0, 1], no labour component is named, or delta is not positive
 * @example
 * growthAccounting(p, { output: "y", capital: "k", employment: "l", alpha: 0.4 }).tfpGrowth
 * // => Δln y − 0.6·Δln l − 0.4·Δln k per entity-year (NaN with status "first" in each entity's first year)
 */
export function growthAccounting(p: Panel, options: GrowthAccountingOptions): GrowthAccountingResult {
  const { alpha } = options;
  const hasShare = options.labourShare !== undefined;
  if (hasShare === (alpha !== undefined))
    throw new RangeError(
      `growthAccounting: give either labourShare (a column) or alpha (a constant capital share); got ${hasShare ? "both" : "neither"}`,
    );
  if (alpha !== undefined && !(alpha >= 0 && alpha <= 1))
    throw new RangeError(`growthAccounting: alpha must be in [0, 1]; got ${alpha}`);
  const components = COMPONENTS.filter((c) => options[c.option] !== undefined).map((c) => ({
    key: c.key,
    column: options[c.option] as string,
  }));
  if (components.length === 0)
    throw new RangeError(
      "growthAccounting: name at least one labour column (employment, hours, humanCapital)",
    );
  const delta = options.delta ?? panelDelta(p);
  if (!(delta > 0 && Number.isFinite(delta)))
    throw new RangeError(`growthAccounting: delta must be positive and finite; got ${delta}`);

  const n = p.table.rowCount;
  const issues = new IssueCollector();
  const where = (r: number, column: string): Omit<InputIssue, "code" | "message" | "hint"> => ({
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...(options.fileRows !== undefined ? { row: options.fileRows[r]! } : {}),
    column,
    entity: p.entities[p.entityOf[r]!]!,
    time: p.times[p.timeOf[r]!]!,
  });
  const names = panelVariables(p).map((c) => c.name);
  const numeric = (name: string, flag: string): NumberColumn | undefined => {
    const column = findColumn(p.table, name);
    if (!column) {
      issues.add({
        ...issue.missingColumn(options.file !== undefined ? { file: options.file } : {}, name, names),
        hint: `name the ${flag} column; available: ${names.slice(0, 40).join(", ")}`,
      });
      return undefined;
    }
    if (column.type !== "number") {
      issues.add({
        code: "not_a_number",
        ...(options.file !== undefined ? { file: options.file } : {}),
        column: name,
        message: `column "${name}" holds text, not numbers`,
        hint: `choose a numeric ${flag} column`,
      });
      return undefined;
    }
    return column;
  };
  const output = numeric(options.output, "output");
  const capital = numeric(options.capital, "capital");
  const labour = components.map((c) => ({ ...c, data: numeric(c.column, labourFlag(c.key)) }));
  const share = options.labourShare !== undefined ? numeric(options.labourShare, "labour share") : undefined;
  const groupColumn = options.group !== undefined ? findColumn(p.table, options.group) : undefined;
  if (options.group !== undefined && !groupColumn)
    issues.add({
      ...issue.missingColumn(options.file !== undefined ? { file: options.file } : {}, options.group, names),
      hint: `name the group column (e.g. a region); available: ${names.slice(0, 40).join(", ")}`,
    });
  if (options.baseYear !== undefined && !p.times.includes(options.baseYear))
    issues.add({
      code: "bad_argument",
      ...(options.file !== undefined ? { file: options.file } : {}),
      column: p.time,
      message: `base year ${options.baseYear} is not a period of the panel`,
      hint: `choose a year from ${p.times[0]!} to ${p.times.at(-1)!}`,
    });
  issues.throwIfAny();

  // Values where logs are taken must be positive and finite; shares must lie in [0, 1].
  const logged: { column: NumberColumn; name: string }[] = [
    { column: output!, name: options.output },
    { column: capital!, name: options.capital },
    ...labour.map((c) => ({ column: c.data!, name: c.column })),
  ];
  for (const { column, name } of logged) {
    for (let r = 0; r < n; r++) {
      if (column.missing[r] !== 0) continue;
      const v = column.values[r]!;
      if (!(v > 0 && Number.isFinite(v)))
        issues.add({
          code: "bad_value",
          ...where(r, name),
          message: `${name} is ${v}; growth accounting takes its logarithm, which needs a positive finite number`,
          hint: "check the value (units, sign, a zero typed for missing); leave the cell empty if it is unknown",
        });
    }
  }
  if (share) {
    for (let r = 0; r < n; r++) {
      if (share.missing[r] !== 0) continue;
      const v = share.values[r]!;
      if (!(v >= 0 && v <= 1))
        issues.add({
          code: "bad_value",
          ...where(r, share.name),
          message: `labour share ${v} is outside [0, 1]`,
          hint: "give the labour share as a fraction of income (0.6, not 60)",
        });
    }
  }
  issues.throwIfAny();

  const previous = shiftedRows(p, 1, delta);
  const year = new Float64Array(n);
  const fromYear = new Float64Array(n).fill(Number.NaN);
  const status: GrowthPairStatus[] = new Array<GrowthPairStatus>(n);
  const reason: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
  const nan = (): Float64Array => new Float64Array(n).fill(Number.NaN);
  const outputGrowth = nan();
  const labourGrowth = nan();
  const capitalGrowth = nan();
  const labourShare = nan();
  const labourContribution = nan();
  const capitalContribution = nan();
  const tfpGrowth = nan();
  const componentGrowth = labour.map(() => nan());
  const componentContribution = labour.map(() => nan());
  const needed: NumberColumn[] = [
    output!,
    capital!,
    ...labour.map((c) => c.data!),
    ...(share ? [share] : []),
  ];
  const timeOf = (r: number): number => p.times[p.timeOf[r]!]!;

  for (let r = 0; r < n; r++) {
    year[r] = timeOf(r);
    const s = previous[r]!;
    if (s < 0) {
      const first = r === 0 || p.entityOf[r - 1] !== p.entityOf[r];
      status[r] = first ? "first" : "gap";
      reason[r] = first
        ? "first year of the entity: no earlier year to compare with"
        : `no observation for ${formatYear(year[r]! - delta)} (the previous one is ${formatYear(timeOf(r - 1))})`;
      continue;
    }
    fromYear[r] = timeOf(s);
    const absent: string[] = [];
    for (const column of needed) {
      if (column.missing[s] !== 0) absent.push(`${column.name} ${formatYear(fromYear[r]!)}`);
      if (column.missing[r] !== 0) absent.push(`${column.name} ${formatYear(year[r]!)}`);
    }
    if (absent.length > 0) {
      status[r] = "missing";
      reason[r] = `missing ${absent.join(", ")}`;
      continue;
    }
    status[r] = "ok";
    const sBar = share ? 0.5 * (share.values[s]! + share.values[r]!) : 1 - alpha!;
    let gL = 0;
    labour.forEach((c, k) => {
      const g = logRatio(c.data!.values[r]!, c.data!.values[s]!);
      componentGrowth[k]![r] = g;
      componentContribution[k]![r] = sBar * g;
      gL += g;
    });
    const gY = logRatio(output!.values[r]!, output!.values[s]!);
    const gK = logRatio(capital!.values[r]!, capital!.values[s]!);
    outputGrowth[r] = gY;
    labourGrowth[r] = gL;
    capitalGrowth[r] = gK;
    labourShare[r] = sBar;
    labourContribution[r] = sBar * gL;
    capitalContribution[r] = (1 - sBar) * gK;
    tfpGrowth[r] = gY - sBar * gL - (1 - sBar) * gK;
  }

  const { tfpLevel, levelReason, baseYear } = chainLevels(p, previous, status, reason, tfpGrowth, year, {
    ...(options.baseYear !== undefined ? { baseYear: options.baseYear } : {}),
    delta,
  });

  const group = new Array<string>(n);
  for (let r = 0; r < n; r++) {
    const value = groupColumn ? cell(groupColumn, r) : "all";
    group[r] = value === null ? "(none)" : String(value);
  }
  const series = { outputGrowth, labourContribution, capitalContribution, tfpGrowth };
  return {
    weights: share ? "tornqvist" : "constant-share",
    alpha,
    columns: {
      output: options.output,
      capital: options.capital,
      labourShare: options.labourShare,
      group: options.group,
    },
    entityColumn: p.entity,
    timeColumn: p.time,
    entities: p.entities,
    delta,
    entity: Int32Array.from(p.entityOf),
    year,
    group,
    fromYear,
    status,
    reason,
    outputGrowth,
    labourGrowth,
    capitalGrowth,
    labourShare,
    labourContribution,
    capitalContribution,
    tfpGrowth,
    labourComponents: labour.map((c, k) => ({
      component: c.key,
      column: c.column,
      growth: componentGrowth[k]!,
      contribution: componentContribution[k]!,
    })),
    tfpLevel,
    levelReason,
    baseYear,
    byPeriod: periodMeans(p, status, group, fromYear, series),
    byEntity: entityMeans(p, status, group, fromYear, year, series),
  };
}

/** ln(a/b), with the difference of logs as a fallback when the ratio over- or underflows. */
function logRatio(a: number, b: number): number {
  const ratio = a / b;
  return ratio > 0 && Number.isFinite(ratio) ? Math.log(ratio) : Math.log(a) - Math.log(b);
}

function labourFlag(key: LabourComponent): string {
  return key === "humanCapital" ? "human capital" : key;
}

function formatYear(t: number): string {
  return String(Number(t.toPrecision(12)));
}

/** Chains Δln A into level indices per entity: 1 at the base year, forward by exp(g), backward by exp(−g). */
function chainLevels(
  p: Panel,
  previous: Int32Array,
  status: readonly GrowthPairStatus[],
  reason: readonly (string | undefined)[],
  tfpGrowth: Float64Array,
  year: Float64Array,
  options: { readonly baseYear?: number; readonly delta: number },
): { tfpLevel: Float64Array; levelReason: (string | undefined)[]; baseYear: Float64Array } {
  const n = p.table.rowCount;
  const tfpLevel = new Float64Array(n).fill(Number.NaN);
  const levelReason = new Array<string | undefined>(n).fill(undefined);
  const baseYear = new Float64Array(p.entities.length).fill(Number.NaN);
  const next = new Int32Array(n).fill(-1);
  for (let r = 0; r < n; r++) if (previous[r]! >= 0) next[previous[r]!] = r;
  let start = 0;
  while (start < n) {
    const e = p.entityOf[start]!;
    let end = start;
    while (end < n && p.entityOf[end] === e) end++;
    // Base row: the given year, or the start of the entity's first computed pair.
    let base = -1;
    if (options.baseYear !== undefined) {
      for (let r = start; r < end; r++) if (year[r] === options.baseYear) base = r;
    } else {
      for (let r = start; r < end && base < 0; r++) if (status[r] === "ok") base = previous[r]!;
    }
    if (base < 0) {
      const why =
        options.baseYear !== undefined
          ? `the base year ${formatYear(options.baseYear)} is not observed for this entity`
          : "no pair of years of this entity has all values, so there is no level index";
      for (let r = start; r < end; r++) levelReason[r] = why;
      start = end;
      continue;
    }
    baseYear[e] = year[base]!;
    tfpLevel[base] = 1;
    const unlinked = (r: number): string =>
      `not linked to the base year ${formatYear(year[base]!)}: the pair ${formatYear(year[r]! - options.delta)}→${formatYear(year[r]!)} is not computed (${reason[r] ?? "no earlier year"})`;
    // Forward: A_t = A_{t−δ}·exp(g_t) while pairs are computed.
    for (let r = base + 1; r < end; r++) {
      const s = previous[r]!;
      if (status[r] === "ok" && s >= base && !Number.isNaN(tfpLevel[s]!))
        tfpLevel[r] = tfpLevel[s]! * Math.exp(tfpGrowth[r]!);
      else {
        // Report the first break of the chain: inherit the reason of the row before when it is unlinked too.
        const before = s >= base ? s : r - 1;
        levelReason[r] = levelReason[before] ?? unlinked(r);
      }
    }
    // Backward: A_{t−δ} = A_t / exp(g_t).
    for (let r = base - 1; r >= start; r--) {
      const q = next[r]!;
      if (q >= 0 && status[q] === "ok" && !Number.isNaN(tfpLevel[q]!))
        tfpLevel[r] = tfpLevel[q]! / Math.exp(tfpGrowth[q]!);
      else
        levelReason[r] =
          levelReason[q < 0 ? r + 1 : q] ??
          (q < 0
            ? `not linked to the base year ${formatYear(year[base]!)}: no observation for ${formatYear(year[r]! + options.delta)}`
            : unlinked(q));
    }
    start = end;
  }
  return { tfpLevel, levelReason, baseYear };
}

interface MeanSeries {
  readonly outputGrowth: Float64Array;
  readonly labourContribution: Float64Array;
  readonly capitalContribution: Float64Array;
  readonly tfpGrowth: Float64Array;
}

/** Running sums of the four series over rows, turned into means. */
interface Accumulator {
  count: number;
  notComputed: number;
  from: number;
  sums: [number, number, number, number];
}

function accumulator(): Accumulator {
  return { count: 0, notComputed: 0, from: Number.NaN, sums: [0, 0, 0, 0] };
}

function accumulate(acc: Accumulator, series: MeanSeries, r: number): void {
  acc.count++;
  acc.sums[0] += series.outputGrowth[r]!;
  acc.sums[1] += series.labourContribution[r]!;
  acc.sums[2] += series.capitalContribution[r]!;
  acc.sums[3] += series.tfpGrowth[r]!;
}

function means(acc: Accumulator): {
  outputGrowth: number;
  labourContribution: number;
  capitalContribution: number;
  tfpGrowth: number;
} {
  const c = acc.count > 0 ? acc.count : Number.NaN;
  return {
    outputGrowth: acc.sums[0] / c,
    labourContribution: acc.sums[1] / c,
    capitalContribution: acc.sums[2] / c,
    tfpGrowth: acc.sums[3] / c,
  };
}

function periodMeans(
  p: Panel,
  status: readonly GrowthPairStatus[],
  group: readonly string[],
  fromYear: Float64Array,
  series: MeanSeries,
): GrowthPeriodMean[] {
  // Cells keyed by group, then by the period index of the pair's second year; an entity's first year is no pair.
  const cells = new Map<string, Map<number, Accumulator>>();
  for (let r = 0; r < status.length; r++) {
    if (status[r] === "first") continue;
    const g = group[r]!;
    let byTime = cells.get(g);
    if (!byTime) {
      byTime = new Map();
      cells.set(g, byTime);
    }
    const t = p.timeOf[r]!;
    let acc = byTime.get(t);
    if (!acc) {
      acc = accumulator();
      byTime.set(t, acc);
    }
    if (status[r] === "ok") {
      accumulate(acc, series, r);
      if (Number.isNaN(acc.from)) acc.from = fromYear[r]!;
    } else acc.notComputed++;
  }
  const out: GrowthPeriodMean[] = [];
  for (const [g, byTime] of cells) {
    for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
      const acc = byTime.get(t)!;
      out.push({
        group: g,
        from: Number.isNaN(acc.from) && t > 0 ? p.times[t - 1]! : acc.from,
        to: p.times[t]!,
        count: acc.count,
        notComputed: acc.notComputed,
        ...means(acc),
        reason: acc.count === 0 ? "no entity of the group has this pair computed" : undefined,
      });
    }
  }
  return out;
}

function entityMeans(
  p: Panel,
  status: readonly GrowthPairStatus[],
  group: readonly string[],
  fromYear: Float64Array,
  year: Float64Array,
  series: MeanSeries,
): GrowthEntityMean[] {
  const n = status.length;
  const out: GrowthEntityMean[] = [];
  let start = 0;
  while (start < n) {
    const e = p.entityOf[start]!;
    let end = start;
    while (end < n && p.entityOf[end] === e) end++;
    const acc = accumulator();
    let to = Number.NaN;
    for (let r = start; r < end; r++) {
      if (status[r] === "ok") {
        accumulate(acc, series, r);
        if (Number.isNaN(acc.from)) acc.from = fromYear[r]!;
        to = year[r]!;
      } else if (status[r] !== "first") acc.notComputed++;
    }
    const m = means(acc);
    const tfpShare = m.outputGrowth !== 0 ? m.tfpGrowth / m.outputGrowth : Number.NaN;
    out.push({
      entity: p.entities[e]!,
      group: group[start]!,
      from: acc.from,
      to,
      count: acc.count,
      notComputed: acc.notComputed,
      ...m,
      tfpShare,
      reason:
        acc.count === 0
          ? "no pair of years of this entity has all values"
          : Number.isNaN(tfpShare)
            ? "mean output growth is 0, so the TFP share is undefined"
            : undefined,
    });
    start = end;
  }
  return out;
}

const REFERENCE =
  "Solow (1957) REStat 39(3):312–320; Törnqvist labour-share weights as in Feenstra, Inklaar & Timmer (2015) AER 105(10):3150–3182 (PWT rtfpna); methods.md §4.1";

const LOG_POINTS = "log points (Δln, 0.01 ≈ 1 %)";

/** The three tables of a growth-accounting result. */
export interface GrowthAccountingTables {
  /** One row per entity-year: status, reason, growth, contributions, TFP growth and level. */
  readonly pairs: Table;
  /** Means over the entities of each group, per pair of years. */
  readonly byPeriod: Table;
  /** Means over each entity's computed pairs. */
  readonly byEntity: Table;
}

/**
 * Tables of a {@link growthAccounting} result, with column labels, units and notes stating the conventions
 * (log differences, share weights, base year, how means are taken).
 * Reference: as for growthAccounting (Solow 1957; Feenstra, Inklaar & Timmer 2015), written into each table's meta.
 * @param result the output of growthAccounting
 * @returns the pairs, byPeriod and byEntity tables (meta: name, title, method, parameters, reference, notes)
 * @example
 * growthAccountingTables(result).pairs.columns.map((c) => c.name).slice(0, 6)
 * // => [entity column, time column, "from_year", "status", "reason", "output_growth"]
 */
export function growthAccountingTables(result: GrowthAccountingResult): GrowthAccountingTables {
  const weights =
    result.weights === "tornqvist"
      ? `Törnqvist labour share s̄_t = ½(s_{t−1} + s_t) from column ${result.columns.labourShare!}`
      : `constant shares: capital α = ${result.alpha!}, labour 1 − α = ${1 - result.alpha!}`;
  const labourNames = result.labourComponents.map((c) => c.column).join(" × ");
  const parameters = {
    output: result.columns.output,
    capital: result.columns.capital,
    labour: result.labourComponents.map((c) => `${c.component}=${c.column}`).join(", "),
    weights: result.weights,
    ...(result.alpha !== undefined ? { alpha: result.alpha } : {}),
    ...(result.columns.labourShare !== undefined ? { labourShare: result.columns.labourShare } : {}),
    ...(result.columns.group !== undefined ? { group: result.columns.group } : {}),
    delta: result.delta,
  };
  const conventions = [
    `Growth is in log differences Δln x_t = ln x_t − ln x_{t−${result.delta}} (log points; multiply by 100 for approximate percent).`,
    `Δln TFP = Δln Y − s̄·Δln L − (1 − s̄)·Δln K with Y = ${result.columns.output}, K = ${result.columns.capital}, L = ${labourNames}; ${weights}.`,
    "Contributions: labour = s̄·Δln L, capital = (1 − s̄)·Δln K; labour + capital + TFP = output growth.",
  ];
  const meta = (name: string, title: string, notes: readonly string[]): TableMeta => ({
    name,
    title,
    method: "growth accounting (nqpf growthAccounting)",
    parameters,
    reference: REFERENCE,
    notes: [...conventions, ...notes],
  });
  const growth = (name: string, values: Float64Array, label: string, unit = LOG_POINTS): Column =>
    numberColumn(name, values, { label, unit });
  /** Output growth, the labour and capital contributions and TFP growth of the byPeriod and byEntity means. */
  const meanGrowthColumns = (
    means: readonly (GrowthPeriodMean | GrowthEntityMean)[],
    outputLabel: string,
  ): Column[] => [
    growth(
      "output_growth",
      Float64Array.from(means, (m) => m.outputGrowth),
      outputLabel,
    ),
    growth(
      "labour_contribution",
      Float64Array.from(means, (m) => m.labourContribution),
      "mean labour contribution",
    ),
    growth(
      "capital_contribution",
      Float64Array.from(means, (m) => m.capitalContribution),
      "mean capital contribution",
    ),
    growth(
      "tfp_growth",
      Float64Array.from(means, (m) => m.tfpGrowth),
      "mean TFP growth",
    ),
  ];
  const entityLabels = Array.from(result.entity, (e) => result.entities[e]!);
  const used = new Set<string>();
  const unique = (name: string): string => {
    let candidate = name;
    for (let k = 2; used.has(candidate); k++) candidate = `${name}_${k}`;
    used.add(candidate);
    return candidate;
  };
  const pairColumns: Column[] = [
    stringColumn(unique(result.entityColumn), entityLabels, { label: "entity" }),
    numberColumn(unique(result.timeColumn), result.year, { label: "year t" }),
  ];
  if (result.columns.group !== undefined)
    pairColumns.push(stringColumn(unique(result.columns.group), result.group, { label: "group" }));
  pairColumns.push(
    numberColumn(unique("from_year"), result.fromYear, { label: "compared with year t − 1" }),
    stringColumn(unique("status"), result.status, {
      label: "ok, first (no earlier year), gap (earlier year absent), missing (a value absent)",
    }),
    stringColumn(unique("reason"), result.reason, { label: "why the growth is missing" }),
    growth(unique("output_growth"), result.outputGrowth, `output growth Δln ${result.columns.output}`),
    growth(unique("labour_growth"), result.labourGrowth, `labour growth Δln(${labourNames})`),
    growth(unique("capital_growth"), result.capitalGrowth, `capital growth Δln ${result.columns.capital}`),
    numberColumn(unique("labour_share"), result.labourShare, {
      label: result.weights === "tornqvist" ? "labour share s̄ = ½(s_{t−1} + s_t)" : "labour share 1 − α",
      unit: "fraction",
    }),
    growth(unique("labour_contribution"), result.labourContribution, "labour contribution s̄·Δln L"),
    growth(unique("capital_contribution"), result.capitalContribution, "capital contribution (1 − s̄)·Δln K"),
    growth(unique("tfp_growth"), result.tfpGrowth, "TFP growth Δln A (Solow residual)"),
  );
  if (result.labourComponents.length > 1)
    for (const c of result.labourComponents) {
      pairColumns.push(
        growth(unique(`${c.column}_growth`), c.growth, `Δln ${c.column} (${labourFlag(c.component)})`),
        growth(unique(`${c.column}_contribution`), c.contribution, `s̄·Δln ${c.column}`),
      );
    }
  pairColumns.push(
    numberColumn(unique("tfp_level"), result.tfpLevel, {
      label: "TFP level index (1 in the base year)",
      unit: "index, base year = 1",
    }),
    stringColumn(unique("level_reason"), result.levelReason, { label: "why the level is missing" }),
  );
  const baseNote =
    "TFP level = exp of cumulated Δln TFP, 1 in each entity's base year; defined only for years linked to the base year by computed pairs (level_reason says which pair breaks the chain).";
  const pairs = table(
    pairColumns,
    meta("growth_accounting", "Growth accounting by entity and year", [
      baseNote,
      `Base years: ${baseYearsNote(result)}.`,
      "status 'first': the entity's first year; 'gap': the previous year is absent; 'missing': a value of year t or t − 1 is absent (reason names it).",
    ]),
  );

  const period = result.byPeriod;
  const byPeriod = table(
    [
      stringColumn(
        "group",
        period.map((m) => m.group),
        { label: result.columns.group ?? "group" },
      ),
      numberColumn(
        "from_year",
        period.map((m) => m.from),
        { label: "from year" },
      ),
      numberColumn(
        "to_year",
        period.map((m) => m.to),
        { label: "to year" },
      ),
      numberColumn(
        "count",
        period.map((m) => m.count),
        { label: "entities with a computed pair" },
      ),
      numberColumn(
        "not_computed",
        period.map((m) => m.notComputed),
        { label: "entities observed in the year without a computed pair" },
      ),
      ...meanGrowthColumns(period, "mean output growth"),
      stringColumn(
        "reason",
        period.map((m) => m.reason),
        { label: "why the means are missing" },
      ),
    ],
    meta("growth_by_period", "Growth accounting: means over entities by period", [
      "Unweighted arithmetic means over the entities with a computed pair (exp of a mean log growth is the geometric mean growth factor).",
    ]),
  );

  const entity = result.byEntity;
  const byEntity = table(
    [
      stringColumn(
        result.entityColumn,
        entity.map((m) => m.entity),
        { label: "entity" },
      ),
      ...(result.columns.group !== undefined && result.columns.group !== result.entityColumn
        ? [
            stringColumn(
              result.columns.group,
              entity.map((m) => m.group),
              { label: "group" },
            ),
          ]
        : []),
      numberColumn(
        "from_year",
        entity.map((m) => m.from),
        { label: "first year of the computed pairs" },
      ),
      numberColumn(
        "to_year",
        entity.map((m) => m.to),
        { label: "last year of the computed pairs" },
      ),
      numberColumn(
        "count",
        entity.map((m) => m.count),
        { label: "computed pairs" },
      ),
      numberColumn(
        "not_computed",
        entity.map((m) => m.notComputed),
        { label: "years after the first without a computed pair" },
      ),
      ...meanGrowthColumns(entity, "mean annual output growth"),
      numberColumn(
        "tfp_share",
        Float64Array.from(entity, (m) => m.tfpShare),
        {
          label: "TFP share of output growth (mean TFP growth / mean output growth)",
          unit: "fraction",
        },
      ),
      stringColumn(
        "reason",
        entity.map((m) => m.reason),
        { label: "why a value is missing" },
      ),
    ],
    meta("growth_by_entity", "Growth accounting: means by entity", [
      "Means over each entity's computed pairs only; with gaps, the years averaged over are not contiguous (count and not_computed say how many).",
    ]),
  );
  return { pairs, byPeriod, byEntity };
}

function baseYearsNote(result: GrowthAccountingResult): string {
  const counts = new Map<string, number>();
  for (const b of result.baseYear) {
    const key = Number.isNaN(b) ? "none" : formatYear(b);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([year, count]) => `${year} (${count} ${count === 1 ? "entity" : "entities"})`)
    .join(", ");
}
