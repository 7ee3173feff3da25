/**
 * Spatial weights for the moran and markov steps (as `nqpf weights` builds them): queen or rook contiguity,
 * inverse distance or k nearest neighbours from a map read through the study's I/O (default the study's map:
 * map-china-provinces for adcodes, map-world for ISO3 codes), or economic distance from a variable; islands reported
 * or linked to their nearest unit, links added by hand, row-standardised by default.
 */
import { z } from "zod";
import { NqpfInputError, isNqpfInputError } from "../../errors.js";
import {
  contiguityWeights,
  economicDistanceWeights,
  geoJsonUnits,
  inverseDistanceWeights,
  knnWeights,
  panelEntityMeans,
  rowStandardise,
  unitCentroids,
  type SpatialWeights,
} from "../../methods/spatial/weights.js";
import type { Panel } from "../../panel/panel.js";
import { boundedNumber, choice, columnName, expected, wholeNumber, type StudyProblem } from "../problems.js";
import type { StepCheckContext } from "./step.js";

/** Weights types a step can build. */
export const WEIGHTS_TYPES = ["queen", "rook", "idw", "knn", "economic"] as const;

const idText = z.union([z.string().min(1), z.number()], { error: expected("an id", "write e.g. 460000") });

/** The weights options of a step (merged into its schema). */
export const weightsShape = {
  weights: choice(WEIGHTS_TYPES, "queen").optional(),
  k: wholeNumber(1, 1000, 4).optional(),
  power: boundedNumber(Number.MIN_VALUE, 100, "a number > 0", 1).optional(),
  cutoff: boundedNumber(Number.MIN_VALUE, 1e5, "a distance in km > 0", 800).optional(),
  islands: choice(["report", "nearest"] as const).optional(),
  nearest: wholeNumber(1, 100, 1).optional(),
  links: z
    .array(z.tuple([idText, idText]), {
      error: expected("a list of id pairs", "write e.g. links: [[460000, 440000]]"),
    })
    .optional(),
  tolerance: boundedNumber(0, 1, "a distance ≥ 0 in map units", 0.0001).optional(),
  standardise: choice(["row", "none"] as const).optional(),
  map: z
    .string({ error: expected("a map", "write e.g. map: map-china-provinces (or a GeoJSON file)") })
    .min(1)
    .optional(),
  id: z
    .string({ error: expected("a feature property", "write e.g. id: adcode") })
    .min(1)
    .optional(),
  "distance-var": columnName.optional(),
};

/** The weights options as parsed. */
export interface WeightsOptions {
  readonly weights?: (typeof WEIGHTS_TYPES)[number] | undefined;
  readonly k?: number | undefined;
  readonly power?: number | undefined;
  readonly cutoff?: number | undefined;
  readonly islands?: "report" | "nearest" | undefined;
  readonly nearest?: number | undefined;
  readonly links?: readonly (readonly [string | number, string | number])[] | undefined;
  readonly tolerance?: number | undefined;
  readonly standardise?: "row" | "none" | undefined;
  readonly map?: string | undefined;
  readonly id?: string | undefined;
  readonly "distance-var"?: string | undefined;
}

const BUNDLED_MAPS = { china: "map-china-provinces", world: "map-world" } as const;
const ID_PROPERTIES = ["adcode", "iso_a3", "id", "code", "GEOID", "geoid", "ISO_A3", "name"];

/**
 * Conflicts among the weights options (an option of another weights type, economic weights without distance-var).
 * @param o the weights options
 * @param defaultType the type in effect when `weights` is absent (undefined: no weights)
 * @returns the problems (paths inside the step)
 */
