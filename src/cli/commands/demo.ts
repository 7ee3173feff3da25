/**
 * `nqpf demo`: the main job on the bundled data. Builds the China provincial panel that an NQPF
 * study starts from — NBS annual data joined with energy use and CO2, NBS regions attached,
 * indicators of the three elements of productive forces derived — checks its balance, and writes
 * it in every table format. Later capabilities extend this job.
 */
import { join, resolve } from "node:path";
import pc from "picocolors";
import { findDataset } from "../../io/dataset-registry.js";
import { loadDataset, loadDatasetTable } from "../../io/datasets.js";
import { writeTables } from "../../io/write-table.js";
import { balancedSubpanel } from "../../panel/balance.js";
import { deriveVariables } from "../../panel/expression.js";
import { attachEntityAttributes, joinPanels } from "../../panel/join.js";
import { subsetPanel } from "../../panel/subset.js";
import { summaryTable } from "../../table/describe.js";
import { withMeta } from "../../table/table.js";
import { printInspectReport } from "./inspect.js";
import { describeTable } from "../../table/describe.js";
import { panelBalance } from "../../panel/balance.js";

/** Indicators of the three elements (劳动者 / 劳动资料 / 劳动对象) computable from the bundled NBS data, plus green inputs. */
export const DEMO_DEFINITIONS = `
# labourers (劳动者)
tertiary_edu_share = edu_sample_tertiary / edu_sample_pop6plus * 100
students_per_100k = tertiary_students_per_100k
avg_wage = wage_avg_urban_units
# means of labour (劳动资料)
broadband_per_100 = broadband_ports / pop_yearend * 100
patents_per_10k = patent_grants / pop_yearend
# subjects of labour (劳动对象)
tertiary_va_share = va_tertiary / gdp * 100
tech_market_share = tech_market_turnover / gdp * 100
energy_intensity = energy_consumption / gdp
co2_intensity = co2_total_mt / gdp * 10000
# growth
real_gdp_growth = gdp_index_prev - 100
`;

const KEEP = [
  "province_zh",
  "province_en",
  "region_nbs4",
  "gdp",
  "pop_yearend",
  "energy_consumption",
  "co2_total_mt",
  "tertiary_edu_share",
  "students_per_100k",
  "avg_wage",
  "broadband_per_100",
  "patents_per_10k",
  "tertiary_va_share",
  "tech_market_share",
  "energy_intensity",
  "co2_intensity",
  "real_gdp_growth",
];

export async function demoCommand(options: { out: string }): Promise<void> {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const started = performance.now();
  const step = (text: string): void => {
    out(`${pc.cyan("•")} ${text}`);
  };

  step(
    "loading bundled China provincial data (NBS annual 2000–2019, energy 1998–2019, CEADs CO2 1997–2019, province codes)",
  );
  const [nbs, energy, co2, provinces] = await Promise.all([
    loadDataset("china-nbs-annual"),
    loadDataset("china-energy"),
    loadDataset("china-co2"),
    loadDatasetTable("china-provinces"),
  ]);
  out(
    `  NBS panel: ${nbs.entities.length} provinces × ${nbs.times.length} years, ${nbs.table.columns.length - 2} variables`,
  );

  step("joining energy and CO2 on (adcode, year), attaching NBS regions");
  let p = joinPanels(nbs, subsetPanel(energy, { variables: ["energy_consumption"] }), { how: "left" });
  p = joinPanels(p, subsetPanel(co2, { variables: ["co2_total_mt"] }), { how: "left" });
  p = attachEntityAttributes(p, provinces, {
    on: "adcode",
    columns: ["region_nbs4"],
    file: findDataset("china-provinces")!.file,
  });

  step("deriving indicators of the three elements with the expression language");
  const derived = deriveVariables(p, DEMO_DEFINITIONS);
  for (const r of derived.reports) {
    const note =
      r.undefinedCount > 0
        ? pc.yellow(
            ` (${r.undefinedCount} cells undefined, e.g. ${r.undefinedCells.map((c) => `${c.entity}/${c.time}`).join(", ")})`,
          )
        : "";
    out(`  ${r.name.padEnd(24)} = ${r.expression}  ${pc.dim(`missing ${r.missingCount}`)}${note}`);
  }

  step("keeping 2011–2019 (broadband data start in 2011) and balancing on the indicators");
  const window = subsetPanel(derived.panel, { from: 2011, to: 2019, variables: KEEP });
  const indicators = KEEP.slice(7);
  const before = panelBalance(window);
  const incomplete = before.perVariableMissing.filter(
    (v) => indicators.includes(v.variable) && v.missing > 0,
  );
  out(
    `  2011–2019: ${before.observations} of ${before.expected} province-years present; indicators with missing cells: ${incomplete.length > 0 ? incomplete.map((v) => `${v.variable} (${v.missing})`).join(", ") : "none"}`,
  );
  const balanced = balancedSubpanel(window, { variables: indicators, drop: "auto" });
  out(
    `  balanced sub-panel (${balanced.drop === "entities" ? "dropping incomplete provinces" : "dropping incomplete years"}): ${balanced.panel.entities.length} provinces × ${balanced.panel.times.length} years` +
      (balanced.droppedEntities.length > 0 ? `; dropped ${balanced.droppedEntities.join(", ")}` : "") +
      (balanced.droppedTimes.length > 0 ? `; dropped years ${balanced.droppedTimes.join(", ")}` : ""),
  );

  const result = withMeta(balanced.panel.table, {
    name: "china_nqpf_panel",
    title: "China provinces: NQPF indicator panel, 2011–2019",
    source: "NBS provincial annual data; China Energy Statistical Yearbook; CEADs (see data/README.md)",
    notes: [
      "Indicators derived with nqpf expressions:",
      ...DEMO_DEFINITIONS.trim()
        .split("\n")
        .filter((l) => !l.startsWith("#")),
    ],
  });
  out();
  printInspectReport({
    file: "china_nqpf_panel",
    format: "panel",
    details: {},
    rows: result.rowCount,
    columns: describeTable(result),
    panel: {
      entity: "adcode",
      time: "year",
      entities: balanced.panel.entities.length,
      periods: balanced.panel.times,
      balanced: panelBalance(balanced.panel).balanced,
      observations: result.rowCount,
      expected: balanced.panel.entities.length * balanced.panel.times.length,
      duplicates: 0,
      entitiesWithGaps: 0,
    },
  });
  out();

  step(`writing the panel and its variable summary to ${options.out}/`);
  const folder = resolve(options.out);
  const summary = summaryTable(result, "China NQPF indicator panel: variables");
  const written: string[] = [];
  for (const [file, tables] of [
    ["china-nqpf-panel.csv", [result]],
    ["china-nqpf-panel.xlsx", [result, summary]],
    ["china-nqpf-panel.dta", [result]],
    ["china-nqpf-panel.json", [result]],
    ["variables.tex", [summary]],
    ["variables.docx", [summary]],
  ] as const) {
    await writeTables(join(folder, file), tables, { overwrite: true });
    written.push(file);
  }
  out(`  ${written.join(", ")}`);
  out();
  out(
    `${pc.green("done")} in ${((performance.now() - started) / 1000).toFixed(1)} s. Outputs are in ${folder}`,
  );
  out(`Try: npx nqpf inspect ${join(options.out, "china-nqpf-panel.dta")}   ·   npx nqpf datasets`);
}
