import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import type { InputIssue } from "../../../src/errors.js";
import { dataDirectory, loadDataset } from "../../../src/io/datasets.js";
import {
  findNode,
  indicatorVariables,
  isDimensionNode,
  parseIndicatorSystem,
  systemDimensions,
  systemLeaves,
  systemVariables,
  writeIndicatorSystem,
  type DimensionNode,
  type IndicatorNode,
  type IndicatorSystem,
  type LocalizedText,
  type SystemNode,
  type WeightSpec,
} from "../../../src/methods/composite/indicator-system.js";
import { evaluateExpression } from "../../../src/panel/expression.js";
import { joinPanels } from "../../../src/panel/join.js";
import { panelVariables, type Panel } from "../../../src/panel/panel.js";
import { subsetPanel } from "../../../src/panel/subset.js";
import { expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";

const SYSTEMS = ["nqpf-three-elements", "nqpf-tech-green-digital"] as const;
/** The bundled China panels the default systems read, joined on (adcode, year). */
const CHINA_DATASETS = [
  "china-nbs-annual",
  "china-sci-tech",
  "china-energy",
  "china-co2",
  "china-employment",
];
const WINDOW = { from: 2012, to: 2019 } as const;
const TIBET = "540000";

function systemText(name: string): string {
  return readFileSync(join(dataDirectory(), "systems", `${name}.yaml`), "utf8");
}

function bundled(name: string): IndicatorSystem {
  return parseIndicatorSystem(systemText(name), { file: `data/systems/${name}.yaml` });
}

/** Line (1-based) of the first line of `text` containing `needle`, counted independently of the parser. */
function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === occurrence) return i + 1;
  }
  throw new Error(`lineOf: "${needle}" not found`);
}

function only(issues: readonly InputIssue[]): InputIssue {
  expect(issues, JSON.stringify(issues, null, 1)).toHaveLength(1);
  return issues[0]!;
}

