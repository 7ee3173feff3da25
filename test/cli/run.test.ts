/**
 * `nqpf run`, in process (runCommand with the options commander passes): a small study on a data file beside the
 * study file (four units A–D over 2001–2003 with one input x and one output y; unit C uses x = 0.5 in 2002, less
 * than any unit in 2001 and 2003, so its VRS cross-period Malmquist distances are infeasible, the same design as
 * test/study/fixtures/small-panel.csv) writes the outputs, prints the summary with the infeasibility warning and
 * records the files it read with their SHA-256 (recomputed here); a second run gives byte-identical files except the
 * manifest's timings; a bad study is reported with located issues before anything is written; the output folder
 * rule holds.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands/run.js";
import { buildProgram } from "../../src/cli/main.js";
import type { StudyManifest } from "../../src/report/write-study.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const run = runCommandSetup("nqpf-run-");

const PANEL = [
  "unit,name,region,year,x,y",
  "A,Alpha,North,2001,2,2",
  "A,Alpha,North,2002,2,3",
  "A,Alpha,North,2003,2.5,3.5",
  "B,Beta,North,2001,3,2.5",
  "B,Beta,North,2002,3,3",
  "B,Beta,North,2003,3.2,3.1",
  "C,Gamma,South,2001,1,1",
  "C,Gamma,South,2002,0.5,1",
  "C,Gamma,South,2003,0.6,1.2",
  "D,Delta,South,2001,4,3",
  "D,Delta,South,2002,4,3.5",
  "D,Delta,South,2003,4.2,4",
  "",
].join("\n");

const STUDY = [
  "nqpf: 1",
  "title: Small study",
  "data:",
  "  file: panel.csv",
  "  entity: unit",
  "  time: year",
  "  names: name",
  "  groups: region",
  "steps:",
  "  - {id: eff, method: dea, inputs: x, outputs: y, rts: vrs}",
  "  - {id: m, method: malmquist, inputs: x, outputs: y, rts: vrs, decomposition: ray-desli}",
  "  - {id: g, method: gini, var: y}",
  "",
].join("\n");

/** Writes the study and its data into a folder of the work area; returns the study file's path. */
function studyFolder(name: string, study = STUDY): string {
  const folder = join(run.work, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "panel.csv"), PANEL);
  writeFileSync(join(folder, "study.yaml"), study);
  return join(folder, "study.yaml");
}

