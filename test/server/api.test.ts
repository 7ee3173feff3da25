/**
 * The HTTP API in process (fastify.inject, no bound port): upload → study → run → events → files, the 422/413/404
 * answers, the token rule for non-loopback binds, and a server reopened on the same data folder.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multipart } from "./helpers.js";
import type { InputIssue } from "../../src/errors.js";
import { buildServer, serverInfo } from "../../src/server/app.js";
import { INTERRUPTED, openStore } from "../../src/server/store.js";

const work = mkdtempSync(join(tmpdir(), "nqpf-api-"));
const dataDir = join(work, "data");
const UPLOAD_LIMIT = 64 * 1024;
let app: FastifyInstance;

beforeAll(() => {
  app = buildServer({ dataDir, uploadLimit: UPLOAD_LIMIT });
});
afterAll(async () => {
  await app.close();
  rmSync(work, { recursive: true, force: true });
});

/** 4 units × 3 years; x, y positive (the study test fixture small-panel.csv, kept here byte for byte). */
const PANEL = readFileSync(join(import.meta.dirname, "../study/fixtures/small-panel.csv"));
const sha256 = (bytes: string | Buffer): string => createHash("sha256").update(bytes).digest("hex");

async function upload(fileName: string, content: string | Buffer) {
  return app.inject({ method: "POST", url: "/api/datasets", ...multipart(fileName, content) });
}

function studyYaml(file: string, steps = "  - {id: eff, method: dea, inputs: x, outputs: y}\n"): string {
  return `nqpf: 1\ntitle: small\ndata:\n  file: ${file}\n  entity: unit\n  time: year\nsteps:\n${steps}`;
}

function issuesOf(body: string): InputIssue[] {
  return (JSON.parse(body) as { issues: InputIssue[] }).issues;
}

/** Starts a run of `yaml` and waits for its end through the event stream (which closes when the run ends). */
async function runToEnd(yaml: string): Promise<{ runId: string; events: string }> {
  const study = await app.inject({ method: "POST", url: "/api/studies", payload: { yaml } });
  expect(study.statusCode, study.body).toBe(201);
  const run = await app.inject({ method: "POST", url: "/api/runs", payload: { studyId: study.json<{ id: string }>().id } });
  expect(run.statusCode, run.body).toBe(202);
  const runId = run.json<{ id: string }>().id;
  const events = await app.inject(`/api/runs/${runId}/events`);
  expect(events.headers["content-type"]).toMatch(/^text\/event-stream/);
  return { runId, events: events.body };
}

