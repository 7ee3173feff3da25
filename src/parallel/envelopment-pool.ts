/**
 * Runs radial envelopment LPs on a pool of worker threads. When the evaluated units are themselves the
 * reference units (`self` without `exclude`, as in `dea` on its own data), they screen each other out of the
 * reference set, and the request runs whole on one worker (split into chunks, each chunk would price the units
 * the others have screened out: measured slower than one piece on 2 cores, and a screening pass per chunk
 * costs about as much as the whole run). Other requests (super-efficiency, external reference sets) are cut
 * into chunks whose number depends on the unit count only (never on the worker count), each chunk is solved
 * independently by whichever worker is free, and the results are put back in unit order. Either way the output
 * is the same for 1 or 16 workers, and scores equal those of the single-threaded `dea` to LP precision
 * (≤ 1e-9); where a unit has several optimal λ, its peers may be another optimal set.
 */

import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Matrix } from "../math/matrix.js";
import type {
  DeaOptions,
  DeaResult,
  EnvelopmentRequest,
  EnvelopmentResult,
  EnvelopmentSettings,
} from "../methods/frontier/dea.js";
import { deaWith, envelopment } from "../methods/frontier/dea.js";
import type { Peers, UnitStatus } from "../methods/frontier/types.js";

/** Below this many evaluated units a request runs in the calling thread, uncut. */
export const PARALLEL_MIN_UNITS = 2000;

/** Units per chunk (the last chunk takes the remainder). */
export const PARALLEL_CHUNK_UNITS = 2500;

/** Settings a worker can receive (the LP solver is always the default one there). */
export type PortableSettings = Omit<EnvelopmentSettings, "solver">;

/** A chunk sent to a worker. */
export interface ChunkRequest {
  readonly id: number;
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly Xr: Matrix;
  readonly Yr: Matrix;
  readonly settings: EnvelopmentSettings;
}

/** A chunk as it crosses to a worker (no solver function). */
export interface PortableChunk extends Omit<ChunkRequest, "settings"> {
  readonly settings: PortableSettings;
}

/** A worker's answer. */
export type ChunkReply =
  | { readonly id: number; readonly result: EnvelopmentResult }
  | { readonly id: number; readonly error: string };

/** A pool of envelopment workers. */
export interface EnvelopmentPool {
  /** Number of worker threads (0: everything runs in the calling thread). */
  readonly workers: number;
  /** Runs one envelopment request, cut into chunks over the workers; `onChunk` after each chunk with units done. */
  readonly run: (
    request: EnvelopmentRequest,
    onChunk?: (done: number, total: number) => void,
  ) => Promise<EnvelopmentResult>;
  /** Stops the workers. */
  readonly close: () => Promise<void>;
}

/** Default worker count: the machine's available parallelism, at most 8. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  // Under a TypeScript test runner this module is the .ts source; the worker runs from the build.
  return here.endsWith(".ts")
    ? join(dirname(here), "..", "..", "dist", "parallel", "envelopment-worker.js")
    : join(dirname(here), "envelopment-worker.js");
}

/**
 * Starts a pool.
 * @param workers number of worker threads (default {@link defaultWorkerCount}); 1 or less runs every chunk in the calling thread
 * @returns the pool; call `close` when done
 */
