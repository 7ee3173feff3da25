/**
 * A run killed mid-way (the server process killed with SIGKILL) leaves the store consistent and the dataset intact
 * after a restart: the run is failed as interrupted, no partial output folder is left, earlier runs and their files
 * are as they were, and a new run completes. Spawns the built CLI (`node bin/nqpf.js serve`), so dist must be built.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INTERRUPTED } from "../../src/server/store.js";
import { openEvents } from "./helpers.js";

const ROOT = join(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "nqpf-crash-"));
const dataDir = join(work, "data");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

const PANEL = readFileSync(join(import.meta.dirname, "../study/fixtures/small-panel.csv"));
const LONG = readFileSync(join(ROOT, "data/studies/china-provinces-nqpf.yaml"), "utf8");
const sha256 = (bytes: string | Buffer): string => createHash("sha256").update(bytes).digest("hex");
const SMALL = `nqpf: 1\ntitle: small\ndata:\n  file: upload:${sha256(PANEL)}\n  entity: unit\n  time: year\nsteps:\n  - {id: eff, method: dea, inputs: x, outputs: y}\n`;

/** Starts `nqpf serve` on a free port and resolves with its base URL once it prints it. */
function serve(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ["bin/nqpf.js", "serve", "--port", "0", "--data-dir", dataDir], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // eslint-disable-next-line no-control-regex -- colour codes, should any be printed
      const url = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out.replace(/\u001b\[[0-9;]*m/g, ""));
      if (url !== null) resolve({ child, base: url[1]! });
    });
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => {
      reject(new Error(`nqpf serve exited with ${code}: ${err}`));
    });
  });
}

async function json(base: string, path: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, body: await res.json() };
}

/** POSTs JSON and returns the id of what was made. */
async function post(base: string, path: string, body: unknown): Promise<{ id: string }> {
  const res = await json(base, path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as { id: string };
}

/** Runs a saved study and waits for its event stream to end; returns the last event's name. */
async function runToEnd(base: string, studyId: string): Promise<{ id: string; last: string }> {
  const run = await post(base, "/api/runs", { studyId });
  const events = await (await openEvents(`${base}/api/runs/${run.id}/events`)).rest();
  return { id: run.id, last: events.at(-1)?.event ?? "" };
}

/** Every file under `dir` with its SHA-256. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) out[join(entry.parentPath, entry.name).slice(dir.length)] = sha256(readFileSync(join(entry.parentPath, entry.name)));
  return out;
}

describe("a server killed during a run", () => {
  it("restarts with the run failed as interrupted, no partial output, the dataset and earlier runs intact", async () => {
    const first = await serve();
    const form = new FormData();
    form.append("file", new Blob([PANEL]), "panel.csv");
    const upload = await fetch(`${first.base}/api/datasets`, { method: "POST", body: form });
    expect(upload.status).toBe(201);
    const datasetId = ((await upload.json()) as { id: string }).id;
    expect(datasetId).toBe(sha256(PANEL));

    // A finished run before the crash.
    const small = await post(first.base, "/api/studies", { yaml: SMALL });
    const earlier = await runToEnd(first.base, small.id);
    expect(earlier.last).toBe("finished");
    const earlierFiles = hashes(join(dataDir, "runs", earlier.id));
    expect(Object.keys(earlierFiles)).toContain("/manifest.json");

    // A long run, killed during its steps (its temporary output folder exists from the start of the run).
    const long = await post(first.base, "/api/studies", { yaml: LONG });
    const run = await post(first.base, "/api/runs", { studyId: long.id });
    const events = await openEvents(`${first.base}/api/runs/${run.id}/events`);
    const seen = await events.until((e) => e.event === "step");
    expect(seen.at(-1)!.data).toMatchObject({ step: "index", phase: "start" });
    const temp = join(dataDir, "tmp", `run-${run.id}`);
    expect(existsSync(temp)).toBe(true);
    const exited = new Promise((r) => first.child.on("exit", r));
    first.child.kill("SIGKILL");
    await exited;
    expect(existsSync(temp)).toBe(true); // the partial output as the crash left it

    const second = await serve();
    try {
      const after = await json(second.base, `/api/runs/${run.id}`);
      expect(after.body).toMatchObject({ status: "failed", error: INTERRUPTED });
      expect((after.body as { error: string }).error).toMatch(/interrupted/);
      expect(existsSync(temp)).toBe(false);
      expect(existsSync(join(dataDir, "runs", run.id))).toBe(false);
      expect((await json(second.base, `/api/runs/${run.id}/files`)).body).toEqual({ files: [] });
      // The dataset: same bytes, still listed.
      expect(sha256(readFileSync(join(dataDir, "datasets", datasetId)))).toBe(datasetId);
      const datasets = await json(second.base, "/api/datasets");
      expect((datasets.body as { uploaded: { id: string }[] }).uploaded.map((d) => d.id)).toEqual([datasetId]);
      // The earlier run and its files, unchanged.
      expect((await json(second.base, `/api/runs/${earlier.id}`)).body).toMatchObject({ status: "done" });
      expect(hashes(join(dataDir, "runs", earlier.id))).toEqual(earlierFiles);
      // A new run completes.
      const again = await runToEnd(second.base, small.id);
      expect(again.last).toBe("finished");
      expect((await json(second.base, `/api/runs/${again.id}`)).body).toMatchObject({ status: "done" });
    } finally {
      second.child.kill("SIGTERM");
    }
  });
});
