/**
 * `nqpf demo`: the main job on the bundled data. Assembles the China provincial panel (NBS annual
 * data, science and technology statistics, energy, CO2, employment, NBS regions), checks it, computes
 * the three-element NQPF index for 30 provinces × 2012–2019 with its weights, ranks, obstacle degrees,
 * coupling coordination and rank stability, and writes everything to a folder. Later capabilities
 * extend this job.
 */
import { join, resolve } from "node:path";
import pc from "picocolors";
import { dataDirectory, loadDataset } from "../../io/datasets.js";
import { runCommand } from "./run.js";
import { loadIndicatorSystem } from "../../io/systems.js";
import { writeTables } from "../../io/write-table.js";
import { compositeIndexTables } from "../../methods/composite/composite-index-tables.js";
import { compositeIndex } from "../../methods/composite/composite-index.js";
import { systemVariables } from "../../methods/composite/indicator-system.js";
import { panelBalance } from "../../panel/balance.js";
import { subsetPanel } from "../../panel/subset.js";
import { summaryTable } from "../../table/describe.js";
import {
  bindRows,
  findColumn,
  numberColumn,
  withColumn,
  type NumberColumn,
  type StringColumn,
  type Table,
} from "../../table/table.js";
import { matrix } from "../../math/matrix.js";
import { sbm } from "../../methods/frontier/sbm.js";
import { sbmTable } from "../../methods/frontier/sbm-table.js";
import { balancedSubpanel } from "../../panel/balance.js";
import type { Panel } from "../../panel/panel.js";
import { printRows } from "../format.js";
import { printIndexSummary } from "./index.js";
import { demoDisparity } from "./demo-disparity.js";
import { greenTfp, pwtGrowthAccounting } from "./demo-productivity.js";

/** Base year of the demo's cumulative green TFP. */
const GTFP_BASE = 2012;

const SYSTEM = "nqpf-three-elements";
const FROM = 2012;
const TO = 2019;

