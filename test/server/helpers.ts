/**
 * Helpers of the server tests: multipart bodies, and reading a server-sent event stream event by event from a
 * listening server (fastify.inject only returns a response once it has ended).
 */
import { randomUUID } from "node:crypto";

/** A multipart/form-data body with one file part named "file". */
export function multipart(fileName: string, content: string | Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----nqpf${randomUUID()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** One server-sent event: its name and parsed data. */
export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** An open event stream. */
export interface EventStream {
  /** Reads events until one satisfies `stop` (included) or the stream ends; returns those read. */
  until(stop: (event: SseEvent) => boolean): Promise<SseEvent[]>;
  /** Reads the rest of the stream (until the server ends it). */
  rest(): Promise<SseEvent[]>;
}

/**
 * Opens `url` (an /events route of a listening server) and parses its events as they arrive.
 * @param url the full URL
 * @returns the stream
 */
export async function openEvents(url: string): Promise<EventStream> {
  const response = await fetch(url);
  if (response.body === null) throw new Error(`openEvents: no body from ${url}`);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let ended = false;
  const ready: SseEvent[] = [];
  const next = async (): Promise<SseEvent | undefined> => {
    for (;;) {
      if (ready.length > 0) return ready.shift();
      if (ended) return undefined;
      const { done, value } = await reader.read();
      if (done) ended = true;
      else buffer += decoder.decode(value, { stream: true });
      let at: number;
      while ((at = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined) ready.push({ event, data: JSON.parse(data ?? "{}") as Record<string, unknown> });
      }
    }
  };
  return {
    async until(stop) {
      const seen: SseEvent[] = [];
      for (let e = await next(); e !== undefined; e = await next()) {
        seen.push(e);
        if (stop(e)) break;
      }
      return seen;
    },
    async rest() {
      const seen: SseEvent[] = [];
      for (let e = await next(); e !== undefined; e = await next()) seen.push(e);
      return seen;
    },
  };
}
