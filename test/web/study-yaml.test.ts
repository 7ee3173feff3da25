import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { parseIndicatorSystem } from "../../src/methods/composite/indicator-system.js";
import { checkStudy, parseStudy } from "../../src/study/schema.js";
import { validateStudy } from "../../src/study/run.js";
import type { StudyIO } from "../../src/study/data.js";
import {
  addDimension,
  addIndicator,
  draftFromSystem,
  emptySystem,
  systemObject,
  type SystemDraft,
} from "../../web/src/pages/system-draft.js";
import {
  AGGREGATES,
  DEA_MODELS,
  DEA_ORIENTATIONS,
  DEA_RTS,
  GML_DISTANCES,
  GML_INDICES,
  GML_RTS,
  HIERARCHIES,
  ISLANDS,
  SPATIAL_WEIGHTS,
  WEIGHTINGS,
  defaultTitle,
  initialState,
  issuePlace,
  narrowedYears,
  studyMethods,
  studyObject,
  studyYaml,
  type BuilderState,
} from "../../web/src/study-yaml.js";

// A small panel of Chinese provinces as a user would upload it: adcode, name, year, region and numeric variables.
const PROVINCES = [
  [110000, "Beijing", "East"],
  [120000, "Tianjin", "East"],
  [130000, "Hebei", "East"],
  [140000, "Shanxi", "Central"],
  [310000, "Shanghai", "East"],
  [320000, "Jiangsu", "East"],
  [340000, "Anhui", "Central"],
  [410000, "Henan", "Central"],
  [420000, "Hubei", "Central"],
  [510000, "Sichuan", "West"],
  [610000, "Shaanxi", "West"],
  [620000, "Gansu", "West"],
] as const;
const YEARS = [2016, 2017, 2018, 2019];
const VARIABLES = ["rd", "patents", "internet", "capital", "labour", "energy", "gdp", "co2"];

function provincesCsv(): string {
  const lines = [["adcode", "name", "year", "region", ...VARIABLES].join(",")];
  PROVINCES.forEach(([adcode, name, region], p) => {
    YEARS.forEach((year, t) => {
      // Positive, varied values (the frontier and entropy weights need spread, SBM needs positive inputs).
      const values = VARIABLES.map((_, v) => (((p + 3) * (v + 5) * 37 + t * (v + 2) * 11) % 97) + 5 + t);
      lines.push([adcode, name, year, region, ...values].join(","));
    });
  });
  return `${lines.join("\n")}\n`;
}

const SHA = "a".repeat(64);

function threeDimensionSystem(): SystemDraft {
  const draft = emptySystem();
  draft.name = "mine";
  draft.title = { en: "My NQPF", zh: "新质生产力" };
  const groups = [
    ["rd", "patents"],
    ["internet", "capital"],
    ["energy", "gdp"],
  ];
  for (const variables of groups) {
    const d = addDimension(draft, undefined)!;
    for (const v of variables) addIndicator(draft, d, v);
  }
  const energy = draft.root[2]!;
  if (energy.kind === "dimension" && energy.children[0]!.kind === "indicator")
    energy.children[0]!.direction = "-";
  return draft;
}

function flowState(): BuilderState {
  const state = initialState();
  state.title = "Provinces";
  state.dataset = { kind: "upload", ref: SHA, name: "provinces.csv" };
  state.columns = [
    { name: "adcode", type: "number" },
    { name: "name", type: "string" },
    { name: "year", type: "number" },
    { name: "region", type: "string" },
    ...VARIABLES.map((name) => ({ name, type: "number" as const })),
  ];
  state.mapping = {
    entity: "adcode",
    time: "year",
    names: "name",
    group: "region",
    map: "china",
    code: "adcode",
  };
  state.system = threeDimensionSystem();
  state.methods.index = { on: true, weights: "entropy", aggregate: "weighted-sum", hierarchy: "flat" };
  state.methods.dea = {
    on: true,
    model: "sbm",
    rts: "vrs",
    orientation: "none",
    inputs: ["capital", "labour", "energy"],
    outputs: ["gdp"],
    bad: ["co2"],
    dropIncomplete: true,
  };
  return state;
}

