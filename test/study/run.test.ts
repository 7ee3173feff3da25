import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { greenTfp } from "../../src/cli/commands/demo-productivity.js";
import { isNqpfInputError, type InputIssue } from "../../src/errors.js";
import { loadDataset } from "../../src/io/datasets.js";
import { panelRow } from "../../src/panel/panel.js";
import { runStudy, validateStudy, type StudyProgress } from "../../src/study/run.js";
import { parseStudy, type Study } from "../../src/study/schema.js";
import type { StepResult, StudyRunResult } from "../../src/study/types.js";
import { cell, findColumn, type NumberColumn, type Table } from "../../src/table/table.js";
import { expectAllClose, expectClose } from "../close.js";
import { studyIO } from "./study-io.js";

const STUDIES = join(import.meta.dirname, "../../data/studies");

function template(name: string): Study {
  return parseStudy(readFileSync(join(STUDIES, `${name}.yaml`), "utf8"), `${name}.yaml`);
}

/** Runs the study and returns the issues of the input error it must throw, with the progress events seen. */
async function rejected(study: Study): Promise<{ issues: InputIssue[]; progress: StudyProgress[] }> {
  const progress: StudyProgress[] = [];
  try {
    await runStudy(study, studyIO, { onProgress: (e) => progress.push(e) });
  } catch (error) {
    if (isNqpfInputError(error)) return { issues: [...error.issues], progress };
    throw error;
  }
  expect.fail("runStudy did not throw");
}

function step(result: StudyRunResult, id: string): StepResult {
  const found = result.steps.find((s) => s.id === id);
  if (found === undefined) expect.fail(`no step ${id}`);
  return found;
}

function tableNamed(s: StepResult, name: string): Table {
  const found = s.tables.find((t) => t.meta.name === name);
  if (found === undefined)
    expect.fail(`step ${s.id} has no table ${name}: ${s.tables.map((t) => t.meta.name).join(", ")}`);
  return found;
}

function numbers(t: Table, name: string): Float64Array {
  return (findColumn(t, name) as NumberColumn).values;
}

const SMALL = (steps: string, data = "  file: small-panel.csv\n  entity: unit\n  time: year\n") =>
  parseStudy(`nqpf: 1\ntitle: small\ndata:\n${data}steps:\n${steps}`, "small.yaml");

