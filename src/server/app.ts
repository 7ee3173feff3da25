/**
 * The HTTP server of `nqpf serve`: the web app at / and the API under /api — uploaded datasets (content-addressed,
 * sniffed and checked with readTable), studies (YAML, a version per save), runs of the study pipeline (in worker
 * threads, FIFO, a few at once, progress as server-sent events, cancellable) and their output files, and the
 * bundled maps and indicator systems. A study names an uploaded dataset as `file: upload:<sha256>`; no path a
 * client sends ever reaches the file system. Bad input is answered 422 `{ issues }`, unknown ids 404. Security
 * rules (token off loopback, Host and Origin checks, CSP) are in security.ts; each resource's routes in routes/.
 */
import { randomBytes } from "node:crypto";
import multipart from "@fastify/multipart";
import Fastify, { type FastifyInstance } from "fastify";
import { VERSION } from "../version.js";
import { errorReplies } from "./replies.js";
import { catalogRoutes } from "./routes/catalog.js";
import { datasetRoutes } from "./routes/datasets.js";
import { runRoutes } from "./routes/runs.js";
import { studyRoutes } from "./routes/studies.js";
import { runQueue } from "./run-queue.js";
import { isLoopback, securityHooks } from "./security.js";
import { openStore, type Store } from "./store.js";
import { defaultWebDir, webAppRoutes } from "./web-app.js";

export { isLoopback } from "./security.js";
export { UPLOAD_PREFIX } from "./study-io.js";
export type { RunEvent } from "./run-queue.js";

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
  /** Runs at once, each in a worker thread (default 1). */
  readonly concurrency?: number;
  /** The built web app's folder (default: the package's web/dist). */
  readonly webDir?: string;
  /** Fastify logging (default off). */
  readonly logger?: boolean;
}

/** What a built server was set up with. */
export interface ServerInfo {
  /** The access token every request must carry, or undefined (loopback without a token). */
  readonly token: string | undefined;
  readonly dataDir: string;
  readonly store: Store;
  /** Runs at once. */
  readonly concurrency: number;
  /** The web app's folder. */
  readonly webDir: string;
}

/** Default upload limit: 200 MB. */
export const DEFAULT_UPLOAD_LIMIT = 200 * 1024 * 1024;

const infos = new WeakMap<FastifyInstance, ServerInfo>();

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

/**
 * Builds the server (never listens; the caller does, or tests use `inject`). Opens the store in `dataDir` (runs a
 * crash left running are marked failed and their partial outputs removed) and queues the runs left queued. Routes:
 * GET /api/health; GET/POST /api/datasets, GET /api/datasets/:id/preview; GET/POST /api/studies, GET
 * /api/studies/:id; GET/POST /api/runs, GET /api/runs/:id, /events (SSE), /files, /files/*, /report, /results,
 * /study, POST /api/runs/:id/cancel; GET /api/maps/:name, /api/systems, /api/systems/:name; the web app at /.
 * Reference: Fastify 5 (https://fastify.dev/docs/latest/Reference/); the HTML Living Standard's server-sent events.
 * @param options dataDir, host (default 127.0.0.1), token, uploadLimit (default 200 MB), concurrency (default 1),
 *   webDir (default the package's web/dist), logger
 * @returns the Fastify instance (close it to stop the runs and close the store)
 * @throws RangeError for an upload limit or concurrency that is not a positive whole number
 * @example
 * const app = buildServer({ dataDir: "/tmp/nqpf" }); (await app.inject("/api/health")).json() // => { status: "ok", version: "0.1.0" }
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const uploadLimit = options.uploadLimit ?? DEFAULT_UPLOAD_LIMIT;
  if (!(Number.isInteger(uploadLimit) && uploadLimit > 0))
    throw new RangeError(`buildServer: uploadLimit must be a positive whole number of bytes; got ${uploadLimit}`);
  const concurrency = options.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new RangeError(`buildServer: concurrency must be a whole number ≥ 1; got ${concurrency}`);
  const host = options.host ?? "127.0.0.1";
  const token =
    options.token !== undefined && options.token !== ""
      ? options.token
      : isLoopback(host)
        ? undefined
        : randomBytes(24).toString("base64url");
  const webDir = options.webDir ?? defaultWebDir();
  const store = openStore(options.dataDir);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 2 * 1024 * 1024 });
  infos.set(app, { token, dataDir: store.dir, store, concurrency, webDir });
  void app.register(multipart, { limits: { fileSize: uploadLimit, files: 1, fields: 10 } });

  securityHooks(app, token);
  errorReplies(app, uploadLimit);

  const queue = runQueue(store, {
    concurrency,
    logError: (error) => {
      app.log.error(error);
    },
  });
  app.addHook("onClose", async () => {
    await queue.close();
    store.close();
  });

  app.get("/api/health", (_request, reply) => reply.send({ status: "ok", version: VERSION }));
  datasetRoutes(app, store, uploadLimit);
  studyRoutes(app, store);
  runRoutes(app, store, queue);
  catalogRoutes(app);
  webAppRoutes(app, webDir);

  for (const run of store.queuedRuns()) queue.enqueue(run);
  return app;
}