export function envelopmentPool(workers = defaultWorkerCount()): EnvelopmentPool {
  const count = workers > 1 ? Math.floor(workers) : 0;
  const threads: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: (() => void)[] = [];
  const pending = new Map<number, { resolve: (r: EnvelopmentResult) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const start = () => {
    const file = workerFile();
    for (let k = 0; k < count; k++) {
      const worker = new Worker(file);
      worker.on("message", (reply: ChunkReply) => {
        const entry = pending.get(reply.id);
        pending.delete(reply.id);
        idle.push(worker);
        waiting.shift()?.();
        if (entry === undefined) return;
        if ("error" in reply) entry.reject(new Error(`envelopment worker failed: ${reply.error}`));
        else entry.resolve(reply.result);
      });
      worker.on("error", (error) => {
        for (const entry of pending.values()) entry.reject(error);
        pending.clear();
      });
      threads.push(worker);
      idle.push(worker);
    }
  };
  const acquire = async (): Promise<Worker> => {
    if (threads.length === 0) start();
    while (idle.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    return idle.pop()!;
  };
  const solveChunk = async (chunk: Omit<ChunkRequest, "id">): Promise<EnvelopmentResult> => {
    if (count === 0) return envelopment(chunk.X, chunk.Y, chunk.Xr, chunk.Yr, chunk.settings);
    const worker = await acquire();
    const id = nextId++;
    return new Promise<EnvelopmentResult>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...chunk, id, settings: portable(chunk.settings) });
    });
  };

  const run = async (
    request: EnvelopmentRequest,
    onChunk?: (done: number, total: number) => void,
  ): Promise<EnvelopmentResult> => {
    const n = request.X.rows;
    if (n < PARALLEL_MIN_UNITS) {
      const result = envelopment(request.X, request.Y, request.Xr, request.Yr, request.settings);
      onChunk?.(n, n);
      return result;
    }
    const { self, exclude } = request.settings;
    if (self !== undefined && exclude === undefined) {
      // The units screen each other out of the reference set: one piece, so that none loses the others' screening.
      const result = await solveChunk(request);
      onChunk?.(n, n);
      return result;
    }
    const chunks: [number, number][] = [];
    for (let from = 0; from < n; from += PARALLEL_CHUNK_UNITS)
      chunks.push([from, Math.min(n, from + PARALLEL_CHUNK_UNITS)]);
    let done = 0;
    const results = await Promise.all(
      chunks.map(async ([from, to]) => {
        const result = await solveChunk({
          X: sliceRows(request.X, from, to),
          Y: sliceRows(request.Y, from, to),
          Xr: request.Xr,
          Yr: request.Yr,
          settings: {
            ...request.settings,
            ...(self !== undefined ? { self: self.slice(from, to) } : {}),
            ...(exclude !== undefined ? { exclude: exclude.slice(from, to) } : {}),
          },
        });
        done += to - from;
        onChunk?.(done, n);
        return result;
      }),
    );
    return concatResults(results, request.X.cols, request.Y.cols);
  };

  const close = async () => {
    await Promise.all(threads.map((t) => t.terminate()));
    threads.length = 0;
    idle.length = 0;
  };
  return { workers: count, run, close };
}

/**
 * Radial DEA ({@link dea}'s options and result) with the LPs spread over worker threads.
 * @param X n × m inputs
 * @param Y n × s outputs
 * @param options as for `dea` (a custom `solver` cannot cross threads: with one, everything runs here)
 * @param parallel worker count (default {@link defaultWorkerCount}) and a progress callback per finished chunk
 * @returns the DEA result
 */
export async function deaParallel(
  X: Matrix,
  Y: Matrix,
  options: DeaOptions = {},
  parallel: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<DeaResult> {
  const pool = envelopmentPool(options.solver !== undefined ? 1 : (parallel.workers ?? defaultWorkerCount()));
  try {
    return await deaWith(X, Y, options, (request) => pool.run(request, parallel.onProgress));
  } finally {
    await pool.close();
  }
}

/** The settings without the solver function (functions cannot cross threads). */
function portable(settings: EnvelopmentSettings): PortableSettings {
  const { rts, orientation, maxSlacks, exclude, self, strategy } = settings;
  return {
    rts,
    orientation,
    maxSlacks,
    ...(exclude !== undefined ? { exclude } : {}),
    ...(self !== undefined ? { self } : {}),
    ...(strategy !== undefined ? { strategy } : {}),
  };
}

function sliceRows(a: Matrix, from: number, to: number): Matrix {
  return { data: a.data.slice(from * a.cols, to * a.cols), rows: to - from, cols: a.cols };
}

function concatResults(parts: readonly EnvelopmentResult[], m: number, s: number): EnvelopmentResult {
  const cat = (pick: (r: EnvelopmentResult) => Float64Array): Float64Array => {
    const total = parts.reduce((t, r) => t + pick(r).length, 0);
    const out = new Float64Array(total);
    let at = 0;
    for (const r of parts) {
      out.set(pick(r), at);
      at += pick(r).length;
    }
    return out;
  };
  const n = parts.reduce((t, r) => t + r.scores.length, 0);
  const status: UnitStatus[] = parts.flatMap((r) => [...r.status]);
  const reason: (string | undefined)[] = parts.flatMap((r) => [...r.reason]);
  const peers: Peers[] = parts.flatMap((r) => [...r.peers]);
  return {
    scores: cat((r) => r.scores),
    status,
    reason,
    lambdaSum: cat((r) => r.lambdaSum),
    peers,
    inputSlacks: { data: cat((r) => r.inputSlacks.data), rows: n, cols: m },
    outputSlacks: { data: cat((r) => r.outputSlacks.data), rows: n, cols: s },
    inputTargets: { data: cat((r) => r.inputTargets.data), rows: n, cols: m },
    outputTargets: { data: cat((r) => r.outputTargets.data), rows: n, cols: s },
  };
}
