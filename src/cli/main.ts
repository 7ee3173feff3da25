/**
 * The `nqpf` command line: parses arguments, dispatches to commands/<name>.ts (loaded lazily) and
 * maps failures to exit codes: bad input (NqpfInputError, usage errors) → issues on stderr, exit 2;
 * anything else → one line naming a log file with the stack, exit 1.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import pc from "picocolors";
import { formatIssues, isNqpfInputError } from "../errors.js";
import { VERSION } from "../version.js";

/** Exit codes of the CLI. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

/** Options the panel commands share, added after their own by {@link readOptions}. */
interface SharedOptions {
  /** Add --entity, --time and --years (this range as the example, e.g. "2012:2019"). */
  readonly years?: string;
  /** Add --out (described by this text) and --force. */
  readonly out?: string;
}

/** The reading options of every command that reads a data file (sheet, header row, encoding, …), then `shared`. */
function readOptions(command: Command, shared: SharedOptions = {}): Command {
  if (shared.years !== undefined)
    command
      .option("--entity <column>", "entity column (default: guessed)")
      .option("--time <column>", "time column (default: guessed)")
      .option("--years <from:to>", `periods to use, e.g. ${shared.years}`);
  if (shared.out !== undefined)
    command.option("--out <file>", shared.out).option("--force", "replace existing output files");
  return command
    .option("--sheet <name|index>", "XLSX: sheet to read (name or 1-based index; default the first)")
    .option("--header-row <n>", "XLSX: row holding the column names (1-based)", (v) =>
      positiveInt(v, "--header-row"),
    )
    .addOption(
      new Option("--encoding <name>", "CSV text encoding (default: detect UTF-8 / GB18030)").choices([
        "auto",
        "utf-8",
        "gbk",
        "gb18030",
        "latin1",
        "utf-16le",
      ]),
    )
    .addOption(
      new Option("--delimiter <char>", "CSV delimiter (default: detect)").choices([
        ",",
        ";",
        "\\t",
        "tab",
        "|",
        "auto",
      ]),
    )
    .addOption(
      new Option("--format <format>", "input format (default: detect from content)").choices([
        "csv",
        "xlsx",
        "dta",
        "json",
      ]),
    );
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CommanderError(
      EXIT_BAD_INPUT,
      "nqpf.badArgument",
      `${flag} takes a whole number ≥ 1; got "${value}"`,
    );
  return n;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("nqpf")
    .description(
      "Measure new quality productive forces (新质生产力): composite indices, TFP and green TFP, regional disparities, from panel data.",
    )
    .version(VERSION, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  readOptions(
    program
      .command("inspect")
      .description(
        "summarise a data file: columns, types, missing values, entities, periods, balance, duplicate keys, encoding",
      )
      .argument("<file>", "CSV (plain or .gz; UTF-8 or GBK), XLSX, Stata .dta or JSON")
      .option("--entity <column>", "entity (unit) column; default: guessed (adcode, countrycode, id, …)")
      .option("--time <column>", "time (period) column; default: guessed (year, period, …)")
      .option("--vars <names>", "comma-separated variables to check (each must exist)")
      .option("--json", "print the summary as JSON"),
  ).action(async (file: string, options: Record<string, unknown>) => {
    const { inspectCommand } = await import("./commands/inspect.js");
    await inspectCommand(file, options);
  });

  readOptions(
    program
      .command("convert")
      .description(
        "convert a data file to another format (the output format follows the extension: .csv .csv.gz .xlsx .dta .json .tex .docx)",
      )
      .argument("<input>", "input file (any readable format)")
      .argument("<output>", "output file; an existing file is never replaced unless --force")
      .option("--force", "replace the output file if it exists")
      .addOption(
        new Option("--out-encoding <name>", "CSV output encoding").choices(["utf-8", "gb18030", "gbk"]),
      )
      .option("--bom", "CSV output: write a UTF-8 byte-order mark (for Excel)"),
  ).action(async (input: string, output: string, options: Record<string, unknown>) => {
    const { convertCommand } = await import("./commands/convert.js");
    await convertCommand(input, output, options);
  });

  readOptions(
    program
      .command("index")
      .description(
        "composite NQPF index from an indicator system: weights at every level, scores, ranks, obstacle degrees, coupling coordination",
      )
      .argument(
        "<data>",
        "panel file (CSV, XLSX, DTA, JSON) or a bundled dataset name, e.g. china-provinces-panel",
      )
      .requiredOption(
        "--system <file|name>",
        "indicator system (YAML/JSON file, or bundled: nqpf-three-elements, nqpf-tech-green-digital)",
      )
      .addOption(
        new Option(
          "--normalise <shift>",
          "min-max shift before weighting: add (x'+δ), interval ([δ,1-δ]), affine (0.99x'+0.01), none",
        )
          .choices(["add", "interval", "affine", "none"])
          .default("add"),
      )
      .option("--delta <δ>", "δ of the shift", "0.0001")
      .addOption(
        new Option("--scope <scope>", "min and max over the pooled panel or within each period")
          .choices(["pooled", "by-period"])
          .default("pooled"),
      )
      .addOption(
        new Option("--weights <method>", "weighting where the system does not set weights")
          .choices(["entropy", "critic", "cv", "sd", "pca", "equal"])
          .default("entropy"),
      )
      .addOption(
        new Option("--entropy <mode>", "entropy over all unit-years, or the mean of per-period weights")
          .choices(["pooled", "mean-of-periods"])
          .default("pooled"),
      )
      .addOption(
        new Option(
          "--hierarchy <mode>",
          "flat: one weighting over all indicators; nested: within each dimension (default: nested when the system sets local weights)",
        ).choices(["flat", "nested"]),
      )
      .addOption(
        new Option("--aggregate <method>", "aggregation")
          .choices(["weighted-sum", "topsis", "grey"])
          .default("weighted-sum"),
      )
      .addOption(
        new Option(
          "--incomplete <policy>",
          "units with missing values: leave them out (and say so) or stop with the list",
        )
          .choices(["drop", "error"])
          .default("drop"),
      )
      .option("--top <k>", "obstacles listed per unit-year", "3")
      .option("--sensitivity <methods>", "compare rankings under other weightings, e.g. critic,equal")
      .addOption(
        new Option("--lang <language>", "label language of tables").choices(["en", "zh"]).default("en"),
      ),
    {
      years: "2012:2019",
      out: "write the tables: .xlsx (a sheet each), .json, .tex, .docx, or .csv (one file per table)",
    },
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { indexCommand } = await import("./commands/index.js");
    await indexCommand(data, options);
  });

  readOptions(
    program
      .command("dea")
      .description(
        "efficiency by data envelopment analysis: radial (CCR/BCC), SBM (with undesirable outputs), directional distance, FDH; per-unit status, slacks, targets, peers",
      )
      .argument("<data>", "data file (CSV, XLSX, DTA, JSON) or a bundled dataset name, e.g. dea-deap-eg1")
      .requiredOption("--inputs <columns>", "comma-separated input columns")
      .requiredOption("--outputs <columns>", "comma-separated (good) output columns")
      .option("--bad <columns>", "undesirable outputs (with --model sbm or ddf)")
      .addOption(
        new Option("--model <model>", "model").choices(["radial", "sbm", "ddf", "fdh"]).default("radial"),
      )
      .addOption(
        new Option("--rts <rts>", "returns to scale").choices(["crs", "vrs", "nirs", "ndrs"]).default("crs"),
      )
      .addOption(
        new Option("--orientation <o>", "in, out, or none (SBM non-oriented; the SBM default)").choices([
          "in",
          "out",
          "none",
        ]),
      )
      .option(
        "--super",
        "super-efficiency (radial: Andersen–Petersen; SBM: Tone 2002 super-SBM for efficient units)",
      )
      .option("--period <column>", "evaluate each period against its own frontier")
      .option("--years <from:to>", "periods to keep, e.g. 2012:2019")
      .option("--entity <column>", "unit label column (default: guessed)")
      .addOption(
        new Option(
          "--incomplete <policy>",
          "units with a missing input or output: stop with the list, or leave them out (and say so)",
        )
          .choices(["error", "drop"])
          .default("error"),
      )
      .option("--out <file>", "write the results (.xlsx .csv .json .dta .tex .docx)")
      .option("--force", "replace the output file if it exists"),
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { deaCommand } = await import("./commands/dea.js");
    await deaCommand(data, options);
  });

  readOptions(
    program
      .command("malmquist")
      .description(
        "Malmquist TFP index between adjacent periods (radial DEA): tfpch = effch × techch, VRS pech × sech (DEAP/FGNZ) or Ray–Desli; contemporaneous, sequential, window, biennial or global technology",
      )
      .argument(
        "<data>",
        "panel data file (CSV, XLSX, DTA, JSON) or a bundled dataset name, e.g. dea-deap-eg4",
      )
      .requiredOption("--inputs <columns>", "comma-separated input columns")
      .requiredOption("--outputs <columns>", "comma-separated output columns")
      .option("--period <column>", "period column (default: guessed, e.g. year)")
      .option("--entity <column>", "unit label column (default: guessed)")
      .option("--years <from:to>", "periods to keep, e.g. 2012:2019")
      .addOption(
        new Option("--rts <rts>", "returns to scale of the decomposition (the index uses CRS distances)")
          .choices(["crs", "vrs"])
          .default("crs"),
      )
      .addOption(
        new Option("--orientation <o>", "distance functions: out (as DEAP) or in")
          .choices(["in", "out"])
          .default("out"),
      )
      .addOption(
        new Option("--technology <t>", "reference technology")
          .choices(["contemporaneous", "sequential", "global", "window", "biennial"])
          .default("contemporaneous"),
      )
      .option("--window <n>", "periods per window with --technology window (default 3)")
      .addOption(
        new Option("--decomposition <d>", "fgnz (DEAP) or ray-desli (needs --rts vrs)")
          .choices(["fgnz", "ray-desli"])
          .default("fgnz"),
      )
      .option(
        "--cumulative [component]",
        "also chain a component (default: the index) into cumulative levels",
      )
      .option("--group <column>", "group column for the cumulative group means, e.g. region_nbs4")
      .addOption(
        new Option(
          "--incomplete <policy>",
          "observations with a missing input or output: stop with the list, or leave them out (and say so)",
        )
          .choices(["error", "drop"])
          .default("error"),
      ),
    { out: "write the tables (.xlsx .json .tex .docx; .csv/.dta: one file per table)" },
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { malmquistCommand } = await import("./commands/malmquist.js");
    await malmquistCommand(data, options);
  });

  readOptions(
    program
      .command("growth-accounting")
      .description(
        "growth accounting (Solow residual): output growth split into labour, capital and TFP per entity and year, with Törnqvist or constant shares, and a TFP level index",
      )
      .argument("<data>", "panel file (CSV, XLSX, DTA, JSON) or a bundled dataset name, e.g. pwt1001")
      .requiredOption("--output <column>", "real output in levels, e.g. rgdpna")
      .requiredOption("--capital <column>", "real capital stock or capital services, e.g. rkna")
      .option(
        "--employment <column>",
        "persons employed, e.g. emp (labour = employment × hours × human capital, any subset)",
      )
      .option("--hours <column>", "average hours worked per person, e.g. avh")
      .option("--human-capital <column>", "human capital index per worker, e.g. hc")
      .option(
        "--labour-share <column>",
        "labour share of income in [0, 1], Törnqvist weights ½(s_t−1 + s_t), e.g. labsh",
      )
      .option(
        "--alpha <alpha>",
        "constant capital share in [0, 1] instead of --labour-share (labour share 1 − α)",
      )
      .option(
        "--base-year <year>",
        "year where the TFP level index is 1 (default: each entity's first computed year)",
      )
      .option("--group <column>", "group column (e.g. a region) for the means by period"),
    {
      years: "1990:2019",
      out: "write the tables: .xlsx (a sheet each), .json, .tex, .docx, or .csv/.dta (one file per table)",
    },
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { growthAccountingCommand } = await import("./commands/growth-accounting.js");
    await growthAccountingCommand(data, options);
  });

  readOptions(
    program
      .command("capital-stock")
      .description(
        "capital stock by the perpetual-inventory method, K_t = I_t/P_t + (1 − δ)K_t−1, with the initial stock I/(g + δ) or given",
      )
      .argument(
        "<data>",
        "panel file (CSV, XLSX, DTA, JSON) or a bundled dataset name, e.g. china-capital-inputs",
      )
      .requiredOption(
        "--investment <column>",
        "investment, e.g. gfcf_100m_yuan_current (GFCF at current prices)",
      )
      .option(
        "--deflator <column>",
        "investment price index, e.g. investment_price_index (without it the investment is taken as real)",
      )
      .addOption(
        new Option(
          "--deflator-kind <kind>",
          "level index, or chain index with the previous year = 100 (default level)",
        ).choices(["level", "chain"]),
      )
      .option(
        "--deflator-base <year>",
        "year whose prices the stock is in (default: the index as it is; chain: the base year)",
      )
      .option("--delta <delta>", "depreciation rate per year (Zhang Jun et al. 2004: 9.6 %)", "0.096")
      .addOption(
        new Option(
          "--initial <rule>",
          "initial stock: steady state I/(g + δ), or given (default g-delta; given with --initial-stock)",
        ).choices(["g-delta", "given"]),
      )
      .option(
        "--initial-years <k>",
        "growth rates of real investment averaged for g (default 5; Hall & Jones 1999 use 10)",
      )
      .addOption(
        new Option("--growth-mean <mean>", "how g averages (default geometric)").choices([
          "geometric",
          "arithmetic",
        ]),
      )
      .addOption(
        new Option(
          "--timing <timing>",
          "opening: I/(g + δ) is the stock entering the base year (default); base-year: it is the base-year stock",
        ).choices(["opening", "base-year"]),
      )
      .option(
        "--initial-stock <value>",
        "with --initial given: a column with each entity's base-year stock, or one number",
      )
      .option(
        "--base-year <year>",
        "first year of accumulation (default: each entity's first year with investment)",
      ),
    {
      years: "1978:2022",
      out: "write the tables: .xlsx (a sheet each), .json, .tex, .docx, or .csv/.dta (one file per table)",
    },
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { capitalStockCommand } = await import("./commands/capital-stock.js");
    await capitalStockCommand(data, options);
  });

  readOptions(
    program
      .command("gml")
      .description(
        "green productivity between adjacent periods: Malmquist–Luenberger (ml), global (gml), sequential (sml), biennial, or the Luenberger indicator, with DDF or SBM distances and undesirable outputs; per unit-pair status",
      )
      .argument(
        "<data>",
        "data file (CSV, XLSX, DTA, JSON) or a bundled dataset name, e.g. china-provinces-panel",
      )
      .requiredOption("--inputs <columns>", "comma-separated input columns")
      .requiredOption("--outputs <columns>", "comma-separated (good) output columns")
      .option("--bad <columns>", "comma-separated undesirable (bad) outputs, e.g. CO2")
      .addOption(
        new Option(
          "--index <index>",
          "ml (Chung et al. 1997), gml (global, Oh 2010), sml (sequential), biennial, luenberger",
        )
          .choices(["ml", "gml", "sml", "biennial", "luenberger"])
          .default("gml"),
      )
      .addOption(
        new Option("--distance <d>", "directional distance function or slacks-based measure")
          .choices(["ddf", "sbm"])
          .default("ddf"),
      )
      .addOption(new Option("--rts <rts>", "returns to scale").choices(["crs", "vrs"]).default("crs"))
      .addOption(
        new Option(
          "--technology <t>",
          "with --index luenberger: the reference technology (default contemporaneous)",
        ).choices(["contemporaneous", "sequential", "global", "biennial"]),
      )
      .addOption(
        new Option("--direction <g>", "DDF direction: yb = (0, y, b) (default) or xyb = (x, y, b)").choices([
          "yb",
          "xyb",
        ]),
      )
      .addOption(
        new Option("--disposability <d>", "DDF: bad outputs weakly (default) or freely disposable").choices([
          "weak",
          "free",
        ]),
      )
      .option(
        "--super",
        "SBM (ml, gml, sml, biennial): super-SBM for observations on or outside the frontier",
      )
      .option("--period <column>", "period column (default: guessed)")
      .option("--entity <column>", "unit label column (default: guessed)")
      .option("--years <from:to>", "periods to keep, e.g. 2012:2019")
      .option(
        "--cumulative [component]",
        "chain a component into levels from the first period (default: the index)",
      )
      .option("--group <column>", "with --cumulative: also chain group means by this column (e.g. region)")
      .addOption(
        new Option(
          "--incomplete <policy>",
          "observations with a missing input or output: stop with the list, or leave them out (and say so)",
        )
          .choices(["error", "drop"])
          .default("error"),
      )
      .option("--out <file>", "write the results (.xlsx .csv .json .dta .tex .docx)")
      .option("--force", "replace the output file if it exists"),
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { gmlCommand } = await import("./commands/gml.js");
    await gmlCommand(data, options);
  });

  const disparityInput = (command: Command): Command =>
    command
      .argument(
        "<data>",
        "panel file (CSV, XLSX, DTA, JSON) or a bundled dataset name, e.g. china-provinces-panel",
      )
      .requiredOption("--var <column>", "the variable to measure, e.g. gdp_per_capita")
      .addOption(
        new Option(
          "--incomplete <policy>",
          "units with a missing value: stop with the list, or leave them out of that year (and say so)",
        )
          .choices(["error", "drop"])
          .default("error"),
      );
  const disparityShared: SharedOptions = {
    years: "2012:2019",
    out: "write the tables (.xlsx .json .tex .docx; .csv/.dta: one file per table)",
  };

  readOptions(
    disparityInput(
      program
        .command("gini")
        .description(
          "Dagum Gini decomposition by year: overall G, within-group G_jj, between-group G_jh with D_jh, and the contributions G_w, G_nb, G_t",
        ),
    ).option("--group <column>", "group column (default: region_nbs4 when the data have it)"),
    disparityShared,
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { giniCommand } = await import("./commands/gini.js");
    await giniCommand(data, options);
  });

  readOptions(
    disparityInput(
      program
        .command("theil")
        .description(
          "Theil T and L by year with within/between-group parts, coefficient of variation and SD of logs (values > 0)",
        ),
    )
      .option("--group <column>", "group column (default: region_nbs4 when the data have it)")
      .addOption(
        new Option("--ddof <n>", "CV and SD of logs: 1 = sample sd (n − 1), 0 = population sd (n)")
          .choices(["0", "1"])
          .default("1"),
      ),
    disparityShared,
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { theilCommand } = await import("./commands/theil.js");
    await theilCommand(data, options);
  });

  readOptions(
    disparityInput(
      program
        .command("kde")
        .description(
          "kernel density by year on one grid (exact, no binning): the long year × x × density data of a 3-D plot, with peaks, location and spread",
        ),
    )
      .addOption(
        new Option("--kernel <kernel>", "kernel (epanechnikov is scaled as in R and Stata; epan2 is Stata's)")
          .choices(["gaussian", "epanechnikov", "epan2"])
          .default("gaussian"),
      )
      .option(
        "--bandwidth <rule>",
        "silverman (IQR/1.349, type-7 quartiles), stata (kdensity's default), nrd0 (R's default), scott (R's bw.nrd), or a number",
        "silverman",
      )
      .option("--grid <n>", "grid points per year", "200")
      .option("--cut <k>", "grid reaches k bandwidths beyond the data (R: 3; Stata: 1)", "3")
      .option("--group <column>", "also estimate each group's density, e.g. region_nbs4"),
    disparityShared,
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { kdeCommand } = await import("./commands/kde.js");
    await kdeCommand(data, options);
  });

  readOptions(
    program
      .command("markov")
      .description(
        "Markov chain of a panel variable: classes (quantiles pooled or per year, or fixed cut-offs), transition probabilities, ergodic distribution, k-step matrices, homogeneity across groups; with --weights Rey's spatial Markov chain with the Bickenbach–Bode Q and LR tests",
      )
      .argument(
        "<data>",
        "panel file (CSV, XLSX, DTA, JSON) or a bundled dataset name, e.g. china-provinces-panel",
      )
      .requiredOption("--var <column>", "the variable to class")
      .option("--classes <k>", "number of quantile classes (default 4: quartiles)")
      .option("--scheme <scheme>", "pooled (default), per-year, or cutoffs:a,b,… (fixed upper bounds)")
      .addOption(
        new Option(
          "--empty-rows <policy>",
          "a class nobody starts from: zero row (default) or P_ii = 1",
        ).choices(["zero", "absorbing"]),
      )
      .option("--steps <list>", "also k-step matrices P^s, e.g. 2,5,10")
      .option(
        "--group <column>",
        "one chain per group (e.g. region_nbs4) and the homogeneity test across groups",
      )
      .option(
        "--weights <spec>",
        "spatial Markov: queen, rook, knn:K (from --map), or a .gal / edge-list file (id, neighbour, weight)",
      )
      .option("--map <map>", "GeoJSON file or bundled map for queen/rook/knn (default map-china-provinces)")
      .option("--map-id <property>", "feature property holding the entity id (default adcode)")
      .option("--lag-classes <m>", "number of quantile classes of the spatial lag (default: --classes)")
      .option(
        "--lag-scheme <scheme>",
        "quantiles (default), same (the variable's cut-offs), or cutoffs:a,b,…",
      ),
    {
      years: "2012:2019",
      out: "write the tables: .xlsx, .json, .tex, .docx, or .csv/.dta (one file per table)",
    },
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { markovCommand } = await import("./commands/markov.js");
    await markovCommand(data, options);
  });

  readOptions(
    program
      .command("convergence")
      .description(
        "σ-convergence (CV and SD of logs per period, with trends) and β-convergence (growth on the initial log level: pooled, unit or two-way fixed effects; conventional, HC1 or cluster-robust SEs; speed and half-life), for the sample and per group",
      )
      .argument(
        "<data>",
        "panel file (CSV, XLSX, DTA, JSON) or a bundled dataset name, e.g. china-provinces-panel",
      )
      .requiredOption("--var <column>", "the variable x (levels, > 0)")
      .addOption(
        new Option("--type <type>", "sigma, beta or both (default both)").choices(["sigma", "beta", "both"]),
      )
      .addOption(
        new Option("--fe <fe>", "fixed effects of the β regression (default none)").choices([
          "none",
          "unit",
          "twoway",
        ]),
      )
      .addOption(
        new Option("--se <se>", "standard errors (default cluster, by unit)").choices([
          "conventional",
          "robust",
          "cluster",
        ]),
      )
      .option("--controls <columns>", "comma-separated controls, taken at the start of each interval")
      .option("--group <column>", "also per group, e.g. region_nbs4"),
    {
      years: "2012:2019",
      out: "write the tables: .xlsx, .json, .tex, .docx, or .csv/.dta (one file per table)",
    },
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { convergenceCommand } = await import("./commands/convergence.js");
    await convergenceCommand(data, options);
  });

  const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
  const islandsOption = (): Option =>
    new Option(
      "--islands <policy>",
      "units without a neighbour: report them (default), or link each to its nearest unit(s) by great-circle distance between centroids",
    ).choices(["report", "nearest"]);
  const standardiseOption = (): Option =>
    new Option("--standardise <s>", "row-standardise the weights (default) or keep them raw").choices([
      "row",
      "none",
    ]);

  readOptions(
    program
      .command("weights")
      .description(
        "spatial weights: queen/rook contiguity, inverse great-circle distance, k nearest neighbours or economic distance; prints neighbour counts and islands",
      )
      .argument(
        "<map-or-dataset>",
        "a map (map-china-provinces, map-world, a .geojson file), or a data file / bundled dataset whose entities are looked up on --map",
      )
      .addOption(
        new Option("--type <type>", "queen, rook, idw (1/d^power), knn, economic (1/|Ȳi − Ȳj|)")
          .choices(["queen", "rook", "idw", "knn", "economic"])
          .default("queen"),
      )
      .option("--power <p>", "idw: w = d^−p with d the great-circle distance between centroids (default 1)")
      .option("--cutoff <km>", "idw: link only units at most this many km apart")
      .option("--k <k>", "knn: neighbours per unit (default 4)")
      .option(
        "--var <column>",
        "economic: variable whose entity means Ȳ give w = 1/|Ȳi − Ȳj|, e.g. gdp_per_capita",
      )
      .addOption(islandsOption())
      .option("--nearest <n>", "with --islands nearest: link each island to its n nearest units (default 1)")
      .option(
        "--link <a:b>",
        "add a link by hand (both ways), e.g. 460000:440000 for Hainan–Guangdong; repeatable",
        collect,
      )
      .addOption(standardiseOption())
      .option("--map <map>", "map for a data set's entities (default map-china-provinces)")
      .option(
        "--id <property>",
        "feature property with the unit id (default: adcode, iso_a3, id, … whichever every feature has)",
      )
      .option(
        "--tolerance <t>",
        "contiguity: boundaries within this distance (map units; default 0.0001) touch",
      )
      .option("--entity <column>", "entity column of a data file (default: guessed)")
      .option("--time <column>", "time column of a data file (default: guessed)")
      .option("--years <from:to>", "economic: periods averaged, e.g. 2010:2019")
      .option(
        "--out <file>",
        "write the edge list id, neighbour, weight (.csv; .xlsx .json .docx add a per-unit summary)",
      )
      .option("--force", "replace the output file if it exists"),
  ).action(async (source: string, options: Record<string, unknown>) => {
    const { weightsCommand } = await import("./commands/weights.js");
    await weightsCommand(source, options);
  });

  readOptions(
    program
      .command("moran")
      .description(
        "Moran's I per period (normality, randomisation and seeded permutation inference); --local adds LISA statistics, HH/LL/LH/HL clusters and Moran scatter data",
      )
      .argument(
        "<data>",
        "panel data file (CSV, XLSX, DTA, JSON) or a bundled dataset, e.g. china-provinces-panel",
      )
      .requiredOption("--var <column>", "the variable, e.g. gdp_per_capita")
      .option(
        "--weights <w>",
        "queen, rook, idw[:power], knn[:k], economic:<column>, or a weights file written by `nqpf weights --out`",
        "queen",
      )
      .option("--map <map>", "map for contiguity and distance weights (default map-china-provinces)")
      .option("--id <property>", "feature property with the unit id (default: guessed, e.g. adcode)")
      .addOption(islandsOption())
      .option("--nearest <n>", "with --islands nearest: link each island to its n nearest units (default 1)")
      .option("--link <a:b>", "add a link by hand (both ways), e.g. 460000:440000; repeatable", collect)
      .option("--cutoff <km>", "idw: link only units at most this many km apart")
      .option(
        "--tolerance <t>",
        "contiguity: boundaries within this distance (map units; default 0.0001) touch",
      )
      .addOption(standardiseOption())
      .option("--permutations <n>", "random permutations for the pseudo p-values (0 for none)", "999")
      .option(
        "--seed <seed>",
        "seed of the permutations (MT19937; numpy's np.random.seed(seed) draws the same)",
        "1",
      )
      .option("--local", "also local Moran's I (LISA) with conditional-permutation p-values and clusters")
      .option("--alpha <a>", "significance level of the LISA clusters (default 0.05)"),
    { years: "2012:2019", out: "write the tables (.xlsx .json .tex .docx; .csv/.dta: one file per table)" },
  ).action(async (data: string, options: Record<string, unknown>) => {
    const { moranCommand } = await import("./commands/moran.js");
    await moranCommand(data, options);
  });

  program
    .command("run")
    .description(
      "run a study file: all its steps, then tables (CSV, XLSX, LaTeX, Word), figures (SVG, PNG), report.html and manifest.json in one folder",
    )
    .argument("<study>", "study file (YAML); `nqpf init` writes one to start from")
    .requiredOption("--out <dir>", "output folder; a folder that exists and is not empty needs --force")
    .option("--force", "write into a non-empty folder: nqpf's files are replaced, other files are left alone")
    .action(async (study: string, options: Record<string, unknown>) => {
      const { runCommand } = await import("./commands/run.js");
      await runCommand(study, options);
    });

  program
    .command("init")
    .description("write a study template to start from; without a name, list the templates")
    .argument("[template]", "template name, e.g. china-provinces-nqpf or world-pwt")
    .option("--out <file>", "where to write the study (default <template>.yaml)")
    .option("--force", "replace the file if it exists")
    .action(async (template: string | undefined, options: Record<string, unknown>) => {
      const { initCommand } = await import("./commands/init.js");
      await initCommand(template, options);
    });

  program
    .command("serve")
    .description("start the local server: upload data, save and run studies, download the results")
    .option("--host <host>", "address to listen on; anything but loopback needs a token", "127.0.0.1")
    .option("--port <port>", "port", "5178")
    .option(
      "--data-dir <dir>",
      "data folder (database, uploads, run outputs); default $NQPF_DATA_DIR or ~/.nqpf",
    )
    .option("--token <token>", "access token (generated and printed when the host is not loopback)")
    .option("--upload-limit <MB>", "largest upload in MB", "200")
    .option("--concurrency <n>", "runs at once, each in its own worker thread", "1")
    .action(async (options: Record<string, unknown>) => {
      const { serveCommand } = await import("./commands/serve.js");
      await serveCommand(options);
    });

  const datasets = program
    .command("datasets")
    .description("list the bundled datasets with their source and licence")
    .option("--json", "print as JSON")
    .action(async (options: Record<string, unknown>) => {
      const { listDatasetsCommand } = await import("./commands/datasets.js");
      listDatasetsCommand(options);
    });
  datasets
    .command("show")
    .description("describe one bundled dataset, with its full provenance")
    .argument("<name>", "dataset name (see `nqpf datasets`)")
    .action(async (name: string) => {
      const { showDatasetCommand } = await import("./commands/datasets.js");
      await showDatasetCommand(name);
    });
  datasets
    .command("export")
    .description(
      "write a bundled dataset to a file (panels wide; --raw for the file as stored; maps as GeoJSON)",
    )
    .argument("<name>", "dataset name (see `nqpf datasets`)")
    .argument(
      "<output>",
      "output file (.csv .csv.gz .xlsx .dta .json .tex .docx; .geojson/.topojson for maps)",
    )
    .option("--raw", "export the stored table (long files stay long, nothing left out)")
    .option("--force", "replace the output file if it exists")
    .action(async (name: string, output: string, options: Record<string, unknown>) => {
      const { exportDatasetCommand } = await import("./commands/datasets.js");
      await exportDatasetCommand(name, output, options);
    });

  program
    .command("demo")
    .description("run the main job on the bundled data and write its outputs to a folder")
    .option("--out <dir>", "output folder (its demo files are replaced on each run)", "nqpf-demo")
    .action(async (options: { out: string }) => {
      const { demoCommand } = await import("./commands/demo.js");
      await demoCommand(options);
    });

  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      )
        return EXIT_OK;
      if (error.code === "nqpf.badArgument") process.stderr.write(`${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (isNqpfInputError(error)) {
      process.stderr.write(
        `${pc.red("error:")} the input has ${error.issues.length === 1 ? "a problem" : `${error.issues.length} problems`}\n`,
      );
      process.stderr.write(`${formatIssues(error.issues)}\n`);
      return EXIT_BAD_INPUT;
    }
    const log = join(tmpdir(), `nqpf-error-${process.pid}.log`);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    try {
      writeFileSync(
        log,
        `nqpf ${VERSION} ${new Date().toISOString()}\nargv: ${JSON.stringify(argv)}\n${detail}\n`,
      );
    } catch {
      // the log is a courtesy; the exit code still says what happened
    }
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    process.stderr.write(`${pc.red("internal error:")} ${message} (details in ${log})\n`);
    return EXIT_INTERNAL;
  }
}
