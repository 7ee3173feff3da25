/**
 * The regional-disparity and spatial part of `nqpf demo`: Dagum's Gini decomposition of the NQPF index by NBS region,
 * its kernel density per year, the quartile Markov chain, σ- and β-convergence, and global and local Moran's I with
 * queen contiguity on the bundled China map (Hainan linked to Guangdong). Notation: n provinces, T years, index y_it.
 */
import { loadMap } from "../../io/datasets.js";
import type { CompositeIndexResult } from "../../methods/composite/composite-index.js";
import {
  betaConvergencePanel,
  betaConvergenceTables,
  sigmaConvergencePanel,
  sigmaConvergenceTables,
} from "../../methods/disparity/convergence.js";
import { dagumGiniByPeriod } from "../../methods/disparity/gini.js";
import { dagumGiniTables } from "../../methods/disparity/gini-table.js";
import { kernelDensityByPeriod } from "../../methods/disparity/kernel-density.js";
import { kernelDensityTables } from "../../methods/disparity/kernel-density-table.js";
import { classLabels, markovPanel, markovTables } from "../../methods/disparity/markov.js";
import { localMoranTable, moranByYear, moranTable, type MoranQuadrant } from "../../methods/spatial/moran.js";
import {
  contiguityWeights,
  geoJsonUnits,
  rowStandardise,
  weightsSummaryTable,
} from "../../methods/spatial/weights.js";
import { panel, type Panel } from "../../panel/panel.js";
import {
  findColumn,
  numberColumn,
  stringColumn,
  table,
  withColumn,
  withMeta,
  type Table,
} from "../../table/table.js";
import { printRows } from "../format.js";

/** Name of the index column in the analysed panel (and in every table's parameters). */
export const INDEX_VARIABLE = "nqpf_index";
/** Group column of the Dagum decomposition: the four NBS regions. */
const REGION = "region_nbs4";
/** Bundled province map and its id property (the panel's adcodes). */
const MAP = "map-china-provinces";
/** Hainan (an island) linked to Guangdong, as in the Chinese provincial spatial literature. */
const LINKS: readonly (readonly [string, string])[] = [["460000", "440000"]];
const PERMUTATIONS = 999;
const SEED = 1;
const ALPHA = 0.05;
const QUADRANTS: readonly MoranQuadrant[] = ["HH", "LL", "LH", "HL"];
const WEIGHTS_TEXT = "queen contiguity (map-china-provinces), Hainan–Guangdong linked, row-standardised";

/** One year of the printed summary. */
export interface DisparityYear {
  readonly year: number;
  /** Dagum: G, G_w, G_nb, G_t and their shares of G (%). */
  readonly gini: number;
  readonly within: number;
  readonly netBetween: number;
  readonly transvariation: number;
  readonly withinPct: number;
  readonly netBetweenPct: number;
  readonly transvariationPct: number;
  /** Kernel density of all provinces: number of peaks, main peak location and height, bandwidth h. */
  readonly peaks: number;
  readonly mainPeakAt: number;
  readonly mainPeakHeight: number;
  readonly bandwidth: number;
  /** σ-convergence: coefficient of variation. */
  readonly cv: number;
  /** Global Moran's I, z and two-tailed p under normality, permutation pseudo p. */
  readonly moranI: number;
  readonly moranZ: number;
  readonly moranP: number;
  readonly moranPseudoP: number;
}

