/**
 * The server's security rules as Fastify hooks: bound to a non-loopback address, every request needs the access
 * token (Authorization: Bearer, ?token= or the cookie a ?token= request sets); on loopback without a token, only
 * loopback Host names are served (DNS rebinding); requests that change state from another origin are refused.
 * Every answer carries nosniff, no-referrer, same-origin resource policy and a Content-Security-Policy (the
 * strictest one unless a route set its own).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const COOKIE = "nqpf_token";

/** The CSP of answers that are not pages: nothing may load or run. */
export const BASE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The CSP of the web app: its own scripts, styles (inline styles too: ECharts sets them on elements), images
 * (also data: and blob: for chart downloads) and fonts, requests only to this server; no framing, no base, no forms.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * True for an address that only this machine can reach (127.0.0.0/8, ::1, localhost).
 * @param host a host name or IP address
 * @returns whether binding there keeps the server local
 */
export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The CSP of a report HTML file: its inline scripts allowed by SHA-256 hash, nothing loaded from elsewhere.
 * Reference: CSP Level 3, hash-source (https://www.w3.org/TR/CSP3/#grammardef-hash-source).
 * @param html the page
 * @returns the header value
 */
export function htmlCsp(html: string): string {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash("sha256").update(m[1]!).digest("base64")}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${hashes.length > 0 ? hashes.join(" ") : "'none'"}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function bearer(request: FastifyRequest): { token: string; from: "header" | "query" | "cookie" } | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith("Bearer ") === true) return { token: auth.slice(7).trim(), from: "header" };
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  if (typeof query === "string") return { token: query, from: "query" };
  const cookie = request.headers.cookie
    ?.split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${COOKIE}=`));
  return cookie !== undefined ? { token: cookie.slice(COOKIE.length + 1), from: "cookie" } : undefined;
}

function sameToken(given: string, token: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b);
}

/**
 * Adds the access rules (token or loopback Host; same origin for anything but GET/HEAD) and the security headers.
 * @param app the server
 * @param token the access token, or undefined (loopback without a token)
 */
export function securityHooks(app: FastifyInstance, token: string | undefined): void {
  app.addHook("onRequest", async (request, reply) => {
    if (token !== undefined) {
      const given = bearer(request);
      if (given === undefined || !sameToken(given.token, token))
        return reply
          .code(401)
          .header("www-authenticate", 'Bearer realm="nqpf"')
          .send({ error: "unauthorized", message: "this server needs its access token (Authorization: Bearer <token> or ?token=)" });
      if (given.from === "query")
        void reply.header("set-cookie", `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    } else if (!isLoopback(request.hostname.replace(/:\d+$/, "")))
      return reply.code(403).send({ error: "forbidden", message: "this server answers only to localhost" });
    const origin = request.headers.origin;
    if (request.method !== "GET" && request.method !== "HEAD" && origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (originHost !== request.host)
        return reply.code(403).send({ error: "forbidden", message: "cross-origin requests are not accepted" });
    }
    return undefined;
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    void reply.header("x-content-type-options", "nosniff");
    void reply.header("referrer-policy", "no-referrer");
    void reply.header("cross-origin-resource-policy", "same-origin");
    if (!reply.hasHeader("content-security-policy")) void reply.header("content-security-policy", BASE_CSP);
    return payload;
  });
}
