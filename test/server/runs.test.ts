/**
 * Runs in worker threads: a study with an inline indicator system run end to end on an upload (events,
 * results.json, study.yaml, manifest), the FIFO queue with concurrency 1, cancelling queued and running runs, and
 * the 422 of an inline system with a problem. The server listens on a loopback port here so that event streams can
 * be read while a run is in progress. The worker is the built dist/server/run-worker.js (`npm test` builds it).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InputIssue } from "../../src/errors.js";
import { readCsv } from "../../src/io/read-csv.js";
import type { ResultsJson } from "../../src/report/results-json.js";
import { buildServer } from "../../src/server/app.js";
import { openStore } from "../../src/server/store.js";
import { multipart, openEvents } from "./helpers.js";

const work = mkdtempSync(join(tmpdir(), "nqpf-runs-"));
const dataDir = join(work, "data");
let app: FastifyInstance;
let base = "";

beforeAll(async () => {
  app = buildServer({ dataDir, concurrency: 1, webDir: join(work, "no-web") });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
});
afterAll(async () => {
  await app.close();
  rmSync(work, { recursive: true, force: true });
});

const PANEL = readFileSync(join(import.meta.dirname, "../study/fixtures/small-panel.csv"));
const sha256 = (bytes: string | Buffer): string => createHash("sha256").update(bytes).digest("hex");
/** A study that runs for several seconds (eight steps on the bundled China data, with figures). */
const LONG = readFileSync(join(import.meta.dirname, "../../data/studies/china-provinces-nqpf.yaml"), "utf8");

/** A study of the uploaded small panel with an inline system: index on x (benefit) and k (cost), then DEA. */
function inlineStudy(direction = '"-"'): string {
  return `nqpf: 1
title: inline system
data:
  file: upload:${sha256(PANEL)}
  entity: unit
  time: year
  names: name
systems:
  mine:
    name: mine
    title: { en: Mine, zh: 我的 }
    root:
      - id: d
        children:
          - { id: x, direction: "+" }
          - { id: k, direction: ${direction} }
steps:
  - {id: idx, method: index, system: mine, weights: entropy}
  - {id: eff, method: dea, inputs: x, outputs: y}
`;
}

async function saveStudy(yaml: string): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/studies", payload: { yaml } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function startRun(studyId: string): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/runs", payload: { studyId } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json<{ id: string }>().id;
}

async function runOf(id: string): Promise<{ status: string; started: string | null; finished: string | null; error: string | null }> {
  return (await app.inject(`/api/runs/${id}`)).json();
}

beforeAll(async () => {
  const res = await app.inject({ method: "POST", url: "/api/datasets", ...multipart("panel.csv", PANEL) });
  expect(res.statusCode, res.body).toBe(201);
});

