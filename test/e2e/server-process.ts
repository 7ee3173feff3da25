/**
 * Starts `nqpf serve` from the built binary as a real process on a free port and a given data folder, for the
 * browser tests: the URL is read from the line the server prints. `stop` ends it with SIGTERM (a clean shutdown),
 * `kill` with SIGKILL (a crash).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

/** A running server process. */
export interface ServerProcess {
  readonly url: string;
  readonly process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/**
 * Starts the built `nqpf serve --port 0 --data-dir <dataDir>` and waits until it prints its URL.
 * @param dataDir the data folder (database, uploads, runs)
 * @param extra more command-line arguments
 */
export async function startServer(dataDir: string, extra: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(root, "bin/nqpf.js"), "serve", "--port", "0", "--data-dir", dataDir, ...extra], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`nqpf serve printed no URL within 30 s:\n${out}`));
    }, 30_000);
    const check = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        resolvePromise(match[1]!.replace(/\/$/, ""));
      }
    };
    child.stdout.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`nqpf serve exited with ${code}:\n${out}`));
    });
  });
  const ended = new Promise<void>((resolvePromise) => {
    child.once("exit", () => {
      resolvePromise();
    });
  });
  return {
    url,
    process: child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await ended;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await ended;
    },
  };
}
