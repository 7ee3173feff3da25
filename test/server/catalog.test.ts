/**
 * The bundled maps and indicator systems over HTTP, the web app's static files with the app's CSP (and the page
 * shown when the web app is not built), and `nqpf serve --concurrency`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isNqpfInputError } from "../../src/errors.js";
import { serveCommand } from "../../src/cli/commands/serve.js";
import { buildServer } from "../../src/server/app.js";

const work = mkdtempSync(join(tmpdir(), "nqpf-catalog-"));
const DATA = join(import.meta.dirname, "../../data");
const webDir = join(work, "web");
let app: FastifyInstance;

/** The CSP the web app must be served with (as the web app's contract states it). */
const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="app"></div></body></html>\n';

beforeAll(() => {
  mkdirSync(join(webDir, "assets"), { recursive: true });
  writeFileSync(join(webDir, "index.html"), INDEX);
  writeFileSync(join(webDir, "assets", "app.js"), "console.log('app');\n");
  app = buildServer({ dataDir: join(work, "data"), webDir });
});
afterAll(async () => {
  await app.close();
  rmSync(work, { recursive: true, force: true });
});

describe("maps", () => {
  it("GET /api/maps/china and /api/maps/world give the bundled GeoJSON files byte for byte", async () => {
    for (const [name, file, features] of [
      ["china", "geo/china_provinces.geojson", 34],
      ["world", "geo/world_countries_110m.geojson", 239],
    ] as const) {
      const res = await app.inject(`/api/maps/${name}`);
      expect(res.statusCode, name).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/geo\+json/);
      expect(res.rawPayload.equals(readFileSync(join(DATA, file)))).toBe(true);
      expect(res.json<{ type: string; features: unknown[] }>()).toMatchObject({ type: "FeatureCollection" });
      expect(res.json<{ features: unknown[] }>().features).toHaveLength(features);
    }
  });

  it("other names give 404: registry names of other kinds, paths, inherited object keys", async () => {
    for (const name of ["map-china-provinces", "pwt1001", "..%2Fgeo%2Fchina_provinces.geojson", "toString", "__proto__", "CHINA"])
      expect((await app.inject(`/api/maps/${name}`)).statusCode, name).toBe(404);
  });
});

describe("systems", () => {
  it("GET /api/systems lists the bundled systems with their titles", async () => {
    const res = await app.inject("/api/systems");
    expect(res.statusCode).toBe(200);
    const { systems } = res.json<{ systems: { name: string; title: { en: string; zh: string } }[] }>();
    expect(systems.map((s) => s.name)).toEqual(["nqpf-tech-green-digital", "nqpf-three-elements"]);
    for (const s of systems) {
      const file = parse(readFileSync(join(DATA, "systems", `${s.name}.yaml`), "utf8")) as { title: { en: string; zh: string } };
      expect(s.title).toEqual({ en: file.title.en, zh: file.title.zh });
    }
  });

  it("GET /api/systems/:name gives the file text and the parsed system", async () => {
    const res = await app.inject("/api/systems/nqpf-three-elements");
    expect(res.statusCode).toBe(200);
    const body = res.json<{ name: string; yaml: string; system: { name: string; root: { id: string }[] } }>();
    const text = readFileSync(join(DATA, "systems", "nqpf-three-elements.yaml"), "utf8");
    expect(body.name).toBe("nqpf-three-elements");
    expect(body.yaml).toBe(text);
    const file = parse(text) as { name: string; root: { id: string }[] };
    expect(body.system.name).toBe(file.name);
    expect(body.system.root.map((d) => d.id)).toEqual(file.root.map((d) => d.id));
  });

  it("unknown names and paths give 404", async () => {
    for (const name of ["no-such", "..%2F..%2Fpackage", "nqpf-three-elements.yaml", "toString"])
      expect((await app.inject(`/api/systems/${name}`)).statusCode, name).toBe(404);
  });
});

describe("the web app", () => {
  it("GET / serves index.html with the app's CSP; assets are served with it too", async () => {
    const res = await app.inject("/");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toBe(INDEX);
    expect(res.headers["content-security-policy"]).toBe(APP_CSP);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    const js = await app.inject("/assets/app.js");
    expect(js.statusCode).toBe(200);
    expect(js.headers["content-type"]).toMatch(/javascript/);
    expect(js.headers["content-security-policy"]).toBe(APP_CSP);
  });

  it("the API is unchanged: JSON answers with the strict API CSP, unknown /api paths a 404 JSON", async () => {
    const health = await app.inject("/api/health");
    expect(health.json()).toMatchObject({ status: "ok" });
    expect(health.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    for (const path of ["/api/nothing", "/api/runs/x/y/z", "/nothing.html", "/assets/none.js", "/..%2Fpackage.json", "/%2e%2e/%2e%2e/package.json"]) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.json(), path).toMatchObject({ error: "not_found" });
    }
  });

  it("without a built web app, GET / says how to build it, with no script", async () => {
    const bare = buildServer({ dataDir: join(work, "bare"), webDir: join(work, "missing") });
    try {
      const res = await bare.inject("/");
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.body).toContain("npm run build:web");
      expect(res.body).not.toMatch(/<script/i);
      expect(res.headers["content-security-policy"]).toBe(APP_CSP);
      expect((await bare.inject("/api/nothing")).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it("behind a token, the web app needs it too", async () => {
    const open = buildServer({ dataDir: join(work, "lan"), host: "0.0.0.0", token: "t0ken-for-tests", webDir });
    try {
      expect((await open.inject("/")).statusCode).toBe(401);
      const res = await open.inject("/?token=t0ken-for-tests");
      expect(res.statusCode).toBe(200);
      expect(String(res.headers["set-cookie"])).toContain("nqpf_token=");
    } finally {
      await open.close();
    }
  });
});

describe("serveCommand", () => {
  it("--concurrency must be a whole number from 1", async () => {
    for (const value of ["0", "1.5", "many"]) {
      const error = await serveCommand({ port: "0", dataDir: join(work, "serve"), concurrency: value }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isNqpfInputError(error), value).toBe(true);
      if (isNqpfInputError(error)) expect(error.issues[0]).toMatchObject({ code: "bad_argument", column: "--concurrency" });
    }
  });

  it("buildServer refuses a concurrency below 1", () => {
    expect(() => buildServer({ dataDir: join(work, "c0"), concurrency: 0 })).toThrow(RangeError);
  });
});
