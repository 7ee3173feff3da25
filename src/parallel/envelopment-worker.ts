/**
 * Worker-thread entry of the envelopment pool: receives chunks of evaluated units with their reference set and
 * settings, runs `envelopment` (default LP solver) and posts the result back.
 */

import { parentPort } from "node:worker_threads";
import { solveLp } from "../lp/simplex.js";
import { envelopment } from "../methods/frontier/dea.js";
import type { ChunkReply, PortableChunk } from "./envelopment-pool.js";

const port = parentPort;
if (port === null) throw new Error("envelopment-worker: must run as a worker thread");
port.on("message", (request: PortableChunk) => {
  let reply: ChunkReply;
  try {
    const { X, Y, Xr, Yr, settings } = request;
    reply = { id: request.id, result: envelopment(X, Y, Xr, Yr, { ...settings, solver: solveLp }) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
