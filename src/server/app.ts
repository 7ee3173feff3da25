/**
 * The HTTP API of `nqpf serve`: uploaded datasets (content-addressed, sniffed and checked with readTable), studies
 * (YAML, a version per save), runs of the one study pipeline (in process, one at a time, progress as server-sent
 * events) and their output files. A study names an uploaded dataset as `file: upload:<sha256>`; no path a client
 * sends ever reaches the file system. Bad input is answered 422 `{ issues }`, unknown ids 404. Bound to a
 * non-loopback address, every request needs the access token (Authorization: Bearer, ?token= or the cookie a
 * ?token= request sets); on loopback without a token, only loopback Host names are served (DNS rebinding).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { readdir, readFile, realpath, rm, stat } from "node:fs/promises";
import { extname, join, relative, resolve, sep } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import multipart from "@fastify/multipart";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { NqpfInputError, isNqpfInputError, issue, issuesToJson, type InputIssue } from "../errors.js";
import { DATASETS, findDataset, type DatasetSpec } from "../io/dataset-registry.js";
import { dataDirectory, datasetPath, loadDataset, loadDatasetTable, loadMap } from "../io/datasets.js";
import { readTable } from "../io/read-table.js";
import { bundledSystems, loadIndicatorSystem } from "../io/systems.js";
import { fileSha256, writeStudyOutputs, type StudyInputFile } from "../report/write-study.js";
import { resolvedStudy } from "../cli/commands/run.js";
import type { StudyProblem } from "../study/problems.js";
import { runStudy, type StudyIO, type StudyProgress } from "../study/run.js";
import { checkStudy, parseStudy, studyIssues, type Study } from "../study/schema.js";
import { cell, missingCount, type Table } from "../table/table.js";
import { VERSION } from "../version.js";
import { openStore, type DatasetRecord, type RunRecord, type Store } from "./store.js";

/** Options of {@link buildServer}. */
export interface ServerOptions {
  /** The data folder (database, uploads, run outputs). */
  readonly dataDir: string;
  /** The address the server will listen on; decides whether a token is required (default 127.0.0.1). */
  readonly host?: string;
  /** Access token; generated when the host is not loopback and none is given. */
  readonly token?: string;
  /** Largest upload in bytes (default 200 MB). */
  readonly uploadLimit?: number;
  /** Fastify logging (default off). */
  readonly logger?: boolean;
}

/** What a built server was set up with. */
export interface ServerInfo {
  /** The access token every request must carry, or undefined (loopback without a token). */
  readonly token: string | undefined;
  readonly dataDir: string;
  readonly store: Store;
}

/** Default upload limit: 200 MB. */
export const DEFAULT_UPLOAD_LIMIT = 200 * 1024 * 1024;

/** How a study names an uploaded dataset: `file: upload:<sha256>`. */
export const UPLOAD_PREFIX = "upload:";

const UPLOAD_REF = /^upload:([0-9a-f]{64})$/;
const SHA256 = "^[0-9a-f]{64}$";
const UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const COOKIE = "nqpf_token";
const BASE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const infos = new WeakMap<FastifyInstance, ServerInfo>();

/**
 * True for an address that only this machine can reach (127.0.0.0/8, ::1, localhost).
 * @param host a host name or IP address
 * @returns whether binding there keeps the server local
 */
export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The token, data folder and store a server built by {@link buildServer} uses.
 * @param app the server
 * @returns its settings
 * @throws TypeError for an app buildServer did not build
 */
export function serverInfo(app: FastifyInstance): ServerInfo {
  const info = infos.get(app);
  if (info === undefined) throw new TypeError("serverInfo: the app was not built by buildServer");
  return info;
}

/** One progress event of a run, as sent on /api/runs/:id/events. */
export type RunEvent =
  | { readonly type: "status"; readonly status: "queued" | "running" }
  | ({ readonly type: "step" } & StudyProgress)
  | { readonly type: "finished"; readonly files: number }
  | { readonly type: "failed"; readonly error: string; readonly issues?: readonly InputIssue[] };

interface RunChannel {
  readonly events: RunEvent[];
  readonly listeners: Set<(event: RunEvent) => void>;
}

function notFound(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ error: "not_found", message: `no ${what}` });
}