function uploadIO(): StudyIO {
  const dir = mkdtempSync(join(tmpdir(), "nqpf-web-study-"));
  const csv = join(dir, "provinces.csv");
  writeFileSync(csv, provincesCsv());
  const geo = JSON.parse(
    readFileSync(new URL("../../data/geo/china_provinces.geojson", import.meta.url), "utf8"),
  ) as unknown;
  return {
    loadDataset: (name) => Promise.reject(new Error(`no bundled dataset ${name} in this test`)),
    async readTable(path) {
      expect(path).toBe(`upload:${SHA}`);
      return (await readTable(csv, { file: "provinces.csv" })).table;
    },
    loadSystem: (name) =>
      Promise.reject(new Error(`the study should carry its system inline; asked for ${name}`)),
    loadMap: () => Promise.resolve(geo),
  };
}

describe("studyYaml", () => {
  it("studyYaml(upload, china map, three-dimension system, index + SBM DEA with a bad output) passes parseStudy and validateStudy", async () => {
    const state = flowState();
    const yaml = studyYaml(state);
    const study = parseStudy(yaml, "study.yaml");
    expect(study.data.sources?.[0]).toMatchObject({
      id: "main",
      file: `upload:${SHA}`,
      entity: "adcode",
      time: "year",
    });
    expect(study.data).toMatchObject({ names: "name", groups: ["region"], map: "china" });
    expect(study.steps.map((s) => s.method)).toEqual(["index", "dea"]);
    expect(study.steps[1]).toMatchObject({
      model: "sbm",
      bad: ["co2"],
      inputs: ["capital", "labour", "energy"],
      outputs: ["gdp"],
    });
    const prepared = await validateStudy(study, uploadIO());
    expect(prepared.systems.get("mine")?.system.root.map((d) => d.id)).toEqual(["d1", "d2", "d3"]);
    expect(prepared.normalized.steps.map((s) => s.id)).toEqual(["index", "dea"]);
  });

  it("studyYaml with every method ticked (gml, gini, kde, markov, moran on index.index) passes validateStudy", async () => {
    const state = flowState();
    for (const m of ["gml", "gini", "kde", "markov", "moran"] as const) state.methods[m].on = true;
    const study = parseStudy(studyYaml(state), "study.yaml");
    expect(study.steps.map((s) => s.id)).toEqual(["index", "dea", "gml", "gini", "kde", "markov", "moran"]);
    expect(study.steps.find((s) => s.id === "gini")).toMatchObject({ var: "index.index" });
    await expect(validateStudy(study, uploadIO())).resolves.toBeDefined();
  });

  it("studyObject of a bundled dataset names it as dataset:, and leaves moran out without a map", () => {
    const state = flowState();
    state.dataset = { kind: "bundled", ref: "china-provinces-panel", name: "panel" };
    state.mapping.map = "none";
    state.methods.moran.on = true;
    const study = studyObject(state) as {
      data: { sources: Record<string, unknown>[] };
      steps: { id: string }[];
    };
    expect(study.data.sources[0]).toMatchObject({ dataset: "china-provinces-panel" });
    expect(study.data.sources[0]).not.toHaveProperty("file");
    expect(study.steps.map((s) => s.id)).not.toContain("moran");
  });

  it("studyObject without a dataset throws TypeError", () => {
    expect(() => studyObject(initialState())).toThrow(TypeError);
  });

  it("issuePlace maps study paths to the builder: data keys, systems nodes, step options", () => {
    const state = flowState();
    expect(issuePlace(state, ["data", "sources", 0, "time"])).toEqual({ page: "data", target: "time" });
    expect(issuePlace(state, ["data", "groups", 0])).toEqual({ page: "data", target: "group" });
    expect(issuePlace(state, ["systems", "mine", "root", 1, "children", 0, "direction"])).toEqual({
      page: "system",
      node: "i3",
    });
    expect(issuePlace(state, ["steps", 1, "bad", 0])).toEqual({
      page: "methods",
      method: "dea",
      option: "bad",
    });
    expect(issuePlace(state, undefined)).toEqual({ page: "study" });
  });

  // Every combination of methods and options the page offers gives a study the checker accepts.
  propTest.prop([
    fc.record({
      index: fc.boolean(),
      dea: fc.boolean(),
      gml: fc.boolean(),
      gini: fc.boolean(),
      kde: fc.boolean(),
      markov: fc.boolean(),
      moran: fc.boolean(),
      weights: fc.constantFrom(...WEIGHTINGS),
      aggregate: fc.constantFrom(...AGGREGATES),
      hierarchy: fc.constantFrom(...HIERARCHIES),
      model: fc.constantFrom(...DEA_MODELS),
      rts: fc.constantFrom(...DEA_RTS),
      orientation: fc.constantFrom(...DEA_ORIENTATIONS),
      bad: fc.boolean(),
      distance: fc.constantFrom(...GML_DISTANCES),
      gmlRts: fc.constantFrom(...GML_RTS),
      gmlIndex: fc.constantFrom(...GML_INDICES),
      spatial: fc.constantFrom(...SPATIAL_WEIGHTS),
      islands: fc.constantFrom(...ISLANDS),
      map: fc.constantFrom("none", "china", "world"),
      variable: fc.constantFrom("", "index.index", "dea.score", "rd", "gone"),
    }),
  ])("checkStudy accepts studyObject for any methods and options the page offers", (o) => {
    const state = flowState();
    const m = state.methods;
    m.index = { on: o.index, weights: o.weights, aggregate: o.aggregate, hierarchy: o.hierarchy };
    m.dea = {
      ...m.dea,
      on: o.dea,
      model: o.model,
      rts: o.rts,
      orientation: o.orientation,
      bad: o.bad ? ["co2"] : [],
    };
    m.gml = { on: o.gml, distance: o.distance, rts: o.gmlRts, index: o.gmlIndex };
    m.gini = { on: o.gini, var: o.variable, group: "" };
    m.kde = { on: o.kde, var: o.variable };
    m.markov = { on: o.markov, var: o.variable, classes: 4 };
    m.moran = { on: o.moran, var: o.variable, weights: o.spatial, islands: o.islands, permutations: 99 };
    state.mapping.map = o.map;
    fc.pre(studyMethods(state).length > 0);
    const checked = checkStudy(JSON.parse(JSON.stringify(studyObject(state))));
    expect(checked.problems).toEqual([]);
  });
});

