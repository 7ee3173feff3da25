import { describe, expect, it } from "vitest";
import { dea } from "../../../src/methods/frontier/dea.js";
import { deaMultiplier } from "../../../src/methods/frontier/dea-multiplier.js";
import {
  deaMultiplierTable,
  deaTable,
  fdhTable,
  formatPeers,
  superEfficiencyTable,
} from "../../../src/methods/frontier/dea-table.js";
import { fdh } from "../../../src/methods/frontier/fdh.js";
import { superEfficiency } from "../../../src/methods/frontier/super-efficiency.js";
import { cell, getColumn } from "../../../src/table/table.js";
import { mat } from "./dea-kit.js";

const X = mat([
  [2, 5],
  [2, 4],
  [6, 6],
  [3, 2],
  [6, 2],
]);
const Y = mat([[1], [2], [3], [1], [2]]);
const names = { units: ["f1", "f2", "f3", "f4", "f5"], inputs: ["x1", "x2"], outputs: ["y"] };

describe("deaTable", () => {
  it("formatPeers doc example", () => {
    expect(
      formatPeers({ index: Int32Array.of(1, 4), weight: Float64Array.of(0.5, 0.25) }, (j) => String(j + 1)),
    ).toBe("2 (0.5); 5 (0.25)");
  });

  it("deaTable(dea(DEAP EG1)) has unit, score, status, slacks, targets and DEAP's peers with weights", () => {
    const t = deaTable(dea(X, Y), names);
    expect(t.columns.map((c) => c.name)).toEqual([
      "unit",
      "score",
      "status",
      "reason",
      "lambda_sum",
      "slack_x1",
      "slack_x2",
      "slack_y",
      "target_x1",
      "target_x2",
      "target_y",
      "peers",
    ]);
    expect(getColumn(t, "peers").values).toEqual([
      "f2 (0.5)",
      "f2 (1)",
      "f2 (1); f5 (0.5)",
      "f2 (0.214286); f5 (0.285714)",
      "f5 (1)",
    ]);
    expect(cell(getColumn(t, "slack_x2"), 0)).toBeCloseTo(0.5, 9);
    expect(t.meta.method).toBe("dea");
    expect(t.meta.parameters).toEqual({
      orientation: "input",
      referenceSize: 5,
      externalReference: false,
      rts: "crs",
      slacks: "two-stage",
      scale: false,
    });
    expect(t.meta.reference).toMatch(/Charnes, Cooper & Rhodes \(1978\)/);
  });

  it("the doc example: deaTable column names without names", () => {
    expect(
      deaTable(dea(mat([[2], [4]]), mat([[1], [4]])), { units: ["A", "B"] }).columns.map((c) => c.name),
    ).toEqual([
      "unit",
      "score",
      "status",
      "reason",
      "lambda_sum",
      "slack_input 1",
      "slack_output 1",
      "target_input 1",
      "target_output 1",
      "peers",
    ]);
  });

  it("deaTable of an output-oriented run with scale: true adds farrell, crs_te, vrs_te, scale_efficiency and rts_class", () => {
    const t = deaTable(dea(X, Y, { rts: "vrs", orientation: "output", scale: true }), names);
    for (const name of ["farrell", "crs_te", "vrs_te", "scale_efficiency", "rts_class"])
      expect(t.columns.map((c) => c.name)).toContain(name);
    expect(getColumn(t, "rts_class").values.every((v) => v === "crs" || v === "irs" || v === "drs")).toBe(
      true,
    );
  });

  it("non-optimal units have missing numbers and no peers, beside status and reason", () => {
    const t = superEfficiencyTable(
      superEfficiency(mat([[2], [4], [3]]), mat([[2], [3], [1]]), { rts: "vrs" }),
    );
    expect(cell(getColumn(t, "score"), 1)).toBeNull();
    expect(cell(getColumn(t, "status"), 1)).toBe("infeasible");
    expect(cell(getColumn(t, "peers"), 1)).toBeNull();
    expect(String(cell(getColumn(t, "reason"), 1))).toMatch(/outside/);
    expect(t.meta.method).toBe("super-efficiency");
    expect(t.columns.map((c) => c.name)).not.toContain("slack_input 1");
  });

  it("peers against a reference set use names.referenceUnits", () => {
    const reference = {
      X: mat([
        [2, 4],
        [6, 2],
      ]),
      Y: mat([[2], [2]]),
    };
    const t = deaTable(dea(X, Y, { reference }), { ...names, referenceUnits: ["R1", "R2"] });
    expect(cell(getColumn(t, "peers"), 0)).toBe("R1 (0.5)");
    expect(t.meta.parameters?.externalReference).toBe(true);
  });

  it("fdhTable and deaMultiplierTable", () => {
    const f = fdhTable(fdh(X, Y), names);
    expect(f.meta.method).toBe("fdh");
    expect(f.columns.map((c) => c.name)).not.toContain("lambda_sum");
    const m = deaMultiplierTable(deaMultiplier(X, Y, { rts: "vrs" }), names);
    expect(m.columns.map((c) => c.name)).toEqual([
      "unit",
      "score",
      "status",
      "reason",
      "weight_x1",
      "weight_x2",
      "weight_y",
      "free",
    ]);
    expect(m.meta.parameters?.rts).toBe("vrs");
  });

  it("deaTable throws RangeError when a names list has the wrong length", () => {
    expect(() => deaTable(dea(X, Y), { units: ["a"] })).toThrow(
      /^deaTable: names.units must have 5 entries; got 1/,
    );
  });
});