describe("validateStudy", () => {
  it("reports every problem at once — unknown variable, text column, missing file, bad and later references — before any step runs", async () => {
    const study = parseStudy(
      [
        "nqpf: 1",
        "title: broken",
        "data:",
        "  sources:",
        "    - {id: main, file: small-panel.csv, entity: unit, time: year}",
        "    - {id: extra, file: no-such-file.csv}",
        "steps:",
        "  - id: eff",
        "    method: dea",
        "    inputs: [xx]",
        "    outputs: [y]",
        "  - {id: g1, method: gini, var: name}",
        "  - {id: g2, method: gini, var: eff.scor}",
        "  - {id: g3, method: gini, var: later.score}",
        "  - {id: later, method: dea, inputs: x, outputs: y}",
        "",
      ].join("\n"),
      "broken.yaml",
    );
    const { issues, progress } = await rejected(study);
    expect(progress).toEqual([]);
    const at = (path: string): InputIssue => {
      const found = issues.find((i) => i.path?.join(".") === path);
      if (found === undefined)
        expect.fail(`no issue at ${path}: ${issues.map((i) => i.path?.join(".")).join(", ")}`);
      return found;
    };
    expect(at("data.sources.1.file")).toMatchObject({ code: "file_not_found" });
    expect(at("data.sources.1.file").message).toContain('source "extra"');
    const unknown = at("steps.0.inputs.0");
    expect(unknown).toMatchObject({ code: "missing_column", column: "xx", file: "broken.yaml", row: 10 });
    expect(unknown.message).toContain('step "eff"');
    expect(unknown.hint).toContain('did you mean "x"');
    expect(at("steps.1.var")).toMatchObject({ code: "not_a_number", column: "name", row: 12 });
    expect(at("steps.1.var").message).toContain('step "g1"');
    const badReference = at("steps.2.var");
    expect(badReference).toMatchObject({ code: "unknown_column", column: "eff.scor" });
    expect(badReference.message).toContain('step "g2"');
    expect(badReference.hint).toContain('did you mean "score"');
    expect(at("steps.3.var").message).toMatch(/step "g3".*runs later/);
  });

  it("rejects a study object with an unknown method (not from parseStudy) before loading anything", async () => {
    const study = {
      nqpf: 1,
      title: "object",
      data: { file: "small-panel.csv", entity: "unit", time: "year" },
      steps: [{ id: "m", method: "malmquis", inputs: ["x"], outputs: ["y"] }],
    } as unknown as Study;
    const { issues, progress } = await rejected(study);
    expect(progress).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: ["steps", 0, "method"] });
    expect(issues[0]!.message).toContain('step "m"');
    expect(issues[0]!.hint).toContain('did you mean "malmquist"');
  });

  it("checks the variables of an indicator system and unknown systems", async () => {
    const study = SMALL("  - {id: idx, method: index, system: no-such-system}\n");
    const { issues } = await rejected(study);
    expect(issues.some((i) => i.path?.join(".") === "steps.0.system" && i.code === "file_not_found")).toBe(
      true,
    );
  });

  it("returns the prepared study with each step's variables for later steps", async () => {
    const prepared = await validateStudy(
      SMALL(
        "  - {id: m, method: malmquist, inputs: x, outputs: y, rts: vrs}\n  - {id: g, method: gini, var: m.cumulative}\n",
      ),
      studyIO,
    );
    expect(prepared.outputs.get("m")).toEqual([
      "index",
      "tfpch",
      "effch",
      "techch",
      "pech",
      "sech",
      "cumulative",
    ]);
    expect(prepared.data.panel?.entities).toEqual(["A", "B", "C", "D"]);
  });
});

describe("runStudy", () => {
  it("completes a Malmquist study whose VRS cross-period LPs are partly infeasible and names the units in the warnings", async () => {
    const progress: StudyProgress[] = [];
    const result = await runStudy(
      SMALL("  - {id: m, method: malmquist, inputs: x, outputs: y, rts: vrs, decomposition: ray-desli}\n"),
      studyIO,
      { onProgress: (e) => progress.push(e) },
    );
    expect(progress.map((e) => `${e.step}:${e.phase}`)).toEqual(["m:start", "m:done"]);
    const s = step(result, "m");
    // Gamma (C) uses x = 0.5 in 2002, less than any unit in 2001 (Dv_2001(2002) has no feasible λ) and in 2003
    // (Dv_2003(2002) neither): both of its pairs fail, every other unit-pair solves.
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatch(/^2 unit-pairs with infeasible LPs/);
    expect(s.warnings[0]).toContain("Gamma 2001–2002 (Dv_t(t+1)");
    expect(s.warnings[0]).toContain("Gamma 2002–2003 (Dv_t+1(t)");
    expect(s.warnings[0]).not.toContain("Alpha");
    const long = tableNamed(s, "malmquist");
    const status = findColumn(long, "status")!;
    const names = findColumn(long, "name")!;
    const failed = Array.from({ length: long.rowCount }, (_, r) => r).filter(
      (r) => cell(status, r) !== "optimal",
    );
    expect(
      failed.map((r) => `${String(cell(names, r))} ${String(cell(findColumn(long, "from")!, r))}`),
    ).toEqual(["Gamma 2001", "Gamma 2002"]);
    expect(Number.isNaN(numbers(long, "tfpch")[failed[0]!]!)).toBe(true);
  });

  it("names the step when a method rejects the data while running (a missing value with incomplete: error)", async () => {
    const study = parseStudy(
      "nqpf: 1\ntitle: t\ndata:\n  file: small-panel.csv\n  entity: unit\n  time: year\n  derive:\n    x2: if(x < 0.8, ln(0), x)\nsteps:\n  - {id: eff, method: dea, inputs: x2, outputs: y}\n",
      "t.yaml",
    );
    const { issues, progress } = await rejected(study);
    expect(progress.map((e) => `${e.step}:${e.phase}`)).toEqual(["eff:start"]);
    expect(issues[0]).toMatchObject({
      code: "bad_value",
      path: ["steps", 0],
      entity: "C",
      time: 2002,
      column: "x2",
    });
    expect(issues[0]!.message).toContain('step "eff"');
  });

  it("joins the variables of earlier steps and lists data warnings (undefined derived cells) in the first step", async () => {
    const study = SMALL(
      "  - {id: eff, method: dea, inputs: x, outputs: y, rts: vrs, orientation: out}\n  - {id: g, method: gini, var: eff.score, group: region}\n",
      "  file: small-panel.csv\n  entity: unit\n  time: year\n  derive:\n    lx: ln(x - 1)\n",
    );
    const result = await runStudy(study, studyIO);
    expect(step(result, "eff").warnings[0]).toMatch(/^data: lx is undefined .* in 3 cells/);
    const gini = tableNamed(step(result, "g"), "gini");
    expect(Array.from(numbers(gini, "n"))).toEqual([4, 4, 4]);
    // G = G_w + G_nb + G_t (Dagum 1997), an identity of the decomposition.
    const parts = numbers(gini, "within").map(
      (w, k) => w + numbers(gini, "net_between")[k]! + numbers(gini, "transvariation")[k]!,
    );
    expectAllClose(parts, numbers(gini, "gini"), { abs: 1e-12 });
    expect(step(result, "g").notes[0]).toContain('results of step "eff"');
  });
});

