/**
 * `nqpf weights <map-or-dataset> --type queen|rook|idw|knn|economic`: builds spatial weights from a map (bundled or
 * GeoJSON file) or for a data set's entities, prints neighbour counts and islands, and writes the edge list. Also the
 * weights building that `nqpf moran` shares.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import { findDataset } from "../../io/dataset-registry.js";
import { loadMap } from "../../io/datasets.js";
import { readTable } from "../../io/read-table.js";
import { outputFormatOf, writeTables } from "../../io/write-table.js";
import {
  alignWeights,
  contiguityWeights,
  economicDistanceWeights,
  geoJsonUnits,
  inverseDistanceWeights,
  knnWeights,
  panelEntityMeans,
  rowStandardise,
  unitCentroids,
  weightsFromTable,
  weightsIslands,
  weightsSummaryTable,
  weightsTable,
  type IslandPolicy,
  type SpatialWeights,
} from "../../methods/spatial/weights.js";
import type { Panel } from "../../panel/panel.js";
import { loadCommandPanel } from "../command-panel.js";
import { formatNumber, printRows } from "../format.js";
import { numberFlag } from "./growth-accounting.js";

export type WeightsType = "queen" | "rook" | "idw" | "knn" | "economic";
const TYPES: readonly WeightsType[] = ["queen", "rook", "idw", "knn", "economic"];

/** The default map for data sets keyed by province adcode. */
export const DEFAULT_MAP = "map-china-provinces";
const ID_PROPERTIES = ["adcode", "iso_a3", "id", "code", "GEOID", "geoid", "ISO_A3", "name"];
const NAME_PROPERTIES = ["name_en", "name", "NAME", "name_zh", "NAME_EN"];

/** What to build, parsed from the flags. */
export interface WeightsSpec {
  readonly type: WeightsType;
  readonly power?: number;
  readonly cutoffKm?: number;
  readonly k?: number;
  /** Economic distance: the variable averaged per entity. */
  readonly variable?: string;
  readonly islands: IslandPolicy;
  readonly nearest?: number;
  readonly links: readonly (readonly [string, string])[];
  readonly tolerance?: number;
  readonly standardise: boolean;
}

/** A map's GeoJSON with the name it was given by. */
export interface MapSource {
  readonly geojson: unknown;
  readonly file: string;
}

/** True when `source` names a bundled map or a .geojson/.json file. */
export function isMapSource(source: string): boolean {
  if (!existsSync(source)) return findDataset(source)?.kind === "map";
  const ext = extname(source).toLowerCase();
  return ext === ".geojson" || (ext === ".json" && !source.toLowerCase().endsWith(".topojson"));
}

/**
 * Reads a map: a bundled map name (e.g. map-china-provinces) or a GeoJSON file.
 * @throws NqpfInputError when the file is missing or is not JSON
 */
export async function loadMapSource(source: string): Promise<MapSource> {
  if (!existsSync(source)) {
    if (findDataset(source)?.kind === "map") return { geojson: await loadMap(source), file: source };
    throw new NqpfInputError([
      {
        code: "file_not_found",
        file: source,
        message: "no such map file or bundled map",
        hint: "give a GeoJSON file or a bundled map (map-china-provinces, map-world)",
      },
    ]);
  }
  const text = await readFile(source, "utf8");
  try {
    return { geojson: JSON.parse(text) as unknown, file: source };
  } catch (error) {
    throw new NqpfInputError(
      [
        {
          code: "corrupt_file",
          file: source,
          message: "the map is not valid JSON",
          hint: "give a GeoJSON FeatureCollection",
        },
      ],
      { cause: error },
    );
  }
}

/** The feature property that identifies units: the --id flag, else the first of adcode, iso_a3, id, code, … that every feature has. */
export function guessIdProperty(geojson: unknown, given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  const features = featureProperties(geojson);
  if (features.length === 0) return undefined;
  return ID_PROPERTIES.find((key) =>
    features.every((p) => typeof p[key] === "string" || typeof p[key] === "number"),
  );
}

function guessNameProperty(geojson: unknown): string | undefined {
  const features = featureProperties(geojson);
  return NAME_PROPERTIES.find(
    (key) => features.length > 0 && features.every((p) => typeof p[key] === "string"),
  );
}

