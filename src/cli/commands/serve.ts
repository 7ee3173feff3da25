/**
 * `nqpf serve [--host 127.0.0.1] [--port 5178] [--data-dir ~/.nqpf] [--token T] [--upload-limit 200] [--concurrency 1]`:
 * starts the web app and the HTTP API over the store in the data folder (runs in worker threads, at most
 * `--concurrency` at once), prints its URL (with the access token when one is needed) and closes cleanly on
 * SIGINT/SIGTERM (runs in progress are stopped and marked failed as interrupted). A host other than loopback always needs a token; one is generated when none is given.
 */
import { randomBytes } from "node:crypto";
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import { DEFAULT_UPLOAD_LIMIT, buildServer, isLoopback, serverInfo } from "../../server/app.js";
import { dataDir } from "../../server/store.js";

/** Default port of `nqpf serve`. */
export const DEFAULT_PORT = 5178;

/** What {@link serveCommand} started. */
export interface ServeHandle {
  /** The URL to open (with ?token= when a token is needed). */
  readonly url: string;
  /** Closes the server and its store. */
  close(): Promise<void>;
}

function wholeNumber(
  value: unknown,
  name: string,
  min: number,
  max: number,
  issues: InputIssue[],
): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const n = typeof value === "number" ? value : Number(text.trim());
  if (!(Number.isInteger(n) && n >= min && n <= max)) {
    issues.push({
      code: "bad_argument",
      column: name,
      message: `${name} must be a whole number from ${min} to ${max}; got "${text}"`,
      hint: `e.g. ${name} ${name === "--port" ? DEFAULT_PORT : name === "--concurrency" ? 2 : 200}`,
    });
    return undefined;
  }
  return n;
}

/**
 * `nqpf serve`: builds the server (buildServer), listens on host:port, prints the URL and waits for SIGINT/SIGTERM.
 * Reference: src/server/app.ts (routes and security rules).
 * @param options commander's options: host, port, dataDir, token, uploadLimit (MB), concurrency (runs at once)
 * @returns the URL and a close function (the process also closes the server on SIGINT/SIGTERM)
 * @throws NqpfInputError `bad_argument` for a bad port, upload limit or concurrency
 */
export async function serveCommand(options: Record<string, unknown>): Promise<ServeHandle> {
  const issues: InputIssue[] = [];
  const host =
    typeof options.host === "string" && options.host.trim() !== "" ? options.host.trim() : "127.0.0.1";
  const port = wholeNumber(options.port, "--port", 0, 65535, issues) ?? DEFAULT_PORT;
  const limitMb = wholeNumber(options.uploadLimit, "--upload-limit", 1, 1024 * 1024, issues);
  const concurrency = wholeNumber(options.concurrency, "--concurrency", 1, 64, issues);
  if (issues.length > 0) throw new NqpfInputError(issues);
  const given = typeof options.token === "string" && options.token !== "" ? options.token : undefined;
  const token = given ?? (isLoopback(host) ? undefined : randomBytes(24).toString("base64url"));
  const app = buildServer({
    dataDir: dataDir(typeof options.dataDir === "string" ? options.dataDir : undefined),
    host,
    ...(token !== undefined ? { token } : {}),
    uploadLimit: limitMb !== undefined ? limitMb * 1024 * 1024 : DEFAULT_UPLOAD_LIMIT,
    ...(concurrency !== undefined ? { concurrency } : {}),
  });
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === "object" && address !== null ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${actualPort}/${token !== undefined ? `?token=${encodeURIComponent(token)}` : ""}`;
  const info = serverInfo(app);
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  out(`${pc.green("nqpf serve")} listening on ${pc.bold(url)}`);
  out(`  data folder: ${info.dataDir}`);
  out(`  runs at once: ${info.concurrency}`);
  if (token !== undefined)
    out(`  access token: ${token} (send it as Authorization: Bearer <token> or ?token=)`);
  if (!isLoopback(host)) out(pc.yellow(`  reachable from other machines on ${host}: keep the token secret`));
  out("  press Ctrl+C to stop");

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= app.close().then(() => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    });
    return closed;
  };
  const onSignal = (): void => {
    out("\nstopping…");
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return { url, close };
}