describe("datasets", () => {
  it("GET /api/health answers ok", async () => {
    const res = await app.inject("/api/health");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "ok" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("POST /api/datasets stores the upload under its SHA-256, sniffs the format and lists it", async () => {
    const res = await upload("panel.csv", PANEL);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ id: string; format: string; rows: number; columns: number; name: string; reference: string }>();
    expect(body).toMatchObject({ id: sha256(PANEL), format: "csv", rows: 12, columns: 7, name: "panel.csv" });
    expect(body.reference).toBe(`upload:${sha256(PANEL)}`);
    expect(readFileSync(join(dataDir, "datasets", body.id)).equals(PANEL)).toBe(true);
    const list = await app.inject("/api/datasets");
    const lists = list.json<{ bundled: { name: string }[]; uploaded: { id: string }[] }>();
    expect(lists.uploaded.map((d) => d.id)).toContain(body.id);
    expect(lists.bundled.map((d) => d.name)).toContain("pwt1001");
  });

  it("the content, not the extension, decides the format (CSV bytes named .xlsx are read as CSV)", async () => {
    const text = "unit,year,v\nA,2000,1\nB,2000,2\n";
    const res = await upload("looks-like.xlsx", text);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: "csv", rows: 2, id: sha256(text) });
  });

  it("GET /api/datasets/:id/preview gives the first rows and a column summary", async () => {
    const res = await app.inject(`/api/datasets/${sha256(PANEL)}/preview?rows=3`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ rowCount: number; rows: unknown[][]; columns: { name: string; min?: number; max?: number }[] }>();
    expect(body.rowCount).toBe(12);
    expect(body.rows).toEqual([
      ["A", "Alpha", "North", 2001, 2, 2, 10],
      ["A", "Alpha", "North", 2002, 2, 3, 11],
      ["A", "Alpha", "North", 2003, 2.5, 3.5, 12],
    ]);
    // x column of the file: 2, 2, 2.5, 3, 3, 3.2, 1, 0.5, 0.6, 4, 4, 4.2
    expect(body.columns.find((c) => c.name === "x")).toMatchObject({ type: "number", missing: 0, min: 0.5, max: 4.2 });
  });

  it("a malformed CSV is refused with 422 and the located issue", async () => {
    const res = await upload("ragged.csv", "unit,year,x\nA,2001,1\nB,2001,2,9\n");
    expect(res.statusCode, res.body).toBe(422);
    const [first] = issuesOf(res.body);
    expect(first).toMatchObject({ file: "ragged.csv", row: 3 });
  });

  it("an upload over the limit is refused with 413 while streaming, and nothing is kept", async () => {
    const big = `unit,year,x\n${"A,2001,1\n".repeat(Math.ceil((2 * UPLOAD_LIMIT) / 9))}`;
    const res = await upload("big.csv", big);
    expect(res.statusCode, res.body).toBe(413);
    expect(issuesOf(res.body)[0]).toMatchObject({ code: "bad_argument", file: "big.csv" });
    const list = (await app.inject("/api/datasets")).json<{ uploaded: { name: string }[] }>();
    expect(list.uploaded.map((d) => d.name)).not.toContain("big.csv");
  });

  it("an unknown dataset id gives 404", async () => {
    expect((await app.inject(`/api/datasets/${"0".repeat(64)}/preview`)).statusCode).toBe(404);
    expect((await app.inject("/api/datasets/no-such-set/preview")).statusCode).toBe(404);
  });
});

describe("studies", () => {
  it("POST /api/studies saves a version per save; GET /api/studies/:id gives the latest or the version asked for", async () => {
    const yaml = studyYaml(`upload:${sha256(PANEL)}`);
    const first = await app.inject({ method: "POST", url: "/api/studies", payload: { yaml } });
    expect(first.statusCode, first.body).toBe(201);
    const { id } = first.json<{ id: string }>();
    const second = await app.inject({ method: "POST", url: "/api/studies", payload: { yaml: `${yaml}# v2\n`, id } });
    expect(second.json()).toMatchObject({ id, version: 2, name: "small" });
    const latest = await app.inject(`/api/studies/${id}`);
    expect(latest.json()).toMatchObject({ version: 2, versions: [1, 2] });
    expect((await app.inject(`/api/studies/${id}?version=1`)).json()).toMatchObject({ version: 1, yaml });
  });

  it("bad YAML gives 422 with the line", async () => {
    const res = await app.inject({ method: "POST", url: "/api/studies", payload: { yaml: "nqpf: 1\ntitle: [unclosed\n" } });
    expect(res.statusCode).toBe(422);
    expect(issuesOf(res.body)[0]).toMatchObject({ code: "bad_value", file: "study.yaml" });
    expect(issuesOf(res.body)[0]!.row).toBeGreaterThan(0);
  });

  it("a study with an unknown method gives 422 with its path", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/studies",
      payload: { yaml: studyYaml(`upload:${sha256(PANEL)}`, "  - {id: eff, method: deaa, inputs: x, outputs: y}\n") },
    });
    expect(res.statusCode).toBe(422);
    expect(issuesOf(res.body).some((i) => i.path?.[0] === "steps" && i.row === 8)).toBe(true);
  });

  it("a study naming an unknown upload, a file path or an unknown bundled dataset gives 422 unknown_dataset", async () => {
    for (const [data, key] of [
      [`  file: upload:${"0".repeat(64)}\n`, "file"],
      ["  file: /etc/passwd\n", "file"],
      ["  dataset: no-such-dataset\n", "dataset"],
    ] as const) {
      const yaml = `nqpf: 1\ntitle: t\ndata:\n${data}steps:\n  - {id: eff, method: dea, inputs: x, outputs: y}\n`;
      const res = await app.inject({ method: "POST", url: "/api/studies", payload: { yaml } });
      expect(res.statusCode, data).toBe(422);
      expect(issuesOf(res.body)[0]).toMatchObject({ code: "unknown_dataset", path: ["data", key], row: 4 });
    }
  });

  it("a body without yaml, or with unknown fields, gives 422 issues", async () => {
    const res = await app.inject({ method: "POST", url: "/api/studies", payload: { text: "x" } });
    expect(res.statusCode).toBe(422);
    expect(issuesOf(res.body).length).toBeGreaterThan(0);
  });

  it("unknown study ids give 404", async () => {
    expect((await app.inject(`/api/studies/${randomUUID()}`)).statusCode).toBe(404);
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { studyId: randomUUID() } });
    expect(res.statusCode).toBe(404);
  });
});

