import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test as propTest, fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { isNqpfInputError, type InputIssue } from "../../src/errors.js";
import { checkStudy, parseStudy, STUDY_METHODS } from "../../src/study/schema.js";
import { closestWord, editDistance } from "../../src/study/suggest.js";
import { STUDY_TEMPLATES } from "../../src/study/templates.js";

const STUDIES = join(import.meta.dirname, "../../data/studies");

/** The issues parseStudy throws for `text` (fails the test when it does not throw an input error). */
function issuesOf(text: string, file = "study.yaml"): InputIssue[] {
  try {
    parseStudy(text, file);
  } catch (error) {
    if (isNqpfInputError(error)) return [...error.issues];
    throw error;
  }
  expect.fail("parseStudy did not throw");
}

const HEAD = "nqpf: 1\ntitle: t\ndata:\n  dataset: dea-deap-eg4\nsteps:\n";

describe("templates", () => {
  it("STUDY_TEMPLATES names the files in data/studies, and each parses", () => {
    expect(STUDY_TEMPLATES.map((t) => t.name)).toEqual(["china-provinces-nqpf", "world-pwt"]);
    for (const template of STUDY_TEMPLATES) {
      const file = `${template.name}.yaml`;
      const study = parseStudy(readFileSync(join(STUDIES, file), "utf8"), file);
      expect(study.file).toBe(file);
      expect(study.steps.length).toBeGreaterThan(0);
    }
  });

  it("parseStudy(china template) keeps the steps in order with their methods", () => {
    const study = parseStudy(readFileSync(join(STUDIES, "china-provinces-nqpf.yaml"), "utf8"));
    expect(study.steps.map((s) => [s.id, s.method])).toEqual([
      ["index", "index"],
      ["capital", "capital-stock"],
      ["gtfp", "gml"],
      ["gini", "gini"],
      ["kde", "kde"],
      ["markov", "markov"],
      ["convergence", "convergence"],
      ["moran", "moran"],
    ]);
    expect(study.steps[2]!["inputs"]).toEqual(["capital.capital_stock", "emp_total", "energy_consumption"]);
  });
});