/** Every file under a folder, relative, sorted. */
function filesUnder(folder: string, prefix = ""): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(join(folder, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    )
    .sort();
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

describe("nqpf run (in process)", () => {
  const studyFile = studyFolder("study");
  const out1 = join(run.work, "out1");
  const out2 = join(run.work, "out2");

  it("run study.yaml --out dir: runs every step, writes the outputs and prints the report's path and the warnings", async () => {
    await runCommand(studyFile, { out: out1 });
    const text = run.stdout();
    expect(text).toContain("[1/3] eff (dea)");
    expect(text).toContain("[3/3] g (gini)");
    expect(text).toContain(`Report: ${resolve(out1, "report.html")}`);
    expect(text).toMatch(/1 warning:\n {2}! m: 2 unit-pairs with infeasible LPs/);
    const files = filesUnder(out1);
    for (const expected of ["report.html", "manifest.json", "tables.xlsx", "tables.tex", "tables.docx"])
      expect(files).toContain(expected);
    expect(files.filter((f) => f.startsWith("tables/") && f.endsWith(".csv")).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(files.filter((f) => f.startsWith("figures/") && f.endsWith(".svg")).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith(".png"))).toHaveLength(
      files.filter((f) => f.endsWith(".svg")).length,
    );
    const html = readFileSync(join(out1, "report.html"), "utf8");
    expect(html).toContain("Gamma 2001–2002");
  });

  it("manifest.json records the files read (SHA-256 of their bytes), the resolved study, platform and per-step timings", () => {
    const manifest = JSON.parse(readFileSync(join(out1, "manifest.json"), "utf8")) as StudyManifest;
    const panel = join(run.work, "study", "panel.csv");
    expect(manifest.inputs.map((i) => [i.role, i.name])).toEqual([
      ["study", studyFile],
      ["file", "panel.csv"],
    ]);
    expect(manifest.inputs[0]!.sha256).toBe(sha256(readFileSync(studyFile)));
    expect(manifest.inputs[1]!.sha256).toBe(sha256(readFileSync(panel)));
    expect(manifest.inputs[1]!.bytes).toBe(Buffer.byteLength(PANEL));
    const study = manifest.study as { title: string; steps: { id: string; method: string; rts?: string }[] };
    expect(study.title).toBe("Small study");
    expect(study.steps.map((s) => [s.id, s.method])).toEqual([
      ["eff", "dea"],
      ["m", "malmquist"],
      ["g", "gini"],
    ]);
    expect(study.steps[0]!.rts).toBe("vrs");
    expect(JSON.stringify(manifest.study)).not.toContain('"path"');
    expect(manifest.platform).toEqual({ node: process.version, os: process.platform, arch: process.arch });
    expect(manifest.timings.steps.map((s) => s.id)).toEqual(["eff", "m", "g"]);
    expect(manifest.warnings).toHaveLength(1);
    expect(manifest.nqpf.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("running the same study twice gives byte-identical files; the manifests differ only in their timings", async () => {
    await runCommand(studyFile, { out: out2 });
    const files = filesUnder(out1);
    expect(filesUnder(out2)).toEqual(files);
    for (const file of files) {
      if (file === "manifest.json") continue;
      expect(sha256(readFileSync(join(out2, file))), file).toBe(sha256(readFileSync(join(out1, file))));
    }
    const withoutTimings = (folder: string): unknown => {
      const { timings, ...rest } = JSON.parse(
        readFileSync(join(folder, "manifest.json"), "utf8"),
      ) as StudyManifest;
      expect(timings.runMs).toBeGreaterThanOrEqual(0);
      return rest;
    };
    expect(withoutTimings(out2)).toEqual(withoutTimings(out1));
  });

  it("a non-empty output folder needs --force, checked before the study runs; with --force other files are kept", async () => {
    const issues = await issuesOfAsync(runCommand(studyFile, { out: out1 }));
    expect(issues[0]).toMatchObject({ code: "output_exists", file: out1 });
    expect(run.stdout()).toBe("");
    writeFileSync(join(out1, "my-notes.txt"), "keep");
    await runCommand(studyFile, { out: out1, force: true });
    expect(readFileSync(join(out1, "my-notes.txt"), "utf8")).toBe("keep");
    expect(run.stdout()).toContain("Report:");
  });

  it("a study with mistakes is rejected with every issue located (file, line, step and field), nothing written", async () => {
    const bad = studyFolder(
      "bad",
      STUDY.replace("inputs: x, outputs: y, rts: vrs}", "inputs: xx, outputs: y, rts: vrs}").replace(
        "method: gini",
        "method: ginni",
      ),
    );
    const out = join(run.work, "never");
    const issues = await issuesOfAsync(runCommand(bad, { out }));
    const method = issues.find((i) => i.path?.join(".") === "steps.2.method");
    expect(method, JSON.stringify(issues)).toBeDefined();
    expect(method).toMatchObject({ file: bad, row: 12 });
    expect(method!.hint).toContain("gini");
    expect(existsSync(out)).toBe(false);
    // With the method fixed, the unknown input column is found next, in the same located form.
    const second = studyFolder(
      "bad2",
      STUDY.replace("inputs: x, outputs: y, rts: vrs}", "inputs: xx, outputs: y, rts: vrs}"),
    );
    const columnIssues = await issuesOfAsync(runCommand(second, { out }));
    expect(columnIssues[0]).toMatchObject({ code: "missing_column", column: "xx", file: second, row: 10 });
    expect(columnIssues[0]!.path?.slice(0, 2)).toEqual(["steps", 0]);
    expect(existsSync(out)).toBe(false);
  });

  it("a missing study file and a missing --out are reported together", async () => {
    const missing = join(run.work, "no-such-study.yaml");
    const issues = await issuesOfAsync(runCommand(missing, {}));
    expect(issues.map((i) => i.code).sort()).toEqual(["bad_argument", "file_not_found"]);
    expect(issues.find((i) => i.code === "file_not_found")).toMatchObject({ file: missing });
  });
});

/** `nqpf run` is registered in main.ts and built into dist/ (the spawned binary runs dist/). */
const registered =
  buildProgram().commands.some((c) => c.name() === "run") &&
  existsSync(join(import.meta.dirname, "../../dist/cli/commands/run.js"));
const bin = join(import.meta.dirname, "../../bin/nqpf.js");

function nqpf(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.runIf(registered)("nqpf run (spawned binary)", () => {
  it("exits 2 with file:line, the step path and the hint on stderr for a bad study, and writes nothing", () => {
    const bad = studyFolder("spawn-bad", STUDY.replace("method: gini", "method: ginni"));
    const out = join(run.work, "spawn-never");
    const result = nqpf("run", bad, "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:12`);
    expect(result.stderr).toContain("steps.2.method");
    expect(existsSync(out)).toBe(false);
  });

  it("exits 0 and prints the report's path; a second run into the same folder without --force exits 2", () => {
    const study = studyFolder("spawn-ok");
    const out = join(run.work, "spawn-out");
    const first = nqpf("run", study, "--out", out);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Report: ${resolve(out, "report.html")}`);
    const second = nqpf("run", study, "--out", out);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("[output_exists]");
  });
});