describe("runs", () => {
  let runId = "";
  let events = "";
  beforeAll(async () => {
    ({ runId, events } = await runToEnd(studyYaml(`upload:${sha256(PANEL)}`)));
  });

  it("POST /api/runs runs the study; the event stream reports the step and the end", async () => {
    expect(events).toContain("event: status");
    expect(events).toMatch(/event: step\ndata: \{"type":"step","step":"eff","method":"dea","index":0,"total":1,"phase":"start"\}/);
    expect(events).toMatch(/"phase":"done"/);
    expect(events).toMatch(/event: finished\n/);
    const run = await app.inject(`/api/runs/${runId}`);
    expect(run.json()).toMatchObject({ id: runId, status: "done", error: null });
    // A finished run's stream answers at once with its end.
    expect((await app.inject(`/api/runs/${runId}/events`)).body).toMatch(/event: finished/);
  });

  it("GET /api/runs/:id/files lists the outputs; the xlsx and the manifest download", async () => {
    const files = (await app.inject(`/api/runs/${runId}/files`)).json<{ files: { path: string; bytes: number }[] }>().files;
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["report.html", "tables.xlsx", "manifest.json"]));
    expect(paths.some((p) => p.startsWith("tables/") && p.endsWith(".csv"))).toBe(true);
    const xlsx = await app.inject(`/api/runs/${runId}/files/tables.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
    expect(xlsx.rawPayload.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(xlsx.rawPayload.length).toBe(files.find((f) => f.path === "tables.xlsx")!.bytes);
    const manifest = (await app.inject(`/api/runs/${runId}/files/manifest.json`)).json<{
      inputs: { role: string; sha256: string; path: string }[];
    }>();
    expect(manifest.inputs.find((i) => i.role === "file")).toMatchObject({ sha256: sha256(PANEL), path: "panel.csv" });
    expect(manifest.inputs[0]!.role).toBe("study");
  });

  it("GET /api/runs/:id/report leads to report.html, served with a strict CSP", async () => {
    const res = await app.inject(`/api/runs/${runId}/report`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/api/runs/${runId}/files/report.html`);
    const html = await app.inject(res.headers.location!);
    expect(html.statusCode).toBe(200);
    expect(html.headers["content-type"]).toMatch(/^text\/html/);
    const csp = String(html.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toMatch(/script-src ('sha256-[A-Za-z0-9+/=]+' ?)+;|script-src 'none';/);
    expect(html.body).toContain("<html");
  });

  it("file paths outside the run folder are not served", async () => {
    for (const path of ["..%2F..%2Fnqpf.db", "%2e%2e/%2e%2e/nqpf.db", "tables/..%2F..%2F..%2Fnqpf.db", "no-such.csv", "tables"])
      expect((await app.inject(`/api/runs/${runId}/files/${path}`)).statusCode, path).toBe(404);
  });

  it("a run whose study names a missing column fails with the located issues", async () => {
    const failed = await runToEnd(studyYaml(`upload:${sha256(PANEL)}`, "  - {id: eff, method: dea, inputs: nosuch, outputs: y}\n"));
    expect(failed.events).toMatch(/event: failed/);
    const run = (await app.inject(`/api/runs/${failed.runId}`)).json<{ status: string; issues: InputIssue[] }>();
    expect(run.status).toBe("failed");
    expect(run.issues[0]).toMatchObject({ code: "missing_column", column: "nosuch", path: ["steps", 0, "inputs"] });
  });

  it("unknown run ids give 404", async () => {
    for (const path of ["", "/events", "/files", "/files/report.html", "/report"])
      expect((await app.inject(`/api/runs/${randomUUID()}${path}`)).statusCode, path).toBe(404);
    expect((await app.inject("/api/runs/not-a-uuid")).statusCode).toBe(404);
    expect((await app.inject("/api/nothing-here")).statusCode).toBe(404);
  });
});