function featureProperties(geojson: unknown): Record<string, unknown>[] {
  if (typeof geojson !== "object" || geojson === null) return [];
  const features = (geojson as { features?: unknown }).features;
  if (!Array.isArray(features)) return [];
  return features.map((f: unknown) => {
    const p = typeof f === "object" && f !== null ? (f as { properties?: unknown }).properties : undefined;
    return typeof p === "object" && p !== null ? (p as Record<string, unknown>) : {};
  });
}

/** Parses the shared weights flags; problems are pushed to `issues`. */
export function parseWeightsFlags(
  type: string,
  options: Record<string, unknown>,
  issues: InputIssue[],
): WeightsSpec {
  if (!(TYPES as readonly string[]).includes(type))
    issues.push({
      code: "bad_argument",
      message: `weights type "${type}" is not one of ${TYPES.join(", ")}`,
      hint: "write e.g. --type queen",
    });
  const power = numberFlag(
    options.power,
    "--power",
    issues,
    (x) => x > 0 && Number.isFinite(x),
    "a number > 0",
    "1",
  );
  const cutoffKm = numberFlag(
    options.cutoff,
    "--cutoff",
    issues,
    (x) => x > 0,
    "a distance in km > 0",
    "800",
  );
  const k = numberFlag(
    options.k,
    "--k",
    issues,
    (x) => Number.isInteger(x) && x >= 1,
    "a whole number ≥ 1",
    "4",
  );
  const nearest = numberFlag(
    options.nearest,
    "--nearest",
    issues,
    (x) => Number.isInteger(x) && x >= 1,
    "a whole number ≥ 1",
    "1",
  );
  const tolerance = numberFlag(
    options.tolerance,
    "--tolerance",
    issues,
    (x) => x >= 0 && Number.isFinite(x),
    "a distance ≥ 0 in map units",
    "0.0001",
  );
  const islands = (options.islands as string | undefined) ?? "report";
  if (islands !== "report" && islands !== "nearest")
    issues.push({
      code: "bad_argument",
      message: `--islands "${islands}" is not report or nearest`,
      hint: "write --islands nearest to link each island to its nearest unit",
    });
  const standardise = (options.standardise as string | undefined) ?? "row";
  if (standardise !== "row" && standardise !== "none")
    issues.push({
      code: "bad_argument",
      message: `--standardise "${standardise}" is not row or none`,
      hint: "write --standardise row (the usual) or none",
    });
  const rawLinks =
    options.link === undefined
      ? []
      : Array.isArray(options.link)
        ? (options.link as unknown[])
        : [options.link];
  const links: [string, string][] = [];
  for (const raw of rawLinks) {
    const parts = String(raw)
      .split(":")
      .map((s) => s.trim());
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "")
      issues.push({
        code: "bad_argument",
        message: `--link "${String(raw)}" is not two ids`,
        hint: "write e.g. --link 460000:440000 (Hainan–Guangdong)",
      });
    else links.push([parts[0]!, parts[1]!]);
  }
  const variable =
    typeof options.var === "string" && options.var.trim() !== "" ? options.var.trim() : undefined;
  return {
    type: type as WeightsType,
    ...(power !== undefined ? { power } : {}),
    ...(cutoffKm !== undefined ? { cutoffKm } : {}),
    ...(k !== undefined ? { k } : {}),
    ...(variable !== undefined ? { variable } : {}),
    islands: islands as IslandPolicy,
    ...(nearest !== undefined ? { nearest } : {}),
    links,
    ...(tolerance !== undefined ? { tolerance } : {}),
    standardise: standardise === "row",
  };
}

/** Built weights with unit names and a one-line description. */
export interface CommandWeights {
  readonly weights: SpatialWeights;
  readonly names: readonly (string | undefined)[] | undefined;
  readonly description: string;
}

/**
 * Builds weights for `entities` (or all map units when undefined): contiguity, inverse distance or kNN from a map,
 * economic distance from a panel variable. The result is row-standardised unless the spec says none.
 */