// ---------------------------------------------------------------------------------------------
describe("the bundled default systems", () => {
  let joined: Panel;
  let variableNames: Set<string>;

  beforeAll(async () => {
    const panels = await Promise.all(CHINA_DATASETS.map((name) => loadDataset(name)));
    variableNames = new Set(panels.flatMap((p) => panelVariables(p).map((c) => c.name)));
    let all: Panel | undefined;
    for (const p of panels) {
      const keep = panelVariables(p)
        .map((c) => c.name)
        .filter((n) => n !== "province_zh" && n !== "province_en");
      const q = subsetPanel(p, { variables: keep });
      all = all === undefined ? q : joinPanels(all, q, { how: "outer" });
    }
    joined = all!;
  });

  it.each(SYSTEMS)(
    "parseIndicatorSystem(data/systems/%s.yaml) gives three top-level dimensions of 4–8 leaves",
    (name) => {
      const system = bundled(name);
      expect(system.name).toBe(name);
      expect(system.root).toHaveLength(3);
      const leaves = systemLeaves(system);
      for (let d = 0; d < 3; d++) {
        const count = leaves.filter((l) => l.dimensionIndex === d).length;
        expect(count).toBeGreaterThanOrEqual(4);
        expect(count).toBeLessThanOrEqual(8);
      }
      for (const { node } of leaves) {
        expect(node.label?.zh, node.id).toBeTruthy();
        expect(node.label?.en, node.id).toBeTruthy();
        expect(node.unit, node.id).toBeTruthy();
        expect(node.source, node.id).toBeTruthy();
      }
      for (const { node } of systemDimensions(system)) {
        expect(node.label?.zh, node.id).toBeTruthy();
        expect(node.label?.en, node.id).toBeTruthy();
      }
      expect(system.unavailable?.length).toBeGreaterThan(0);
      expect(system.reference).toBeTruthy();
    },
  );

  it("nqpf-three-elements has the three elements 劳动者 / 劳动资料 / 劳动对象; nqpf-tech-green-digital 科技 / 绿色 / 数字", () => {
    expect(bundled("nqpf-three-elements").root.map((n) => n.label?.zh)).toEqual([
      "新质劳动者",
      "新质劳动资料",
      "新质劳动对象",
    ]);
    expect(bundled("nqpf-tech-green-digital").root.map((n) => n.label?.zh)).toEqual([
      "科技生产力",
      "绿色生产力",
      "数字生产力",
    ]);
  });

  it.each(SYSTEMS)("every variable of %s exists in the bundled China panels", (name) => {
    const missing = systemVariables(bundled(name)).filter((v) => !variableNames.has(v));
    expect(missing).toEqual([]);
  });

  it.each(SYSTEMS)(
    "every leaf of %s is present for 30 provinces × 2012–2019 (as the file's comments say)",
    (name) => {
      const gaps: string[] = [];
      for (const { node } of systemLeaves(bundled(name))) {
        const column = evaluateExpression(
          joined,
          node.expression ?? `\`${node.variable ?? node.id}\``,
        ).column;
        let present = 0;
        for (let r = 0; r < joined.table.rowCount; r++) {
          const time = joined.times[joined.timeOf[r]!]!;
          const entity = joined.entities[joined.entityOf[r]!]!;
          if (entity === TIBET || time < WINDOW.from || time > WINDOW.to) continue;
          if (column.missing[r] === 0) present++;
        }
        if (present !== 240) gaps.push(`${node.id}: ${present}/240`);
      }
      expect(gaps).toEqual([]);
    },
  );

  it("schooling_years and energy_intensity of Beijing 2019 equal the methods.md §1.3 formulas on the raw bundled rows", () => {
    // Independent formulation: read the long CSV lines directly (no pivot, no expression evaluator).
    const rawValue = (file: string, variable: string): number => {
      const lines = gunzipSync(readFileSync(join(dataDirectory(), "china", file)))
        .toString("utf8")
        .split("\n");
      const line = lines.find((l) => l.startsWith("110000,") && l.includes(`,2019,${variable},`));
      if (line === undefined) throw new Error(`no row for ${variable}`);
      return Number(line.split(",")[5]);
    };
    const nbs = "prov_nbs_annual_2000_2019_long.csv.gz";
    const years =
      (rawValue(nbs, "edu_sample_primary") * 6 +
        rawValue(nbs, "edu_sample_junior_secondary") * 9 +
        rawValue(nbs, "edu_sample_senior_secondary") * 12 +
        rawValue(nbs, "edu_sample_tertiary") * 16) /
      rawValue(nbs, "edu_sample_pop6plus");
    const intensity =
      rawValue("prov_energy_consumption_1998_2019_long.csv.gz", "energy_consumption") / rawValue(nbs, "gdp");
    const system = bundled("nqpf-three-elements");
    const row = joined.entities.indexOf("110000");
    const at = (id: string): number => {
      const node = findNode(system, id) as IndicatorNode;
      const column = evaluateExpression(joined, node.expression!).column;
      for (let r = 0; r < joined.table.rowCount; r++) {
        if (joined.entityOf[r] === row && joined.times[joined.timeOf[r]!] === 2019) return column.values[r]!;
      }
      throw new Error("no Beijing 2019 row");
    };
    expectClose(at("schooling_years"), years, { abs: 1e-12 });
    expectClose(at("energy_intensity"), intensity, { abs: 1e-12 });
    expect(years).toBeGreaterThan(12); // Beijing: about 12.7 years
  });

  it.each(SYSTEMS)("writeIndicatorSystem round-trips %s in YAML and JSON", (name) => {
    const system = bundled(name);
    for (const format of ["yaml", "json"] as const) {
      expect(parseIndicatorSystem(writeIndicatorSystem(system, format), { format })).toStrictEqual(system);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe("parseIndicatorSystem: reading and normalising", () => {
  const small = `name: small
root:
  - id: d1
    label: { zh: 劳动者, en: Labour }
    children:
      - id: gdp
        direction: positive
      - id: rd
        expression: rd_exp / gdp * 100
        direction: 负
        unit: "%"
  - id: d2
    children:
      - id: x
        variable: some_var
        direction: cost
`;

  it("normalises direction synonyms, sets variable = id when neither variable nor expression is given", () => {
    const system = parseIndicatorSystem(small);
    expect(system.root[0]).toStrictEqual({
      id: "d1",
      label: { zh: "劳动者", en: "Labour" },
      children: [
        { id: "gdp", variable: "gdp", direction: "+" },
        { id: "rd", expression: "rd_exp / gdp * 100", direction: "-", unit: "%" },
      ],
    });
    expect((findNode(system, "x") as IndicatorNode).direction).toBe("-");
    for (const [word, direction] of [
      ["+", "+"],
      ["positive", "+"],
      ["Benefit", "+"],
      ["正", "+"],
      ['"-"', "-"],
      ["negative", "-"],
      ["COST", "-"],
      ["负", "-"],
    ] as const) {
      const s = parseIndicatorSystem(
        `name: s\nroot:\n  - id: d\n    children:\n      - id: a\n        direction: ${word}\n`,
      );
      expect((findNode(s, "a") as IndicatorNode).direction, word).toBe(direction);
    }
  });

  it("reads JSON (detected from the first character) with the same result as YAML", () => {
    const system = parseIndicatorSystem(small);
    const json = JSON.stringify({
      name: "small",
      root: [
        {
          id: "d1",
          label: { zh: "劳动者", en: "Labour" },
          children: [
            { id: "gdp", direction: "positive" },
            { id: "rd", expression: "rd_exp / gdp * 100", direction: "负", unit: "%" },
          ],
        },
        { id: "d2", children: [{ id: "x", variable: "some_var", direction: "cost" }] },
      ],
    });
    expect(parseIndicatorSystem(`  ${json}`)).toStrictEqual(system);
    expect(parseIndicatorSystem(json, { format: "json" })).toStrictEqual(system);
    // Text that starts with "{" but is YAML flow style, not JSON, is read as YAML.
    expect(
      parseIndicatorSystem("{ name: s, root: [{ id: d, children: [{ id: gdp, direction: + }] }] }").root[0],
    ).toStrictEqual({ id: "d", children: [{ id: "gdp", variable: "gdp", direction: "+" }] });
  });

  it("reads AHP entries and weights written as fractions", () => {
    const s = parseIndicatorSystem(`name: s
ahp: [[1, 3], [1/3, 1]]
root:
  - id: a
    weighting: ahp
    ahp:
      - [1, 3, 5]
      - [1/3, 1, 3]
      - [1/5, 1/3, 1]
    children:
      - { id: x, direction: +, weight: 1/3 }
      - { id: y, direction: +, weight: 1/3 }
      - { id: z, direction: +, weight: 1/3 }
  - { id: b, children: [{ id: w, direction: "-" }] }
`);
    const a = s.root[0] as DimensionNode;
    expect(a.ahp).toEqual([
      [1, 3, 5],
      [1 / 3, 1, 3],
      [1 / 5, 1 / 3, 1],
    ]);
    expect(s.ahp).toEqual([
      [1, 3],
      [1 / 3, 1],
    ]);
    expect(a.children.map((c) => c.weight)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(a.weighting).toBe("ahp");
  });

  it("reads combined weightings", () => {
    const s = parseIndicatorSystem(`name: s
root:
  - id: a
    weighting: { combine: linear, of: [entropy, critic], alpha: [0.4, 0.6] }
    children: [{ id: x, direction: + }, { id: y, direction: + }]
`);
    expect((s.root[0] as DimensionNode).weighting).toStrictEqual({
      combine: "linear",
      of: ["entropy", "critic"],
      alpha: [0.4, 0.6],
    });
  });

  it("systemLeaves, systemDimensions, systemVariables and findNode walk the tree depth-first", () => {
    const s = parseIndicatorSystem(`name: s
root:
  - id: a
    children:
      - id: a1
        children:
          - { id: x, direction: +, expression: "ln(gdp) + lag(rd_exp) / gdp" }
          - { id: y, direction: +, variable: pop }
      - { id: z, direction: "-" }
  - id: b
    children:
      - { id: w, direction: +, expression: "if(missing(\`R&D stock\`), 0, \`R&D stock\`)" }
`);
    expect(systemLeaves(s).map((l) => [l.node.id, l.path, l.dimensionIndex])).toEqual([
      ["x", ["a", "a1", "x"], 0],
      ["y", ["a", "a1", "y"], 0],
      ["z", ["a", "z"], 0],
      ["w", ["b", "w"], 1],
    ]);
    expect(systemDimensions(s).map((d) => [d.node.id, d.path, d.depth, d.dimensionIndex])).toEqual([
      ["a", ["a"], 1, 0],
      ["a1", ["a", "a1"], 2, 0],
      ["b", ["b"], 1, 1],
    ]);
    expect(systemVariables(s)).toEqual(["gdp", "rd_exp", "pop", "z", "R&D stock"]);
    expect(indicatorVariables(findNode(s, "y") as IndicatorNode)).toEqual(["pop"]);
    expect(findNode(s, "a1")?.id).toBe("a1");
    expect(isDimensionNode(findNode(s, "a1")!)).toBe(true);
    expect(isDimensionNode(findNode(s, "w")!)).toBe(false);
    expect(findNode(s, "nope")).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
describe("the doc-comment examples", () => {
  it("hold as written", () => {
    expect(
      parseIndicatorSystem(
        "name: s\nroot:\n  - id: d\n    children:\n      - { id: gdp, direction: positive }\n",
      ).root[0],
    ).toStrictEqual({ id: "d", children: [{ id: "gdp", variable: "gdp", direction: "+" }] });
    expect(
      writeIndicatorSystem(
        { name: "s", root: [{ id: "d", children: [{ id: "gdp", variable: "gdp", direction: "+" }] }] },
        "yaml",
      ),
    ).toBe('name: s\nroot:\n  - id: d\n    children:\n      - id: gdp\n        direction: "+"\n');
    expect(isDimensionNode({ id: "x", direction: "+" })).toBe(false);
    expect(
      systemLeaves(
        parseIndicatorSystem("name: s\nroot:\n  - id: d\n    children:\n      - { id: gdp, direction: + }\n"),
      )[0]!.path,
    ).toEqual(["d", "gdp"]);
    expect(
      systemDimensions(
        parseIndicatorSystem(
          "name: s\nroot:\n  - id: d\n    children:\n      - id: e\n        children: [{ id: gdp, direction: + }]\n",
        ),
      ).map((d) => d.path),
    ).toEqual([["d"], ["d", "e"]]);
    expect(indicatorVariables({ id: "rd", expression: "rd_exp / gdp * 100", direction: "+" })).toEqual([
      "rd_exp",
      "gdp",
    ]);
    expect(
      systemVariables(
        parseIndicatorSystem(
          "name: s\nroot:\n  - id: d\n    children:\n      - { id: rd, expression: rd_exp / gdp, direction: + }\n      - { id: gdp, direction: + }\n",
        ),
      ),
    ).toEqual(["rd_exp", "gdp"]);
    expect(
      findNode(
        parseIndicatorSystem(
          "name: s\nroot:\n  - id: d\n    children:\n      - { id: rd, expression: rd_exp / gdp, direction: cost }\n",
        ),
        "rd",
      ),
    ).toStrictEqual({ id: "rd", expression: "rd_exp / gdp", direction: "-" });
  });
});

// ---------------------------------------------------------------------------------------------
describe("parseIndicatorSystem: located errors", () => {
  const FILE = "bad.yaml";

  it("a bad direction: code, path to the node's direction, its line and a hint listing what is allowed", () => {
    const text = `name: s
root:
  - id: labour
    children:
      - id: a
        direction: "+"
      - id: b
        direction: "+"
      - id: c
        direction: up
`;
    const i = only(issuesOf(() => parseIndicatorSystem(text, { file: FILE })));
    expect(i).toMatchObject({
      code: "bad_value",
      file: FILE,
      path: ["root", 0, "children", 2, "direction"],
      row: lineOf(text, "direction: up"),
    });
    expect(i.hint).toContain('"+"');
    expect(i.hint).toContain('"-"');
    expect(i.message).toContain("up");
  });

  it("a bare minus sign is a YAML syntax error located at its line, with a hint to quote it", () => {
    const text = "name: s\nroot:\n  - id: d\n    children:\n      - id: a\n        direction: -\n";
    const i = only(issuesOf(() => parseIndicatorSystem(text, { file: FILE })));
    expect(i).toMatchObject({ code: "bad_value", file: FILE, row: 6 });
    expect(i.hint).toContain('"-"');
    const flow = "name: s\nroot:\n  - id: d\n    children:\n      - { id: a, direction: - }\n";
    const j = issuesOf(() => parseIndicatorSystem(flow, { file: FILE }))[0]!;
    expect(j).toMatchObject({ code: "bad_value", file: FILE, row: 5 });
    expect(j.hint).toContain('"-"');
  });

  it("YAML syntax errors give line and column", () => {
    const text = "name: s\nroot:\n  - id: d\n    label: { zh: 劳动者, en: 'Labour }\n    children: []\n";
    const issues = issuesOf(() => parseIndicatorSystem(text, { file: FILE }));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.code).toBe("bad_value");
    expect(issues[0]!.file).toBe(FILE);
    expect(issues[0]!.row).toBeGreaterThanOrEqual(4);
    expect(issues[0]!.position).toBeTypeOf("number");
    expect(issues[0]!.message).toMatch(/YAML syntax error at line \d+, column \d+/);
  });

  it("JSON syntax errors give line and column", () => {
    const text = '{\n  "name": "s",\n  "root": [\n    { "id": "d", }\n  ]\n}\n';
    const i = only(issuesOf(() => parseIndicatorSystem(text, { file: "bad.json", format: "json" })));
    expect(i).toMatchObject({ code: "bad_value", file: "bad.json", row: 4 });
    expect(i.position).toBe(lineOfColumn(text, 4, "}"));
  });

  it("duplicate ids anywhere in the tree: the second occurrence, with its line", () => {
    const text = `name: s
root:
  - id: a
    children:
      - { id: x, direction: + }
  - id: b
    children:
      - id: x
        direction: "-"
`;
    const i = only(issuesOf(() => parseIndicatorSystem(text, { file: FILE })));
    expect(i).toMatchObject({ code: "bad_value", path: ["root", 1, "children", 0, "id"], row: 8 });
    expect(i.message).toContain("root.0.children.0");
  });

  it("fixed weights of siblings that do not sum to 1, or that are given for only some siblings", () => {
    const text = `name: s
root:
  - id: a
    weight: 0.5
    children:
      - { id: x, direction: +, weight: 0.5 }
      - { id: y, direction: +, weight: 0.4 }
  - id: b
    weight: 0.5
    children:
      - { id: z, direction: +, weight: 1 }
      - { id: w, direction: + }
`;
    const issues = issuesOf(() => parseIndicatorSystem(text, { file: FILE }));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ code: "bad_value", path: ["root", 0, "children"], row: 6 });
    expect(issues[0]!.message).toContain("0.9");
    expect(issues[1]).toMatchObject({ code: "bad_value", path: ["root", 1, "children"], row: 11 });
    expect(issues[1]!.message).toContain("w");
    // Within 1e-6 is accepted.
    expect(() =>
      parseIndicatorSystem(
        "name: s\nroot:\n  - { id: a, weight: 0.3333333, children: [{ id: x, direction: + }] }\n  - { id: b, weight: 0.6666667, children: [{ id: y, direction: + }] }\n",
      ),
    ).not.toThrow();
  });

  it("negative weights", () => {
    const text =
      "name: s\nroot:\n  - id: a\n    children:\n      - { id: x, direction: +, weight: -0.5 }\n      - { id: y, direction: +, weight: 1.5 }\n";
    const i = only(issuesOf(() => parseIndicatorSystem(text)));
    expect(i).toMatchObject({ code: "bad_value", path: ["root", 0, "children", 0, "weight"], row: 5 });
  });

  it("an AHP matrix of the wrong size, and one that is not reciprocal", () => {
    const text = `name: s
root:
  - id: a
    weighting: ahp
    ahp: [[1, 3], [1/3, 1]]
    children:
      - { id: x, direction: + }
      - { id: y, direction: + }
      - { id: z, direction: + }
  - id: b
    ahp:
      - [1, 2]
      - [0.4, 1]
    children:
      - { id: u, direction: + }
      - { id: v, direction: + }
`;
    const issues = issuesOf(() => parseIndicatorSystem(text, { file: FILE }));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ code: "bad_value", path: ["root", 0, "ahp"], row: 5 });
    expect(issues[0]!.message).toContain("3 × 3");
    expect(issues[1]).toMatchObject({ code: "bad_value", path: ["root", 1, "ahp", 1, 0], row: 13 });
  });

  it("AHP entries that are not positive numbers", () => {
    const text =
      "name: s\nroot:\n  - id: a\n    ahp: [[1, 0], [x, 1]]\n    children: [{ id: x, direction: + }, { id: y, direction: + }]\n";
    const issues = issuesOf(() => parseIndicatorSystem(text));
    expect(issues.map((i) => i.path)).toEqual([
      ["root", 0, "ahp", 0, 1],
      ["root", 0, "ahp", 1, 0],
    ]);
    expect(issues.every((i) => i.row === 4)).toBe(true);
  });

  it("every problem of a file in one error: kinds, missing fields, unknown fields, bad expressions, weighting", () => {
    const text = `name: s
root:
  - id: a
    direction: "+"
    children: []
  - id: b
    children:
      - id: x
        weighting: entropy
        variable: v
        expression: v * 2
      - id: y
        unit: "%"
      - id: z
        direction: +
        expression: "ln(gdp"
      - id: q
        direction: +
        colour: red
  - id: c
    weighting: ahp
    children: [{ id: r, direction: + }]
  - id: d
    weighting: magic
    children: [{ id: s, direction: + }]
`;
    const issues = issuesOf(() => parseIndicatorSystem(text, { file: FILE }));
    const found = issues.map((i) => [i.code, i.path, i.row]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["bad_value", ["root", 0, "direction"], 4],
        ["bad_value", ["root", 0, "children"], 5],
        ["bad_value", ["root", 1, "children", 0, "weighting"], 9],
        ["bad_value", ["root", 1, "children", 0, "direction"], 8],
        ["bad_value", ["root", 1, "children", 0, "expression"], 11],
        ["bad_value", ["root", 1, "children", 1, "direction"], 12],
        ["bad_expression", ["root", 1, "children", 2, "expression"], 16],
        ["bad_value", ["root", 1, "children", 3, "colour"], 19],
        ["bad_value", ["root", 2, "weighting"], 21],
        ["bad_value", ["root", 3, "weighting"], 24],
      ]),
    );
    expect(issues).toHaveLength(10);
    expect(issues.every((i) => i.file === FILE && i.hint !== undefined)).toBe(true);
  });

  it("a missing name, a root that is not a list, an empty file, a document that is not a mapping", () => {
    const noName = issuesOf(() =>
      parseIndicatorSystem("root:\n  - { id: a, children: [{ id: x, direction: + }] }\n"),
    );
    expect(noName.map((i) => [i.code, i.path])).toEqual([["bad_value", ["name"]]]);
    const notList = only(issuesOf(() => parseIndicatorSystem("name: s\nroot: labour\n")));
    expect(notList).toMatchObject({ code: "bad_value", path: ["root"], row: 2 });
    expect(only(issuesOf(() => parseIndicatorSystem(" \n\n", { file: FILE })))).toMatchObject({
      code: "empty_file",
      file: FILE,
    });
    expect(only(issuesOf(() => parseIndicatorSystem("just text\n")))).toMatchObject({
      code: "bad_value",
      path: [],
    });
  });

  it("JSON input gives rows as well", () => {
    const text =
      '{\n  "name": "s",\n  "root": [\n    { "id": "a", "children": [\n      { "id": "x", "direction": "up" }\n    ] }\n  ]\n}\n';
    const i = only(issuesOf(() => parseIndicatorSystem(text, { format: "json" })));
    expect(i).toMatchObject({ path: ["root", 0, "children", 0, "direction"], row: 5 });
  });

  it("programmer misuse throws TypeError/RangeError naming the function", () => {
    expect(() => parseIndicatorSystem(3 as unknown as string)).toThrow(/^parseIndicatorSystem: /);
    expect(() => parseIndicatorSystem("name: s", { format: "toml" as "yaml" })).toThrow(RangeError);
    expect(() => writeIndicatorSystem({ name: "s", root: [] }, "xml" as "json")).toThrow(
      /^writeIndicatorSystem: /,
    );
  });
});

/** 0-based column of `char` in the given 1-based line. */
function lineOfColumn(text: string, line: number, char: string): number {
  return text.split("\n")[line - 1]!.indexOf(char);
}

// ---------------------------------------------------------------------------------------------
// Round trip over random canonical systems (the form parseIndicatorSystem returns).

const odd = fc.constantFrom(
  "劳动者",
  "新质生产力：科技、绿色、数字",
  "每万人R&D人员全时当量（人年/万人）",
  "yes",
  "null",
  "~",
  "- x",
  "# c",
  "1/3",
  "0.5",
  "1e3",
  "'q'",
  '"dq"',
  "a: b",
  "  padded  ",
  "two\nlines",
  "tab\there",
  "",
  "{x}",
  "[y]",
  "*alias",
  "&anchor",
  "!tag",
  "%",
);
const textArb = fc.oneof(odd, fc.string({ unit: "grapheme", maxLength: 12 }));
const labelArb: fc.Arbitrary<LocalizedText> = fc.record(
  { zh: textArb, en: textArb },
  { requiredKeys: [], noNullPrototype: true },
);
const nonBlank = textArb.filter((s) => s.trim() !== "");
const expressionArb = fc.constantFrom(
  "rd_exp / gdp * 100",
  "ln(gdp)",
  "(a + b) / 2",
  "if(missing(x), lag(x), x)",
  "`R&D stock` / 研发",
  "-2^2",
);
const baseMethod = fc.constantFrom("entropy", "critic", "cv", "sd", "pca", "equal");
const combinedArb = fc
  .record({
    combine: fc.constantFrom("multiplicative", "linear", "game-theory"),
    of: fc.array(baseMethod, { minLength: 2, maxLength: 3 }),
    seeds: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 3, maxLength: 3 }),
    alpha: fc.boolean(),
  })
  .map(({ combine, of, seeds, alpha }): WeightSpec => {
    if (combine !== "linear" || !alpha) return { combine, of };
    const used = seeds.slice(0, of.length);
    const total = used.reduce((a, b) => a + b, 0);
    return { combine, of, alpha: used.map((s) => s / total) };
  });
const SAATY = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 7, 1 / 8, 1 / 9];