/** What the disparity step returns to the demo. */
export interface DemoDisparity {
  readonly variable: string;
  readonly provinces: number;
  readonly years: readonly DisparityYear[];
  /** The highest between-region Gini G_jh in the last year (higher-mean region first). */
  readonly largestPair: {
    readonly high: string;
    readonly low: string;
    readonly gini: number;
    readonly affluence: number;
  };
  /** Pooled-quartile Markov chain: P (k × k, row-major), transitions per row, ergodic distribution. */
  readonly markov: {
    readonly k: number;
    readonly probabilities: Float64Array;
    readonly rowTotals: Float64Array;
    readonly ergodic: Float64Array;
    readonly ergodicUnique: boolean;
    readonly cutoffs: Float64Array;
  };
  /** Linear trends of the CV and the SD of logs (slope per year, p). */
  readonly sigma: {
    readonly cvSlope: number;
    readonly cvP: number;
    readonly sdLogSlope: number;
    readonly sdLogP: number;
  };
  /** Two-way fixed-effects β-convergence with unit-clustered SEs: whole sample first, then each region. */
  readonly beta: readonly {
    readonly group: string;
    readonly beta: number;
    readonly se: number;
    readonly p: number;
    readonly speed: number;
    readonly halfLife: number;
    readonly status: string;
  }[];
  /** LISA in the last year: significant clusters (pseudo p ≤ 0.05) and Moran-scatter quadrants per type, and the provinces in HH and LL clusters. */
  readonly lisa: {
    readonly year: number;
    readonly clusters: Readonly<Record<MoranQuadrant, number>>;
    readonly quadrants: Readonly<Record<MoranQuadrant, number>>;
    readonly hh: readonly string[];
    readonly ll: readonly string[];
  };
  /** The weights: links per province (min, mean, max) and islands. */
  readonly weights: {
    readonly minLinks: number;
    readonly meanLinks: number;
    readonly maxLinks: number;
    readonly islands: readonly string[];
  };
  /** The printed block (two-space indented lines, without the step line). */
  readonly lines: readonly string[];
  /** Tables for disparity-index.xlsx, with sheet names set. */
  readonly tables: readonly Table[];
}

/**
 * Regional disparity and spatial dependence of the composite index: Dagum Gini by NBS region (Dagum 1997), Gaussian
 * kernel densities with Silverman's bandwidth, the pooled-quartile Markov chain (Quah 1993), σ- and two-way FE
 * β-convergence with unit-clustered SEs (Barro & Sala-i-Martin 1992), and global and local Moran's I with
 * row-standardised queen contiguity, 999 permutations, seed 1 (Moran 1950; Anselin 1995).
 * Reference: the methods' own modules (gini.ts, kernel-density.ts, markov.ts, convergence.ts, moran.ts); methods.md §3.
 * @param result the composite index (its panel gives provinces and years, `score` the index per row)
 * @param provinces the bundled provincial panel, for each province's NBS region and English name
 * @returns the per-year summary, Markov, convergence and LISA results, the printed lines and the tables
 * @throws NqpfInputError when a province lacks a region, is not on the map, or the index is unusable for a method
 */