describe("security", () => {
  it("a non-loopback bind needs the token: 401 without or with a wrong one, 200 with it", async () => {
    const open = buildServer({ dataDir: join(work, "lan"), host: "0.0.0.0" });
    try {
      const token = serverInfo(open).token!;
      expect(token.length).toBeGreaterThanOrEqual(24);
      expect((await open.inject("/api/health")).statusCode).toBe(401);
      expect((await open.inject({ url: "/api/health", headers: { authorization: "Bearer wrong" } })).statusCode).toBe(401);
      expect((await open.inject({ url: "/api/health", headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
      const byQuery = await open.inject(`/api/health?token=${encodeURIComponent(token)}`);
      expect(byQuery.statusCode).toBe(200);
      expect(String(byQuery.headers["set-cookie"])).toContain("HttpOnly");
      expect((await open.inject({ url: "/api/datasets", headers: { cookie: `nqpf_token=${token}` } })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
    const given = buildServer({ dataDir: join(work, "lan"), host: "192.168.1.20", token: "s3cret-token" });
    try {
      expect(serverInfo(given).token).toBe("s3cret-token");
      expect((await given.inject("/api/health")).statusCode).toBe(401);
      expect((await given.inject("/api/health?token=s3cret-token")).statusCode).toBe(200);
    } finally {
      await given.close();
    }
  });

  it("on loopback without a token: no token needed, but foreign Host names and cross-origin posts are refused", async () => {
    expect(serverInfo(app).token).toBeUndefined();
    expect((await app.inject({ url: "/api/health", headers: { host: "evil.example:5178" } })).statusCode).toBe(403);
    const res = await app.inject({
      method: "POST",
      url: "/api/studies",
      headers: { origin: "http://evil.example" },
      payload: { yaml: "nqpf: 1\n" },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe("reopening the data folder", () => {
  it("keeps datasets, studies and runs; a run left running is failed as interrupted; the bytes are intact", async () => {
    const dir = join(work, "reopen");
    const first = buildServer({ dataDir: dir });
    const up = await first.inject({ method: "POST", url: "/api/datasets", ...multipart("panel.csv", PANEL) });
    const id = up.json<{ id: string }>().id;
    const study = (
      await first.inject({ method: "POST", url: "/api/studies", payload: { yaml: studyYaml(`upload:${id}`) } })
    ).json<{ id: string }>();
    await first.close();
    // A run the process was in the middle of when it died.
    const store = openStore(dir);
    const crashed = store.createRun({ studyId: study.id, studyVersion: 1, parameters: {} });
    store.startRun(crashed.id);
    store.close();

    const second = buildServer({ dataDir: dir });
    try {
      expect((await second.inject(`/api/studies/${study.id}`)).json()).toMatchObject({ name: "small", version: 1 });
      const datasets = (await second.inject("/api/datasets")).json<{ uploaded: { id: string }[] }>();
      expect(datasets.uploaded.map((d) => d.id)).toEqual([id]);
      expect(sha256(readFileSync(join(dir, "datasets", id)))).toBe(id);
      expect((await second.inject(`/api/runs/${crashed.id}`)).json()).toMatchObject({ status: "failed", error: INTERRUPTED });
      expect((await second.inject(`/api/runs/${crashed.id}/events`)).body).toContain("event: failed");
    } finally {
      await second.close();
    }
  });
});
