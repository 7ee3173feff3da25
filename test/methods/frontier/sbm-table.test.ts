import { beforeAll, describe, expect, it } from "vitest";
import { fromRows } from "../../../src/math/matrix.js";
import { sbm } from "../../../src/methods/frontier/sbm.js";
import { sbmTable } from "../../../src/methods/frontier/sbm-table.js";
import { cell, getColumn } from "../../../src/table/table.js";
import { highsSolver, loadHighs } from "../../oracle/highs.js";

beforeAll(loadHighs);

describe("sbmTable", () => {
  it("the doc example lists unit, score, status, reason, model, Σλ, slacks, targets and peers", () => {
    const t = sbmTable(sbm(fromRows([[2], [4]]), fromRows([[1], [4]])), { units: ["A", "B"] });
    expect(t.columns.map((c) => c.name)).toEqual([
      "unit",
      "score",
      "status",
      "reason",
      "model",
      "lambda_sum",
      "slack_input 1",
      "slack_output 1",
      "target_input 1",
      "target_output 1",
      "peers",
    ]);
  });

  it("sbmTable(sbm(Tone 2001, {bad}), names) names columns and peers and carries the parameters", () => {
    const X = fromRows([
      [4, 3],
      [6, 3],
      [8, 1],
      [8, 1],
      [2, 4],
    ]);
    const Y = fromRows([
      [2, 3],
      [2, 3],
      [6, 2],
      [6, 1],
      [1, 4],
    ]);
    const B = fromRows([[1], [1], [1], [1], [1]]);
    const result = sbm(X, Y, { bad: B, super: true, rts: "vrs", orientation: "input", solver: highsSolver });
    const names = {
      units: ["A", "B", "C", "D", "E"],
      inputs: ["x1", "x2"],
      outputs: ["y1", "y2"],
      bads: ["co2"],
    };
    const t = sbmTable(result, names);
    expect(t.rowCount).toBe(5);
    expect(t.columns.map((c) => c.name)).toEqual([
      "unit",
      "score",
      "status",
      "reason",
      "model",
      "lambda_sum",
      "slack_x1",
      "slack_x2",
      "slack_y1",
      "slack_y2",
      "slack_co2",
      "target_x1",
      "target_x2",
      "target_y1",
      "target_y2",
      "target_co2",
      "peers",
    ]);
    expect(t.meta.method).toBe("super-sbm");
    expect(t.meta.parameters).toEqual({
      rts: "vrs",
      orientation: "input",
      super: true,
      superFor: "efficient",
      badOutputs: 1,
      externalReference: false,
    });
    expect(t.meta.reference).toMatch(/Tone, K\. \(2001\).*Tone, K\. \(2002\).*Tone, K\. \(2004\)/);
    const status = getColumn(t, "status");
    const score = getColumn(t, "score");
    const peers = getColumn(t, "peers");
    for (let i = 0; i < 5; i++) {
      if (result.status[i] === "optimal") {
        expect(cell(score, i)).toBe(result.scores[i]);
      } else {
        expect(cell(score, i)).toBeNull();
        expect(cell(peers, i)).toBeNull();
        expect(cell(getColumn(t, "reason"), i)).toMatch(/super-SBM/);
      }
      expect(cell(status, i)).toBe(result.status[i]);
    }
    for (let i = 0; i < 5; i++) {
      const p = result.peers[i]!;
      const expected = Array.from(
        p.index,
        (j, q) => `${names.units[j]!} (${String(Number(p.weight[q]!.toPrecision(6)))})`,
      );
      expect(cell(peers, i)).toBe(result.status[i] === "optimal" ? expected.join("; ") : null);
    }
  });

  it("peers against an external reference are 1-based reference rows; duplicate labels get a kind prefix", () => {
    const result = sbm(fromRows([[3]]), fromRows([[1]]), {
      reference: { X: fromRows([[2], [4]]), Y: fromRows([[1], [2]]) },
      solver: highsSolver,
    });
    const t = sbmTable(result, { units: ["Z"], inputs: ["v"], outputs: ["v"] });
    // (3, 1) against the ray y = x/2 through (2, 1) and (4, 2): any λ with 2λ1 + 4λ2 ≤ 3 and λ1 + 2λ2 = 1.5 ... names are rows.
    expect(cell(getColumn(t, "peers"), 0)).toMatch(/^[12] \([0-9.]+\)(; [12] \([0-9.]+\))?$/);
    expect(t.columns.map((c) => c.name)).toContain("slack_output_v");
    expect(() => sbmTable(result, { units: ["A", "B"] })).toThrow(
      /^sbmTable: names.units must have 1 entries; got 2/,
    );
  });
});