export function weightsConflicts(
  o: WeightsOptions,
  defaultType: (typeof WEIGHTS_TYPES)[number] | undefined,
): StudyProblem[] {
  const type = o.weights ?? defaultType;
  const problems: StudyProblem[] = [];
  const only = (key: keyof WeightsOptions, types: readonly string[]): void => {
    if (o[key] !== undefined && (type === undefined || !types.includes(type)))
      problems.push({
        path: [key],
        message: `${key} applies to weights ${types.join(" or ")}`,
        hint: `remove ${key}, or write weights: ${types[0]!}`,
      });
  };
  only("k", ["knn"]);
  only("power", ["idw"]);
  only("cutoff", ["idw"]);
  only("tolerance", ["queen", "rook"]);
  only("links", ["queen", "rook"]);
  only("distance-var", ["economic"]);
  if (type === "economic" && o["distance-var"] === undefined)
    problems.push({
      path: ["weights"],
      message: "economic-distance weights need distance-var",
      hint: "write e.g. distance-var: gdp_per_capita",
    });
  return problems;
}

/**
 * The map a weights spec reads: its own `map`, else the study's bundled map; undefined for economic weights.
 * @param o the weights options
 * @param ctx the study's map
 * @param type the weights type in effect
 * @returns a bundled map name or a GeoJSON path, or undefined
 */
export function weightsMap(
  o: WeightsOptions,
  ctx: Pick<StepCheckContext, "map">,
  type: string,
): string | undefined {
  if (type === "economic") return undefined;
  return o.map ?? (ctx.map !== undefined ? BUNDLED_MAPS[ctx.map] : undefined);
}

/**
 * Checks that the weights' map is known and loads (before anything is computed).
 * @param o the weights options
 * @param ctx the step's context
 * @param type the weights type in effect
 * @returns problems (path ["map"] or ["weights"])
 */
export async function checkWeightsMap(
  o: WeightsOptions,
  ctx: StepCheckContext,
  type: string,
): Promise<StudyProblem[]> {
  if (type === "economic") return [];
  const map = weightsMap(o, ctx, type);
  if (map === undefined)
    return [
      {
        path: ["weights"],
        message: `${type} weights need a map, and the study's units have none`,
        hint: "name one with map: (a bundled map such as map-china-provinces, or a GeoJSON file), or set data.map",
      },
    ];
  try {
    await ctx.loadMap(map);
    return [];
  } catch (error) {
    if (!isNqpfInputError(error)) throw error;
    return [
      {
        path: ["map"],
        code: error.issues[0]!.code,
        message: `map "${map}": ${error.issues[0]!.message}`,
        hint: error.issues[0]!.hint ?? "give a bundled map or a GeoJSON file",
      },
    ];
  }
}

/** Built weights: matched to the panel's entities, with a description and notes on islands and links. */
export interface BuiltWeights {
  readonly weights: SpatialWeights;
  readonly description: string;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  /** Where the weights came from (a map name), for issue locations. */
  readonly file: string | undefined;
}

/**
 * Builds the weights for the panel's entities.
 * @param o the weights options
 * @param type the weights type in effect
 * @param p the step's panel
 * @param ctx the step's context (map, loadMap, label)
 * @returns the weights with a description and notes
 * @throws NqpfInputError for entities not on the map, bad maps, bad links, economic means that tie
 */
