/**
 * Serves the built web app (web/dist: index.html at /, hashed files under /assets/) with the app's strict CSP
 * (APP_CSP: own scripts only, inline styles for ECharts, no remote anything). The app routes with the URL hash, so
 * nothing but / needs index.html. When the web app is not built, GET / answers a short page (no script) saying how
 * to build it. API routes are not affected; an unknown path, /api/* included, stays a 404 JSON answer.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { APP_CSP } from "./security.js";

/**
 * The package's web/dist folder, found relative to this module (the same from src/server and dist/server).
 * @returns the absolute path (which may not exist when the web app is not built)
 */
export function defaultWebDir(): string {
  return fileURLToPath(new URL("../../web/dist", import.meta.url));
}

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>nqpf</title></head>
<body>
<h1>nqpf</h1>
<p>The web app is not built. Run <code>npm run build:web</code> in the nqpf folder, then reload this page.</p>
<p>The HTTP API works without it: <a href="/api/health">/api/health</a>.</p>
</body>
</html>
`;

/**
 * Registers the web app: the files of `webDir` at / when it holds index.html, else a page at / saying it is not built.
 * Reference: @fastify/static 10 (root, prefix, wildcard, setHeaders); CSP Level 3.
 * @param app the server
 * @param webDir the built web app's folder
 */
export function webAppRoutes(app: FastifyInstance, webDir: string): void {
  if (!existsSync(join(webDir, "index.html"))) {
    app.get("/", (_request, reply) =>
      reply
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .header("content-security-policy", APP_CSP)
        .send(NOT_BUILT),
    );
    return;
  }
  void app.register(fastifyStatic, {
    root: webDir,
    prefix: "/",
    wildcard: true,
    index: "index.html",
    decorateReply: false,
    dotfiles: "ignore",
    setHeaders(reply) {
      void reply.header("content-security-policy", APP_CSP);
    },
  });
}