describe("a run in a worker thread, end to end", () => {
  let runId = "";
  let events = "";
  const yaml = inlineStudy();
  beforeAll(async () => {
    runId = await startRun(await saveStudy(yaml));
    events = (await app.inject(`/api/runs/${runId}/events`)).body;
  });

  it("reports each step's start and end, then finished; the run is done", async () => {
    const steps = [...events.matchAll(/event: step\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!) as { step: string; phase: string });
    expect(steps.map((s) => `${s.step}:${s.phase}`)).toEqual(["idx:start", "idx:done", "eff:start", "eff:done"]);
    expect(events).toMatch(/event: finished\ndata: \{"type":"finished","files":\d+\}/);
    expect(await runOf(runId)).toMatchObject({ status: "done", error: null });
  });

  it("GET /api/runs/:id/results gives results.json: the steps with the same numbers as the CSV tables", async () => {
    const res = await app.inject(`/api/runs/${runId}/results`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const results = res.json<ResultsJson>();
    expect(results.format).toBe(1);
    expect(results.steps.map((s) => [s.id, s.method])).toEqual([
      ["idx", "index"],
      ["eff", "dea"],
    ]);
    // Every table of results.json against its CSV file (written by writeCsv, read back by readCsv).
    let compared = 0;
    for (const step of results.steps)
      for (const [k, t] of step.tables.entries()) {
        const csv = await app.inject(`/api/runs/${runId}/files/tables/${step.id}-${t.meta.name ?? `table${k + 1}`}.csv`);
        expect(csv.statusCode).toBe(200);
        const read = (await readCsv(csv.rawPayload)).table;
        expect(read.rowCount).toBe(t.rowCount);
        for (const column of t.columns) {
          const other = read.columns.find((c) => c.name === column.name)!;
          if (column.type !== "number" || other.type !== "number") continue;
          const values = Array.from(other.values, (v, i) => (other.missing[i] !== 0 || !Number.isFinite(v) ? null : v));
          expect(column.values, `${step.id} ${t.meta.name} ${column.name}`).toEqual(values);
          compared++;
        }
      }
    expect(compared).toBeGreaterThan(4);
  });

  it("the output folder holds results.json and the study run as study.yaml, both in the manifest", async () => {
    const files = (await app.inject(`/api/runs/${runId}/files`)).json<{ files: { path: string; bytes: number }[] }>().files;
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["results.json", "study.yaml", "report.html", "tables.xlsx", "manifest.json"]));
    const studyFile = await app.inject(`/api/runs/${runId}/files/study.yaml`);
    expect(studyFile.body).toBe(yaml);
    const manifest = (await app.inject(`/api/runs/${runId}/files/manifest.json`)).json<{
      outputs: { path: string; sha256: string }[];
      inputs: { role: string; sha256: string }[];
      study: { systems: { name: string; inline?: { name: string } }[] };
    }>();
    for (const path of ["results.json", "study.yaml"]) {
      const bytes = (await app.inject(`/api/runs/${runId}/files/${path}`)).rawPayload;
      expect(manifest.outputs.find((o) => o.path === path)?.sha256, path).toBe(sha256(bytes));
    }
    expect(manifest.inputs.find((i) => i.role === "study")?.sha256).toBe(sha256(yaml));
    expect(manifest.inputs.find((i) => i.role === "file")?.sha256).toBe(sha256(PANEL));
    expect(manifest.study.systems[0]).toMatchObject({ name: "mine", inline: { name: "mine" } });
    // The study the run used, as a download.
    const study = await app.inject(`/api/runs/${runId}/study`);
    expect(study.body).toBe(yaml);
    expect(study.headers["content-disposition"]).toContain('filename="study.yaml"');
    // The temporary folder was renamed into place.
    expect(existsSync(join(dataDir, "tmp", `run-${runId}`))).toBe(false);
  });

  it("results of a failed run give 404", async () => {
    const failedRun = await startRun(await saveStudy(inlineStudy().replace("inputs: x", "inputs: nosuch")));
    expect((await app.inject(`/api/runs/${failedRun}/events`)).body).toMatch(/event: failed/);
    expect((await app.inject(`/api/runs/${failedRun}/results`)).statusCode).toBe(404);
    expect((await app.inject(`/api/runs/${failedRun}/files`)).json()).toEqual({ files: [] });
  });
});

describe("studies with inline systems", () => {
  it("an inline system with a problem gives 422 with the issue located in the study", async () => {
    const yaml = inlineStudy("sideways");
    const res = await app.inject({ method: "POST", url: "/api/studies", payload: { yaml } });
    expect(res.statusCode).toBe(422);
    const issues = res.json<{ issues: InputIssue[] }>().issues;
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: "bad_value",
        path: ["systems", "mine", "root", 0, "children", 1, "direction"],
        row: yaml.split("\n").findIndex((l) => l.includes("sideways")) + 1,
      }),
    );
  });

  it("a system that is neither bundled nor inline gives 422 unknown_dataset at its path", async () => {
    const yaml = inlineStudy().replace(/systems:\n[\s\S]*?steps:/, "systems:\n  mine: ./my-system.yaml\nsteps:");
    const res = await app.inject({ method: "POST", url: "/api/studies", payload: { yaml } });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ issues: InputIssue[] }>().issues[0]).toMatchObject({ code: "unknown_dataset", path: ["systems", "mine"], row: 9 });
  });
});

