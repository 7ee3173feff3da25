import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import { isNqpfInputError, type InputIssue } from "../../src/errors.js";
import { compositeIndex } from "../../src/methods/composite/composite-index.js";
import { parseIndicatorSystem } from "../../src/methods/composite/indicator-system.js";
import { panel } from "../../src/panel/panel.js";
import { numberColumn, stringColumn, table } from "../../src/table/table.js";
import {
  addDimension,
  addIndicator,
  draftFromSystem,
  emptySystem,
  findDraftNode,
  isTopWeightPath,
  nodeAtPath,
  setWeight,
  setWeighting,
  showsWeight,
  siblingWeights,
  systemObject,
  weightingChoice,
  weightText,
  weightValue,
  type SystemDraft,
} from "../../web/src/pages/system-draft.js";

/** The system as YAML text, as the system page exports it. */
function systemYaml(draft: SystemDraft): string {
  return stringify(systemObject(draft), { lineWidth: 0 });
}

/** The issues the system format's parser reports for a draft ([] when it accepts it). */
function issues(draft: SystemDraft): InputIssue[] {
  try {
    parseIndicatorSystem(JSON.stringify(systemObject(draft)), { format: "json" });
    return [];
  } catch (error) {
    if (isNqpfInputError(error)) return [...error.issues];
    throw error;
  }
}

/** Two dimensions a (x1, x2, x3) and b (x4), as the editor builds them. */
function twoDimensions(): SystemDraft {
  const draft = emptySystem();
  addDimension(draft, undefined); // d1
  addDimension(draft, undefined); // d2
  for (const v of ["x1", "x2", "x3"]) addIndicator(draft, "d1", v); // i1..i3
  addIndicator(draft, "d2", "x4"); // i4
  return draft;
}

// A system with every weight key of the format, written as the editor writes a system (title zh then en, indicators
// with their variable) and in the key order of the format's own writer (node: id, label, variable or expression,
// direction, unit, weight, weighting, ahp, source, children).
const WEIGHTED = `
name: weighted
title: { zh: 加权, en: Weighted }
weighting: fixed
root:
  - id: a
    label: { en: A }
    weight: 0.5
    weighting: ahp
    ahp:
      - [1, 3, 5]
      - [1/3, 1, 2]
      - [1/5, 1/2, 1]
    children:
      - { id: x1, variable: x1, direction: "+" }
      - { id: x2, variable: x2, direction: "-" }
      - { id: x3, variable: x3, direction: "+", unit: "%" }
  - id: b
    weight: 1/4
    weighting: { combine: linear, of: [entropy, critic], alpha: [0.5, 0.5] }
    children:
      - { id: x4, variable: x4, direction: "+" }
      - { id: x5, variable: x5, direction: "+" }
  - id: c
    weight: 0.25
    children:
      - { id: x6, variable: x6, direction: "+", weight: 0.6, source: survey }
      - { id: x7, variable: x7, direction: "+", weight: 0.4 }
`;

describe("weights in system drafts: import and export", () => {
  it("systemObject(draftFromSystem(o)) gives o back, keys in order, for weighting, weight, ahp and combined specs", () => {
    const object = parseYaml(WEIGHTED) as unknown;
    expect(JSON.stringify(systemObject(draftFromSystem(object)))).toBe(JSON.stringify(object));
    const parsed = parseIndicatorSystem(WEIGHTED, { format: "yaml" });
    expect(parseIndicatorSystem(systemYaml(draftFromSystem(object)), { format: "yaml" })).toEqual(parsed);
    expect(parseYaml(systemYaml(draftFromSystem(object)))).toEqual(object);
  });

  it("weightingChoice reads the file's weighting; without one, all children weighted is fixed and an ahp matrix is AHP", () => {
    const draft = draftFromSystem(parseYaml(WEIGHTED));
    expect(weightingChoice(draft, undefined)).toBe("fixed");
    expect(weightingChoice(draft, "a")).toBe("ahp");
    expect(weightingChoice(draft, "b")).toBe("combined");
    expect(weightingChoice(draft, "c")).toBe("fixed"); // no weighting key: compositeIndex uses the weights
    expect(weightingChoice(draft, "x1")).toBe(""); // not a dimension
    const ahpOnly = draftFromSystem({
      name: "s",
      root: [
        {
          id: "a",
          ahp: [
            [1, 2],
            ["1/2", 1],
          ],
          children: [
            { id: "x", direction: "+" },
            { id: "y", direction: "+" },
          ],
        },
      ],
    });
    expect(weightingChoice(ahpOnly, "a")).toBe("ahp");
    expect(weightingChoice(draftFromSystem({ name: "s", weighting: "pca", root: [] }), undefined)).toBe(
      "pca",
    );
    expect(weightingChoice(draftFromSystem({ name: "s", weighting: "nonsense", root: [] }), undefined)).toBe(
      "other",
    );
  });

  it("an AHP or combined weighting stays as read until the user changes it", () => {
    const draft = draftFromSystem(parseYaml(WEIGHTED));
    expect(setWeighting(draft, "a", "fixed")).toBe(true);
    const a = findDraftNode(draft, "a")!;
    expect(a.extra["weighting"]).toBe("fixed");
    expect(a.extra).not.toHaveProperty("ahp");
    const b = findDraftNode(draft, "b")!;
    expect(b.extra["weighting"]).toEqual({ combine: "linear", of: ["entropy", "critic"], alpha: [0.5, 0.5] });
  });
});