export async function demoDisparity(result: CompositeIndexResult, provinces: Panel): Promise<DemoDisparity> {
  const p = indexPanel(result, provinces);
  const names = findColumn(p.table, "name_en");
  const nameOf = new Map<string, string>();
  if (names?.type === "string")
    for (let r = 0; r < p.table.rowCount; r++) {
      const name = names.values[r];
      if (name != null) nameOf.set(p.entities[p.entityOf[r]!]!, name);
    }
  const label = (id: string): string => nameOf.get(id) ?? id;

  const dagum = dagumGiniByPeriod(p, INDEX_VARIABLE, { group: REGION });
  const dagumTables = dagumGiniTables(dagum);
  const kde = kernelDensityByPeriod(p, INDEX_VARIABLE, { kernel: "gaussian", bandwidth: "silverman" });
  const kdeTables = kernelDensityTables(kde);
  const chain = markovPanel(p, { variable: INDEX_VARIABLE, k: 4, scheme: "pooled" });
  const chainTables = markovTables(chain);
  const sigma = sigmaConvergencePanel(p, { variable: INDEX_VARIABLE, group: REGION });
  const sigmaTables = sigmaConvergenceTables(sigma);
  const beta = betaConvergencePanel(p, {
    variable: INDEX_VARIABLE,
    group: REGION,
    fe: "twoway",
    se: "cluster",
  });
  const betaTables = betaConvergenceTables(beta);

  const units = geoJsonUnits(await loadMap(MAP), {
    idProperty: "adcode",
    nameProperty: "name_en",
    ids: p.entities,
    file: MAP,
  });
  const w = rowStandardise(contiguityWeights(units, { rule: "queen", links: LINKS }));
  const moran = moranByYear(p, INDEX_VARIABLE, w, {
    permutations: PERMUTATIONS,
    seed: SEED,
    local: { alpha: ALPHA },
  });
  const moranOptions = {
    periods: moran.years,
    timeColumn: p.time,
    variable: INDEX_VARIABLE,
    weights: WEIGHTS_TEXT,
  };
  const local = moran.local!;
  const localTable = localMoranTable(local, { ...moranOptions, idColumn: p.entity });
  const idColumn = findColumn(localTable, p.entity);
  const localNamed =
    idColumn?.type === "string"
      ? withColumn(
          localTable,
          stringColumn(
            "name_en",
            idColumn.values.map((id) => label(id ?? "")),
          ),
        )
      : localTable;

  const all = sigma.series[0]!.result;
  const years: DisparityYear[] = dagum.periods.map((year, k) => {
    const g = dagum.results[k]!;
    const estimate = kde.estimates.find((e) => e.time === year && e.group === "all")!.result;
    const main = estimate.peaks.main;
    const m = moran.global[moran.years.indexOf(year)]!;
    return {
      year,
      gini: g.gini,
      within: g.withinContribution,
      netBetween: g.netBetweenContribution,
      transvariation: g.transvariationContribution,
      withinPct: 100 * g.shares.within,
      netBetweenPct: 100 * g.shares.netBetween,
      transvariationPct: 100 * g.shares.transvariation,
      peaks: estimate.peaks.location.length,
      mainPeakAt: main >= 0 ? estimate.peaks.location[main]! : Number.NaN,
      mainPeakHeight: main >= 0 ? estimate.peaks.height[main]! : Number.NaN,
      bandwidth: estimate.bandwidth,
      cv: all.cv[all.times.indexOf(year)]!,
      moranI: m.I,
      moranZ: m.normal.z,
      moranP: m.normal.p,
      moranPseudoP: m.permutation?.p ?? Number.NaN,
    };
  });

  const last = dagum.results.at(-1)!;
  const widest = last.pairs.reduce((a, b) => (b.gini > a.gini ? b : a));
  const largestPair = {
    high: last.groups[widest.high]!,
    low: last.groups[widest.low]!,
    gini: widest.gini,
    affluence: widest.affluence,
  };

  const c = chain.chain;
  const markov = {
    k: c.k,
    probabilities: c.probabilities.data,
    rowTotals: c.rowTotals,
    ergodic: c.ergodic.distribution,
    ergodicUnique: c.ergodic.status === "unique",
    cutoffs: chain.classes.cutoffs.data.subarray(0, chain.classes.cutoffs.cols),
  };

  const sdLogTrend = all.sdLogTrend;
  const sigmaSummary = {
    cvSlope: all.cvTrend.slope,
    cvP: all.cvTrend.p,
    sdLogSlope: sdLogTrend?.slope ?? Number.NaN,
    sdLogP: sdLogTrend?.p ?? Number.NaN,
  };
  const betaSummary = beta.models.map((m) => ({
    group: m.group,
    beta: m.result.beta,
    se: m.result.betaStandardError,
    p: m.result.betaP,
    speed: m.result.speed,
    halfLife: m.result.halfLife,
    status: m.result.speedStatus,
  }));

  const lastLocal = local.at(-1)!;
  const tally = (labels: readonly string[]): Record<MoranQuadrant, number> => {
    const counts: Record<MoranQuadrant, number> = { HH: 0, LL: 0, LH: 0, HL: 0 };
    for (const q of QUADRANTS) counts[q] = labels.filter((x) => x === q).length;
    return counts;
  };
  const members = (cluster: MoranQuadrant): string[] =>
    lastLocal.ids.filter((_, i) => lastLocal.cluster[i] === cluster).map(label);
  const lisa = {
    year: moran.years.at(-1)!,
    clusters: tally(lastLocal.cluster),
    quadrants: tally(lastLocal.quadrant),
    hh: members("HH"),
    ll: members("LL"),
  };
  const links = moran.weights.neighbours.map((row) => row.length);
  const weights = {
    minLinks: Math.min(...links),
    meanLinks: links.reduce((a, b) => a + b, 0) / links.length,
    maxLinks: Math.max(...links),
    islands: moran.weights.islands ?? [],
  };

  const summary = {
    variable: INDEX_VARIABLE,
    provinces: p.entities.length,
    years,
    largestPair,
    markov,
    sigma: sigmaSummary,
    beta: betaSummary,
    lisa,
    weights,
  };
  const sheet = (t: Table, name: string): Table => withMeta(t, { name });
  const tables = [
    sheet(dagumTables.wide, "dagum_gini_wide"),
    sheet(dagumTables.between, "dagum_gini_between"),
    sheet(kdeTables.summary, "kde_summary"),
    sheet(kdeTables.density, "kde_density"),
    sheet(chainTables.transitions, "markov_transitions"),
    sheet(chainTables.classes, "markov_classes"),
    sheet(sigmaTables.series, "sigma_convergence"),
    sheet(sigmaTables.trend, "sigma_trend"),
    sheet(betaTables.summary, "beta_convergence"),
    sheet(moranTable(moran.global, moranOptions), "moran_global"),
    sheet(localNamed, "moran_local"),
    sheet(
      weightsSummaryTable(
        moran.weights,
        moran.weights.ids.map((id) => label(id)),
      ),
      "spatial_weights",
    ),
  ];
  return { ...summary, lines: disparityLines(summary, dagum.groupLabels, regionSizes(p)), tables };
}