describe("year window", () => {
  // The years the upload spans (YEARS above), as the data page offers them.
  const span = (state: BuilderState, from: number, to: number): BuilderState => {
    state.years = { span: [...YEARS], from, to };
    return state;
  };

  it("studyYaml with years 2017–2018 of 2016–2019 writes data.years; parseStudy, checkStudy and validateStudy keep those years", async () => {
    const state = span(flowState(), 2017, 2018);
    state.title = "";
    const study = parseStudy(studyYaml(state), "study.yaml");
    expect(study.data.years).toEqual({ from: 2017, to: 2018 });
    expect(study.title).toBe("provinces.csv, 2017–2018");
    const checked = checkStudy(JSON.parse(JSON.stringify(studyObject(state))));
    expect(checked.problems).toEqual([]);
    expect(checked.study?.years).toEqual({ from: 2017, to: 2018 });
    const prepared = await validateStudy(study, uploadIO());
    expect(prepared.data.panel?.times).toEqual([2017, 2018]);
  });

  it("studyObject with the whole span (or before the span is known) writes no data.years and the dataset name as title", () => {
    for (const state of [span(flowState(), 2016, 2019), flowState()]) {
      state.title = "";
      const study = studyObject(state) as { title: string; data: Record<string, unknown> };
      expect(study.data).not.toHaveProperty("years");
      expect(study.title).toBe("provinces.csv");
    }
  });

  it("a title the user typed is kept as typed whatever the window", () => {
    const state = span(flowState(), 2018, 2019);
    expect((studyObject(state) as { title: string }).title).toBe("Provinces");
    expect(defaultTitle(state)).toBe("provinces.csv, 2018–2019");
  });

  it("narrowedYears holds a bound outside the span (0 before the preview) at the span's end", () => {
    expect(narrowedYears(span(flowState(), 0, 2018))).toEqual({ from: 2016, to: 2018 });
    expect(narrowedYears(span(flowState(), 2017, 2030))).toEqual({ from: 2017, to: 2019 });
    expect(narrowedYears(span(flowState(), 0, 0))).toBeUndefined();
  });

  it("a reversed window is written as chosen; checkStudy reports it at data.years and issuePlace puts it at the year selects", () => {
    const state = span(flowState(), 2019, 2017);
    const checked = checkStudy(JSON.parse(JSON.stringify(studyObject(state))));
    expect(checked.problems.length).toBeGreaterThan(0);
    const path = checked.problems[0]!.path;
    expect(path.slice(0, 2)).toEqual(["data", "years"]);
    expect(issuePlace(state, path)).toEqual({ page: "data", target: "years" });
    expect(() => parseStudy(studyYaml(state), "study.yaml")).toThrow(/from ≤ to/);
  });

  propTest.prop([fc.constantFrom(...YEARS), fc.constantFrom(...YEARS)])(
    "for any from ≤ to in the span checkStudy accepts the study and its years are the window (absent when whole)",
    (a, b) => {
      const [from, to] = a <= b ? [a, b] : [b, a];
      const state = span(flowState(), from, to);
      const checked = checkStudy(JSON.parse(JSON.stringify(studyObject(state))));
      expect(checked.problems).toEqual([]);
      const whole = from === YEARS[0] && to === YEARS[YEARS.length - 1];
      const years = checked.study?.years ?? {};
      expect(years).toEqual(whole ? {} : { from, to });
    },
  );
});