export async function buildWeights(
  o: WeightsOptions,
  type: (typeof WEIGHTS_TYPES)[number],
  p: Panel,
  ctx: StepCheckContext & { readonly label: (entity: string) => string },
): Promise<BuiltWeights> {
  let weights: SpatialWeights;
  let base: string;
  const notes: string[] = [];
  const warnings: string[] = [];
  let file: string | undefined;
  if (type === "economic") {
    const variable = o["distance-var"]!;
    const means = panelEntityMeans(p, variable);
    weights = economicDistanceWeights(p.entities, means, { column: variable });
    base = `economic distance 1/|Ȳi − Ȳj| of ${variable} (means over ${p.times[0]}–${p.times.at(-1)})`;
  } else {
    const map = weightsMap(o, ctx, type);
    if (map === undefined)
      throw new NqpfInputError([
        { code: "bad_argument", message: `${type} weights need a map`, hint: "name one with map:" },
      ]);
    file = map;
    const geojson = await ctx.loadMap(map);
    const idProperty = o.id ?? guessIdProperty(geojson);
    const units = geoJsonUnits(geojson, {
      ...(idProperty !== undefined ? { idProperty } : {}),
      ids: p.entities,
      file: map,
    });
    const links = (o.links ?? []).map(([a, b]) => [String(a), String(b)] as const);
    const known = new Set(units.ids);
    const unknown = links.flat().filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new NqpfInputError(
        unknown.map((id) => ({
          code: "bad_argument" as const,
          entity: id,
          message: `links names ${id}, which is not a unit of the data`,
          hint: "link two of the data's entities, e.g. links: [[460000, 440000]]",
        })),
      );
    const islandOptions = {
      islands: o.islands ?? "report",
      ...(o.nearest !== undefined ? { nearest: o.nearest } : {}),
    } as const;
    const where = `${map} (${units.ids.length} units)`;
    switch (type) {
      case "queen":
      case "rook":
        weights = contiguityWeights(units, {
          rule: type,
          ...(o.tolerance !== undefined ? { tolerance: o.tolerance } : {}),
          ...islandOptions,
          links,
        });
        base = `${type} contiguity on ${where}`;
        break;
      case "idw":
        weights = inverseDistanceWeights(unitCentroids(units), {
          ...(o.power !== undefined ? { power: o.power } : {}),
          ...(o.cutoff !== undefined ? { cutoffKm: o.cutoff } : {}),
          ...islandOptions,
        });
        base = `inverse distance d^−${o.power ?? 1} between centroids${o.cutoff !== undefined ? `, cut-off ${o.cutoff} km` : ""} on ${where}`;
        break;
      case "knn": {
        const k = o.k ?? 4;
        if (k > units.ids.length - 1)
          throw new NqpfInputError([
            {
              code: "bad_argument",
              message: `k = ${k} needs at least ${k + 1} units; there are ${units.ids.length}`,
              hint: "use a smaller k",
            },
          ]);
        weights = knnWeights(unitCentroids(units), { k });
        base = `${k} nearest neighbours (great-circle between centroids) on ${where}`;
        break;
      }
    }
    for (const link of weights.islandLinks ?? [])
      notes.push(
        `${ctx.label(link.id)} has no ${type} neighbour; linked to its nearest unit${link.neighbours.length > 1 ? "s" : ""} ${link.neighbours
          .map((id, k) => `${ctx.label(id)} (${link.distanceKm[k]!.toFixed(0)} km between centroids)`)
          .join(", ")}`,
      );
    for (const [a, b] of weights.addedLinks ?? [])
      notes.push(`Link added by hand: ${ctx.label(a)} – ${ctx.label(b)}.`);
  }
  const islands = weights.islands ?? [];
  if (islands.length > 0)
    warnings.push(
      `islands (no neighbour, spatial lag 0): ${islands.map(ctx.label).join(", ")}; link them with islands: nearest or links`,
    );
  const standardise = (o.standardise ?? "row") === "row";
  if (standardise) weights = rowStandardise(weights);
  return { weights, description: `${base}${standardise ? ", row-standardised" : ""}`, notes, warnings, file };
}

function guessIdProperty(geojson: unknown): string | undefined {
  if (typeof geojson !== "object" || geojson === null) return undefined;
  const features = (geojson as { features?: unknown }).features;
  if (!Array.isArray(features) || features.length === 0) return undefined;
  const properties = features.map((f: unknown) => {
    const props =
      typeof f === "object" && f !== null ? (f as { properties?: unknown }).properties : undefined;
    return typeof props === "object" && props !== null ? (props as Record<string, unknown>) : {};
  });
  return ID_PROPERTIES.find((key) =>
    properties.every((q) => typeof q[key] === "string" || typeof q[key] === "number"),
  );
}