describe("weights in system drafts: operations checked with parseIndicatorSystem", () => {
  it("setWeighting(d1, critic) writes weighting: critic on the dimension, and the parser accepts it", () => {
    const draft = twoDimensions();
    expect(setWeighting(draft, "d1", "critic")).toBe(true);
    expect(weightingChoice(draft, "d1")).toBe("critic");
    expect(issues(draft)).toEqual([]);
    const system = parseIndicatorSystem(JSON.stringify(systemObject(draft)), { format: "json" });
    expect(system.root[0]).toMatchObject({ id: "d1", weighting: "critic" });
    expect(system.root[1]).not.toHaveProperty("weighting");
    expect(setWeighting(draft, "d1", "critic")).toBe(false);
    expect(setWeighting(draft, "i1", "critic")).toBe(false); // an indicator weights nothing
    expect(setWeighting(draft, "d1", "")).toBe(true);
    expect(findDraftNode(draft, "d1")!.extra).toEqual({});
  });

  it("setWeighting(fixed) gives each child the equal share, which the parser accepts (1/3 as a fraction)", () => {
    const draft = twoDimensions();
    setWeighting(draft, "d1", "fixed");
    expect(["i1", "i2", "i3"].map((id) => weightText(findDraftNode(draft, id)!))).toEqual([
      "1/3",
      "1/3",
      "1/3",
    ]);
    expect(issues(draft)).toEqual([]);
    const system = parseIndicatorSystem(JSON.stringify(systemObject(draft)), { format: "json" });
    const d1 = system.root[0]!;
    expect("children" in d1 ? d1.children.map((c) => c.weight) : []).toEqual([1 / 3, 1 / 3, 1 / 3]);
    setWeighting(draft, undefined, "fixed");
    expect(draft.root.map((n) => n.extra["weight"])).toEqual([0.5, 0.5]);
    expect(draft.extra["weighting"]).toBe("fixed");
    expect(issues(draft)).toEqual([]);
  });

  it("setWeight 0.4/0.3/0.3 sums to 1: no issue; 0.4/0.3/0.2 gives the parser's sum issue at the parent", () => {
    const draft = twoDimensions();
    setWeighting(draft, "d1", "fixed");
    for (const [id, w] of [
      ["i1", "0.4"],
      ["i2", "0.3"],
      ["i3", " 0.3 "],
    ] as const)
      expect(setWeight(draft, id, w)).toBe(true);
    expect(findDraftNode(draft, "i3")!.extra["weight"]).toBe(0.3);
    expect(siblingWeights(draft, "d1")).toEqual({ count: 3, given: 3, sum: 0.4 + 0.3 + 0.3 });
    expect(issues(draft)).toEqual([]);
    setWeight(draft, "i3", "0.2");
    const found = issues(draft);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/sum to 0\.9/);
    expect(nodeAtPath(draft, found[0]!.path!)).toBe("d1");
    expect(siblingWeights(draft, "d1").sum).toBeCloseTo(0.9, 12);
  });

  it("a missing sibling weight is the parser's issue at the parent; an unreadable one is at the node", () => {
    const draft = twoDimensions();
    setWeighting(draft, "d1", "fixed");
    setWeight(draft, "i2", "");
    expect(findDraftNode(draft, "i2")!.extra).not.toHaveProperty("weight");
    expect(siblingWeights(draft, "d1")).toMatchObject({ count: 3, given: 2 });
    const missing = issues(draft);
    expect(missing.map((i) => nodeAtPath(draft, i.path!))).toEqual(["d1"]);
    expect(missing[0]!.message).toMatch(/missing for i2/);
    setWeight(draft, "i2", "abc");
    expect(findDraftNode(draft, "i2")!.extra["weight"]).toBe("abc");
    expect(siblingWeights(draft, "d1").sum).toBeUndefined();
    expect(issues(draft).map((i) => nodeAtPath(draft, i.path!))).toContain("i2");
    expect(setWeight(draft, "nowhere", "1")).toBe(false);
  });

  it("weighting fixed over children without weights is the parser's issue at the dimension", () => {
    const draft = twoDimensions();
    setWeighting(draft, "d2", "fixed"); // gives i4 weight 1
    setWeight(draft, "i4", "");
    const found = issues(draft);
    expect(found.map((i) => nodeAtPath(draft, i.path!))).toEqual(["d2"]);
    expect(found[0]!.path).toEqual(["root", 1, "weighting"]);
  });

  it("top-level weights not summing to 1 are reported at the root list, which isTopWeightPath recognises", () => {
    const draft = twoDimensions();
    setWeighting(draft, undefined, "fixed");
    setWeight(draft, "d1", "0.7");
    const found = issues(draft);
    expect(found.map((i) => i.path)).toEqual([["root"]]);
    expect(isTopWeightPath(found[0]!.path)).toBe(true);
    expect(isTopWeightPath(["root", 0, "children"])).toBe(false);
  });

  it("changing from fixed to another weighting removes the children's weights (they would fix the weights)", () => {
    const draft = twoDimensions();
    setWeighting(draft, "d1", "fixed");
    setWeighting(draft, "d1", "entropy");
    expect(["i1", "i2", "i3"].map((id) => findDraftNode(draft, id)!.extra)).toEqual([{}, {}, {}]);
    expect(showsWeight(draft, findDraftNode(draft, "i1")!, "d1")).toBe(false);
    setWeighting(draft, "d1", "fixed");
    expect(showsWeight(draft, findDraftNode(draft, "i1")!, "d1")).toBe(true);
    setWeighting(draft, "d1", "");
    expect(weightingChoice(draft, "d1")).toBe("");
    expect(issues(draft)).toEqual([]);
  });

  it("weightValue reads numbers, decimals and fractions as the format does", () => {
    expect(weightValue(0.25)).toBe(0.25);
    expect(weightValue("1/4")).toBe(0.25);
    expect(weightValue(" 3 / 4 ")).toBe(0.75);
    expect(weightValue("abc")).toBeUndefined();
    expect(weightValue(Number.NaN)).toBeUndefined();
    expect(weightValue(undefined)).toBeUndefined();
  });

  propTest.prop([fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 6 })])(
    "weights typed as k_i / Σk over the top dimensions: the parser accepts them and compositeIndex uses them",
    (counts) => {
      const draft = emptySystem();
      const total = counts.reduce((a, b) => a + b, 0);
      const columns: Record<string, number[]> = {};
      counts.forEach((_, k) => {
        const d = addDimension(draft, undefined)!;
        addIndicator(draft, d, `x${k}`);
        columns[`x${k}`] = [1 + k, 3, 2 + (k % 2)];
      });
      setWeighting(draft, undefined, "fixed");
      draft.root.forEach((node, k) => setWeight(draft, node.id, `${counts[k]!}/${total}`));
      expect(issues(draft)).toEqual([]);
      const system = parseIndicatorSystem(JSON.stringify(systemObject(draft)), { format: "json" });
      const p = panel(
        table([
          stringColumn("id", ["u", "v", "w"]),
          numberColumn("year", [1, 1, 1]),
          ...Object.entries(columns).map(([name, values]) => numberColumn(name, values)),
        ]),
        { entity: "id", time: "year" },
      );
      const result = compositeIndex(p, system, { weights: "equal" });
      const top = result.weights.filter((w) => w.depth === 0).map((w) => w.globalWeight);
      top.forEach((w, k) => {
        expect(w).toBeCloseTo(counts[k]! / total, 12);
      });
    },
  );
});
