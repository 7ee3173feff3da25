/**
 * Run routes: GET/POST /api/runs, GET /api/runs/:id, /events (server-sent events: status, step, finished, failed,
 * cancelled), /files, /files/<path>, /report, /results (results.json), /study (the study text the run used) and
 * POST /api/runs/:id/cancel. Output files are served only from the run's folder (no path leaves it, symbolic links
 * included); HTML gets a CSP that allows only its own inline scripts by hash.
 */
import { createReadStream, existsSync } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { extname, join, relative, resolve, sep } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { InputIssue } from "../../errors.js";
import { notFound } from "../replies.js";
import type { RunEvent, RunQueue } from "../run-queue.js";
import { BASE_CSP, htmlCsp } from "../security.js";
import type { RunRecord, Store } from "../store.js";
import { UUID } from "./studies.js";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".tex": "text/x-tex; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".yaml": "text/yaml; charset=utf-8",
};

/**
 * A run as the API shows it, with the links to its events, files, report, results and study.
 * @param run the store's record
 * @returns the JSON body
 */
export function runJson(run: RunRecord): unknown {
  const base = `/api/runs/${run.id}`;
  return {
    ...run,
    links: {
      events: `${base}/events`,
      files: `${base}/files`,
      report: `${base}/report`,
      results: `${base}/results`,
      study: `${base}/study`,
      cancel: `${base}/cancel`,
    },
  };
}