describe("the queue: one run at a time, FIFO; cancelling", () => {
  it("a second run waits for the first; queued and running runs can be cancelled, ended ones not (409)", async () => {
    const long = await startRun(await saveStudy(LONG));
    const longEvents = await openEvents(`${base}/api/runs/${long}/events`);
    const first = await longEvents.until((e) => e.event === "step");
    expect(first.at(-1)!.data).toMatchObject({ type: "step", step: "index", phase: "start" });

    const small = await saveStudy(inlineStudy());
    const waiting = await startRun(small);
    const dropped = await startRun(small);
    expect((await runOf(long)).status).toBe("running");
    expect((await runOf(waiting)).status).toBe("queued");
    expect((await runOf(dropped)).status).toBe("queued");
    // The server answers while the run computes (the run is in a worker thread).
    expect((await app.inject("/api/health")).statusCode).toBe(200);

    // Cancel a queued run: it never starts.
    const cancelQueued = await app.inject({ method: "POST", url: `/api/runs/${dropped}/cancel` });
    expect(cancelQueued.statusCode, cancelQueued.body).toBe(200);
    expect(cancelQueued.json()).toMatchObject({ id: dropped, status: "cancelled" });
    expect((await app.inject(`/api/runs/${dropped}/events`)).body).toMatch(/event: cancelled\n/);
    const again = await app.inject({ method: "POST", url: `/api/runs/${dropped}/cancel` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: "cancelled" });

    // Cancel the running run: its worker stops, nothing of its output is left, its stream ends with cancelled.
    const cancelRunning = await app.inject({ method: "POST", url: `/api/runs/${long}/cancel` });
    expect(cancelRunning.statusCode, cancelRunning.body).toBe(200);
    expect(cancelRunning.json()).toMatchObject({ status: "cancelled" });
    const rest = await longEvents.rest();
    expect(rest.at(-1)).toEqual({ event: "cancelled", data: { type: "cancelled" } });
    expect(existsSync(join(dataDir, "runs", long))).toBe(false);
    expect(existsSync(join(dataDir, "tmp", `run-${long}`))).toBe(false);
    expect((await app.inject(`/api/runs/${long}/files`)).json()).toEqual({ files: [] });
    expect((await app.inject(`/api/runs/${long}/results`)).statusCode).toBe(404);

    // The waiting run starts after the cancelled one ended, and completes.
    expect((await app.inject(`/api/runs/${waiting}/events`)).body).toMatch(/event: finished/);
    const [longRun, waitingRun] = [await runOf(long), await runOf(waiting)];
    expect(waitingRun.status).toBe("done");
    expect(waitingRun.started! >= longRun.finished!).toBe(true);
    const cancelDone = await app.inject({ method: "POST", url: `/api/runs/${waiting}/cancel` });
    expect(cancelDone.statusCode).toBe(409);
    expect(cancelDone.json()).toMatchObject({ status: "done" });
  });

  it("cancel of an unknown run gives 404", async () => {
    expect((await app.inject({ method: "POST", url: "/api/runs/not-a-run/cancel" })).statusCode).toBe(404);
  });
});

describe("restarts", () => {
  it("runs left queued are run after a restart, in the order they were queued", async () => {
    const dir = join(work, "restart");
    const store = openStore(dir);
    const study = store.saveStudy({
      name: "t",
      yaml: "nqpf: 1\ntitle: t\ndata:\n  dataset: dea-deap-eg4\nsteps:\n  - {id: eff, method: dea, inputs: x, outputs: y}\n",
    });
    const [a, b] = [0, 1].map(() => store.createRun({ studyId: study.id, studyVersion: 1, parameters: {} }));
    store.close();
    const server = buildServer({ dataDir: dir, webDir: join(work, "no-web") });
    try {
      for (const run of [a!, b!]) expect((await server.inject(`/api/runs/${run.id}/events`)).body, run.id).toMatch(/event: finished/);
      const [ra, rb] = await Promise.all([a!, b!].map(async (r) => (await server.inject(`/api/runs/${r.id}`)).json<{ status: string; started: string; finished: string }>()));
      expect([ra!.status, rb!.status]).toEqual(["done", "done"]);
      expect(rb!.started >= ra!.finished).toBe(true);
    } finally {
      await server.close();
    }
  });
});