export async function buildCommandWeights(
  spec: WeightsSpec,
  context: {
    readonly entities: readonly string[] | undefined;
    readonly map: string;
    readonly idProperty: string | undefined;
    readonly panel?: {
      readonly panel: Panel;
      readonly file: string;
      readonly fileRows: Int32Array | undefined;
    };
  },
): Promise<CommandWeights> {
  let weights: SpatialWeights;
  let names: readonly (string | undefined)[] | undefined;
  let base: string;
  if (spec.type === "economic") {
    if (context.panel === undefined || spec.variable === undefined)
      throw new NqpfInputError([
        {
          code: "bad_argument",
          message: "economic-distance weights need a data set and a variable",
          hint: "give a data set (e.g. china-provinces-panel) with --var gdp_per_capita (with `nqpf moran`: --weights economic:gdp_per_capita)",
        },
      ]);
    const { panel: p, file, fileRows } = context.panel;
    const means = panelEntityMeans(p, spec.variable, {
      file,
      ...(fileRows !== undefined ? { fileRows } : {}),
    });
    weights = economicDistanceWeights(p.entities, means, { file, column: spec.variable });
    if (context.entities !== undefined) weights = alignWeights(weights, context.entities, { file });
    base = `economic distance 1/|Ȳi − Ȳj| of ${spec.variable} (mean over ${p.times[0]}–${p.times[p.times.length - 1]})`;
  } else {
    const { geojson, file } = await loadMapSource(context.map);
    const idProperty = guessIdProperty(geojson, context.idProperty);
    const nameProperty = guessNameProperty(geojson);
    const units = geoJsonUnits(geojson, {
      ...(idProperty !== undefined ? { idProperty } : {}),
      ...(nameProperty !== undefined ? { nameProperty } : {}),
      ...(context.entities !== undefined ? { ids: context.entities } : {}),
      file,
    });
    names = nameProperty !== undefined ? units.names : undefined;
    const islandOptions = {
      islands: spec.islands,
      ...(spec.nearest !== undefined ? { nearest: spec.nearest } : {}),
    };
    const known = new Set(units.ids);
    const badLinks = spec.links.flat().filter((id) => !known.has(id));
    if (badLinks.length > 0)
      throw new NqpfInputError(
        badLinks.map((id) => ({
          code: "bad_argument" as const,
          entity: id,
          message: `--link names ${id}, which is not a unit of the weights`,
          hint: `link two of the map's ${idProperty ?? "feature"} ids, e.g. --link 460000:440000`,
        })),
      );
    const where = `${file} (${units.ids.length} units, id ${idProperty ?? "feature id"})`;
    switch (spec.type) {
      case "queen":
      case "rook":
        weights = contiguityWeights(units, {
          rule: spec.type,
          ...(spec.tolerance !== undefined ? { tolerance: spec.tolerance } : {}),
          ...islandOptions,
          links: spec.links,
        });
        base = `${spec.type} contiguity on ${where}`;
        break;
      case "idw":
        weights = inverseDistanceWeights(unitCentroids(units), {
          ...(spec.power !== undefined ? { power: spec.power } : {}),
          ...(spec.cutoffKm !== undefined ? { cutoffKm: spec.cutoffKm } : {}),
          ...islandOptions,
        });
        base = `inverse distance d^−${spec.power ?? 1} (great-circle between centroids${spec.cutoffKm !== undefined ? `, cut-off ${spec.cutoffKm} km` : ""}) on ${where}`;
        break;
      case "knn": {
        const k = spec.k ?? 4;
        if (k > units.ids.length - 1)
          throw new NqpfInputError([
            {
              code: "bad_argument",
              message: `--k ${k} needs at least ${k + 1} units; there are ${units.ids.length}`,
              hint: "use a smaller k",
            },
          ]);
        weights = knnWeights(unitCentroids(units), { k });
        base = `${k} nearest neighbours (great-circle between centroids) on ${where}`;
        break;
      }
    }
  }
  if (spec.standardise) weights = rowStandardise(weights);
  return { weights, names, description: `${base}${spec.standardise ? ", row-standardised" : ""}` };
}

/**
 * Weights from a file written by `nqpf weights --out` (edge list id, neighbour, weight), matched to the panel's
 * entities (an entity the file lacks is reported with its first file row).
 */