describe("templates", () => {
  let china: StudyRunResult;
  beforeAll(async () => {
    china = await runStudy(template("china-provinces-nqpf"), studyIO);
  }, 60_000);

  it("runs the China template: every step, its tables and figures", () => {
    expect(china.steps.map((s) => s.id)).toEqual([
      "index",
      "capital",
      "gtfp",
      "gini",
      "kde",
      "markov",
      "convergence",
      "moran",
    ]);
    const figures = china.steps.flatMap((s) => s.figures.map((f) => `${f.id}:${f.kind}`));
    expect(figures).toEqual(
      expect.arrayContaining([
        "index-map:choropleth",
        "index-groups:time-series",
        "index-ranks:rank-chart",
        "index-dimensions:stacked-bar",
        "gtfp-cumulative:time-series",
        "gtfp-map:choropleth",
        "gini-contributions:stacked-bar",
        "kde-surface:density-surface",
        "markov-transitions:heatmap",
        "moran-scatter:moran-scatter",
      ]),
    );
    expect(new Set(figures).size).toBe(figures.length);
    expect(china.seeds).toEqual({ moran: 1 });
    expect(china.sources.map((s) => [s.name, s.from])).toEqual([
      ["provinces", "dataset china-provinces-panel"],
      ["investment", "dataset china-capital-inputs"],
    ]);
    // Tibet lacks energy and CO2 data: left out of the index and of green TFP, and said so.
    expect(step(china, "index").warnings.join(" ")).toContain("Tibet");
    expect(step(china, "gtfp").warnings.join(" ")).toContain("Tibet 2012");
    expect(step(china, "moran").notes.join(" ")).toMatch(
      /Link added by hand: Hainan – Guangdong\./,
    );
    const map = step(china, "index").figures.find((f) => f.kind === "choropleth");
    expect(map?.kind === "choropleth" ? map.values.length : 0).toBe(30);
  });

  it("China template: SBM-GML cumulative green TFP equals the demo's independent assembly of the same data", async () => {
    const demo = await greenTfp(await loadDataset("china-provinces-panel"));
    const groups = tableNamed(step(china, "gtfp"), "gml_cumulative_groups");
    const group = findColumn(groups, "group")!;
    const period = numbers(groups, "period");
    const level = numbers(groups, "gml_cum");
    const ours = demo.cumulative.map(({ group: g }) => {
      const r = Array.from({ length: groups.rowCount }, (_, k) => k).find(
        (k) => cell(group, k) === g && period[k] === demo.lastYear,
      );
      return r === undefined ? Number.NaN : level[r]!;
    });
    // Same LPs on the same numbers (real GDP chained from 2012, PIM capital at δ = 0.096): equal up to rounding.
    expectAllClose(
      ours,
      demo.cumulative.map((c) => c.level),
      { abs: 1e-9, labels: demo.cumulative.map((c) => c.group) },
    );
  });

  it("China template: Markov rows are probabilities and the Gini parts add up", () => {
    const transitions = tableNamed(step(china, "markov"), "markov_transitions");
    const rows = ["p_C1", "p_C2", "p_C3", "p_C4"].map((n) => numbers(transitions, n));
    const sums = Array.from({ length: transitions.rowCount }, (_, r) => rows.reduce((s, c) => s + c[r]!, 0));
    expectAllClose(
      sums,
      sums.map(() => 1),
      { abs: 1e-12 },
    );
    const gini = tableNamed(step(china, "gini"), "gini");
    expect(gini.rowCount).toBe(8);
    const total = numbers(gini, "within").map(
      (w, k) => w + numbers(gini, "net_between")[k]! + numbers(gini, "transvariation")[k]!,
    );
    expectAllClose(total, numbers(gini, "gini"), { abs: 1e-12 });
  });

  it("runs the PWT template: growth accounting reproduces PWT's rtfpna growth; the Malmquist map is on ISO3 codes", async () => {
    const result = await runStudy(template("world-pwt"), studyIO);
    const pairs = tableNamed(step(result, "accounting"), "growth_accounting");
    const pwt = await loadDataset("pwt1001");
    const rtfp = findColumn(pwt.table, "rtfpna") as NumberColumn;
    const country = findColumn(pairs, "countrycode")!;
    const year = numbers(pairs, "year");
    const growth = numbers(pairs, "tfp_growth");
    const ours: number[] = [];
    const published: number[] = [];
    for (let r = 0; r < pairs.rowCount; r++) {
      if (!Number.isFinite(growth[r]!)) continue;
      const e = pwt.entities.indexOf(String(cell(country, r)));
      const now = panelRow(pwt, e, pwt.times.indexOf(year[r]!));
      const before = panelRow(pwt, e, pwt.times.indexOf(year[r]! - 1));
      if (rtfp.missing[now] !== 0 || rtfp.missing[before] !== 0) continue;
      ours.push(growth[r]!);
      published.push(Math.log(rtfp.values[now]! / rtfp.values[before]!));
    }
    expect(ours.length).toBeGreaterThan(200);
    // PWT 10.01 computes rtfpna with the same recipe; its stored values carry ~7 significant digits.
    expectAllClose(ours, published, { abs: 1e-6 });
    const map = step(result, "malmquist").figures.find((f) => f.kind === "choropleth");
    expect(map?.kind).toBe("choropleth");
    if (map?.kind !== "choropleth") return;
    expect(map.map).toBe("world");
    expect(map.values).toHaveLength(26);
    expect(map.values.find((v) => v.code === "CHN")?.name).toBe("China");
    expect(step(result, "malmquist").warnings).toEqual([]);
  });
});

describe("determinism", () => {
  it("the same study on the same data gives deep-equal tables and figures (moran permutations seeded)", async () => {
    const text = [
      "nqpf: 1",
      "title: eight provinces",
      "data:",
      "  file: provinces-8.csv",
      "  entity: adcode",
      "  time: year",
      "steps:",
      "  - {id: m, method: moran, var: v, local: true, permutations: 99, seed: 7}",
      "  - {id: k, method: kde, var: v, grid: 20}",
      "  - {id: d, method: dea, inputs: v, outputs: v, model: sbm}",
      "",
    ].join("\n");
    const first = await runStudy(parseStudy(text, "eight.yaml"), studyIO);
    const second = await runStudy(parseStudy(text, "eight.yaml"), studyIO);
    expect(second).toEqual(first);
    expect(first.seeds).toEqual({ m: 7 });
    const moran = tableNamed(step(first, "m"), "moran");
    expect(Array.from(numbers(moran, "seed"))).toEqual([7, 7]);
    expectClose(numbers(moran, "permutations")[0]!, 99);
  });
});