/** Every file below `dir`, relative with "/" separators, sorted; temporary files of atomic writes are left out. */
async function listFiles(dir: string): Promise<{ path: string; bytes: number }[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: { path: string; bytes: number }[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split(sep).join("/");
    if (/(^|\/)\.[^/]*\.tmp/.test(path) || path.endsWith(".tmp")) continue;
    out.push({ path, bytes: (await stat(full)).size });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Ends an event stream: the run is over. */
function isFinal(event: RunEvent): boolean {
  return event.type === "finished" || event.type === "failed" || event.type === "cancelled";
}

/**
 * Registers the run routes.
 * Reference: the HTML Living Standard, server-sent events (text/event-stream).
 * @param app the server
 * @param store the store
 * @param queue the run queue
 */
export function runRoutes(app: FastifyInstance, store: Store, queue: RunQueue): void {
  const uuid = new RegExp(UUID);
  const runOf = (id: string): RunRecord | undefined => (uuid.test(id) ? store.getRun(id) : undefined);

  app.get("/api/runs", (_request, reply) => reply.send({ runs: store.listRuns().map(runJson) }));

  app.post<{ Body: { studyId: string; version?: number; lang?: "en" | "zh" } }>(
    "/api/runs",
    {
      schema: {
        body: {
          type: "object",
          properties: {
            studyId: { type: "string", maxLength: 100 },
            version: { type: "integer", minimum: 1 },
            lang: { type: "string", enum: ["en", "zh"] },
          },
          required: ["studyId"],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { studyId, version, lang } = request.body;
      const study = store.getStudy(studyId, version);
      if (study === undefined) return notFound(reply, `study ${studyId}${version !== undefined ? ` version ${version}` : ""}`);
      const run = store.createRun({ studyId: study.id, studyVersion: study.version, parameters: { lang: lang ?? "en" } });
      queue.enqueue(run);
      return reply.code(202).send(runJson(store.getRun(run.id) ?? run));
    },
  );

  app.get<{ Params: { id: string } }>("/api/runs/:id", async (request, reply) => {
    const run = runOf(request.params.id);
    return run === undefined ? notFound(reply, `run ${request.params.id}`) : runJson(run);
  });

  app.post<{ Params: { id: string } }>("/api/runs/:id/cancel", async (request, reply) => {
    const run = runOf(request.params.id);
    if (run === undefined) return notFound(reply, `run ${request.params.id}`);
    if (!(await queue.cancel(run.id))) {
      const now = store.getRun(run.id)!;
      return reply.code(409).send({
        error: "conflict",
        status: now.status,
        message: `the run has ${now.status === "done" ? "finished" : now.status === "failed" ? "failed" : "been cancelled"} already; only queued or running runs can be cancelled`,
      });
    }
    return runJson(store.getRun(run.id)!);
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id/events", async (request, reply) => {
    const run = runOf(request.params.id);
    if (run === undefined) return notFound(reply, `run ${request.params.id}`);
    const channel = queue.channel(run.id);
    const past: RunEvent[] =
      channel !== undefined
        ? [...channel.events]
        : run.status === "done"
          ? [{ type: "finished", files: (await listFiles(store.runDir(run.id))).length }]
          : run.status === "failed"
            ? [{ type: "failed", error: run.error ?? "failed", ...(Array.isArray(run.issues) ? { issues: run.issues as InputIssue[] } : {}) }]
            : run.status === "cancelled"
              ? [{ type: "cancelled" }]
              : [{ type: "status", status: run.status }];
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": BASE_CSP,
    });
    const stream = { ended: false };
    const send = (event: RunEvent): void => {
      if (stream.ended) return;
      raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      if (isFinal(event)) {
        stream.ended = true;
        channel?.listeners.delete(send);
        raw.end();
      }
    };
    for (const event of past) send(event);
    if (!stream.ended) {
      if (channel === undefined) {
        stream.ended = true;
        raw.end();
      } else {
        channel.listeners.add(send);
        raw.on("close", () => channel.listeners.delete(send));
      }
    }
    return reply;
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id/files", async (request, reply) => {
    const run = runOf(request.params.id);
    if (run === undefined) return notFound(reply, `run ${request.params.id}`);
    return { files: await listFiles(store.runDir(run.id)) };
  });

  const sendRunFile = async (reply: FastifyReply, run: RunRecord, rel: string): Promise<FastifyReply> => {
    const base = store.runDir(run.id);
    const parts = rel.split("/");
    if (rel.includes("\0") || rel.includes("\\") || parts.some((p) => p === "" || p === "." || p === ".."))
      return notFound(reply, `file ${rel}`);
    const full = resolve(base, ...parts);
    if (!full.startsWith(base + sep) || !existsSync(full)) return notFound(reply, `file ${rel}`);
    const real = await realpath(full);
    const realBase = await realpath(base);
    if (!real.startsWith(realBase + sep) || !(await stat(real)).isFile()) return notFound(reply, `file ${rel}`);
    const ext = extname(real).toLowerCase();
    const type = CONTENT_TYPES[ext] ?? "application/octet-stream";
    const fileName = parts.at(-1)!;
    void reply.header("content-type", type).header("cache-control", "no-store");
    if (ext === ".html") {
      const html = await readFile(real, "utf8");
      return reply.header("content-security-policy", htmlCsp(html)).send(html);
    }
    if (ext === ".svg") void reply.header("content-security-policy", `${BASE_CSP}; style-src 'unsafe-inline'; sandbox`);
    if (ext !== ".svg" && ext !== ".png")
      void reply.header(
        "content-disposition",
        `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      );
    return reply.send(createReadStream(real));
  };

  app.get<{ Params: { id: string; "*": string } }>("/api/runs/:id/files/*", async (request, reply) => {
    const run = runOf(request.params.id);
    if (run === undefined) return notFound(reply, `run ${request.params.id}`);
    return sendRunFile(reply, run, request.params["*"]);
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id/report", async (request, reply) => {
    const run = runOf(request.params.id);
    if (run === undefined) return notFound(reply, `run ${request.params.id}`);
    if (run.status !== "done") return notFound(reply, `report: the run is ${run.status}`);
    // Served from files/ so that the report's relative links (tables/, figures/, tables.xlsx) resolve.
    return reply.redirect(`/api/runs/${run.id}/files/report.html`, 303);
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id/results", async (request, reply) => {
    const run = runOf(request.params.id);
    if (run === undefined) return notFound(reply, `run ${request.params.id}`);
    const file = join(store.runDir(run.id), "results.json");
    if (run.status !== "done" || !existsSync(file)) return notFound(reply, `results: the run is ${run.status}`);
    return reply
      .header("content-type", "application/json; charset=utf-8")
      .header("cache-control", "no-store")
      .send(createReadStream(file));
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id/study", async (request, reply) => {
    const run = runOf(request.params.id);
    const study = run !== undefined ? store.getStudy(run.studyId, run.studyVersion) : undefined;
    if (run === undefined || study === undefined) return notFound(reply, `run ${request.params.id}`);
    return reply
      .header("content-type", "text/yaml; charset=utf-8")
      .header("cache-control", "no-store")
      .header("content-disposition", 'attachment; filename="study.yaml"')
      .send(study.yaml);
  });
}
