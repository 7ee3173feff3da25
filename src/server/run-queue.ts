/**
 * The run queue of the server: runs start in the order they were queued (FIFO), at most `concurrency` at once, each
 * in its own worker thread (run-worker.ts), so the HTTP server stays responsive. A run writes into
 * <data>/tmp/run-<id>/ and the folder is renamed to <data>/runs/<id>/ only when every file is written, so a run
 * that is cancelled, fails or is killed with the process never leaves an output folder that looks finished.
 * Progress goes to each run's event channel (replayed to late subscribers of /api/runs/:id/events).
 * Worker file: next to this module when it is the built .js (dist/server/run-worker.js); when this module runs from
 * the TypeScript sources (vitest), the built dist/server/run-worker.js of the package, since Node 20 workers
 * cannot load .ts files (`npm test` builds dist first).
 */
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { InputIssue } from "../errors.js";
import type { StudyProgress } from "../study/run.js";
import type { RunJob, RunWorkerMessage } from "./run-worker.js";
import { INTERRUPTED, type RunRecord, type Store } from "./store.js";
import type { RunUpload } from "./study-io.js";

/** One progress event of a run, as sent on /api/runs/:id/events (the SSE event name is `type`). */
export type RunEvent =
  | { readonly type: "status"; readonly status: "queued" | "running" }
  | ({ readonly type: "step" } & StudyProgress)
  | { readonly type: "finished"; readonly files: number }
  | { readonly type: "failed"; readonly error: string; readonly issues?: readonly InputIssue[] }
  | { readonly type: "cancelled" };

/** The events of one run so far, and who listens for the next ones. */
export interface RunChannel {
  readonly events: readonly RunEvent[];
  readonly listeners: Set<(event: RunEvent) => void>;
}

/** Options of {@link runQueue}. */
export interface RunQueueOptions {
  /** Runs at once (default 1). */
  readonly concurrency?: number;
  /** The worker script (default {@link runWorkerFile}). */
  readonly workerFile?: URL;
  /** Where internal errors of runs are logged. */
  readonly logError?: (error: unknown) => void;
}

/** The queue's operations. */
export interface RunQueue {
  /** Queues a run the store holds as queued; it starts when a slot is free. */
  enqueue(run: RunRecord): void;
  /**
   * Cancels a queued or running run (a running run's worker is terminated and its partial output removed).
   * @returns false when the run had already ended (or is unknown)
   */
  cancel(id: string): Promise<boolean>;
  /** The run's event channel, when the run was queued since the server started. */
  channel(id: string): RunChannel | undefined;
  /** Stops taking runs, terminates the running ones (marked failed as interrupted) and ends every event stream. */
  close(): Promise<void>;
}

/**
 * The run worker script: run-worker.js beside this module when it is built JavaScript, else the package's
 * dist/server/run-worker.js (this module running from src/*.ts under vitest).
 * @param moduleUrl the URL of the calling module (default: this module's)
 * @returns the worker script's file URL
 */
export function runWorkerFile(moduleUrl: string = import.meta.url): URL {
  return moduleUrl.endsWith(".js")
    ? new URL("./run-worker.js", moduleUrl)
    : new URL("../../dist/server/run-worker.js", moduleUrl);
}

interface ActiveRun {
  readonly worker: Worker;
  settled: boolean;
}

/**
 * Builds the run queue over a store: FIFO, `concurrency` worker threads at most, outputs renamed into place when
 * complete, statuses recorded in the store (running, done, failed with the error and issues, cancelled).
 * Reference: Node.js worker_threads (https://nodejs.org/docs/latest-v20.x/api/worker_threads.html).
 * @param store the server's store
 * @param options concurrency (default 1), workerFile, logError
 * @returns the queue
 * @throws RangeError for a concurrency that is not a whole number ≥ 1
 */
