/**
 * For tests that call a command function in process: a temporary folder for its files, removed after the test
 * file, and what each test printed to stdout (captured instead of written).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, vi } from "vitest";

/** What {@link runCommandSetup} gives a test file. */
export interface CommandRun {
  /** The temporary folder. */
  readonly work: string;
  /** Everything the running test has written to stdout so far. */
  readonly stdout: () => string;
  /** Forgets what the running test has written so far (for a second command in one test). */
  readonly clearStdout: () => void;
  /** Writes `text` to `name` in the temporary folder; returns its path. */
  readonly file: (name: string, text: string) => string;
}

/**
 * Registers the hooks of a test file: makes the temporary folder (removed after all tests) and captures
 * process.stdout for each test. Call it once at the top level of the test file.
 * @param prefix the folder name's prefix, e.g. "nqpf-malmquist-"
 * @returns the folder and the captured output
 */
export function runCommandSetup(prefix: string): CommandRun {
  const work = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });
  let printed: string[] = [];
  beforeEach(() => {
    printed = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return {
    work,
    stdout: () => printed.join(""),
    clearStdout: () => {
      printed = [];
    },
    file: (name, text) => {
      const path = join(work, name);
      writeFileSync(path, text);
      return path;
    },
  };
}