describe("system drafts", () => {
  it("systemObject of the bundled nqpf-three-elements read by draftFromSystem equals the parsed system", () => {
    const text = readFileSync(
      new URL("../../data/systems/nqpf-three-elements.yaml", import.meta.url),
      "utf8",
    );
    const parsed = parseIndicatorSystem(text, { format: "yaml" });
    const again = parseIndicatorSystem(
      JSON.stringify(systemObject(draftFromSystem(JSON.parse(JSON.stringify(parsed))))),
      { format: "json" },
    );
    expect(again).toEqual(parsed);
  });

  const label = fc.record({ en: fc.string({ maxLength: 8 }), zh: fc.string({ maxLength: 4 }) });
  propTest.prop([
    fc.array(
      fc.array(fc.record({ variable: fc.constantFrom(...VARIABLES), minus: fc.boolean(), label }), {
        minLength: 1,
        maxLength: 4,
      }),
      { minLength: 1, maxLength: 4 },
    ),
  ])("draftFromSystem(systemObject(d)) keeps d, and parseIndicatorSystem accepts it", (dimensions) => {
    const draft = emptySystem();
    for (const indicators of dimensions) {
      const d = addDimension(draft, undefined)!;
      for (const { variable, minus, label: l } of indicators) {
        const id = addIndicator(draft, d, variable)!;
        const dim = draft.root.at(-1)!;
        const node = dim.kind === "dimension" ? dim.children.find((c) => c.id === id) : undefined;
        if (node?.kind === "indicator") {
          node.direction = minus ? "-" : "+";
          node.label = { en: l.en.trim(), zh: l.zh.trim() };
        }
      }
    }
    const object = systemObject(draft);
    expect(draftFromSystem(JSON.parse(JSON.stringify(object)))).toEqual(draft);
    expect(() => parseIndicatorSystem(JSON.stringify(object), { format: "json" })).not.toThrow();
  });
});
