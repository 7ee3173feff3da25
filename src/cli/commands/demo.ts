/**
 * `nqpf demo`: the main job on the bundled data. Assembles the China provincial panel (NBS annual
 * data, science and technology statistics, energy, CO2, employment, NBS regions), checks it, computes
 * the three-element NQPF index for 30 provinces × 2012–2019 with its weights, ranks, obstacle degrees,
 * coupling coordination and rank stability, and writes everything to a folder. Later capabilities
 * extend this job.
 */
import { join, resolve } from "node:path";
import pc from "picocolors";
import { loadDataset } from "../../io/datasets.js";
import { loadIndicatorSystem } from "../../io/systems.js";
import { writeTables } from "../../io/write-table.js";
import { compositeIndexTables } from "../../methods/composite/composite-index-tables.js";
import { compositeIndex } from "../../methods/composite/composite-index.js";
import { systemVariables } from "../../methods/composite/indicator-system.js";
import { panelBalance } from "../../panel/balance.js";
import { subsetPanel } from "../../panel/subset.js";
import { summaryTable } from "../../table/describe.js";
import { type Table } from "../../table/table.js";
import { printIndexSummary } from "./index.js";

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
  ];
  for (const [name, content] of outputs) {
    await writeTables(join(folder, name), content, { overwrite: true });
    written.push(name);
  }
  out(`  ${written.join(", ")}`);
  out();
  out(
    `${pc.green("done")} in ${((performance.now() - started) / 1000).toFixed(1)} s. Outputs are in ${folder}`,
  );
  out(
    `Try: npx nqpf index china-provinces-panel --system nqpf-tech-green-digital --years 2012:2019 --aggregate topsis`,
  );
}

function countLeaves(node: { children?: readonly unknown[] }): number {
  return node.children
    ? node.children.reduce<number>((sum, c) => sum + countLeaves(c as { children?: readonly unknown[] }), 0)
    : 1;
}