interface SiblingPlan {
  readonly weighting: "none" | "fixed" | "ahp" | "other";
  readonly other: WeightSpec;
  readonly weightSeeds: readonly number[];
  readonly ahpSeeds: readonly number[];
}
const siblingPlan: fc.Arbitrary<SiblingPlan> = fc.record({
  weighting: fc.constantFrom("none", "fixed", "ahp", "other"),
  other: fc.oneof(baseMethod, combinedArb),
  weightSeeds: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 4, maxLength: 4 }),
  ahpSeeds: fc.array(fc.integer({ min: 0, max: SAATY.length - 1 }), { minLength: 6, maxLength: 6 }),
});

type Shape =
  | {
      readonly kind: "leaf";
      readonly label?: LocalizedText;
      readonly variable: string | null;
      readonly expression: string | null;
      readonly direction: "+" | "-";
      readonly unit?: string;
      readonly source?: string;
    }
  | {
      readonly kind: "dim";
      readonly label?: LocalizedText;
      readonly plan: SiblingPlan;
      readonly children: readonly Shape[];
    };

const shapeArb = fc.letrec<{ node: Shape; leaf: Shape; dim: Shape }>((tie) => ({
  node: fc.oneof({ depthSize: "small" }, tie("leaf"), tie("dim")),
  leaf: fc.record(
    {
      kind: fc.constant("leaf" as const),
      label: labelArb,
      variable: fc.option(nonBlank, { nil: null }),
      expression: fc.option(expressionArb, { nil: null }),
      direction: fc.constantFrom("+" as const, "-" as const),
      unit: textArb,
      source: textArb,
    },
    { requiredKeys: ["kind", "variable", "expression", "direction"], noNullPrototype: true },
  ),
  dim: fc.record(
    {
      kind: fc.constant("dim" as const),
      label: labelArb,
      plan: siblingPlan,
      children: fc.array(tie("node"), { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ["kind", "plan", "children"], noNullPrototype: true },
  ),
}));

/** Builds a canonical system: unique ids (prefix + counter), consistent sibling weights and AHP matrices. */
function buildSystem(
  name: string,
  prefix: string,
  top: readonly Shape[],
  plan: SiblingPlan,
  extra: Partial<IndicatorSystem>,
): IndicatorSystem {
  let counter = 0;
  const siblings = (
    shapes: readonly Shape[],
    p: SiblingPlan,
  ): { nodes: SystemNode[]; weighting?: WeightSpec; ahp?: number[][] } => {
    const n = shapes.length;
    const fixed = p.weighting === "fixed";
    const seeds = p.weightSeeds.slice(0, n);
    const total = seeds.reduce((a, b) => a + b, 0);
    const nodes = shapes.map((shape, k) => {
      const node = build(shape);
      return fixed ? { ...node, weight: seeds[k]! / total } : node;
    });
    const out: { nodes: SystemNode[]; weighting?: WeightSpec; ahp?: number[][] } = { nodes };
    if (p.weighting === "fixed") out.weighting = "fixed";
    if (p.weighting === "other") out.weighting = p.other;
    if (p.weighting === "ahp") {
      out.weighting = "ahp";
      const a = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)),
      );
      let s = 0;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const v = SAATY[p.ahpSeeds[s++ % p.ahpSeeds.length]!]!;
          a[i]![j] = v;
          a[j]![i] = 1 / v;
        }
      out.ahp = a;
    }
    return out;
  };
  const build = (shape: Shape): SystemNode => {
    const id = `${prefix}${counter++}`;
    const label = shape.label !== undefined ? { label: shape.label } : {};
    if (shape.kind === "leaf") {
      const leaf: IndicatorNode = {
        id,
        ...label,
        ...(shape.expression !== null
          ? { expression: shape.expression }
          : { variable: shape.variable ?? id }),
        direction: shape.direction,
        ...(shape.unit !== undefined ? { unit: shape.unit } : {}),
        ...(shape.source !== undefined ? { source: shape.source } : {}),
      };
      return leaf;
    }
    const { nodes, weighting, ahp } = siblings(shape.children, shape.plan);
    const dim: DimensionNode = {
      id,
      ...label,
      ...(weighting !== undefined ? { weighting } : {}),
      ...(ahp !== undefined ? { ahp } : {}),
      children: nodes,
    };
    return dim;
  };
  const { nodes, weighting, ahp } = siblings(top, plan);
  return {
    name,
    ...extra,
    ...(weighting !== undefined ? { weighting } : {}),
    ...(ahp !== undefined ? { ahp } : {}),
    root: nodes,
  };
}

