import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    // beforeAll hooks that write a whole study (figures, Word, PNG) need more than the 10 s default on a loaded machine.
    hookTimeout: 120_000,
    pool: "forks",
    // Output assertions read plain text: CI machines set CI=1, which turns colours on in picocolors.
    env: { NO_COLOR: "1", FORCE_COLOR: "0" },
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".tmp/vitest-results.json" },
  },
});