function bearer(request: FastifyRequest): { token: string; from: "header" | "query" | "cookie" } | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith("Bearer ") === true) return { token: auth.slice(7).trim(), from: "header" };
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  if (typeof query === "string") return { token: query, from: "query" };
  const cookie = request.headers.cookie
    ?.split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${COOKIE}=`));
  return cookie !== undefined ? { token: cookie.slice(COOKIE.length + 1), from: "cookie" } : undefined;
}

function sameToken(given: string, token: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b);
}

/** The CSP of an HTML file: its inline scripts allowed by hash, nothing loaded from elsewhere. */
function htmlCsp(html: string): string {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash("sha256").update(m[1]!).digest("base64")}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${hashes.length > 0 ? hashes.join(" ") : "'none'"}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".tex": "text/x-tex; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/** A file name safe to show and to use as an issue's `file`: the last path part, printable, at most 200 characters. */
function displayName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are removed from client-given names
  const base = (name ?? "").split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return base === "" ? "upload" : base.slice(0, 200);
}

/** Summary of each column for a preview: type, missing cells, and min/max/mean of numbers or distinct texts. */
function columnSummary(t: Table): unknown[] {
  return t.columns.map((column) => {
    const missing = missingCount(column);
    if (column.type === "number") {
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let n = 0;
      for (let i = 0; i < column.values.length; i++) {
        if (column.missing[i] !== 0) continue;
        const v = column.values[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
        n++;
      }
      return {
        name: column.name,
        type: "number",
        missing,
        ...(n > 0 ? { min, max, mean: sum / n } : {}),
      };
    }
    const distinct = new Set<string>();
    for (const v of column.values) if (v !== null && distinct.size <= 1000) distinct.add(v);
    return { name: column.name, type: "string", missing, distinct: distinct.size > 1000 ? ">1000" : distinct.size };
  });
}

function previewJson(t: Table, rows: number): unknown {
  const shown = Math.min(rows, t.rowCount);
  const data: (number | string | null)[][] = [];
  for (let r = 0; r < shown; r++)
    data.push(
      t.columns.map((c) => {
        const v = cell(c, r);
        return typeof v === "number" && !Number.isFinite(v) ? null : v;
      }),
    );
  return { rowCount: t.rowCount, columns: columnSummary(t), rows: data };
}

function datasetJson(d: DatasetRecord): unknown {
  return { ...d, reference: `${UPLOAD_PREFIX}${d.id}` };
}

function bundledJson(d: DatasetSpec): unknown {
  return {
    name: d.name,
    title: d.title,
    ...(d.titleZh !== undefined ? { titleZh: d.titleZh } : {}),
    kind: d.kind,
    rows: d.rows,
    licence: d.licence,
    source: d.source,
  };
}

function runJson(run: RunRecord): unknown {
  return { ...run, links: { events: `/api/runs/${run.id}/events`, files: `/api/runs/${run.id}/files`, report: `/api/runs/${run.id}/report` } };
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

/** The uploads and bundled datasets a study names that do not exist, located in the study. */
function unknownReferences(study: Study, store: Store): InputIssue[] {
  const checked = checkStudy(study);
  if (checked.study === undefined) return [];
  const problems: StudyProblem[] = [];
  const check = (entry: { readonly dataset?: string; readonly file?: string; readonly path: readonly (string | number)[] }): void => {
    if (entry.file !== undefined) {
      const match = UPLOAD_REF.exec(entry.file);
      if (match === null)
        problems.push({
          path: [...entry.path, "file"],
          code: "unknown_dataset",
          message: `"${entry.file}" is not an uploaded dataset`,
          hint: "on the server, upload the file first and name it as file: upload:<id> (the id the upload answered)",
        });
      else if (store.getDataset(match[1]!) === undefined)
        problems.push({
          path: [...entry.path, "file"],
          code: "unknown_dataset",
          message: `no uploaded dataset ${match[1]!}`,
          hint: "upload the file again; GET /api/datasets lists the uploads",
        });
    }
    if (entry.dataset !== undefined && findDataset(entry.dataset) === undefined)
      problems.push({
        path: [...entry.path, "dataset"],
        code: "unknown_dataset",
        message: `no bundled dataset called "${entry.dataset}"`,
        hint: `bundled datasets: ${DATASETS.filter((d) => d.kind !== "map").map((d) => d.name).join(", ")}`,
      });
  };
  for (const source of checked.study.sources) check(source);
  for (const attributes of checked.study.attributes) check(attributes);
  return problems.length > 0 ? studyIssues(study, problems) : [];
}

/** The StudyIO of the server: bundled datasets, systems and maps by name; files only as uploads from the store. */
function storeStudyIO(store: Store): { io: StudyIO; inputs: () => Promise<StudyInputFile[]> } {
  const read = new Map<string, Promise<StudyInputFile>>();
  const recordBundled = (spec: DatasetSpec, role: StudyInputFile["role"]): void => {
    if (spec.compose !== undefined) {
      for (const name of [...spec.compose.datasets, ...(spec.compose.attributes ? [spec.compose.attributes.dataset] : [])]) {
        const part = findDataset(name);
        if (part !== undefined) recordBundled(part, role);
      }
      return;
    }
    const path = datasetPath(spec);
    if (!read.has(path))
      read.set(
        path,
        fileSha256(path).then((h) => ({ role, name: spec.name, path: `data/${spec.file}`, ...h })),
      );
  };
  const upload = (path: string): DatasetRecord => {
    const match = UPLOAD_REF.exec(path);
    const record = match !== null ? store.getDataset(match[1]!) : undefined;
    if (record === undefined)
      throw new NqpfInputError([
        {
          code: "unknown_dataset",
          file: path,
          message: `"${path}" is not an uploaded dataset`,
          hint: "upload the file and name it as file: upload:<id>",
        },
      ]);
    return record;
  };
  const io: StudyIO = {
    async loadDataset(name) {
      const spec = findDataset(name);
      const loaded = spec?.kind === "panel" ? await loadDataset(name) : await loadDatasetTable(name);
      if (spec !== undefined) recordBundled(spec, "dataset");
      return loaded;
    },
    async readTable(path, options) {
      const record = upload(path);
      const result = await readTable(store.datasetFile(record.id), {
        file: record.name,
        format: options.format ?? (record.format as "csv" | "xlsx" | "dta" | "json"),
        ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      });
      read.set(record.id, Promise.resolve({ role: "file", name: path, path: record.name, sha256: record.id, bytes: record.bytes }));
      return result.table;
    },
    async loadSystem(name) {
      const file = bundledSystems().includes(name)
        ? ["yaml", "yml", "json"].map((ext) => join(dataDirectory(), "systems", `${name}.${ext}`)).find((f) => existsSync(f))
        : undefined;
      if (file === undefined)
        throw new NqpfInputError([
          {
            ...issue.fileNotFound(name),
            code: "unknown_dataset",
            hint: `on the server, name a bundled system: ${bundledSystems().join(", ")}`,
          },
        ]);
      const loaded = await loadIndicatorSystem(file);
      if (!read.has(file))
        read.set(file, fileSha256(file).then((h) => ({ role: "system", name, path: `data/systems/${file.split(sep).pop()!}`, ...h })));
      return loaded;
    },
    async loadMap(name) {
      const spec = findDataset(name);
      if (spec?.kind !== "map")
        throw new NqpfInputError([
          {
            code: "unknown_dataset",
            message: `no bundled map called "${name}"`,
            hint: `bundled maps: ${DATASETS.filter((d) => d.kind === "map").map((d) => d.name).join(", ")}`,
          },
        ]);
      const map = await loadMap(name);
      recordBundled(spec, "map");
      return map;
    },
  };
  const roles: readonly StudyInputFile["role"][] = ["study", "dataset", "file", "system", "map"];
  return {
    io,
    async inputs() {
      const all = await Promise.all(read.values());
      return all.sort(
        (a, b) => roles.indexOf(a.role) - roles.indexOf(b.role) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
      );
    },
  };
}

/**
 * Builds the HTTP API (never listens; the caller does, or tests use `inject`). Opens the store in `dataDir` (runs a
 * crash left running are marked failed) and queues the runs left queued. Routes: GET /api/health; GET/POST
 * /api/datasets, GET /api/datasets/:id/preview; GET/POST /api/studies, GET /api/studies/:id; GET/POST /api/runs,
 * GET /api/runs/:id, /events (SSE), /files, /files/*, /report.
 * Reference: Fastify 5 (https://fastify.dev/docs/latest/Reference/); the HTML Living Standard's server-sent events.
 * @param options dataDir, host (default 127.0.0.1), token, uploadLimit (default 200 MB), logger
 * @returns the Fastify instance (close it to close the store)
 * @throws RangeError for an upload limit that is not a positive whole number
 * @example
 * const app = buildServer({ dataDir: "/tmp/nqpf" }); (await app.inject("/api/health")).json() // => { status: "ok", version: "0.1.0" }
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const uploadLimit = options.uploadLimit ?? DEFAULT_UPLOAD_LIMIT;
  if (!(Number.isInteger(uploadLimit) && uploadLimit > 0))
    throw new RangeError(`buildServer: uploadLimit must be a positive whole number of bytes; got ${uploadLimit}`);
  const host = options.host ?? "127.0.0.1";
  const token =
    options.token !== undefined && options.token !== ""
      ? options.token
      : isLoopback(host)
        ? undefined
        : randomBytes(24).toString("base64url");
  const store = openStore(options.dataDir);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 2 * 1024 * 1024 });
  infos.set(app, { token, dataDir: store.dir, store });
  void app.register(multipart, { limits: { fileSize: uploadLimit, files: 1, fields: 10 } });

  // ---- security ----------------------------------------------------------------------------------------------
  app.addHook("onRequest", async (request, reply) => {
    if (token !== undefined) {
      const given = bearer(request);
      if (given === undefined || !sameToken(given.token, token))
        return reply
          .code(401)
          .header("www-authenticate", 'Bearer realm="nqpf"')
          .send({ error: "unauthorized", message: "this server needs its access token (Authorization: Bearer <token> or ?token=)" });
      if (given.from === "query")
        void reply.header("set-cookie", `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    } else if (!isLoopback(request.hostname.replace(/:\d+$/, "")))
      return reply.code(403).send({ error: "forbidden", message: "this server answers only to localhost" });
    const origin = request.headers.origin;
    if (request.method !== "GET" && request.method !== "HEAD" && origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (originHost !== request.host)
        return reply.code(403).send({ error: "forbidden", message: "cross-origin requests are not accepted" });
    }
    return undefined;
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    void reply.header("x-content-type-options", "nosniff");
    void reply.header("referrer-policy", "no-referrer");
    void reply.header("cross-origin-resource-policy", "same-origin");
    if (!reply.hasHeader("content-security-policy")) void reply.header("content-security-policy", BASE_CSP);
    return payload;
  });

  // ---- errors -----------------------------------------------------------------------------------------------
  app.setErrorHandler(async (error, request, reply) => {
    if (isNqpfInputError(error)) return reply.code(422).send({ issues: issuesToJson(error.issues) });
    const e = error as { validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string; statusCode?: number; code?: string; message: string };
    if (e.validation !== undefined)
      return reply.code(422).send({
        issues: e.validation.map((v): InputIssue => {
          const path = [e.validationContext ?? "body", ...v.instancePath.split("/").filter((p) => p !== "")];
          const extra = v.params?.additionalProperty ?? v.params?.missingProperty;
          return {
            code: "bad_argument",
            path,
            message: `${path.join(".")}${typeof extra === "string" ? ` (${extra})` : ""}: ${v.message ?? "is not valid"}`,
            hint: "see the API description of this route",
          };
        }),
      });
    if (e.code === "FST_REQ_FILE_TOO_LARGE")
      return reply.code(413).send({ issues: [tooLarge(undefined, uploadLimit)] });
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)
      return reply.code(e.statusCode).send({ issues: [{ code: "bad_argument", message: e.message }] });
    request.log.error(error);
    return reply.code(500).send({ error: "internal", message: "internal error; see the server log" });
  });
  app.setNotFoundHandler(async (request, reply) => notFound(reply, `route ${request.method} ${request.url.split("?")[0]!}`));

  // ---- runs: queue and events ---------------------------------------------------------------------------------
  const channels = new Map<string, RunChannel>();
  const state = { closing: false };
  const closing = (): boolean => state.closing;
  let tail: Promise<void> = Promise.resolve();
  const emit = (id: string, event: RunEvent): void => {
    let channel = channels.get(id);
    if (channel === undefined) channels.set(id, (channel = { events: [], listeners: new Set() }));
    channel.events.push(event);
    for (const listener of channel.listeners) listener(event);
  };
  const execute = async (run: RunRecord): Promise<void> => {
    if (state.closing || !store.startRun(run.id)) return;
    emit(run.id, { type: "status", status: "running" });
    try {
      const saved = store.getStudy(run.studyId, run.studyVersion)!;
      const file = "study.yaml";
      const study = parseStudy(saved.yaml, file);
      const recording = storeStudyIO(store);
      const started = new Date();
      const t0 = performance.now();
      const stepTimes: { id: string; ms: number }[] = [];
      let stepStart = t0;
      let validateMs: number | undefined;
      const result = await runStudy(study, recording.io, {
        onProgress(event) {
          const now = performance.now();
          if (event.phase === "start") {
            validateMs ??= Math.round(now - t0);
            stepStart = now;
          } else stepTimes.push({ id: event.step, ms: Math.round(now - stepStart) });
          emit(run.id, { type: "step", ...event });
        },
      });
      const runMs = Math.round(performance.now() - t0);
      const checked = checkStudy(study);
      const studyBytes = Buffer.from(saved.yaml, "utf8");
      const lang = run.parameters.lang === "zh" ? "zh" : "en";
      const written = await writeStudyOutputs(result, store.runDir(run.id), {
        version: VERSION,
        inputs: [
          {
            role: "study",
            name: saved.name,
            path: `study:${saved.id}@${saved.version}`,
            sha256: createHash("sha256").update(studyBytes).digest("hex"),
            bytes: studyBytes.length,
          },
          ...(await recording.inputs()),
        ],
        study: checked.study !== undefined ? resolvedStudy(checked.study) : study,
        timings: { started: started.toISOString(), ...(validateMs !== undefined ? { validateMs } : {}), steps: stepTimes, runMs },
        platform: { node: process.version, os: process.platform, arch: process.arch },
        lang,
      });
      if (closing()) return;
      store.finishRun(run.id);
      emit(run.id, { type: "finished", files: written.files.length });
    } catch (error) {
      if (closing()) return;
      const issues = isNqpfInputError(error) ? issuesToJson(error.issues) : undefined;
      const message = isNqpfInputError(error)
        ? `the study has ${error.issues.length === 1 ? "a problem" : `${error.issues.length} problems`}: ${error.message}`
        : `internal error: ${error instanceof Error ? error.message.split("\n")[0]! : String(error)}`;
      if (!isNqpfInputError(error)) app.log.error(error);
      store.failRun(run.id, message, issues);
      emit(run.id, { type: "failed", error: message, ...(issues !== undefined ? { issues } : {}) });
    }
  };
  const enqueue = (run: RunRecord): void => {
    emit(run.id, { type: "status", status: "queued" });
    tail = tail.then(() => execute(run)).catch((error: unknown) => {
      app.log.error(error);
    });
  };
  for (const run of store.queuedRuns()) enqueue(run);
  app.addHook("onClose", (_instance, done) => {
    state.closing = true;
    for (const channel of channels.values()) channel.listeners.clear();
    store.close();
    done();
  });

  // ---- routes -------------------------------------------------------------------------------------------------
  const idParams = (pattern: string) => ({
    type: "object",
    properties: { id: { type: "string", pattern } },
    required: ["id"],
  });
  const runOf = (id: string): RunRecord | undefined => (new RegExp(UUID).test(id) ? store.getRun(id) : undefined);

  app.get("/api/health", (_request, reply) => reply.send({ status: "ok", version: VERSION }));

  app.get("/api/datasets", (_request, reply) =>
    reply.send({
      bundled: DATASETS.filter((d) => d.kind !== "map").map(bundledJson),
      uploaded: store.listDatasets().map(datasetJson),
    }),
  );

  app.post("/api/datasets", async (request, reply) => {
    const part = await request.file();
    if (part === undefined)
      throw new NqpfInputError([
        { code: "bad_argument", message: "the upload holds no file", hint: "send the file as multipart/form-data field \"file\"" },
      ]);
    const name = displayName(part.filename);
    const ext = extname(name).toLowerCase();
    // The content decides the format; the name's extension is kept only where content cannot tell (old binary
    // Stata files; a CSV whose first cell starts with "[" or "{").
    const temp = join(store.dir, "tmp", `${randomUUID()}${ext === ".dta" || ext === ".csv" ? ext : ""}`);
    const hash = createHash("sha256");
    let bytes = 0;
    try {
      await pipeline(
        part.file,
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
          },
        }),
        createWriteStream(temp, { flags: "wx" }),
      );
      if (part.file.truncated) throw Object.assign(new Error("too large"), { code: "FST_REQ_FILE_TOO_LARGE" });
    } catch (error) {
      await rm(temp, { force: true });
      if ((error as { code?: unknown }).code === "FST_REQ_FILE_TOO_LARGE")
        return reply.code(413).send({ issues: [tooLarge(name, uploadLimit)] });
      throw error;
    }
    if (bytes === 0) {
      await rm(temp, { force: true });
      throw new NqpfInputError([issue.emptyFile(name)]);
    }
    let result;
    try {
      result = await readTable(temp, { file: name });
    } catch (error) {
      await rm(temp, { force: true });
      if (isNqpfInputError(error)) throw error;
      throw new NqpfInputError(
        [
          {
            code: "corrupt_file",
            file: name,
            message: `the file cannot be read: ${error instanceof Error ? error.message.split("\n")[0]! : String(error)}`,
            hint: "upload a CSV, XLSX, Stata .dta or JSON table",
          },
        ],
        { cause: error },
      );
    }
    const record = store.addDataset(temp, {
      id: hash.digest("hex"),
      name,
      format: result.format,
      bytes,
      rows: result.table.rowCount,
      columns: result.table.columns.length,
    });
    return reply.code(201).send(datasetJson(record));
  });

  app.get<{ Params: { id: string }; Querystring: { rows?: number } }>(
    "/api/datasets/:id/preview",
    {
      schema: {
        params: idParams("^[A-Za-z0-9._-]{1,100}$"),
        querystring: { type: "object", properties: { rows: { type: "integer", minimum: 0, maximum: 1000 }, token: { type: "string" } } },
      },
    },
    async (request, reply) => {
      const rows = request.query.rows ?? 20;
      const { id } = request.params;
      if (new RegExp(SHA256).test(id)) {
        const record = store.getDataset(id);
        if (record === undefined) return notFound(reply, `dataset ${id}`);
        const read = await readTable(store.datasetFile(id), { file: record.name, format: record.format as "csv" });
        return { dataset: datasetJson(record), ...(previewJson(read.table, rows) as object) };
      }
      const spec = findDataset(id);
      if (spec === undefined || spec.kind === "map") return notFound(reply, `dataset ${id}`);
      const t = spec.kind === "panel" ? (await loadDataset(id)).table : await loadDatasetTable(id);
      return { dataset: bundledJson(spec), ...(previewJson(t, rows) as object) };
    },
  );

  app.get("/api/studies", (_request, reply) => reply.send({ studies: store.listStudies() }));

  app.post<{ Body: { yaml: string; id?: string } }>(
    "/api/studies",
    {
      schema: {
        body: {
          type: "object",
          properties: { yaml: { type: "string", maxLength: 1_000_000 }, id: { type: "string", pattern: UUID } },
          required: ["yaml"],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { yaml, id } = request.body;
      if (id !== undefined && store.getStudy(id) === undefined) return notFound(reply, `study ${id}`);
      const study = parseStudy(yaml, "study.yaml");
      const unknown = unknownReferences(study, store);
      if (unknown.length > 0) throw new NqpfInputError(unknown);
      const saved = store.saveStudy({ ...(id !== undefined ? { id } : {}), name: study.title, yaml });
      return reply.code(201).send(saved);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { version?: number } }>(
    "/api/studies/:id",
    {
      schema: {
        params: idParams("^.{1,100}$"),
        querystring: { type: "object", properties: { version: { type: "integer", minimum: 1 }, token: { type: "string" } } },
      },
    },
    async (request, reply) => {
      const found = store.getStudy(request.params.id, request.query.version);
      if (found === undefined) return notFound(reply, `study ${request.params.id}`);
      return { ...found, versions: store.studyVersions(found.id) };
    },
  );

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
      const run = store.createRun({
        studyId: study.id,
        studyVersion: study.version,
        parameters: { lang: lang ?? "en" },
      });
      enqueue(run);
      return reply.code(202).send(runJson(run));
    },
  );

  app.get<{ Params: { id: string } }>("/api/runs/:id", async (request, reply) => {
    const run = runOf(request.params.id);
    return run === undefined ? notFound(reply, `run ${request.params.id}`) : runJson(run);
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id/events", async (request, reply) => {
    const run = runOf(request.params.id);
    if (run === undefined) return notFound(reply, `run ${request.params.id}`);
    const channel = channels.get(run.id);
    const past: RunEvent[] =
      channel !== undefined
        ? [...channel.events]
        : run.status === "done"
          ? [{ type: "finished", files: (await listFiles(store.runDir(run.id))).length }]
          : run.status === "failed"
            ? [{ type: "failed", error: run.error ?? "failed", ...(Array.isArray(run.issues) ? { issues: run.issues as InputIssue[] } : {}) }]
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
      if (event.type === "finished" || event.type === "failed") {
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
      void reply.header("content-disposition", `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
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

  return app;
}

function tooLarge(file: string | undefined, limit: number): InputIssue {
  return {
    code: "bad_argument",
    ...(file !== undefined ? { file } : {}),
    message: `the file is larger than the upload limit of ${formatBytes(limit)}`,
    hint: "upload a smaller file (e.g. only the columns and years the study needs), or start the server with a larger --upload-limit",
  };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
