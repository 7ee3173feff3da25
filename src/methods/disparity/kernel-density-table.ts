/**
 * Kernel densities by period as Tables: the long period × grid point × density data (for a 3-D density-over-years
 * plot), one summary row per period (and group), and one row per peak.
 */
import {
  numberColumn,
  stringColumn,
  table,
  type Column,
  type Table,
  type TableMeta,
} from "../../table/table.js";
import { leftOutNotes } from "./gini-table.js";
import { KERNEL_DENSITY_REFERENCE, type KernelDensityByPeriodResult } from "./kernel-density.js";

export interface KernelDensityTables {
  /** Long: period, group (with a group column), x (grid point), density. */
  readonly density: Table;
  /** Per period (and group): n, bandwidth, mean, median, sd, IQR, min, max, number of peaks, main peak. */
  readonly summary: Table;
  /** Per peak: period, group, peak number (left to right), x, density, main (1 for the highest). */
  readonly peaks: Table;
}

const KERNEL_TEXT = {
  gaussian: "Gaussian K(z) = exp(−z²/2)/√(2π)",
  epanechnikov: "Epanechnikov scaled to unit variance (R, Stata): K(z) = (3/(4√5))(1 − z²/5) on |z| < √5",
  epan2: "Epanechnikov (Stata epan2): K(z) = (3/4)(1 − z²) on |z| < 1",
} as const;

const RULE_TEXT = {
  silverman: "h = 0.9·min(s, IQR/1.349)·n^(−1/5), type-7 quartiles",
  stata:
    "h = 0.9·min(s, IQR/1.349)·n^(−1/5), quartiles as Stata's summarize (type 2) — Stata kdensity's default",
  nrd0: "h = 0.9·min(s, IQR/1.34)·n^(−1/5), type-7 quartiles — R bw.nrd0",
  scott: "h = 1.06·min(s, IQR/1.34)·n^(−1/5), type-7 quartiles — R bw.nrd",
  user: "h given by the user",
} as const;

/**
 * Tables of a {@link kernelDensityByPeriod} result (names kde_density, kde_summary, kde_peaks) with method,
 * parameters, reference and notes (kernel, bandwidth rule, grid).
 * Reference: methods.md §3.3; Silverman (1986) ch. 3.
 * @param result the output of kernelDensityByPeriod
 * @returns the three tables
 * @example
 * kernelDensityTables(kernelDensityByPeriod(p, "y")).density.columns.map((c) => c.name) // => ["year", "x", "density"]
 */
