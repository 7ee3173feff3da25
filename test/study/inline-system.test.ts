/**
 * Indicator systems written inline in a study (`systems: { mine: { name, root: [...] } }`): checked with
 * parseIndicatorSystem's rules, problems located by path and line in the study, and run exactly as the same system
 * read from a file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isNqpfInputError, type InputIssue } from "../../src/errors.js";
import { runStudy } from "../../src/study/run.js";
import { checkStudy, parseStudy } from "../../src/study/schema.js";
import { resolvedStudy } from "../../src/study/resolved-study.js";
import { studyIO } from "./study-io.js";

const work = mkdtempSync(join(tmpdir(), "nqpf-inline-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** The system body (root list) used inline and as a file: one dimension with x (benefit) and k (cost). */
const ROOT = `  - id: d
    label: { en: Dimension }
    children:
      - { id: x, direction: positive }
      - { id: k, direction: "-" }
`;

function study(systems: string): string {
  return `nqpf: 1
title: inline
data:
  file: small-panel.csv
  entity: unit
  time: year
systems:
${systems}steps:
  - {id: idx, method: index, system: mine, weights: entropy}
`;
}

const INLINE = `  mine:
    name: mine
    title: { en: Mine, zh: 我的 }
    root:
${ROOT.trimEnd().replace(/^/gm, "    ")}
`;

function issuesOf(text: string): InputIssue[] {
  try {
    parseStudy(text, "study.yaml");
  } catch (error) {
    if (isNqpfInputError(error)) return [...error.issues];
    throw error;
  }
  expect.fail("parseStudy did not throw");
}

describe("inline indicator systems", () => {
  it("checkStudy(study with systems.mine as a mapping) gives the parsed system (directions normalised, variable = id)", () => {
    const checked = checkStudy(parseStudy(study(INLINE), "study.yaml"));
    expect(checked.problems).toEqual([]);
    const mine = checked.study!.systems.find((s) => s.name === "mine")!;
    expect(mine.spec).toBeUndefined();
    expect(mine.inline).toMatchObject({
      name: "mine",
      title: { en: "Mine", zh: "我的" },
      root: [{ id: "d", children: [{ id: "x", variable: "x", direction: "+" }, { id: "k", variable: "k", direction: "-" }] }],
    });
    // The resolved study (manifest) carries the system itself.
    expect(JSON.stringify(resolvedStudy(checked.study!))).toContain('"inline":{"name":"mine"');
  });

  it("the name of an inline system defaults to its key", () => {
    const text = study(INLINE.replace("    name: mine\n", ""));
    const checked = checkStudy(parseStudy(text, "study.yaml"));
    expect(checked.study!.systems[0]!.inline!.name).toBe("mine");
  });

  it("mixes with named systems: a string stays a bundled name or file", () => {
    const checked = checkStudy(parseStudy(study(`${INLINE}  three: nqpf-three-elements\n`), "study.yaml"));
    expect(checked.study!.systems.map((s) => [s.name, s.spec, s.inline !== undefined])).toEqual([
      ["mine", undefined, true],
      ["three", "nqpf-three-elements", false],
    ]);
  });

  it("runStudy with the inline system gives the same tables as with the same system read from a file", async () => {
    const file = join(work, "mine.yaml");
    writeFileSync(file, `name: mine\ntitle: { en: Mine, zh: 我的 }\nroot:\n${ROOT}`);
    const inline = await runStudy(parseStudy(study(INLINE), "study.yaml"), studyIO);
    const fromFile = await runStudy(parseStudy(study(`  mine: ${file}\n`), "study.yaml"), studyIO);
    const columns = (r: typeof inline) =>
      r.steps[0]!.tables.map((t) => t.columns.map((c) => [c.name, Array.from(c.values as ArrayLike<unknown>)]));
    expect(columns(inline)).toEqual(columns(fromFile));
    expect(inline.steps[0]!.tables.length).toBeGreaterThan(0);
  });

  it("a problem inside an inline system is located in the study: path systems.mine.root.0…, the line of that node", () => {
    const text = study(INLINE.replace('direction: "-"', "direction: sideways"));
    const issues = issuesOf(text);
    const line = text.split("\n").findIndex((l) => l.includes("sideways")) + 1;
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: "bad_value",
        file: "study.yaml",
        path: ["systems", "mine", "root", 0, "children", 1, "direction"],
        row: line,
      }),
    );
  });

  it("the tree rules apply: duplicate ids, a dimension without children, an indicator without direction", () => {
    const text = study(`  mine:
    root:
      - id: d
        children:
          - { id: x, direction: "+" }
          - { id: x }
      - id: e
        children: []
`);
    const issues = issuesOf(text);
    const paths = issues.map((i) => i.path?.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "systems.mine.root.0.children.1.id",
        "systems.mine.root.0.children.1.direction",
        "systems.mine.root.1.children",
      ]),
    );
    for (const i of issues.filter((i) => i.path?.[0] === "systems")) {
      expect(i.row).toBeGreaterThan(0);
      expect(i.message).toMatch(/^system "mine": /);
    }
  });

  it("a value that is neither a name nor a mapping is refused", () => {
    const issues = issuesOf(study("  mine: [1, 2]\n"));
    expect(issues.some((i) => i.path?.[0] === "systems")).toBe(true);
  });
});