export async function readCommandWeights(
  file: string,
  data: { readonly panel: Panel; readonly file: string; readonly fileRows: Int32Array | undefined },
  options: Record<string, unknown>,
): Promise<CommandWeights> {
  const { table } = await readTable(file);
  const { panel: p, fileRows } = data;
  let entityRows: number[] | undefined;
  if (fileRows !== undefined) {
    entityRows = new Array<number>(p.entities.length).fill(Number.NaN);
    for (let r = p.table.rowCount - 1; r >= 0; r--) entityRows[p.entityOf[r]!] = fileRows[r]!;
  }
  let weights = alignWeights(weightsFromTable(table, { file }), p.entities, {
    file: data.file,
    weightsName: file,
    ...(entityRows !== undefined ? { entityRows } : {}),
  });
  const standardise = (options.standardise as string | undefined) ?? "row";
  if (standardise === "row") weights = rowStandardise(weights);
  return {
    weights,
    names: undefined,
    description: `weights from ${file}${standardise === "row" ? ", row-standardised" : ""}`,
  };
}

/** Prints the neighbour counts, islands and island links, and the neighbours of the first `limit` units (none for 0). */
export function printWeightsSummary(built: CommandWeights, limit = 60): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const { weights: w, names } = built;
  const counts = w.neighbours.map((r) => r.length);
  const links = counts.reduce((a, b) => a + b, 0);
  out(`${pc.bold("weights")}  ${built.description}`);
  out(
    `units ${w.ids.length}, links ${links} (i → j), neighbours per unit: mean ${formatNumber(Number((links / w.ids.length).toFixed(2)))}, min ${Math.min(...counts)}, max ${Math.max(...counts)}`,
  );
  const label = (id: string): string => {
    const name = names?.[w.ids.indexOf(id)];
    return name !== undefined ? `${id} ${name}` : id;
  };
  const islands = weightsIslands(w);
  if (islands.length > 0)
    out(
      pc.yellow(
        `islands (no neighbour, spatial lag 0): ${islands.map(label).join(", ")} — link them with --islands nearest or --link <id>:<id>`,
      ),
    );
  else out("islands: none");
  for (const link of w.islandLinks ?? [])
    out(
      `island ${label(link.id)} linked to its nearest ${link.neighbours.map((id, k) => `${label(id)} (${link.distanceKm[k]!.toFixed(1)} km between centroids)`).join(", ")}`,
    );
  for (const [a, b] of w.addedLinks ?? []) out(`link added: ${label(a)} – ${label(b)}`);
  if (limit <= 0) return;
  out();
  const rows = w.ids
    .slice(0, limit)
    .map((id, i) => [
      id,
      names?.[i] ?? "",
      String(counts[i]!),
      Array.from(w.neighbours[i]!, (j) => w.ids[j]!).join(" "),
    ]);
  printRows(["id", "name", "neighbours", "neighbour ids"], rows, out, 80);
  if (w.ids.length > limit) out(pc.dim(`… ${w.ids.length - limit} more units (write them with --out)`));
}

export async function weightsCommand(source: string, options: Record<string, unknown>): Promise<void> {
  const issues: InputIssue[] = [];
  const spec = parseWeightsFlags((options.type as string | undefined) ?? "queen", options, issues);
  if (issues.length > 0) throw new NqpfInputError(issues);
  const idProperty = options.id as string | undefined;
  let built: CommandWeights;
  if (isMapSource(source)) {
    built = await buildCommandWeights(spec, { entities: undefined, map: source, idProperty });
  } else {
    const loaded = await loadCommandPanel(source, options);
    built = await buildCommandWeights(spec, {
      entities: loaded.panel.entities,
      map: (options.map as string | undefined) ?? DEFAULT_MAP,
      idProperty,
      panel: loaded,
    });
  }
  printWeightsSummary(built);
  if (typeof options.out === "string") {
    const format = outputFormatOf(options.out);
    const edges = weightsTable(built.weights);
    const tables =
      format === "csv" || format === "csv.gz" || format === "dta"
        ? [edges]
        : [edges, weightsSummaryTable(built.weights, built.names)];
    await writeTables(options.out, tables, { overwrite: options.force === true });
    process.stdout.write(`\nwrote ${options.out} (${edges.rowCount} rows: id, neighbour, weight)\n`);
  }
}
