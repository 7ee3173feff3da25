/**
 * Dagum Gini decompositions by period as Tables: the overall G with its three parts, the within-group Ginis, the
 * between-group Ginis with D_jh, and the wide layout of NQPF papers (one row per period).
 */
import {
  numberColumn,
  stringColumn,
  table,
  type Column,
  type Table,
  type TableMeta,
} from "../../table/table.js";
import { DAGUM_REFERENCE, type DagumGiniByPeriodResult } from "./gini.js";

export interface DagumGiniTables {
  /** Per period: n, μ, G, G_w, G_nb, G_t and their % of G. */
  readonly overall: Table;
  /** Per period and group: n_j, μ_j, p_j, s_j, G_jj, its contribution G_jj p_j s_j and % of G. */
  readonly within: Table;
  /** Per period and pair (higher-mean group first): G_jh, d_jh, p_jh, D_jh and the contributions to G_nb and G_t. */
  readonly between: Table;
  /** One row per period: G, the % parts, G_jj per group and G_jh per pair (pairs named in group order). */
  readonly wide: Table;
}

/**
 * Tables of a {@link dagumGiniByPeriod} result (names gini, gini_within, gini_between, gini_wide), each with method,
 * parameters, reference and notes giving the formulas and any units or periods left out.
 * Percentages of G are empty where G = 0 (no inequality to split).
 * Reference: Dagum (1997) Empirical Economics 22(4):515–531; methods.md §3.1.
 * @param result the output of dagumGiniByPeriod
 * @returns the four tables
 * @example
 * dagumGiniTables(dagumGiniByPeriod(p, "y", { group: "region" })).overall.columns.map((c) => c.name)
 * // => ["year", "n", "mean", "gini", "within", "net_between", "transvariation", "within_pct", "net_between_pct", "transvariation_pct"]
 */