export async function demoCommand(options: { out: string }): Promise<void> {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const step = (text: string): void => {
    out(`${pc.cyan("•")} ${text}`);
  };
  const started = performance.now();

  step(
    "loading the bundled China provincial panel (NBS annual data, S&T yearbook, energy, CEADs CO2, employment, NBS regions)",
  );
  const provinces = await loadDataset("china-provinces-panel");
  out(
    `  ${provinces.entities.length} provinces × ${provinces.times.length} years (${provinces.times[0]!}–${provinces.times.at(-1)!}), ${provinces.table.columns.length - 2} columns`,
  );

  step(`reading the indicator system ${SYSTEM} (data/systems/${SYSTEM}.yaml)`);
  const { system, file } = await loadIndicatorSystem(SYSTEM);
  const leaves = system.root.map((d) => ("children" in d ? countLeaves(d) : 1));
  out(
    `  ${system.title?.zh ?? system.name}: ${system.root.length} dimensions, ${leaves.reduce((a, b) => a + b, 0)} indicators; ${system.unavailable?.length ?? 0} literature indicators listed as unavailable in the bundled data`,
  );

  const window = subsetPanel(provinces, {
    from: FROM,
    to: TO,
    variables: systemVariables(system).filter((v) => provinces.table.columns.some((c) => c.name === v)),
  });
  const balance = panelBalance(window);
  const gaps = balance.perVariableMissing.filter((v) => v.missing > 0);
  out(
    `  ${FROM}–${TO}: ${balance.observations} of ${balance.expected} province-years; raw variables with missing cells: ${gaps.length === 0 ? "none" : gaps.map((g) => `${g.variable} (${g.missing})`).join(", ")}`,
  );

  step(
    `computing the composite index (${FROM}–${TO}; entropy weights on the pooled panel; weighted sum; sensitivity to CRITIC and equal weights)`,
  );
  const result = compositeIndex(provinces, system, {
    from: FROM,
    to: TO,
    sensitivity: ["critic", "equal"],
    file,
  });
  out();
  printIndexSummary(result, "en");
  out();

  step(
    "green efficiency: SBM with CO2 as undesirable output (Tone 2003), VRS, each year's own frontier, 2012–2018",
  );
  out("  inputs: employment (emp_total), energy use; good output: GDP; bad output: CO2");
  const green = greenEfficiency(provinces);
  printRows(
    ["year", "provinces", "mean ρ", "efficient (ρ = 1)"],
    green.summary.map((g) => [String(g.year), String(g.units), g.mean.toFixed(4), g.efficient.join(", ")]),
    out,
    120,
  );
  out();

  step(
    "green TFP: SBM-GML (global technology, Oh 2010; SBM with CO2 as undesirable output, Tone 2004), CRS, 2012–2018",
  );
  out(
    `  inputs: capital stock (perpetual inventory from GFCF, δ = 9.6 %, 1952 prices), employment, energy; good output: real GDP (2012 prices); bad output: CO2`,
  );
  const gtfp = await greenTfp(provinces);
  out(
    `  ${gtfp.provinces} provinces${gtfp.leftOut.length > 0 ? `; left out (incomplete data): ${gtfp.leftOut.join(", ")}` : ""}; GML > 1 = green productivity growth, GML = EC × BPC`,
  );
  printRows(
    ["pair", "GML", "EC", "BPC"],
    gtfp.pairs.map((p) => [`${p.from}–${p.to}`, p.gml.toFixed(4), p.ec.toFixed(4), p.bpc.toFixed(4)]),
    out,
    120,
  );
  out(
    `  cumulative GTFP ${GTFP_BASE} = 1 → ${gtfp.lastYear} (geometric means): ${gtfp.cumulative.map((c) => `${c.group} ${c.level.toFixed(3)}`).join(", ")}`,
  );
  out();

  step(
    "growth accounting, PWT 10.01, 2000–2019: Δln Y = s̄·Δln(emp·avh·hc) + (1 − s̄)·Δln rkna + Δln TFP (Törnqvist labour shares)",
  );
  const growth = await pwtGrowthAccounting();
  printRows(
    ["country", "years", "output %", "labour", "capital", "TFP %"],
    growth.rows.map((r) => [
      r.country,
      String(r.years),
      r.output.toFixed(2),
      r.labour.toFixed(2),
      r.capital.toFixed(2),
      r.tfp.toFixed(2),
    ]),
    out,
    120,
  );
  out(
    `  mean annual log growth in %; TFP growth matches PWT's own rtfpna on all ${growth.pairs} country-years (largest difference ${growth.maxDeviation.toExponential(1)})`,
  );
  out();

  step(
    "regional disparity and spatial dependence of the index: Dagum Gini, kernel density, Markov chain, σ/β-convergence, Moran's I",
  );
  const disparity = await demoDisparity(result, provinces);
  for (const line of disparity.lines) out(line);
  out();

  step(`writing tables to ${options.out}/`);
  const folder = resolve(options.out);
  const tables = compositeIndexTables(result, { language: "en" });
  const tablesZh = compositeIndexTables(result, { language: "zh" });
  const list = [tables.scores, tables.weights, tables.obstacles, tables.coupling, tables.sensitivity].filter(
    (t): t is Table => t !== undefined,
  );
  const indicatorPanel = result.panel.table;
  const written: string[] = [];
  const outputs: [string, readonly Table[]][] = [
    ["nqpf-index.xlsx", list],
    ["nqpf-index.json", list],
    ["nqpf-index.tex", [tables.weights]],
    [
      "nqpf-index-zh.docx",
      [tablesZh.weights, tablesZh.sensitivity].filter((t): t is Table => t !== undefined),
    ],
    ["nqpf-index-scores.csv", [tables.scores]],
    ["nqpf-index-scores.dta", [tables.scores]],
    ["indicator-panel.xlsx", [indicatorPanel, summaryTable(indicatorPanel, "Indicator panel: variables")]],
    ["indicator-panel.dta", [indicatorPanel]],
    ["green-efficiency-sbm.xlsx", [green.table]],
    ["green-tfp-sbm-gml.xlsx", gtfp.tables],
    ["capital-stock-pim.xlsx", gtfp.capitalTables],
    ["growth-accounting-pwt.xlsx", growth.tables],
    ["disparity-index.xlsx", disparity.tables],
  ];
  for (const [name, content] of outputs) {
    await writeTables(join(folder, name), content, { overwrite: true });
    written.push(name);
  }
  out(`  ${written.join(", ")}`);
  out();

  const studyFile = join(dataDirectory(), "studies", `${DEMO_STUDY}.yaml`);
  step(
    `the whole chain as one reproducible study: nqpf run data/studies/${DEMO_STUDY}.yaml (tables, figures, HTML report, manifest)`,
  );
  await runCommand(studyFile, { out: folder, force: true });
  out();
  out(
    `${pc.green("done")} in ${((performance.now() - started) / 1000).toFixed(1)} s. Outputs are in ${folder}; open ${join(folder, "report.html")} in a browser.`,
  );
  out(
    `Try: npx nqpf init ${DEMO_STUDY} (then edit the study and nqpf run it), or npx nqpf index china-provinces-panel --system nqpf-tech-green-digital --years 2012:2019 --aggregate topsis`,
  );
  out(
    `In the browser: npm run serve, open http://127.0.0.1:5178, upload your panel or pick a bundled dataset, build the indicator system, choose methods and run — maps, rankings, unit pages and every download.`,
  );
}