/** The index panel: the composite index's provinces and years with the index, English name and NBS region. */
function indexPanel(result: CompositeIndexResult, provinces: Panel): Panel {
  const source = result.panel;
  const regionColumn = findColumn(provinces.table, REGION);
  const nameColumn = findColumn(provinces.table, "name_en");
  const regionOf = new Map<string, string>();
  const nameOf = new Map<string, string>();
  for (let r = 0; r < provinces.table.rowCount; r++) {
    const id = provinces.entities[provinces.entityOf[r]!]!;
    if (regionColumn?.type === "string" && !regionOf.has(id) && regionColumn.values[r] != null)
      regionOf.set(id, regionColumn.values[r]!);
    if (nameColumn?.type === "string" && !nameOf.has(id) && nameColumn.values[r] != null)
      nameOf.set(id, nameColumn.values[r]!);
  }
  const rows = source.table.rowCount;
  const ids = Array.from({ length: rows }, (_, r) => source.entities[source.entityOf[r]!]!);
  const t = table(
    [
      stringColumn(source.entity, ids),
      numberColumn(
        source.time,
        Array.from({ length: rows }, (_, r) => source.times[source.timeOf[r]!]!),
      ),
      stringColumn(
        "name_en",
        ids.map((id) => nameOf.get(id) ?? null),
      ),
      stringColumn(
        REGION,
        ids.map((id) => regionOf.get(id) ?? null),
        { label: "NBS region (East, Central, West, Northeast)" },
      ),
      numberColumn(INDEX_VARIABLE, result.score, { label: "NQPF composite index" }),
    ],
    { name: "nqpf_index", title: "NQPF composite index by province and year" },
  );
  return panel(t, { entity: source.entity, time: source.time });
}

function regionSizes(p: Panel): Map<string, number> {
  const region = findColumn(p.table, REGION);
  const sizes = new Map<string, number>();
  const seen = new Set<number>();
  for (let r = 0; r < p.table.rowCount; r++) {
    const e = p.entityOf[r]!;
    if (seen.has(e) || region?.type !== "string") continue;
    seen.add(e);
    const g = region.values[r] ?? "";
    sizes.set(g, (sizes.get(g) ?? 0) + 1);
  }
  return sizes;
}

const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : "–");
const pValue = (x: number): string => (!Number.isFinite(x) ? "–" : x < 0.001 ? "<0.001" : x.toFixed(3));