describe("parseStudy errors", () => {
  it("parseStudy('') is an empty_file issue", () => {
    expect(issuesOf("  \n")).toMatchObject([{ code: "empty_file", file: "study.yaml" }]);
  });

  it("a YAML syntax error carries line and column", () => {
    const [issue] = issuesOf("nqpf: 1\ntitle: [unclosed\ndata: {}\n");
    expect(issue).toMatchObject({ code: "bad_value", file: "study.yaml" });
    expect(issue!.row).toBeGreaterThanOrEqual(2);
    expect(issue!.position).toBeTypeOf("number");
  });

  it("an unknown top-level key gets its line, path and a did-you-mean", () => {
    const issues = issuesOf(
      "nqpf: 1\ntitel: t\ndata:\n  dataset: pwt1001\nsteps:\n  - {id: g, method: gini, var: rgdpna}\n",
    );
    const unknown = issues.find((i) => i.path?.[0] === "titel");
    expect(unknown).toMatchObject({ code: "bad_argument", row: 2, position: 0, path: ["titel"] });
    expect(unknown!.hint).toContain('did you mean "title"');
    // title is then missing: reported in the same pass.
    expect(issues.some((i) => i.path?.[0] === "title" && i.message.includes("missing"))).toBe(true);
  });

  it("an unknown step option names the step, the field and the line, with a did-you-mean", () => {
    const text = `${HEAD}  - id: m\n    method: malmquist\n    inputs: [x]\n    ouputs: [y]\n`;
    const issues = issuesOf(text);
    const unknown = issues.find((i) => i.path?.join(".") === "steps.0.ouputs");
    expect(unknown).toBeDefined();
    expect(unknown!.row).toBe(9);
    expect(unknown!.message).toContain('step "m"');
    expect(unknown!.hint).toContain('did you mean "outputs"');
    const missing = issues.find((i) => i.path?.join(".") === "steps.0.outputs");
    expect(missing?.message).toContain("outputs is missing");
  });

  it("a misspelt value of a choice gets a did-you-mean; a bad number says what is expected", () => {
    const text = `${HEAD}  - {id: m, method: malmquist, inputs: x, outputs: y, rts: vrss, window: 0, technology: window}\n`;
    const issues = issuesOf(text);
    const rts = issues.find((i) => i.path?.join(".") === "steps.0.rts");
    expect(rts!.hint).toContain('did you mean "vrs"');
    expect(rts!.row).toBe(6);
    const window = issues.find((i) => i.path?.join(".") === "steps.0.window");
    expect(window!.message).toContain("expected a whole number from 1 to 1000");
  });

  it("an unknown method gets a did-you-mean and the list of methods", () => {
    const issues = issuesOf(`${HEAD}  - {id: g, method: ginni, var: y}\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: ["steps", 0, "method"], row: 6 });
    expect(issues[0]!.message).toContain('step "g"');
    expect(issues[0]!.hint).toContain('did you mean "gini"');
    for (const method of STUDY_METHODS) expect(issues[0]!.hint).toContain(method);
  });

  it("options that conflict are reported with the step and field (ray-desli without vrs, bad without sbm/ddf)", () => {
    const text = `${HEAD}  - {id: m, method: malmquist, inputs: x, outputs: y, decomposition: ray-desli}\n  - {id: d, method: dea, inputs: x, outputs: y, bad: y}\n`;
    const issues = issuesOf(text);
    expect(issues.map((i) => i.path?.join("."))).toEqual(["steps.0.decomposition", "steps.1.bad"]);
    expect(issues[0]!.message).toContain('step "m"');
    expect(issues[1]!.message).toContain('step "d"');
  });

  it("duplicate step ids, ids with dots, unknown sources and bad expressions are all reported in one pass", () => {
    const text = [
      "nqpf: 1",
      "title: t",
      "data:",
      "  sources:",
      "    - {id: main, dataset: pwt1001}",
      "  derive:",
      "    ratio: rgdpna / (emp",
      "steps:",
      "  - {id: a, method: gini, var: rgdpna}",
      "  - {id: a, method: theil, var: rgdpna}",
      "  - {id: b.c, method: kde, var: rgdpna}",
      "  - {id: k, method: kde, var: rgdpna, source: mian}",
      "",
    ].join("\n");
    const issues = issuesOf(text);
    const byPath = new Map(issues.map((i) => [i.path?.join("."), i]));
    expect(byPath.get("data.derive.ratio")).toMatchObject({ code: "bad_expression", row: 7 });
    expect(byPath.get("steps.1.id")!.message).toContain("used twice");
    expect(byPath.get("steps.2.id")!.hint).toContain("no dots");
    expect(byPath.get("steps.3.source")!.hint).toContain('did you mean "main"');
    // Issues read top to bottom, like the file.
    const rows = issues.map((i) => i.row ?? Infinity);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });

  it("a source needs exactly one of dataset and file; the first source has no join", () => {
    const text = `nqpf: 1\ntitle: t\ndata:\n  sources:\n    - {id: a, dataset: pwt1001, file: x.csv, join: left}\n    - {id: b}\nsteps:\n  - {id: g, method: gini, var: rgdpna}\n`;
    const paths = issuesOf(text).map((i) => i.path?.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["data.sources.0.file", "data.sources.0.join", "data.sources.1"]),
    );
  });
});

describe("checkStudy", () => {
  it("checkStudy(object) checks a study built in code (no lines) and fills in defaults", () => {
    const checked = checkStudy({
      nqpf: 1,
      title: "t",
      data: { dataset: "pwt1001", keep: { entities: ["USA", 156] } },
      steps: [{ id: "m", method: "malmquist", inputs: "rkna, emp", outputs: ["rgdpna"] }],
    });
    expect(checked.problems).toEqual([]);
    expect(checked.study!.sources).toMatchObject([
      { id: "data", dataset: "pwt1001", join: "left", path: ["data"] },
    ]);
    expect(checked.study!.keep).toEqual(["USA", "156"]);
    expect(checked.study!.steps[0]!.options).toMatchObject({ inputs: "rkna, emp" });
  });

  it("checkStudy(object) with an unknown method reports the path without a line", () => {
    const checked = checkStudy({
      nqpf: 1,
      title: "t",
      data: { dataset: "pwt1001" },
      steps: [{ id: "x", method: "moranI", var: "y" }],
    });
    expect(checked.problems).toMatchObject([{ path: ["steps", 0, "method"] }]);
    expect(checked.problems[0]!.hint).toContain('did you mean "moran"');
  });
});

describe("suggestions", () => {
  it("editDistance counts insertions, deletions, substitutions and swaps", () => {
    expect(editDistance("ouputs", "outputs")).toBe(1);
    expect(editDistance("rts", "tsr")).toBe(2);
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  propTest.prop([fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })])(
    "editDistance is symmetric, 0 only for equal words, at most the longer length",
    (a, b) => {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
      expect(editDistance(a, b) === 0).toBe(a === b);
      expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
    },
  );

  propTest.prop([fc.stringMatching(/^[a-z]{5,12}$/), fc.nat(), fc.constantFrom("a", "e", "x")])(
    "closestWord finds a word of 5+ letters again after one inserted letter",
    (word, at, letter) => {
      const k = at % (word.length + 1);
      const typo = `${word.slice(0, k)}${letter}${word.slice(k)}`;
      expect(closestWord(typo, ["zzzzzzzzzzzzzzzzz", word])).toBe(word);
    },
  );
});

describe("round trip", () => {
  const stepArbitrary = fc.record({
    id: fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/),
    method: fc.constantFrom("gini", "theil", "kde"),
    var: fc.stringMatching(/^[a-z][a-z_]{0,10}$/),
  });
  propTest.prop([
    fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ""),
    fc.uniqueArray(stepArbitrary, { minLength: 1, maxLength: 5, selector: (s) => s.id }),
    fc.record({ from: fc.integer({ min: 1950, max: 2000 }), to: fc.integer({ min: 2000, max: 2020 }) }),
  ])("parseStudy(stringify(study)) gives the study back", (title, steps, years) => {
    const study = { nqpf: 1, title, data: { dataset: "pwt1001", years }, steps };
    const parsed = parseStudy(stringify(study), "s.yaml");
    const { file, locations, ...written } = parsed;
    expect(file).toBe("s.yaml");
    expect(locations).toBeDefined();
    expect(written).toEqual(study);
  });
});