/** The study template the demo runs in full. */
const DEMO_STUDY = "china-provinces-nqpf";

/** SBM-undesirable efficiency per year for the provinces with complete data. */
function greenEfficiency(provinces: Panel): {
  table: Table;
  summary: { year: number; units: number; mean: number; efficient: string[] }[];
} {
  const variables = ["emp_total", "energy_consumption", "gdp", "co2_total_mt"];
  const window = subsetPanel(provinces, { from: 2012, to: 2018, variables: ["name_en", ...variables] });
  const complete = balancedSubpanel(window, { variables, drop: "entities" }).panel;
  const columnOf = (name: string) => findColumn(complete.table, name) as NumberColumn;
  const names = columnOf("name_en") as unknown as StringColumn;
  const tables: Table[] = [];
  const summary: { year: number; units: number; mean: number; efficient: string[] }[] = [];
  complete.times.forEach((year, t) => {
    const rows = Array.from({ length: complete.table.rowCount }, (_, r) => r).filter(
      (r) => complete.timeOf[r] === t,
    );
    const take = (cols: readonly string[]) =>
      matrix(
        rows.length,
        cols.length,
        rows.flatMap((r) => cols.map((c) => columnOf(c).values[r]!)),
      );
    const units = rows.map((r) => names.values[r] ?? complete.entities[complete.entityOf[r]!]!);
    const frontierNames = {
      units,
      inputs: ["emp_total", "energy_consumption"],
      outputs: ["gdp"],
      bads: ["co2_total_mt"],
    };
    const result = sbm(take(["emp_total", "energy_consumption"]), take(["gdp"]), {
      rts: "vrs",
      bad: take(["co2_total_mt"]),
      names: frontierNames,
    });
    tables.push(
      withColumn(
        sbmTable(result, frontierNames),
        numberColumn(
          "year",
          rows.map(() => year),
        ),
      ),
    );
    const ok = Array.from(result.scores).filter((_, i) => result.status[i] === "optimal");
    summary.push({
      year,
      units: rows.length,
      mean: ok.reduce((a, b) => a + b, 0) / ok.length,
      efficient: units.filter((_, i) => result.scores[i]! > 1 - 1e-8),
    });
  });
  return { table: bindRows(tables), summary };
}

function countLeaves(node: { children?: readonly unknown[] }): number {
  return node.children
    ? node.children.reduce<number>((sum, c) => sum + countLeaves(c as { children?: readonly unknown[] }), 0)
    : 1;
}