/** The printed block: two per-year tables, the widest regional gap, the Markov matrix, convergence and LISA lines. */
function disparityLines(
  s: Omit<DemoDisparity, "lines" | "tables">,
  regions: readonly string[],
  sizes: ReadonlyMap<string, number>,
): string[] {
  const lines: string[] = [];
  const out = (line = ""): void => {
    lines.push(line);
  };
  const first = s.years[0]!.year;
  const lastYear = s.years.at(-1)!.year;
  out(
    `  ${s.provinces} provinces × ${s.years.length} years (${first}–${lastYear}); regions: ${regions.map((g) => `${g} ${sizes.get(g) ?? 0}`).join(", ")}`,
  );
  out("  Dagum Gini by NBS region (G = G_w + G_nb + G_t; shares of G in %)");
  printRows(
    ["year", "G", "G_w", "G_nb", "G_t", "G_w %", "G_nb %", "G_t %"],
    s.years.map((y) => [
      String(y.year),
      fixed(y.gini, 4),
      fixed(y.within, 4),
      fixed(y.netBetween, 4),
      fixed(y.transvariation, 4),
      fixed(y.withinPct, 1),
      fixed(y.netBetweenPct, 1),
      fixed(y.transvariationPct, 1),
    ]),
    (line) => {
      out(`  ${line}`);
    },
    120,
  );
  const pair = s.largestPair;
  out(
    `  largest between-region Gini ${lastYear}: ${pair.high}–${pair.low} G_jh = ${fixed(pair.gini, 4)} (relative affluence D_jh = ${fixed(pair.affluence, 3)})`,
  );
  out(
    `  kernel density (Gaussian, Silverman h); CV; global Moran's I (z, p: normality; pseudo p: ${PERMUTATIONS} permutations, seed ${SEED})`,
  );
  printRows(
    ["year", "peaks", "main peak", "f̂ peak", "h", "CV", "Moran I", "z", "p", "pseudo p"],
    s.years.map((y) => [
      String(y.year),
      String(y.peaks),
      fixed(y.mainPeakAt, 4),
      fixed(y.mainPeakHeight, 3),
      fixed(y.bandwidth, 4),
      fixed(y.cv, 4),
      fixed(y.moranI, 4),
      fixed(y.moranZ, 3),
      pValue(y.moranP),
      pValue(y.moranPseudoP),
    ]),
    (line) => {
      out(`  ${line}`);
    },
    120,
  );
  const m = s.markov;
  const labels = classLabels(m.k);
  out(
    `  Markov chain, quartiles of ${first}–${lastYear} pooled (cut-offs ${Array.from(m.cutoffs, (c) => c.toFixed(4)).join(", ")}); P(t → t+1)`,
  );
  printRows(
    ["", ...labels, "n"],
    labels.map((from, i) => [
      from,
      ...labels.map((_, j) => fixed(m.probabilities[i * m.k + j]!, 3)),
      String(m.rowTotals[i]!),
    ]),
    (line) => {
      out(`  ${line}`);
    },
    120,
  );
  out(
    `  ergodic distribution: ${m.ergodicUnique ? labels.map((l, j) => `${l} ${fixed(m.ergodic[j]!, 3)}`).join(", ") : "not unique (several recurrent classes)"}`,
  );
  out(
    `  σ-convergence: CV trend ${fixed(s.sigma.cvSlope, 5)}/year (p ${pValue(s.sigma.cvP)}), SD of ln trend ${fixed(s.sigma.sdLogSlope, 5)}/year (p ${pValue(s.sigma.sdLogP)})`,
  );
  const b = s.beta[0]!;
  out(
    `  β-convergence (two-way FE, SE clustered by province): β = ${fixed(b.beta, 4)} (SE ${fixed(b.se, 4)}, p ${pValue(b.p)}), speed ${fixed(100 * b.speed, 2)} %/year, half-life ${fixed(b.halfLife, 1)} years`,
  );
  out(
    `    by region: ${s.beta
      .slice(1)
      .map((r) => `${r.group} β ${fixed(r.beta, 3)} (p ${pValue(r.p)})`)
      .join(", ")}`,
  );
  const w = s.weights;
  out(
    `  W: ${WEIGHTS_TEXT}; ${w.minLinks}–${w.maxLinks} neighbours (mean ${w.meanLinks.toFixed(2)})${w.islands.length > 0 ? `; islands: ${w.islands.join(", ")}` : ""}`,
  );
  const l = s.lisa;
  const count = (c: Readonly<Record<MoranQuadrant, number>>): string =>
    QUADRANTS.map((q) => `${q} ${c[q]}`).join(", ");
  out(
    `  LISA ${l.year}: clusters at pseudo p ≤ ${ALPHA}: ${count(l.clusters)}${l.hh.length > 0 ? ` (HH: ${l.hh.join(", ")})` : ""}${l.ll.length > 0 ? ` (LL: ${l.ll.join(", ")})` : ""}; scatter quadrants: ${count(l.quadrants)}`,
  );
  return lines;
}
