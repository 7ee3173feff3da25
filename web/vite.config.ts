import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** The web app: built into web/dist and served by `nqpf serve`; no remote assets, no inline scripts (strict CSP). */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { "/api": "http://127.0.0.1:5178" } },
});