/** Puts the fields of a system in the order the parser builds them (toStrictEqual ignores key order, but be explicit). */
const systemArb = fc
  .record({
    name: nonBlank,
    prefix: fc.constantFrom("n", "指标", "x y", "1", "- a", "id#", "true"),
    top: fc.array(shapeArb.node, { minLength: 1, maxLength: 4 }),
    plan: siblingPlan,
    extra: fc.record(
      {
        title: labelArb,
        description: textArb,
        reference: textArb,
        unavailable: fc.array(
          fc.record(
            { indicator: textArb, dimension: textArb, reason: textArb, reference: textArb },
            { requiredKeys: ["indicator", "dimension", "reason"], noNullPrototype: true },
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [], noNullPrototype: true },
    ),
  })
  .map(({ name, prefix, top, plan, extra }) => buildSystem(name, prefix, top, plan, extra));

describe("writeIndicatorSystem / parseIndicatorSystem round trip", () => {
  propTest.prop([systemArb, fc.constantFrom("yaml" as const, "json" as const)])(
    "parseIndicatorSystem(writeIndicatorSystem(s, format)) deep-equals s",
    (system, format) => {
      const written = writeIndicatorSystem(system, format);
      expect(parseIndicatorSystem(written, { format })).toStrictEqual(system);
      expect(parseIndicatorSystem(written)).toStrictEqual(system);
    },
  );

  propTest.prop([systemArb])("the tree helpers agree with the tree: leaves, dimensions, ids", (system) => {
    const leaves = systemLeaves(system);
    const dimensions = systemDimensions(system);
    let leafCount = 0;
    let dimensionCount = 0;
    const count = (node: SystemNode): void => {
      if (isDimensionNode(node)) {
        dimensionCount++;
        node.children.forEach(count);
      } else leafCount++;
    };
    system.root.forEach(count);
    expect(leaves).toHaveLength(leafCount);
    expect(dimensions).toHaveLength(dimensionCount);
    for (const leaf of leaves) {
      expect(findNode(system, leaf.node.id)).toBe(leaf.node);
      expect(leaf.path[0]).toBe(system.root[leaf.dimensionIndex]!.id);
      expect(leaf.path.at(-1)).toBe(leaf.node.id);
    }
    for (const d of dimensions) expect(findNode(system, d.node.id)).toBe(d.node);
  });
});
