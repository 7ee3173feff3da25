/**
 * Theil decompositions by period as Tables: T and L with within/between parts, CV and SD of logs per period, and
 * per group T_g, L_g and their contributions.
 */
import { numberColumn, stringColumn, table, type Table, type TableMeta } from "../../table/table.js";
import { leftOutNotes } from "./gini-table.js";
import { THEIL_REFERENCE, type TheilByPeriodResult } from "./theil.js";

export interface TheilTables {
  /** Per period: n, μ, T, T_w, T_b, L, L_w, L_b (with % of the total), CV and SD of logs. */
  readonly overall: Table;
  /** Per period and group: n_g, μ_g, p_g, s_g, T_g, L_g and the contributions s_g T_g and p_g L_g. */
  readonly groups: Table;
}

/**
 * Tables of a {@link theilByPeriod} result (names theil, theil_groups) with method, parameters, reference and notes.
 * Percentages are empty where the index is 0 (no inequality to split).
 * Reference: Theil (1967); Shorrocks (1980) Econometrica 48(3):613–625; methods.md §3.2.
 * @param result the output of theilByPeriod
 * @returns the two tables
 * @example
 * theilTables(theilByPeriod(p, "y")).overall.columns.map((c) => c.name).slice(0, 6)
 * // => ["year", "n", "mean", "theil_t", "t_within", "t_between"]
 */
export function theilTables(result: TheilByPeriodResult): TheilTables {
  const { results, periods } = result;
  const meta = (name: string, title: string, notes: readonly string[]): TableMeta => ({
    name,
    title,
    method: "Theil indices (nqpf theil)",
    parameters: { variable: result.variable, group: result.group ?? "(none)", ddof: result.ddof },
    reference: THEIL_REFERENCE,
    notes: [...notes, ...leftOutNotes(result)],
  });
  const pct = (part: number, total: number): number => (total > 0 ? (100 * part) / total : Number.NaN);
  const column = (
    name: string,
    pick: (r: (typeof results)[number]) => number,
    label: string,
    unit?: string,
  ) => numberColumn(name, results.map(pick), { label, ...(unit !== undefined ? { unit } : {}) });

  const overall = table(
    [
      numberColumn(result.time, periods),
      column("n", (r) => r.n, "units"),
      column("mean", (r) => r.mean, `mean of ${result.variable}`),
      column("theil_t", (r) => r.t, "Theil T (GE(1))"),
      column("t_within", (r) => r.tWithin, "T within groups Σ s_g T_g"),
      column("t_between", (r) => r.tBetween, "T between groups Σ s_g ln(μ_g/μ)"),
      column("t_within_pct", (r) => pct(r.tWithin, r.t), "T_w / T (%)", "%"),
      column("t_between_pct", (r) => pct(r.tBetween, r.t), "T_b / T (%)", "%"),
      column("theil_l", (r) => r.l, "Theil L (GE(0), mean log deviation)"),
      column("l_within", (r) => r.lWithin, "L within groups Σ p_g L_g"),
      column("l_between", (r) => r.lBetween, "L between groups Σ p_g ln(μ/μ_g)"),
      column("l_within_pct", (r) => pct(r.lWithin, r.l), "L_w / L (%)", "%"),
      column("l_between_pct", (r) => pct(r.lBetween, r.l), "L_b / L (%)", "%"),
      column("cv", (r) => r.cv, `coefficient of variation sd/μ (sd with n − ${result.ddof})`),
      column("sd_log", (r) => r.sdLog, `standard deviation of ln ${result.variable} (n − ${result.ddof})`),
    ],
    meta("theil", `Theil indices of ${result.variable}`, [
      "T = (1/n) Σ (y_i/μ) ln(y_i/μ) = Σ_g s_g T_g + Σ_g s_g ln(μ_g/μ); L = (1/n) Σ ln(μ/y_i) = Σ_g p_g L_g + Σ_g p_g ln(μ/μ_g)",
      "p_g = n_g/n, s_g = n_g μ_g/(n μ); percentages are empty where the index is 0",
    ]),
  );

  const time: number[] = [];
  const group: string[] = [];
  const values = new Map<string, number[]>();
  const push = (name: string, v: number): void => {
    const list = values.get(name) ?? [];
    list.push(v);
    values.set(name, list);
  };
  results.forEach((r, k) => {
    r.groups.forEach((label, g) => {
      time.push(periods[k]!);
      group.push(label);
      const tPart = r.incomeShare[g]! * r.groupT[g]!;
      const lPart = r.populationShare[g]! * r.groupL[g]!;
      push("n", r.size[g]!);
      push("mean", r.groupMean[g]!);
      push("population_share", r.populationShare[g]!);
      push("income_share", r.incomeShare[g]!);
      push("theil_t", r.groupT[g]!);
      push("theil_l", r.groupL[g]!);
      push("t_contribution", tPart);
      push("l_contribution", lPart);
      push("t_contribution_pct", pct(tPart, r.t));
      push("l_contribution_pct", pct(lPart, r.l));
    });
  });
  const labels: Record<string, { label: string; unit?: string }> = {
    n: { label: "units n_g" },
    mean: { label: "group mean μ_g" },
    population_share: { label: "population share p_g = n_g/n" },
    income_share: { label: "income share s_g = n_g μ_g/(n μ)" },
    theil_t: { label: "Theil T within the group, T_g" },
    theil_l: { label: "Theil L within the group, L_g" },
    t_contribution: { label: "contribution s_g T_g to T_w" },
    l_contribution: { label: "contribution p_g L_g to L_w" },
    t_contribution_pct: { label: "s_g T_g / T (%)", unit: "%" },
    l_contribution_pct: { label: "p_g L_g / L (%)", unit: "%" },
  };
  const groups = table(
    [
      numberColumn(result.time, time),
      stringColumn("group", group, { label: result.group ?? "group" }),
      ...Object.entries(labels).map(([name, m]) => numberColumn(name, values.get(name) ?? [], m)),
    ],
    meta("theil_groups", `Theil indices of ${result.variable} by group`, [
      "T_g = (1/n_g) Σ (y/μ_g) ln(y/μ_g); L_g = (1/n_g) Σ ln(μ_g/y)",
    ]),
  );
  return { overall, groups };
}
