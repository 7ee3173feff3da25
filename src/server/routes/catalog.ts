/**
 * Routes of the bundled reference files the web app needs: GET /api/maps/:name (the GeoJSON of a bundled map:
 * china, world) and GET /api/systems, GET /api/systems/:name (the bundled indicator systems, as file text and as
 * parsed JSON). Names are looked up in the registry and the bundled list, never used as paths.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import { findDataset } from "../../io/dataset-registry.js";
import { datasetPath } from "../../io/datasets.js";
import { bundledSystems, loadIndicatorSystem } from "../../io/systems.js";
import { notFound } from "../replies.js";
import { bundledSystemFile } from "../study-io.js";

/** The maps GET /api/maps/:name serves, by the names a study's `data.map` uses. */
export const MAPS: Readonly<Record<string, string>> = { china: "map-china-provinces", world: "map-world" };

/**
 * Registers the map and system routes.
 * Reference: RFC 7946 (GeoJSON); src/methods/composite/indicator-system.ts (the system format).
 * @param app the server
 */
export function catalogRoutes(app: FastifyInstance): void {
  app.get<{ Params: { name: string } }>("/api/maps/:name", async (request, reply) => {
    const { name } = request.params;
    const spec = Object.hasOwn(MAPS, name) ? findDataset(MAPS[name]!) : undefined;
    if (spec?.kind !== "map") return notFound(reply, `map ${name} (bundled maps: ${Object.keys(MAPS).join(", ")})`);
    return reply
      .header("content-type", "application/geo+json; charset=utf-8")
      .header("cache-control", "no-cache")
      .send(createReadStream(datasetPath(spec)));
  });

  app.get("/api/systems", async () => {
    const systems = [];
    for (const name of bundledSystems()) {
      const { system } = await loadIndicatorSystem(bundledSystemFile(name) ?? name);
      systems.push({ name, title: { en: system.title?.en ?? name, zh: system.title?.zh ?? system.title?.en ?? name } });
    }
    return { systems };
  });

  app.get<{ Params: { name: string } }>("/api/systems/:name", async (request, reply) => {
    const file = bundledSystemFile(request.params.name);
    if (file === undefined) return notFound(reply, `bundled indicator system ${request.params.name}`);
    const [yaml, loaded] = await Promise.all([readFile(file, "utf8"), loadIndicatorSystem(file)]);
    return { name: request.params.name, yaml, system: loaded.system };
  });
}