export function kernelDensityTables(result: KernelDensityByPeriodResult): KernelDensityTables {
  const grouped = result.group !== undefined;
  const meta = (name: string, title: string, notes: readonly string[] = []): TableMeta => ({
    name,
    title,
    method: "kernel density estimation, exact (nqpf kernelDensity)",
    parameters: {
      variable: result.variable,
      group: result.group ?? "(none)",
      kernel: result.kernel,
      bandwidth: result.bandwidthRule,
      points: result.grid.length,
      cut: result.cut,
    },
    reference: KERNEL_DENSITY_REFERENCE,
    notes: [
      "f̂(x) = (1/(n h)) Σ_i K((x − x_i)/h), summed exactly over the data at every grid point",
      `kernel: ${KERNEL_TEXT[result.kernel]}`,
      `bandwidth: ${RULE_TEXT[result.bandwidthRule]}; s = sample standard deviation (n − 1)`,
      `grid: ${result.grid.length} points from ${result.grid[0]!} to ${result.grid[result.grid.length - 1]!}, common to all periods${grouped ? " and groups" : ""}`,
      ...notes,
      ...leftOutNotes(result),
    ],
  });
  const keyColumns = (time: number[], group: string[]): Column[] => [
    numberColumn(result.time, time),
    ...(grouped ? [stringColumn("group", group, { label: `${result.group} ("all" = every unit)` })] : []),
  ];

  const m = result.grid.length;
  const total = result.estimates.length * m;
  const dTime = new Float64Array(total);
  const dGroup = new Array<string>(total);
  const dX = new Float64Array(total);
  const dDensity = new Float64Array(total);
  result.estimates.forEach((e, k) => {
    dTime.fill(e.time, k * m, (k + 1) * m);
    dGroup.fill(e.group, k * m, (k + 1) * m);
    dX.set(result.grid, k * m);
    dDensity.set(e.result.density, k * m);
  });
  const density = table(
    [
      numberColumn(result.time, dTime),
      ...(grouped ? [stringColumn("group", dGroup, { label: `${result.group} ("all" = every unit)` })] : []),
      numberColumn("x", dX, { label: `${result.variable} (grid point)` }),
      numberColumn("density", dDensity, { label: "kernel density estimate f̂(x)" }),
    ],
    meta("kde_density", `Kernel density of ${result.variable} by ${result.time}`),
  );

  const est = result.estimates;
  const pick = (f: (e: (typeof est)[number]) => number): number[] => est.map(f);
  const mainOf = (e: (typeof est)[number], what: "location" | "height"): number => {
    const { peaks } = e.result;
    return peaks.main >= 0 ? peaks[what][peaks.main]! : Number.NaN;
  };
  const summary = table(
    [
      ...keyColumns(
        pick((e) => e.time),
        est.map((e) => e.group),
      ),
      numberColumn(
        "n",
        pick((e) => e.result.n),
        { label: "units" },
      ),
      numberColumn(
        "bandwidth",
        pick((e) => e.result.bandwidth),
        { label: "bandwidth h" },
      ),
      numberColumn(
        "mean",
        pick((e) => e.result.summary.mean),
        { label: "mean" },
      ),
      numberColumn(
        "median",
        pick((e) => e.result.summary.median),
        { label: "median" },
      ),
      numberColumn(
        "sd",
        pick((e) => e.result.summary.sd),
        { label: "standard deviation (n − 1)" },
      ),
      numberColumn(
        "iqr",
        pick((e) => e.result.summary.iqr),
        { label: "interquartile range (type-7 quartiles)" },
      ),
      numberColumn(
        "min",
        pick((e) => e.result.summary.min),
        { label: "minimum" },
      ),
      numberColumn(
        "max",
        pick((e) => e.result.summary.max),
        { label: "maximum" },
      ),
      numberColumn(
        "peaks",
        pick((e) => e.result.peaks.location.length),
        { label: "number of peaks (interior local maxima on the grid)" },
      ),
      numberColumn(
        "main_peak_x",
        pick((e) => mainOf(e, "location")),
        { label: "location of the highest peak" },
      ),
      numberColumn(
        "main_peak_density",
        pick((e) => mainOf(e, "height")),
        { label: "height of the highest peak" },
      ),
    ],
    meta("kde_summary", `Kernel density of ${result.variable}: location, spread and peaks`, [
      "main_peak_x and main_peak_density are empty where the grid shows no interior local maximum",
    ]),
  );

  const pTime: number[] = [];
  const pGroup: string[] = [];
  const pNumber: number[] = [];
  const pX: number[] = [];
  const pHeight: number[] = [];
  const pMain: number[] = [];
  for (const e of est) {
    const { location, height, main } = e.result.peaks;
    for (let k = 0; k < location.length; k++) {
      pTime.push(e.time);
      pGroup.push(e.group);
      pNumber.push(k + 1);
      pX.push(location[k]!);
      pHeight.push(height[k]!);
      pMain.push(k === main ? 1 : 0);
    }
  }
  const peaks = table(
    [
      ...keyColumns(pTime, pGroup),
      numberColumn("peak", pNumber, { label: "peak number, left to right" }),
      numberColumn("x", pX, { label: "peak location" }),
      numberColumn("density", pHeight, { label: "peak height f̂(x)" }),
      numberColumn("main", pMain, { label: "1 for the highest peak" }),
    ],
    meta("kde_peaks", `Peaks of the kernel density of ${result.variable}`, [
      "a peak is a grid point (or the middle of a flat top) higher than both neighbours; grid ends are never peaks",
    ]),
  );
  return { density, summary, peaks };
}
