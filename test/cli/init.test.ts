/**
 * `nqpf init`, in process (initCommand with the options commander passes): the template list, a template copied byte
 * for byte from data/studies/, the default file name and the default template, refusing to replace a file without
 * --force, an unknown template with a "did you mean", and every bundled template being a valid study file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { initCommand } from "../../src/cli/commands/init.js";
import { buildProgram } from "../../src/cli/main.js";
import { parseStudy } from "../../src/study/schema.js";
import { STUDY_TEMPLATES } from "../../src/study/templates.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const run = runCommandSetup("nqpf-init-");
const STUDIES = join(import.meta.dirname, "../../data/studies");
const stored = (name: string): string => readFileSync(join(STUDIES, `${name}.yaml`), "utf8");

const cwd = process.cwd();
afterEach(() => {
  process.chdir(cwd);
});

describe("nqpf init (in process)", () => {
  it("without a template lists every template with its title, the default first", async () => {
    await initCommand(undefined, {});
    const text = run.stdout();
    for (const t of STUDY_TEMPLATES) {
      expect(text).toContain(t.name);
      expect(text).toContain(t.title);
    }
    expect(text).toContain(`${STUDY_TEMPLATES[0]!.name} (default)`);
  });

  it("init <template> --out file writes the stored template unchanged", async () => {
    const out = join(run.work, "pwt.yaml");
    await initCommand("world-pwt", { out });
    expect(readFileSync(out, "utf8")).toBe(stored("world-pwt"));
    expect(run.stdout()).toContain(`wrote ${out}`);
    expect(run.stdout()).toContain(`nqpf run ${out} --out results`);
  });

  it("without --out writes <template>.yaml in the current folder; --out without a name writes the default template", async () => {
    process.chdir(run.work);
    await initCommand("china-provinces-nqpf", {});
    expect(readFileSync(join(run.work, "china-provinces-nqpf.yaml"), "utf8")).toBe(
      stored("china-provinces-nqpf"),
    );
    const out = join(run.work, "default.yaml");
    await initCommand(undefined, { out });
    expect(readFileSync(out, "utf8")).toBe(stored(STUDY_TEMPLATES[0]!.name));
  });

  it("never replaces an existing file without --force (output_exists, file unchanged); with --force it does", async () => {
    const out = join(run.work, "mine.yaml");
    writeFileSync(out, "my study\n");
    const issues = await issuesOfAsync(initCommand("world-pwt", { out }));
    expect(issues[0]).toMatchObject({ code: "output_exists", file: out });
    expect(readFileSync(out, "utf8")).toBe("my study\n");
    await initCommand("world-pwt", { out, force: true });
    expect(readFileSync(out, "utf8")).toBe(stored("world-pwt"));
  });

  it("an unknown template is a bad_argument with a did-you-mean hint, and nothing is written", async () => {
    const out = join(run.work, "typo.yaml");
    const issues = await issuesOfAsync(initCommand("world-pw", { out }));
    expect(issues[0]).toMatchObject({ code: "bad_argument" });
    expect(issues[0]!.hint).toContain('"world-pwt"');
    expect(() => readFileSync(out)).toThrow();
  });

  it.each(STUDY_TEMPLATES.map((t) => t.name))("the bundled template %s is a valid study file", (name) => {
    const study = parseStudy(stored(name), `${name}.yaml`);
    expect(study.title.length).toBeGreaterThan(0);
    expect(study.steps.length).toBeGreaterThan(0);
  });
});

/** `nqpf init` is registered in main.ts and built into dist/ (the spawned binary runs dist/). */
const registered =
  buildProgram().commands.some((c) => c.name() === "init") &&
  existsSync(join(import.meta.dirname, "../../dist/cli/commands/init.js"));

describe.runIf(registered)("nqpf init (spawned binary)", () => {
  const bin = join(import.meta.dirname, "../../bin/nqpf.js");
  const nqpf = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

  it("lists the templates (exit 0), writes one (exit 0) and refuses to replace it without --force (exit 2)", () => {
    const list = nqpf("init");
    expect(list.status).toBe(0);
    for (const t of STUDY_TEMPLATES) expect(list.stdout).toContain(t.name);
    const out = join(run.work, "spawned.yaml");
    expect(nqpf("init", "world-pwt", "--out", out).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(stored("world-pwt"));
    const again = nqpf("init", "world-pwt", "--out", out);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("[output_exists]");
    expect(nqpf("init", "no-such-template").status).toBe(2);
  });
});