export function dagumGiniTables(result: DagumGiniByPeriodResult): DagumGiniTables {
  const { results, periods, groupLabels } = result;
  const time = result.time;
  const meta = (name: string, title: string, notes: readonly string[]): TableMeta => ({
    name,
    title,
    method: "Dagum Gini decomposition (nqpf dagumGini)",
    parameters: { variable: result.variable, group: result.group ?? "(none)" },
    reference: DAGUM_REFERENCE,
    notes: [...notes, ...leftOutNotes(result)],
  });
  const pct = (part: number, G: number): number => (G > 0 ? (100 * part) / G : Number.NaN);
  /** G_w, G_nb and G_t as % of G, per period (the overall and wide tables). */
  const partPercentColumns = (): Column[] => [
    numberColumn(
      "within_pct",
      results.map((r) => pct(r.withinContribution, r.gini)),
      { label: "G_w / G (%)", unit: "%" },
    ),
    numberColumn(
      "net_between_pct",
      results.map((r) => pct(r.netBetweenContribution, r.gini)),
      { label: "G_nb / G (%)", unit: "%" },
    ),
    numberColumn(
      "transvariation_pct",
      results.map((r) => pct(r.transvariationContribution, r.gini)),
      { label: "G_t / G (%)", unit: "%" },
    ),
  ];

  const overall = table(
    [
      numberColumn(time, periods),
      numberColumn(
        "n",
        results.map((r) => r.n),
        { label: "units" },
      ),
      numberColumn(
        "mean",
        results.map((r) => r.mean),
        { label: `mean of ${result.variable}` },
      ),
      numberColumn(
        "gini",
        results.map((r) => r.gini),
        { label: "overall Gini G" },
      ),
      numberColumn(
        "within",
        results.map((r) => r.withinContribution),
        { label: "within-group contribution G_w" },
      ),
      numberColumn(
        "net_between",
        results.map((r) => r.netBetweenContribution),
        { label: "net between-group contribution G_nb" },
      ),
      numberColumn(
        "transvariation",
        results.map((r) => r.transvariationContribution),
        { label: "transvariation (overlap) contribution G_t" },
      ),
      ...partPercentColumns(),
    ],
    meta("gini", `Dagum Gini decomposition of ${result.variable}`, [
      "G = Σ_j Σ_h Σ_i Σ_r |y_ji − y_hr| / (2 n² μ) = G_w + G_nb + G_t",
      "G_w = Σ_j G_jj p_j s_j; G_nb = Σ_{j<h} G_jh (p_j s_h + p_h s_j) D_jh; G_t = Σ_{j<h} G_jh (p_j s_h + p_h s_j)(1 − D_jh); p_j = n_j/n, s_j = n_j μ_j/(n μ)",
      "percentages are empty where G = 0",
    ]),
  );

  const w = { time: [] as number[], group: [] as string[], values: new Map<string, number[]>() };
  const push = (name: string, v: number): void => {
    const list = w.values.get(name) ?? [];
    list.push(v);
    w.values.set(name, list);
  };
  results.forEach((r, k) => {
    r.groups.forEach((label, j) => {
      w.time.push(periods[k]!);
      w.group.push(label);
      const contribution = r.within[j]! * r.populationShare[j]! * r.incomeShare[j]!;
      push("n", r.size[j]!);
      push("mean", r.groupMean[j]!);
      push("population_share", r.populationShare[j]!);
      push("income_share", r.incomeShare[j]!);
      push("gini", r.within[j]!);
      push("contribution", contribution);
      push("contribution_pct", pct(contribution, r.gini));
    });
  });
  const withinLabels: Record<string, { label: string; unit?: string }> = {
    n: { label: "units n_j" },
    mean: { label: "group mean μ_j" },
    population_share: { label: "population share p_j = n_j/n" },
    income_share: { label: "income share s_j = n_j μ_j/(n μ)" },
    gini: { label: "within-group Gini G_jj" },
    contribution: { label: "contribution G_jj p_j s_j to G_w" },
    contribution_pct: { label: "G_jj p_j s_j / G (%)", unit: "%" },
  };
  const within = table(
    [
      numberColumn(time, w.time),
      stringColumn("group", w.group, { label: result.group ?? "group" }),
      ...Object.entries(withinLabels).map(([name, m]) => numberColumn(name, w.values.get(name) ?? [], m)),
    ],
    meta("gini_within", `Within-group Gini of ${result.variable}`, [
      "G_jj = Σ_i Σ_r |y_ji − y_jr| / (2 n_j² μ_j); 0 for a group of one unit",
    ]),
  );

  const b = {
    time: [] as number[],
    high: [] as string[],
    low: [] as string[],
    values: new Map<string, number[]>(),
  };
  const pushPair = (name: string, v: number): void => {
    const list = b.values.get(name) ?? [];
    list.push(v);
    b.values.set(name, list);
  };
  results.forEach((r, k) => {
    for (const pair of r.pairs) {
      b.time.push(periods[k]!);
      b.high.push(r.groups[pair.high]!);
      b.low.push(r.groups[pair.low]!);
      pushPair("gini", pair.gini);
      pushPair("gross_affluence", pair.grossAffluence);
      pushPair("transvariation", pair.transvariation);
      pushPair("affluence", pair.affluence);
      pushPair("net_between", pair.netBetweenContribution);
      pushPair("transvariation_contribution", pair.transvariationContribution);
      pushPair("net_between_pct", pct(pair.netBetweenContribution, r.gini));
      pushPair("transvariation_pct", pct(pair.transvariationContribution, r.gini));
    }
  });
  const betweenLabels: Record<string, { label: string; unit?: string }> = {
    gini: { label: "between-group Gini G_jh" },
    gross_affluence: { label: "gross affluence d_jh (j = higher-mean group)" },
    transvariation: { label: "transvariation p_jh" },
    affluence: { label: "relative economic affluence D_jh = (d_jh − p_jh)/(d_jh + p_jh)" },
    net_between: { label: "contribution G_jh (p_j s_h + p_h s_j) D_jh to G_nb" },
    transvariation_contribution: { label: "contribution G_jh (p_j s_h + p_h s_j)(1 − D_jh) to G_t" },
    net_between_pct: { label: "contribution to G_nb / G (%)", unit: "%" },
    transvariation_pct: { label: "contribution to G_t / G (%)", unit: "%" },
  };
  const between = table(
    [
      numberColumn(time, b.time),
      stringColumn("group_high", b.high, { label: "group with the higher mean (j)" }),
      stringColumn("group_low", b.low, { label: "group with the lower mean (h)" }),
      ...Object.entries(betweenLabels).map(([name, m]) => numberColumn(name, b.values.get(name) ?? [], m)),
    ],
    meta("gini_between", `Between-group Gini of ${result.variable}`, [
      "G_jh = Σ_i Σ_r |y_ji − y_hr| / (n_j n_h (μ_j + μ_h))",
      "d_jh = (1/(n_j n_h)) Σ_i Σ_r max(y_ji − y_hr, 0) and p_jh = (1/(n_j n_h)) Σ_i Σ_r max(y_hr − y_ji, 0), with j the group of higher mean in that period, so D_jh ∈ [0, 1]",
    ]),
  );

  // Wide layout: pairs named in group order (the order of groupLabels), whatever their mean order in a period.
  const pairNames: { a: number; b: number; name: string }[] = [];
  for (let a = 0; a < groupLabels.length; a++)
    for (let c = a + 1; c < groupLabels.length; c++)
      pairNames.push({ a, b: c, name: `between_${groupLabels[a]!}_${groupLabels[c]!}` });
  const pairGini = (r: (typeof results)[number], a: number, c: number): number =>
    r.pairs.find((p) => (p.high === a && p.low === c) || (p.high === c && p.low === a))?.gini ?? Number.NaN;
  const wide = table(
    [
      numberColumn(time, periods),
      numberColumn(
        "gini",
        results.map((r) => r.gini),
        { label: "overall Gini G" },
      ),
      ...groupLabels.map((label, j) =>
        numberColumn(
          `within_${label}`,
          results.map((r) => r.within[j]!),
          { label: `G_jj, ${label}` },
        ),
      ),
      ...pairNames.map(({ a, b: c, name }) =>
        numberColumn(
          name,
          results.map((r) => pairGini(r, a, c)),
          { label: `G_jh, ${groupLabels[a]!}–${groupLabels[c]!}` },
        ),
      ),
      ...partPercentColumns(),
    ],
    meta("gini_wide", `Dagum Gini of ${result.variable}: overall, within, between and contributions`, [
      "between_<a>_<b> is the symmetric G_jh of groups a and b",
    ]),
  );
  return { overall, within, between, wide };
}

/**
 * Table notes naming the units left out for a missing value and the periods without any value.
 * Reference: the house rule that nothing is left out silently (docs/style.md).
 * @param result a by-period result's `dropped` and `skipped`
 * @returns zero, one or two note lines
 * @example
 * leftOutNotes({ dropped: [{ entity: "A", time: 2001 }], skipped: [] }) // => ["left out for a missing value: A (2001)"]
 */
export function leftOutNotes(result: {
  readonly dropped: readonly { readonly entity: string; readonly time: number }[];
  readonly skipped: readonly number[];
}): string[] {
  const notes: string[] = [];
  if (result.dropped.length > 0)
    notes.push(
      `left out for a missing value: ${result.dropped.map((d) => `${d.entity} (${d.time})`).join(", ")}`,
    );
  if (result.skipped.length > 0)
    notes.push(`periods without any value, left out: ${result.skipped.join(", ")}`);
  return notes;
}
