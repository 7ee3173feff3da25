import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Pure folders: no Node built-ins and no adapter imports (keeps the core browser-safe). */
const pureFolders = ["src/panel/**", "src/math/**", "src/lp/**", "src/methods/**", "src/table/**", "src/study/**", "src/errors.ts", "src/index.ts"];
const nodeModules = ["fs", "path", "os", "url", "zlib", "stream", "child_process", "worker_threads", "crypto", "util", "buffer", "events", "readline", "process"];

export default tseslint.config(
  { ignores: [".tmp/**", "**/*.mjs", "dist/**", "node_modules/**", "coverage/**", "nqpf-demo/**", "web/dist/**", "bin/**", "**/*.js", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/no-unnecessary-condition": ["error", { allowConstantLoopConditions: true }],
    },
  },
  {
    files: pureFolders,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeModules.map((name) => ({ name, message: "The core is pure: no Node built-ins here." })),
          patterns: [
            { group: ["node:*"], message: "The core is pure: no Node built-ins here." },
            { group: ["**/io/*", "**/io", "**/report/*", "**/cli/*", "**/server/*", "**/node.js"], message: "Pure folders must not import adapters." },
          ],
        },
      ],
    },
  },
  {
    files: ["test/**", "bench/**"],
    rules: {
      "@typescript-eslint/no-floating-promises": "off",
    },
  },
);