export function runQueue(store: Store, options: RunQueueOptions = {}): RunQueue {
  const concurrency = options.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new RangeError(`runQueue: concurrency must be a whole number ≥ 1; got ${concurrency}`);
  const workerFile = options.workerFile ?? runWorkerFile();
  const logError = options.logError ?? (() => undefined);
  const channels = new Map<string, { events: RunEvent[]; listeners: Set<(event: RunEvent) => void> }>();
  const pending: string[] = [];
  const active = new Map<string, ActiveRun>();
  let closing = false;

  const emit = (id: string, event: RunEvent): void => {
    let channel = channels.get(id);
    if (channel === undefined) channels.set(id, (channel = { events: [], listeners: new Set() }));
    channel.events.push(event);
    for (const listener of [...channel.listeners]) listener(event);
  };
  const removeOutputs = (id: string): void => {
    rmSync(store.runTempDir(id), { recursive: true, force: true });
    rmSync(store.runDir(id), { recursive: true, force: true });
  };
  const fail = (id: string, error: string, issues?: readonly InputIssue[]): void => {
    rmSync(store.runTempDir(id), { recursive: true, force: true });
    if (store.failRun(id, error, issues)) emit(id, { type: "failed", error, ...(issues !== undefined ? { issues } : {}) });
  };

  const start = (id: string): void => {
    const run = store.getRun(id)!;
    const saved = store.getStudy(run.studyId, run.studyVersion)!;
    emit(id, { type: "status", status: "running" });
    const temp = store.runTempDir(id);
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp, { recursive: true });
    const uploads: RunUpload[] = [];
    for (const sha of new Set([...saved.yaml.matchAll(/upload:([0-9a-f]{64})/g)].map((m) => m[1]!))) {
      const record = store.getDataset(sha);
      if (record !== undefined)
        uploads.push({ id: record.id, name: record.name, format: record.format, bytes: record.bytes, file: store.datasetFile(record.id) });
    }
    const job: RunJob = {
      kind: "nqpf-run",
      runId: id,
      yaml: saved.yaml,
      studyName: saved.name,
      studyRef: `study:${saved.id}@${saved.version}`,
      lang: run.parameters.lang === "zh" ? "zh" : "en",
      uploads,
      outDir: temp,
    };
    if (!existsSync(fileURLToPath(workerFile))) {
      const error = `internal error: the run worker ${fileURLToPath(workerFile)} is missing; build the package (npx tsc -p tsconfig.build.json)`;
      logError(new Error(error));
      fail(id, error);
      return;
    }
    const worker = new Worker(workerFile, { workerData: job });
    const entry: ActiveRun = { worker, settled: false };
    active.set(id, entry);
    const settle = (outcome: () => void): void => {
      if (entry.settled) return;
      entry.settled = true;
      active.delete(id);
      outcome();
      pump();
    };
    worker.on("message", (message: RunWorkerMessage) => {
      if (entry.settled) return;
      if (message.type === "step") emit(id, { type: "step", ...message.event });
      else if (message.type === "written")
        settle(() => {
          // Synchronous from here to finishRun: a cancel cannot come in between.
          if (store.getRun(id)?.status !== "running") {
            removeOutputs(id);
            return;
          }
          rmSync(store.runDir(id), { recursive: true, force: true });
          renameSync(temp, store.runDir(id));
          if (store.finishRun(id)) emit(id, { type: "finished", files: message.files });
        });
      else
        settle(() => {
          if (message.internal !== undefined) logError(new Error(`run ${id}: ${message.internal}`));
          fail(id, message.error, message.issues);
        });
    });
    worker.on("error", (error) => {
      settle(() => {
        logError(error);
        fail(id, `internal error: ${error.message.split("\n")[0]!}`);
      });
    });
    worker.on("exit", (code) => {
      settle(() => {
        fail(id, `internal error: the run stopped unexpectedly (exit code ${code})`);
      });
    });
  };

  const pump = (): void => {
    while (!closing && active.size < concurrency && pending.length > 0) {
      const id = pending.shift()!;
      if (store.startRun(id)) start(id);
    }
  };

  return {
    enqueue(run) {
      if (closing) return;
      emit(run.id, { type: "status", status: "queued" });
      pending.push(run.id);
      pump();
    },
    async cancel(id) {
      if (!store.cancelRun(id)) return false;
      const at = pending.indexOf(id);
      if (at >= 0) pending.splice(at, 1);
      const entry = active.get(id);
      if (entry !== undefined) {
        entry.settled = true;
        active.delete(id);
        await entry.worker.terminate();
        pump();
      }
      removeOutputs(id);
      emit(id, { type: "cancelled" });
      return true;
    },
    channel: (id) => channels.get(id),
    async close() {
      closing = true;
      pending.length = 0;
      const running = [...active];
      active.clear();
      await Promise.all(
        running.map(async ([id, entry]) => {
          entry.settled = true;
          await entry.worker.terminate();
          fail(id, INTERRUPTED);
        }),
      );
      for (const channel of channels.values()) channel.listeners.clear();
    },
  };
}
