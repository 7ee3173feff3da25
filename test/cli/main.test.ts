/** main(): exit codes and what reaches stderr, in process, with a command made to fail. */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../../src/cli/commands/datasets.js", () => ({
  listDatasetsCommand: () => {
    throw new TypeError("something the code did not expect");
  },
}));

const { main, EXIT_INTERNAL } = await import("../../src/cli/main.js");

describe("main", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("an unexpected failure prints one line naming a log file with the stack, exit 1", async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const code = await main(["datasets"]);
    expect(code).toBe(EXIT_INTERNAL);
    const text = written.join("");
    expect(text.trim().split("\n")).toHaveLength(1);
    const log = /details in (\S+)\)/.exec(text)?.[1];
    expect(log).toBeDefined();
    expect(readFileSync(log!, "utf8")).toContain("TypeError: something the code did not expect");
  });
});
