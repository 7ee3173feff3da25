/**
 * Spatial weights W (n × n, w_ii = 0) stored as sparse rows: unit i's neighbours j (ascending) with weights w_ij.
 * Built from GeoJSON polygons (queen or rook contiguity), from unit centroids (inverse great-circle distance,
 * k nearest neighbours) or from unit means (economic distance 1/|Ȳ_i − Ȳ_j|); then row-standardised and matched
 * to a data set's entities. Units left without a neighbour ("islands") are always reported, never dropped.
 */
import { IssueCollector, NqpfInputError, type InputIssue } from "../../errors.js";
import type { Panel } from "../../panel/panel.js";
import {
  cell,
  findColumn,
  numberColumn,
  stringColumn,
  table,
  type Column,
  type NumberColumn,
  type Table,
} from "../../table/table.js";

/** How a weights matrix was built. */
export type SpatialWeightsKind = "queen" | "rook" | "inverse-distance" | "knn" | "economic" | "custom";

/** What to do with units that have no neighbour: keep them as islands (reported), or link each to its nearest. */
export type IslandPolicy = "report" | "nearest";

/** An island linked to its nearest unit(s) by great-circle distance between centroids. */
export interface IslandLink {
  readonly id: string;
  readonly neighbours: readonly string[];
  readonly distanceKm: readonly number[];
}

/**
 * Sparse spatial weights. `neighbours[i]` holds the indices j (ascending, j ≠ i) with w_ij ≠ 0 and `weights[i]`
 * the w_ij in the same order. A unit with no neighbours is an island (its row is empty).
 */
export interface SpatialWeights {
  readonly ids: readonly string[];
  readonly neighbours: readonly Int32Array[];
  readonly weights: readonly Float64Array[];
  /** True when every non-empty row sums to 1. */
  readonly rowStandardised: boolean;
  /** How the weights were built (absent: unknown). */
  readonly kind?: SpatialWeightsKind;
  /** Ids of the units without any neighbour, in unit order. */
  readonly islands?: readonly string[];
  /** Islands that were linked to their nearest unit(s) (`islands: "nearest"`). */
  readonly islandLinks?: readonly IslandLink[];
  /** Links added by hand (e.g. Hainan–Guangdong), as [id, id]. */
  readonly addedLinks?: readonly (readonly [string, string])[];
  /** The options the weights were built with (power, cut-off, k, tolerance, …). */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** Mean Earth radius (IUGG R1 = (2a + b)/3), km, used for great-circle distances. */
export const EARTH_RADIUS_KM = 6371.0088;

// ---------------------------------------------------------------------------------------------------------------
// Construction, islands, lag, standardisation

/**
 * Spatial weights from neighbour lists, checked: indices in range, no self-links, no repeats, finite weights ≥ 0.
 * Rows are sorted by neighbour index. Islands are recorded.
 *
 * Reference: the sparse list form of spdep `nb`/`listw` and libpysal `W` (neighbours + weights per unit).
 *
 * @param ids unit ids (unique)
 * @param neighbours per unit, the neighbour indices (0-based)
 * @param weights per unit, the weights in the same order (default 1 for every link: binary weights)
 * @param extra kind, parameters and other fields to carry
 * @returns the weights (rowStandardised detected from the rows)
 * @throws RangeError naming `spatialWeights` on a malformed list
 * @example
 * spatialWeights(["a", "b", "c"], [[1], [0], []]).islands
 * // => ["c"]
 */
export function spatialWeights(
  ids: readonly string[],
  neighbours: readonly ArrayLike<number>[],
  weights?: readonly ArrayLike<number>[],
  extra: Omit<SpatialWeights, "ids" | "neighbours" | "weights" | "rowStandardised" | "islands"> = {},
): SpatialWeights {
  const n = ids.length;
  if (neighbours.length !== n)
    throw new RangeError(`spatialWeights: neighbours needs one list per id (${n}); got ${neighbours.length}`);
  if (weights !== undefined && weights.length !== n)
    throw new RangeError(`spatialWeights: weights needs one list per id (${n}); got ${weights.length}`);
  if (new Set(ids).size !== n) throw new RangeError("spatialWeights: ids must be unique");
  const rowsN: Int32Array[] = [];
  const rowsW: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const list = neighbours[i]!;
    const values = weights?.[i];
    if (values !== undefined && values.length !== list.length)
      throw new RangeError(
        `spatialWeights: unit ${ids[i]!} has ${list.length} neighbours but ${values.length} weights`,
      );
    const order = Array.from({ length: list.length }, (_, k) => k).sort((a, b) => list[a]! - list[b]!);
    const nb = new Int32Array(list.length);
    const wt = new Float64Array(list.length);
    order.forEach((k, q) => {
      const j = list[k]!;
      const w = values === undefined ? 1 : values[k]!;
      if (!(Number.isInteger(j) && j >= 0 && j < n))
        throw new RangeError(
          `spatialWeights: unit ${ids[i]!} has neighbour index ${j} outside [0, ${n - 1}]`,
        );
      if (j === i) throw new RangeError(`spatialWeights: unit ${ids[i]!} is its own neighbour`);
      if (q > 0 && nb[q - 1] === j)
        throw new RangeError(`spatialWeights: unit ${ids[i]!} lists ${ids[j]!} twice`);
      if (!(w >= 0 && Number.isFinite(w)))
        throw new RangeError(`spatialWeights: weight ${ids[i]!}→${ids[j]!} must be finite and ≥ 0; got ${w}`);
      nb[q] = j;
      wt[q] = w;
    });
    rowsN.push(nb);
    rowsW.push(wt);
  }
  return finish(ids, rowsN, rowsW, detectRowStandardised(rowsW), extra);
}

function finish(
  ids: readonly string[],
  neighbours: readonly Int32Array[],
  weights: readonly Float64Array[],
  rowStandardised: boolean,
  extra: Omit<SpatialWeights, "ids" | "neighbours" | "weights" | "rowStandardised" | "islands">,
): SpatialWeights {
  return {
    ...extra,
    ids,
    neighbours,
    weights,
    rowStandardised,
    islands: ids.filter((_, i) => neighbours[i]!.length === 0),
  };
}

function detectRowStandardised(weights: readonly Float64Array[]): boolean {
  let any = false;
  for (const row of weights) {
    if (row.length === 0) continue;
    any = true;
    let sum = 0;
    for (const w of row) sum += w;
    if (Math.abs(sum - 1) > 1e-12) return false;
  }
  return any;
}

/**
 * Ids of the units without a neighbour (empty rows), in unit order.
 * @param w the weights
 * @returns the island ids
 * @example
 * weightsIslands(spatialWeights(["a", "b", "c"], [[1], [0], []]))
 * // => ["c"]
 */
export function weightsIslands(w: SpatialWeights): string[] {
  return w.ids.filter((_, i) => w.neighbours[i]!.length === 0);
}

/**
 * Row-standardised weights: w_ij / Σ_j w_ij, so each row sums to 1 and the spatial lag is a weighted mean of the
 * neighbours. Islands (empty rows) stay empty; a row whose weights are all 0 stays 0.
 *
 * Reference: Anselin (1988), Spatial Econometrics, §3.1 (row standardisation, libpysal transform "r").
 *
 * @param w the weights
 * @returns new weights with rowStandardised true (the input is not changed)
 * @example
 * rowStandardise(spatialWeights(["a", "b", "c"], [[1, 2], [0], [0]])).weights[0]
 * // => Float64Array [0.5, 0.5]
 */
export function rowStandardise(w: SpatialWeights): SpatialWeights {
  const weights = w.weights.map((row) => {
    let sum = 0;
    for (const v of row) sum += v;
    return sum > 0 ? row.map((v) => v / sum) : Float64Array.from(row);
  });
  return { ...w, weights, rowStandardised: true };
}

/**
 * The spatial lag Wx: (Wx)_i = Σ_j w_ij x_j (0 for an island).
 * Reference: Anselin (1988), Spatial Econometrics, §3.1.
 * @param w the weights (n units)
 * @param x length n, in the order of `w.ids`
 * @returns length n
 * @throws RangeError naming `spatialLag` when the lengths differ
 * @example
 * spatialLag(rowStandardise(spatialWeights(["a", "b", "c"], [[1, 2], [0], [0]])), Float64Array.of(1, 2, 4))
 * // => Float64Array [3, 1, 1]
 */
export function spatialLag(w: SpatialWeights, x: ArrayLike<number>): Float64Array {
  const n = w.ids.length;
  if (x.length !== n) throw new RangeError(`spatialLag: x needs ${n} values (one per unit); got ${x.length}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    let sum = 0;
    for (let q = 0; q < nb.length; q++) sum += wt[q]! * x[nb[q]!]!;
    out[i] = sum;
  }
  return out;
}

/**
 * True when w_ij = w_ji for every pair (to 1e-12 relative): contiguity and inverse-distance weights are symmetric
 * before row standardisation, k-nearest-neighbour weights in general are not.
 * @param w the weights
 * @returns whether W = Wᵀ
 * @example
 * isSymmetric(spatialWeights(["a", "b"], [[1], []]))
 * // => false
 */
export function isSymmetric(w: SpatialWeights): boolean {
  for (let i = 0; i < w.ids.length; i++) {
    const nb = w.neighbours[i]!;
    for (let q = 0; q < nb.length; q++) {
      const j = nb[q]!;
      const back = weightOf(w, j, i);
      const here = w.weights[i]![q]!;
      if (Math.abs(back - here) > 1e-12 * Math.max(1, Math.abs(here))) return false;
    }
  }
  return true;
}

/**
 * The weight w_ij of unit j in unit i's row (0 when j is not a neighbour of i), by binary search of the sorted row.
 * @param w the weights
 * @param i row unit index
 * @param j column unit index
 * @returns w_ij
 * @example
 * weightOf(spatialWeights(["a", "b"], [[1], [0]], [[0.5], [2]]), 0, 1)
 * // => 0.5
 */
export function weightOf(w: SpatialWeights, i: number, j: number): number {
  const nb = w.neighbours[i]!;
  let lo = 0;
  let hi = nb.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = nb[mid]!;
    if (v === j) return w.weights[i]![mid]!;
    if (v < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// GeoJSON units

/** Polygons of the units of a map, in lon/lat (or any planar x/y) coordinates. */
export interface GeoUnits {
  readonly ids: readonly string[];
  /** A display name per unit (from `nameProperty`), or undefined. */
  readonly names: readonly (string | undefined)[];
  /** Per unit, its polygons; per polygon, its rings (the first is the outer boundary, the others holes); a ring is flat [x0, y0, x1, y1, …] without repeating its first point. */
  readonly polygons: readonly (readonly (readonly Float64Array[])[])[];
}

export interface GeoJsonUnitsOptions {
  /** Feature property holding the unit id (e.g. "adcode"); default the feature's `id` member. */
  readonly idProperty?: string;
  /** Feature property holding a display name (e.g. "name_en"). */
  readonly nameProperty?: string;
  /** Keep only these units, in this order (e.g. the data's entities); each must be on the map. Default: every feature, in file order. */
  readonly ids?: readonly string[];
  /** File name for issue locations. */
  readonly file?: string;
}

/**
 * The units of a GeoJSON FeatureCollection of Polygon/MultiPolygon features (parsed JSON passed in), with their
 * ids. Every problem (not a FeatureCollection, a feature without id or geometry, bad coordinates, a duplicate id,
 * a requested id not on the map) is reported in one NqpfInputError with the feature's path.
 *
 * Reference: RFC 7946 (GeoJSON), §3.1.6–3.1.7 (Polygon, MultiPolygon), §3.2 (Feature).
 *
 * @param geojson parsed GeoJSON
 * @param options id and name properties, the units to keep, file name
 * @returns the units' polygons
 * @throws NqpfInputError `unsupported_format`, `missing_key`, `duplicate_key` or `bad_value`
 */
export function geoJsonUnits(geojson: unknown, options: GeoJsonUnitsOptions = {}): GeoUnits {
  const at = (extra: Partial<InputIssue>): Partial<InputIssue> => ({
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...extra,
  });
  if (!isRecord(geojson) || geojson.type !== "FeatureCollection" || !Array.isArray(geojson.features)) {
    throw new NqpfInputError([
      {
        code: "unsupported_format",
        ...at({}),
        message: "the map is not a GeoJSON FeatureCollection",
        hint: 'give a GeoJSON file whose top level is {"type": "FeatureCollection", "features": [...]} (TopoJSON needs converting first)',
      },
    ]);
  }
  const features = geojson.features as unknown[];
  const issues = new IssueCollector();
  const wanted = options.ids !== undefined ? new Map(options.ids.map((id, k) => [id, k])) : undefined;
  if (wanted !== undefined && wanted.size !== options.ids!.length)
    throw new RangeError("geoJsonUnits: options.ids must be unique");
  const found = new Map<string, number>();
  const chosen: { id: string; name: string | undefined; feature: number }[] = [];
  const propertyNames = new Set<string>();
  features.forEach((feature, k) => {
    if (!isRecord(feature)) {
      issues.add({
        code: "bad_value",
        ...at({ path: ["features", k] }),
        message: "the feature is not an object",
        hint: "fix the GeoJSON",
      });
      return;
    }
    const properties = isRecord(feature.properties) ? feature.properties : {};
    for (const key of Object.keys(properties)) propertyNames.add(key);
    const raw = options.idProperty !== undefined ? properties[options.idProperty] : feature.id;
    const id =
      typeof raw === "string" && raw.trim() !== ""
        ? raw.trim()
        : typeof raw === "number" && Number.isFinite(raw)
          ? String(raw)
          : undefined;
    if (id === undefined) {
      issues.add({
        code: "missing_key",
        ...at({
          path:
            options.idProperty !== undefined
              ? ["features", k, "properties", options.idProperty]
              : ["features", k, "id"],
        }),
        message:
          options.idProperty !== undefined
            ? `the feature has no "${options.idProperty}" property`
            : "the feature has no id",
        hint: `choose the id property (e.g. adcode); the features' properties are ${[...propertyNames].join(", ") || "none"}`,
      });
      return;
    }
    if (wanted !== undefined && !wanted.has(id)) return;
    const first = found.get(id);
    if (first !== undefined) {
      issues.add({
        code: "duplicate_key",
        ...at({ path: ["features", k], entity: id }),
        message: `two features have the id ${id} (features ${first} and ${k})`,
        hint: "each unit needs its own id; merge the features or choose another id property",
      });
      return;
    }
    found.set(id, k);
    const nameRaw = options.nameProperty !== undefined ? properties[options.nameProperty] : undefined;
    chosen.push({
      id,
      name: typeof nameRaw === "string" ? nameRaw : typeof nameRaw === "number" ? String(nameRaw) : undefined,
      feature: k,
    });
  });
  if (wanted !== undefined) {
    for (const id of options.ids!) {
      if (!found.has(id))
        issues.add({
          code: "missing_key",
          ...at({ entity: id }),
          message: `the map has no unit ${id}`,
          hint: `match the data's entity codes to the map's ${options.idProperty !== undefined ? `"${options.idProperty}" property` : "feature ids"} (e.g. adcode 110000 for Beijing), or leave the unit out of the data`,
        });
    }
    chosen.sort((a, b) => wanted.get(a.id)! - wanted.get(b.id)!);
  }
  const polygons: (readonly Float64Array[])[][] = [];
  for (const unit of chosen) {
    const feature = features[unit.feature] as Record<string, unknown>;
    const parsed = parseGeometry(
      feature.geometry,
      ["features", unit.feature, "geometry"],
      unit.id,
      issues,
      at,
    );
    polygons.push(parsed);
  }
  issues.throwIfAny();
  if (chosen.length === 0)
    throw new NqpfInputError([
      { code: "empty_file", ...at({}), message: "the map has no features", hint: "give a map with polygons" },
    ]);
  return { ids: chosen.map((u) => u.id), names: chosen.map((u) => u.name), polygons };
}

function parseGeometry(
  geometry: unknown,
  path: (string | number)[],
  id: string,
  issues: IssueCollector,
  at: (extra: Partial<InputIssue>) => Partial<InputIssue>,
): (readonly Float64Array[])[] {
  const bad = (message: string, where = path): never[] => {
    issues.add({
      code: "bad_value",
      ...at({ path: where, entity: id }),
      message,
      hint: "each unit needs a Polygon or MultiPolygon of [lon, lat] rings (RFC 7946)",
    });
    return [];
  };
  if (!isRecord(geometry)) return bad("the feature has no geometry");
  const coordinates = geometry.coordinates;
  let polys: unknown[];
  if (geometry.type === "Polygon") polys = [coordinates];
  else if (geometry.type === "MultiPolygon" && Array.isArray(coordinates)) polys = coordinates;
  else
    return bad(
      `the geometry is ${typeof geometry.type === "string" ? geometry.type : "of no type"}, not a Polygon or MultiPolygon`,
    );
  const out: (readonly Float64Array[])[] = [];
  for (let p = 0; p < polys.length; p++) {
    const poly = polys[p];
    const wherePoly = geometry.type === "Polygon" ? [...path, "coordinates"] : [...path, "coordinates", p];
    if (!Array.isArray(poly) || poly.length === 0) return bad("a polygon has no rings", wherePoly);
    const rings: Float64Array[] = [];
    for (let r = 0; r < poly.length; r++) {
      const ring: unknown = poly[r];
      if (!Array.isArray(ring)) return bad("a ring is not an array of positions", [...wherePoly, r]);
      const flat: number[] = [];
      for (const position of ring) {
        if (
          !Array.isArray(position) ||
          position.length < 2 ||
          typeof position[0] !== "number" ||
          typeof position[1] !== "number" ||
          !Number.isFinite(position[0]) ||
          !Number.isFinite(position[1])
        )
          return bad("a position is not [x, y] with finite numbers", [...wherePoly, r]);
        flat.push(position[0], position[1]);
      }
      let m = flat.length / 2;
      if (m >= 2 && flat[0] === flat[2 * m - 2] && flat[1] === flat[2 * m - 1]) m -= 1;
      if (m < 3) return bad("a ring has fewer than 3 distinct positions", [...wherePoly, r]);
      rings.push(Float64Array.from(flat.slice(0, 2 * m)));
    }
    out.push(rings);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Centroids and great-circle distances

/** Points (e.g. centroids) of units in degrees. */
export interface UnitPoints {
  readonly ids: readonly string[];
  readonly lon: Float64Array;
  readonly lat: Float64Array;
}

/**
 * Area centroid of each unit, planar in the map's coordinates (lon/lat degrees for GeoJSON): per ring
 * A = ½ Σ (x_k y_{k+1} − x_{k+1} y_k), C = Σ (p_k + p_{k+1})(x_k y_{k+1} − x_{k+1} y_k) / (6A); a unit's centroid is
 * the area-weighted mean over its polygons' outer rings minus their holes. A unit of zero area gets the mean of its
 * vertices. Units crossing the ±180° meridian are not unwrapped.
 *
 * Reference: Bourke (1988), "Calculating the area and centroid of a polygon"; the same planar centroid as GEOS
 * `GEOSGetCentroid` (sf::st_centroid on unprojected data with s2 off).
 *
 * @param units the map's units
 * @returns one point per unit
 * @example
 * unitCentroids({ ids: ["sq"], names: [undefined], polygons: [[[Float64Array.of(0, 0, 2, 0, 2, 2, 0, 2)]]] }).lon
 * // => Float64Array [1]
 */
export function unitCentroids(units: GeoUnits): UnitPoints {
  const n = units.ids.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let area = 0;
    let sx = 0;
    let sy = 0;
    let vertices = 0;
    let vx = 0;
    let vy = 0;
    for (const polygon of units.polygons[i]!) {
      polygon.forEach((ring, r) => {
        const c = ringCentroid(ring);
        const signed = r === 0 ? c.area : -c.area;
        area += signed;
        sx += signed * c.x;
        sy += signed * c.y;
        for (let k = 0; k < ring.length; k += 2) {
          vx += ring[k]!;
          vy += ring[k + 1]!;
          vertices++;
        }
      });
    }
    if (area > 0) {
      lon[i] = sx / area;
      lat[i] = sy / area;
    } else {
      lon[i] = vx / vertices;
      lat[i] = vy / vertices;
    }
  }
  return { ids: units.ids, lon, lat };
}

/** |area| and centroid of one ring (shoelace about the first vertex, for precision). */
function ringCentroid(ring: Float64Array): { area: number; x: number; y: number } {
  const m = ring.length / 2;
  const x0 = ring[0]!;
  const y0 = ring[1]!;
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  for (let k = 0; k < m; k++) {
    const k2 = (k + 1) % m;
    const xa = ring[2 * k]! - x0;
    const ya = ring[2 * k + 1]! - y0;
    const xb = ring[2 * k2]! - x0;
    const yb = ring[2 * k2 + 1]! - y0;
    const cross = xa * yb - xb * ya;
    twiceArea += cross;
    cx += (xa + xb) * cross;
    cy += (ya + yb) * cross;
  }
  if (twiceArea === 0) return { area: 0, x: x0, y: y0 };
  return { area: Math.abs(twiceArea) / 2, x: x0 + cx / (3 * twiceArea), y: y0 + cy / (3 * twiceArea) };
}

/**
 * Great-circle distance by the haversine formula on a sphere of radius 6371.0088 km:
 * d = 2R asin √(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2)).
 *
 * Reference: Sinnott (1984), "Virtues of the haversine", Sky and Telescope 68(2):159; R = mean Earth radius
 * (2a + b)/3 of WGS 84 (Moritz 1980, Geodetic Reference System 1980).
 *
 * @param lon1 degrees
 * @param lat1 degrees
 * @param lon2 degrees
 * @param lat2 degrees
 * @returns km
 * @example
 * greatCircleDistance(0, 0, 90, 0) // a quarter of the equator
 * // => 10007.55722101796
 */
export function greatCircleDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dPhi = (lat2 - lat1) * rad;
  const dLambda = (lon2 - lon1) * rad;
  const h =
    Math.sin(dPhi / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLambda / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distances (km) from unit i to every unit. */
function distancesFrom(points: UnitPoints, i: number): Float64Array {
  const n = points.ids.length;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++)
    out[j] =
      j === i ? 0 : greatCircleDistance(points.lon[i]!, points.lat[i]!, points.lon[j]!, points.lat[j]!);
  return out;
}

/** Indices j ≠ i by ascending distance (ties by index). */
function nearestOrder(distances: Float64Array, i: number): number[] {
  const order: number[] = [];
  for (let j = 0; j < distances.length; j++) if (j !== i) order.push(j);
  return order.sort((a, b) => distances[a]! - distances[b]! || a - b);
}

// ---------------------------------------------------------------------------------------------------------------
// Contiguity

export interface ContiguityOptions {
  /** "queen": units sharing at least one boundary point; "rook": units sharing a boundary segment. Default "queen". */
  readonly rule?: "queen" | "rook";
  /** Distance (map units, degrees for GeoJSON) within which two boundaries count as touching; default 1e-4 (one step of 4-decimal coordinates, about 11 m). */
  readonly tolerance?: number;
  /** Rook: the shared boundary must be longer than this (map units); default 2 × tolerance, so a corner touch is not a shared edge. */
  readonly minSharedLength?: number;
  /** Units without a neighbour: "report" (default) keeps them as islands; "nearest" links each to its nearest unit(s) by great-circle distance between centroids, in both directions. */
  readonly islands?: IslandPolicy;
  /** With islands "nearest": how many nearest units an island is linked to; default 1. */
  readonly nearest?: number;
  /** Links to add by hand before islands are looked for, as [id, id] pairs (both directions), e.g. [["460000", "440000"]] for Hainan–Guangdong. */
  readonly links?: readonly (readonly [string, string])[];
}

/**
 * Binary contiguity weights from polygons: queen (w_ij = 1 when the boundaries of i and j come within `tolerance`
 * of each other at some point) or rook (when they share boundary segments of total length above `minSharedLength`).
 * Boundaries are compared segment by segment, so neighbours are found also where the two maps' vertices differ (a
 * vertex of one unit lying on an edge of the other), not only at shared vertices. Queen ⊇ rook by construction.
 *
 * Reference: contiguity as in spdep `poly2nb` (queen = a shared point, rook = more than a point; snap distance) and
 * libpysal `Queen`/`Rook`; Anselin (1988), Spatial Econometrics, §3.1.
 *
 * @param units the map's units (from {@link geoJsonUnits})
 * @param options rule, tolerance, island policy, hand-made links
 * @returns weights (binary, not row-standardised) with islands and island links recorded
 * @throws RangeError naming `contiguityWeights` on a bad option or a link to an unknown id
 * @example
 * const square = (x: number, y: number) => [Float64Array.of(x, y, x + 1, y, x + 1, y + 1, x, y + 1)];
 * const grid = { ids: ["a", "b", "c"], names: [undefined, undefined, undefined], polygons: [[square(0, 0)], [square(1, 0)], [square(2, 1)]] };
 * [contiguityWeights(grid).neighbours.map((r) => r.length), contiguityWeights(grid, { rule: "rook" }).neighbours.map((r) => r.length)]
 * // => [[1, 2, 1], [1, 1, 0]]
 */
export function contiguityWeights(units: GeoUnits, options: ContiguityOptions = {}): SpatialWeights {
  const rule = options.rule ?? "queen";
  const tolerance = options.tolerance ?? 1e-4;
  if (!(tolerance >= 0 && Number.isFinite(tolerance)))
    throw new RangeError(`contiguityWeights: tolerance must be finite and ≥ 0; got ${tolerance}`);
  const minSharedLength = options.minSharedLength ?? 2 * tolerance;
  if (!(minSharedLength >= 0 && Number.isFinite(minSharedLength)))
    throw new RangeError(`contiguityWeights: minSharedLength must be finite and ≥ 0; got ${minSharedLength}`);
  const nearest = options.nearest ?? 1;
  const n = units.ids.length;
  const pairs = contiguityPairs(units, tolerance);
  const sets = Array.from({ length: n }, () => new Set<number>());
  for (const [key, contact] of pairs) {
    const ok = rule === "queen" ? contact.touch : contact.shared > minSharedLength;
    if (!ok) continue;
    const i = Math.floor(key / n);
    const j = key - i * n;
    sets[i]!.add(j);
    sets[j]!.add(i);
  }
  const values = sets.map((s) => new Map([...s].map((j) => [j, 1])));
  return withLinksAndIslands(
    "contiguityWeights",
    units.ids,
    values,
    options.links,
    options.islands ?? "report",
    nearest,
    () => unitCentroids(units),
    () => 1,
    rule,
    {
      rule,
      tolerance,
      minSharedLength,
      islands: options.islands ?? "report",
      ...(options.islands === "nearest" ? { nearest } : {}),
    },
  );
}

/** Adds hand-made links, then links islands to their nearest units (weight from `linkWeight(distanceKm)`). */
function withLinksAndIslands(
  caller: string,
  ids: readonly string[],
  values: Map<number, number>[],
  links: readonly (readonly [string, string])[] | undefined,
  policy: IslandPolicy,
  nearest: number,
  points: () => UnitPoints,
  linkWeight: (distanceKm: number) => number,
  kind: SpatialWeightsKind,
  parameters: Record<string, unknown>,
): SpatialWeights {
  const n = ids.length;
  if (!(["report", "nearest"] as readonly string[]).includes(policy))
    throw new RangeError(`${caller}: islands must be "report" or "nearest"; got ${policy}`);
  if (!(Number.isInteger(nearest) && nearest >= 1))
    throw new RangeError(`${caller}: nearest must be an integer ≥ 1; got ${nearest}`);
  const index = new Map(ids.map((id, i) => [id, i]));
  let centres: UnitPoints | undefined;
  const addedLinks: (readonly [string, string])[] = [];
  for (const [a, b] of links ?? []) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j)
      throw new RangeError(`${caller}: link ${a}–${b} needs two different ids of the map's units`);
    centres ??= points();
    const d = greatCircleDistance(centres.lon[i]!, centres.lat[i]!, centres.lon[j]!, centres.lat[j]!);
    values[i]!.set(j, values[i]!.get(j) ?? linkWeight(d));
    values[j]!.set(i, values[j]!.get(i) ?? linkWeight(d));
    addedLinks.push([a, b]);
  }
  const islandLinks: IslandLink[] = [];
  if (policy === "nearest" && n > 1) {
    const lonely = values.map((v, i) => (v.size === 0 ? i : -1)).filter((i) => i >= 0);
    if (lonely.length > 0) centres ??= points();
    for (const i of lonely) {
      const d = distancesFrom(centres!, i);
      const chosen = nearestOrder(d, i).slice(0, Math.min(nearest, n - 1));
      for (const j of chosen) {
        values[i]!.set(j, linkWeight(d[j]!));
        if (!values[j]!.has(i)) values[j]!.set(i, linkWeight(d[j]!));
      }
      islandLinks.push({
        id: ids[i]!,
        neighbours: chosen.map((j) => ids[j]!),
        distanceKm: chosen.map((j) => d[j]!),
      });
    }
  }
  const neighbours = values.map((v) => Int32Array.from([...v.keys()].sort((a, b) => a - b)));
  const weights = values.map((v, i) => Float64Array.from(neighbours[i]!, (j) => v.get(j)!));
  return finish(ids, neighbours, weights, false, {
    kind,
    parameters,
    ...(islandLinks.length > 0 ? { islandLinks } : {}),
    ...(addedLinks.length > 0 ? { addedLinks } : {}),
  });
}

interface Contact {
  touch: boolean;
  shared: number;
}

/**
 * For every pair of units whose boundaries come within `tolerance`: key i·n + j (i < j), whether they touch and
 * the total length of boundary they share (collinear overlap of segments within tolerance). Segments are bucketed
 * in a uniform grid; each pair of segments is examined once, in the cell holding the low corner of the overlap of
 * their (tolerance-widened) bounding boxes.
 */
function contiguityPairs(units: GeoUnits, tolerance: number): Map<number, Contact> {
  const n = units.ids.length;
  let count = 0;
  for (const polygons of units.polygons)
    for (const rings of polygons) for (const ring of rings) count += ring.length / 2;
  const ax = new Float64Array(count);
  const ay = new Float64Array(count);
  const bx = new Float64Array(count);
  const by = new Float64Array(count);
  const owner = new Int32Array(count);
  let e = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let totalLength = 0;
  units.polygons.forEach((polygons, u) => {
    for (const rings of polygons)
      for (const ring of rings) {
        const m = ring.length / 2;
        for (let k = 0; k < m; k++) {
          const k2 = (k + 1) % m;
          const x1 = ring[2 * k]!;
          const y1 = ring[2 * k + 1]!;
          const x2 = ring[2 * k2]!;
          const y2 = ring[2 * k2 + 1]!;
          if (x1 === x2 && y1 === y2) continue;
          ax[e] = x1;
          ay[e] = y1;
          bx[e] = x2;
          by[e] = y2;
          owner[e] = u;
          e++;
          minX = Math.min(minX, x1, x2);
          maxX = Math.max(maxX, x1, x2);
          minY = Math.min(minY, y1, y2);
          maxY = Math.max(maxY, y1, y2);
          totalLength += Math.hypot(x2 - x1, y2 - y1);
        }
      }
  });
  const edges = e;
  const contacts = new Map<number, Contact>();
  if (edges === 0 || n < 2) return contacts;
  minX -= tolerance;
  minY -= tolerance;
  maxX += tolerance;
  maxY += tolerance;
  const width = maxX - minX;
  const height = maxY - minY;
  let size = Math.max(
    totalLength / edges,
    Math.sqrt((width * height) / edges),
    4 * tolerance,
    Number.MIN_VALUE,
  );
  let nx = Math.floor(width / size) + 1;
  let ny = Math.floor(height / size) + 1;
  while (nx * ny > 4 * edges + 1024) {
    size *= 2;
    nx = Math.floor(width / size) + 1;
    ny = Math.floor(height / size) + 1;
  }
  const cellX = (x: number): number => Math.min(nx - 1, Math.max(0, Math.floor((x - minX) / size)));
  const cellY = (y: number): number => Math.min(ny - 1, Math.max(0, Math.floor((y - minY) / size)));
  const lox = new Float64Array(edges);
  const hix = new Float64Array(edges);
  const loy = new Float64Array(edges);
  const hiy = new Float64Array(edges);
  const start = new Int32Array(nx * ny + 1);
  for (let k = 0; k < edges; k++) {
    lox[k] = Math.min(ax[k]!, bx[k]!) - tolerance;
    hix[k] = Math.max(ax[k]!, bx[k]!) + tolerance;
    loy[k] = Math.min(ay[k]!, by[k]!) - tolerance;
    hiy[k] = Math.max(ay[k]!, by[k]!) + tolerance;
    for (let cx = cellX(lox[k]!); cx <= cellX(hix[k]!); cx++)
      for (let cy = cellY(loy[k]!); cy <= cellY(hiy[k]!); cy++) start[cx * ny + cy + 1]!++;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1]! += start[c]!;
  const items = new Int32Array(start[nx * ny]!);
  const fill = start.slice(0, nx * ny);
  for (let k = 0; k < edges; k++)
    for (let cx = cellX(lox[k]!); cx <= cellX(hix[k]!); cx++)
      for (let cy = cellY(loy[k]!); cy <= cellY(hiy[k]!); cy++) items[fill[cx * ny + cy]!++] = k;

  for (let cx = 0; cx < nx; cx++) {
    for (let cy = 0; cy < ny; cy++) {
      const c = cx * ny + cy;
      const from = start[c]!;
      const to = start[c + 1]!;
      for (let p = from; p < to; p++) {
        const s = items[p]!;
        const us = owner[s]!;
        for (let q = p + 1; q < to; q++) {
          const t = items[q]!;
          const ut = owner[t]!;
          if (us === ut) continue;
          const lx = Math.max(lox[s]!, lox[t]!);
          const ly = Math.max(loy[s]!, loy[t]!);
          if (lx > Math.min(hix[s]!, hix[t]!) || ly > Math.min(hiy[s]!, hiy[t]!)) continue;
          if (cellX(lx) !== cx || cellY(ly) !== cy) continue;
          const key = us < ut ? us * n + ut : ut * n + us;
          const d = segmentDistance(ax[s]!, ay[s]!, bx[s]!, by[s]!, ax[t]!, ay[t]!, bx[t]!, by[t]!);
          if (d > tolerance) continue;
          let contact = contacts.get(key);
          if (contact === undefined) {
            contact = { touch: true, shared: 0 };
            contacts.set(key, contact);
          }
          contact.shared += collinearOverlap(
            ax[s]!,
            ay[s]!,
            bx[s]!,
            by[s]!,
            ax[t]!,
            ay[t]!,
            bx[t]!,
            by[t]!,
            tolerance,
          );
        }
      }
    }
  }
  return contacts;
}

/** Distance from point p to segment ab. */
function pointSegmentDistance(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  let t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Minimum distance between segments ab and cd (0 when they cross). */
function segmentDistance(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return 0;
  return Math.min(
    pointSegmentDistance(ax, ay, cx, cy, dx, dy),
    pointSegmentDistance(bx, by, cx, cy, dx, dy),
    pointSegmentDistance(cx, cy, ax, ay, bx, by),
    pointSegmentDistance(dx, dy, ax, ay, bx, by),
  );
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Length along which segments ab and cd run together (both ends of the shorter within tolerance of the longer's line). */
function collinearOverlap(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  tolerance: number,
): number {
  const l1 = Math.hypot(bx - ax, by - ay);
  const l2 = Math.hypot(dx - cx, dy - cy);
  // The longer segment is the reference line p→q; r, s are the shorter one's ends.
  const [px, py, qx, qy, rx, ry, sx, sy, length] =
    l1 >= l2 ? [ax, ay, bx, by, cx, cy, dx, dy, l1] : [cx, cy, dx, dy, ax, ay, bx, by, l2];
  const ux = (qx - px) / length;
  const uy = (qy - py) / length;
  const offR = Math.abs(ux * (ry - py) - uy * (rx - px));
  const offS = Math.abs(ux * (sy - py) - uy * (sx - px));
  if (offR > tolerance || offS > tolerance) return 0;
  const tr = ux * (rx - px) + uy * (ry - py);
  const ts = ux * (sx - px) + uy * (sy - py);
  const lo = Math.max(0, Math.min(tr, ts));
  const hi = Math.min(length, Math.max(tr, ts));
  return Math.max(0, hi - lo);
}

// ---------------------------------------------------------------------------------------------------------------
// Distance-based weights

export interface InverseDistanceOptions {
  /** w_ij = d_ij^(−power); default 1 (2 is the gravity form). */
  readonly power?: number;
  /** Only pairs with d_ij ≤ cutoffKm are linked; default no cut-off (every pair). */
  readonly cutoffKm?: number;
  /** Units with no other unit within the cut-off: "report" (default) or "nearest" (link to the nearest unit(s), weight d^(−power), both directions). */
  readonly islands?: IslandPolicy;
  readonly nearest?: number;
}

/**
 * Inverse-distance weights w_ij = d_ij^(−power) (i ≠ j, d_ij ≤ cut-off), with d_ij the great-circle (haversine)
 * distance between the units' points in km.
 *
 * Reference: Anselin (1988), Spatial Econometrics, §3.1 (distance-decay weights); methods.md §3.6 (1/d and 1/d²
 * between provincial capitals or centroids).
 *
 * @param points unit points in degrees (e.g. {@link unitCentroids})
 * @param options power, cut-off, island policy
 * @returns weights (not row-standardised)
 * @throws RangeError naming `inverseDistanceWeights` on a bad option; NqpfInputError `bad_value` when two units share a point (d = 0)
 * @example
 * inverseDistanceWeights({ ids: ["a", "b"], lon: Float64Array.of(0, 90), lat: Float64Array.of(0, 0) }).weights[0]![0]! * 10007.55722101796
 * // => 1 (to 1e-12)
 */
export function inverseDistanceWeights(
  points: UnitPoints,
  options: InverseDistanceOptions = {},
): SpatialWeights {
  const power = options.power ?? 1;
  if (!(power > 0 && Number.isFinite(power)))
    throw new RangeError(`inverseDistanceWeights: power must be finite and > 0; got ${power}`);
  const cutoff = options.cutoffKm ?? Infinity;
  if (!(cutoff > 0)) throw new RangeError(`inverseDistanceWeights: cutoffKm must be > 0; got ${cutoff}`);
  checkPoints("inverseDistanceWeights", points);
  const n = points.ids.length;
  const issues = new IssueCollector();
  const values: Map<number, number>[] = [];
  for (let i = 0; i < n; i++) {
    const d = distancesFrom(points, i);
    const row = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      if (j === i || !(d[j]! <= cutoff)) continue;
      if (d[j] === 0) {
        if (i < j) issues.add(samePoint(points, i, j));
        continue;
      }
      row.set(j, d[j]! ** -power);
    }
    values.push(row);
  }
  issues.throwIfAny();
  return withLinksAndIslands(
    "inverseDistanceWeights",
    points.ids,
    values,
    undefined,
    options.islands ?? "report",
    options.nearest ?? 1,
    () => points,
    (d) => d ** -power,
    "inverse-distance",
    {
      power,
      ...(Number.isFinite(cutoff) ? { cutoffKm: cutoff } : {}),
      distance: `great-circle (haversine, R = ${EARTH_RADIUS_KM} km)`,
      islands: options.islands ?? "report",
    },
  );
}

export interface KnnOptions {
  /** Number of nearest neighbours per unit (1 ≤ k < n); default 4. */
  readonly k?: number;
}

/**
 * k-nearest-neighbour weights: w_ij = 1 for the k units nearest to i by great-circle distance (ties broken by unit
 * order). Not symmetric in general; no unit is an island.
 *
 * Reference: libpysal `KNN` / spdep `knearneigh` + `knn2nb`; distance as {@link greatCircleDistance}.
 *
 * @param points unit points in degrees
 * @param options k
 * @returns binary weights (not row-standardised)
 * @throws RangeError naming `knnWeights` when k is not an integer in [1, n − 1]
 * @example
 * knnWeights({ ids: ["a", "b", "c"], lon: Float64Array.of(0, 1, 5), lat: Float64Array.of(0, 0, 0) }, { k: 1 }).neighbours.map((r) => r[0])
 * // => [1, 0, 1]
 */
export function knnWeights(points: UnitPoints, options: KnnOptions = {}): SpatialWeights {
  checkPoints("knnWeights", points);
  const n = points.ids.length;
  const k = options.k ?? 4;
  if (!(Number.isInteger(k) && k >= 1 && k <= n - 1))
    throw new RangeError(`knnWeights: k must be an integer in [1, ${n - 1}] (n − 1); got ${k}`);
  const neighbours: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const order = nearestOrder(distancesFrom(points, i), i)
      .slice(0, k)
      .sort((a, b) => a - b);
    neighbours.push(Int32Array.from(order));
    weights.push(new Float64Array(order.length).fill(1));
  }
  return finish(points.ids, neighbours, weights, false, {
    kind: "knn",
    parameters: { k, distance: `great-circle (haversine, R = ${EARTH_RADIUS_KM} km)` },
  });
}

function checkPoints(caller: string, points: UnitPoints): void {
  const n = points.ids.length;
  if (points.lon.length !== n || points.lat.length !== n)
    throw new RangeError(
      `${caller}: lon and lat need ${n} values (one per id); got ${points.lon.length}, ${points.lat.length}`,
    );
  for (let i = 0; i < n; i++)
    if (!(Math.abs(points.lat[i]!) <= 90 && Number.isFinite(points.lon[i]!)))
      throw new RangeError(
        `${caller}: unit ${points.ids[i]!} has no valid lon/lat (${points.lon[i]!}, ${points.lat[i]!})`,
      );
}

function samePoint(points: UnitPoints, i: number, j: number): InputIssue {
  return {
    code: "bad_value",
    entity: points.ids[i]!,
    message: `units ${points.ids[i]!} and ${points.ids[j]!} are at the same point, so 1/d is infinite`,
    hint: "check the map (a duplicated unit?) or use contiguity or k-nearest-neighbour weights",
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Economic distance

export interface EconomicDistanceOptions {
  /** File name for issue locations. */
  readonly file?: string;
  /** Name of the variable, for issue locations. */
  readonly column?: string;
}

/**
 * Economic-distance weights w_ij = 1/|Ȳ_i − Ȳ_j| (i ≠ j), with Ȳ_i unit i's mean of an economic variable (usually
 * real GDP per capita over the sample years).
 *
 * Reference: 林光平, 龙志和 & 吴梅 (2005) 经济学(季刊) 4(S1) (economic-distance weights); methods.md §3.6.
 *
 * @param ids unit ids
 * @param means Ȳ_i, one per id
 * @param options file and column for issue locations
 * @returns dense weights (not row-standardised)
 * @throws RangeError naming `economicDistanceWeights` when the lengths differ; NqpfInputError `bad_value` for a missing mean or two equal means
 * @example
 * economicDistanceWeights(["a", "b", "c"], Float64Array.of(1, 2, 4)).weights[0]
 * // => Float64Array [1, 0.3333333333333333]
 */
export function economicDistanceWeights(
  ids: readonly string[],
  means: ArrayLike<number>,
  options: EconomicDistanceOptions = {},
): SpatialWeights {
  const n = ids.length;
  if (means.length !== n)
    throw new RangeError(
      `economicDistanceWeights: means needs ${n} values (one per id); got ${means.length}`,
    );
  const issues = new IssueCollector();
  const where = (entity: string): Partial<InputIssue> => ({
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...(options.column !== undefined ? { column: options.column } : {}),
    entity,
  });
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(means[i]!))
      issues.add({
        code: "bad_value",
        ...where(ids[i]!),
        message: "the unit has no mean of the economic variable",
        hint: "economic-distance weights need a value for every unit; fill the data or choose another variable",
      });
  issues.throwIfAny();
  const neighbours: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const nb = new Int32Array(n - 1);
    const wt = new Float64Array(n - 1);
    let q = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const gap = Math.abs(means[i]! - means[j]!);
      if (gap === 0 && i < j)
        issues.add({
          code: "bad_value",
          ...where(ids[i]!),
          message: `units ${ids[i]!} and ${ids[j]!} have the same mean (${means[i]!}), so 1/|Ȳi − Ȳj| is infinite`,
          hint: "use another variable or period for the economic distance",
        });
      nb[q] = j;
      wt[q] = 1 / gap;
      q++;
    }
    neighbours.push(nb);
    weights.push(wt);
  }
  issues.throwIfAny();
  return finish(ids, neighbours, weights, false, {
    kind: "economic",
    parameters: { distance: "1/|Ȳi − Ȳj|" },
  });
}

export interface PanelMeansOptions {
  /** First and last period to average over (inclusive); default all. */
  readonly from?: number;
  readonly to?: number;
  /** File name and 1-based file row of each panel row, for issue locations. */
  readonly file?: string;
  readonly fileRows?: ArrayLike<number>;
}

/**
 * The numeric column `variable` of a panel's table, for the spatial statistics of a panel variable.
 * @param p the panel
 * @param variable column name
 * @param file the data file, for the issue
 * @returns the column
 * @throws NqpfInputError `missing_column` when the table has no such column, `not_a_number` when it holds text
 */
export function panelNumberColumn(p: Panel, variable: string, file: string | undefined): NumberColumn {
  const where = file !== undefined ? { file } : {};
  const column = findColumn(p.table, variable);
  if (column === undefined)
    throw new NqpfInputError([
      {
        code: "missing_column",
        ...where,
        column: variable,
        message: `column "${variable}" is not in the data`,
        hint: `available columns: ${p.table.columns.map((c) => c.name).join(", ")}`,
      },
    ]);
  if (column.type !== "number")
    throw new NqpfInputError([
      {
        code: "not_a_number",
        ...where,
        column: variable,
        message: `column "${variable}" is text, not numbers`,
        hint: "choose a numeric column",
      },
    ]);
  return column;
}

/**
 * Each entity's mean of a numeric variable over the periods (missing values skipped), for economic-distance weights.
 * Reference: Ȳ_i = (1/T_i) Σ_t y_it over the periods where y_it is present.
 * @param p the panel
 * @param variable numeric column
 * @param options period range and issue locations
 * @returns one mean per entity, in the order of `p.entities`
 * @throws NqpfInputError `missing_column`, `not_a_number`, or `bad_value` for an entity without any value
 */
export function panelEntityMeans(p: Panel, variable: string, options: PanelMeansOptions = {}): Float64Array {
  const file = options.file !== undefined ? { file: options.file } : {};
  const column = panelNumberColumn(p, variable, options.file);
  const sums = new Float64Array(p.entities.length);
  const counts = new Int32Array(p.entities.length);
  for (let r = 0; r < p.table.rowCount; r++) {
    const t = p.times[p.timeOf[r]!]!;
    if ((options.from !== undefined && t < options.from) || (options.to !== undefined && t > options.to))
      continue;
    if (column.missing[r] !== 0) continue;
    sums[p.entityOf[r]!]! += column.values[r]!;
    counts[p.entityOf[r]!]!++;
  }
  const issues = new IssueCollector();
  p.entities.forEach((entity, e) => {
    if (counts[e] === 0)
      issues.add({
        code: "bad_value",
        ...file,
        column: variable,
        entity,
        message: `the entity has no value of ${variable} in the chosen periods`,
        hint: "fill the data, widen the period range or choose another variable",
      });
  });
  issues.throwIfAny();
  return sums.map((s, e) => s / counts[e]!);
}

// ---------------------------------------------------------------------------------------------------------------
// Matching to data, tables

export interface AlignWeightsOptions {
  /** Weights units that are not among the entities: "error" (default) or "drop" (their links go; row-standardised weights are standardised again; new islands are recorded). */
  readonly extra?: "error" | "drop";
  /** Data file name, and the 1-based file row of each entity's first row, for issue locations. */
  readonly file?: string;
  readonly entityRows?: ArrayLike<number>;
  /** Name of the weights (a file or "queen"), for messages. */
  readonly weightsName?: string;
}

/**
 * The weights re-indexed to the data's entities (their order), so that row i of W belongs to `entities[i]`.
 * Entities the weights lack are errors; weights units the data lack are errors unless `extra: "drop"`.
 *
 * Reference: spdep's region.id check (`spChk`) and libpysal `w_subset`.
 *
 * @param w the weights
 * @param entities the data's entity ids (unique)
 * @param options policy for extra units and issue locations
 * @returns weights over exactly `entities`
 * @throws NqpfInputError `missing_key` (entity without weights unit) and `bad_value` (weights unit without data), all at once
 */
export function alignWeights(
  w: SpatialWeights,
  entities: readonly string[],
  options: AlignWeightsOptions = {},
): SpatialWeights {
  if (new Set(entities).size !== entities.length)
    throw new RangeError("alignWeights: entities must be unique");
  const index = new Map(w.ids.map((id, i) => [id, i]));
  const wanted = new Set(entities);
  const issues = new IssueCollector();
  const name = options.weightsName ?? "the weights";
  entities.forEach((entity, e) => {
    if (!index.has(entity))
      issues.add({
        code: "missing_key",
        ...(options.file !== undefined ? { file: options.file } : {}),
        ...(options.entityRows !== undefined ? { row: options.entityRows[e]! } : {}),
        entity,
        message: `${name} have no unit ${entity}`,
        hint: `the data's entities must be the weights' ids (${preview(w.ids)}); check the codes, or leave the entity out of the data`,
      });
  });
  const extra = w.ids.filter((id) => !wanted.has(id));
  if (extra.length > 0 && (options.extra ?? "error") === "error")
    for (const id of extra)
      issues.add({
        code: "bad_value",
        ...(options.file !== undefined ? { file: options.file } : {}),
        entity: id,
        message: `${name} have a unit ${id} that the data do not have`,
        hint: "give the data for that unit, or build the weights for the data's entities only",
      });
  issues.throwIfAny();
  const target = new Map(entities.map((id, k) => [id, k]));
  const neighbours: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (const entity of entities) {
    const i = index.get(entity)!;
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    const pairs: [number, number][] = [];
    for (let q = 0; q < nb.length; q++) {
      const k = target.get(w.ids[nb[q]!]!);
      if (k !== undefined) pairs.push([k, wt[q]!]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    neighbours.push(Int32Array.from(pairs, (p) => p[0]));
    weights.push(Float64Array.from(pairs, (p) => p[1]));
  }
  const aligned = finish(entities, neighbours, weights, w.rowStandardised, {
    ...(w.kind !== undefined ? { kind: w.kind } : {}),
    ...(w.parameters !== undefined ? { parameters: w.parameters } : {}),
    ...(w.addedLinks !== undefined ? { addedLinks: w.addedLinks } : {}),
    ...(w.islandLinks !== undefined ? { islandLinks: w.islandLinks.filter((l) => target.has(l.id)) } : {}),
  });
  return w.rowStandardised && extra.length > 0 ? rowStandardise(aligned) : aligned;
}

function preview(ids: readonly string[]): string {
  return ids.length <= 8 ? ids.join(", ") : `${ids.slice(0, 8).join(", ")}, … (${ids.length} in all)`;
}

/**
 * The weights as an edge list Table: one row per link (id, neighbour, weight), and one row with an empty neighbour
 * and weight for each island, so that reading the table back keeps every unit.
 *
 * Reference: the GWT/edge-list form of GeoDa and libpysal.
 *
 * @param w the weights
 * @returns a Table with meta {method, parameters, notes (islands)}
 * @example
 * weightsTable(spatialWeights(["a", "b", "c"], [[1], [0], []])).rowCount
 * // => 3
 */
export function weightsTable(w: SpatialWeights): Table {
  const from: string[] = [];
  const to: (string | null)[] = [];
  const value: number[] = [];
  w.ids.forEach((id, i) => {
    const nb = w.neighbours[i]!;
    if (nb.length === 0) {
      from.push(id);
      to.push(null);
      value.push(Number.NaN);
    }
    for (let q = 0; q < nb.length; q++) {
      from.push(id);
      to.push(w.ids[nb[q]!]!);
      value.push(w.weights[i]![q]!);
    }
  });
  return table(
    [
      stringColumn("id", from, { label: "unit i" }),
      stringColumn("neighbour", to, { label: "neighbour j (empty: unit i is an island)" }),
      numberColumn("weight", value, { label: w.rowStandardised ? "w_ij (row-standardised)" : "w_ij" }),
    ],
    {
      name: "weights",
      title: "Spatial weights (edge list)",
      method: `spatial weights: ${w.kind ?? "custom"}`,
      parameters: { ...(w.parameters ?? {}), rowStandardised: w.rowStandardised, units: w.ids.length },
      reference: "Anselin (1988), Spatial Econometrics, ch. 3",
      notes: weightsNotes(w),
    },
  );
}

/**
 * One row per unit: id, name, neighbour count, neighbour ids, row sum and whether the unit is an island.
 * @param w the weights
 * @param names display names per unit (optional, same order as `w.ids`)
 * @returns a Table
 */
export function weightsSummaryTable(w: SpatialWeights, names?: readonly (string | undefined)[]): Table {
  const columns: Column[] = [stringColumn("id", w.ids)];
  if (names !== undefined)
    columns.push(
      stringColumn(
        "name",
        names.map((v) => v ?? null),
      ),
    );
  columns.push(
    numberColumn(
      "neighbours",
      w.neighbours.map((r) => r.length),
      { label: "number of neighbours" },
    ),
    stringColumn(
      "neighbour_ids",
      w.neighbours.map((r) => Array.from(r, (j) => w.ids[j]!).join(" ")),
    ),
    numberColumn(
      "row_sum",
      w.weights.map((r) => r.reduce((a, b) => a + b, 0)),
      { label: "Σ_j w_ij" },
    ),
    numberColumn(
      "island",
      w.neighbours.map((r) => (r.length === 0 ? 1 : 0)),
      { label: "1 = no neighbour" },
    ),
  );
  return table(columns, {
    name: "weights_summary",
    title: "Spatial weights: neighbours per unit",
    method: `spatial weights: ${w.kind ?? "custom"}`,
    parameters: { ...(w.parameters ?? {}), rowStandardised: w.rowStandardised },
    notes: weightsNotes(w),
  });
}

function weightsNotes(w: SpatialWeights): string[] {
  const islands = weightsIslands(w);
  const notes = [
    islands.length > 0
      ? `Islands (no neighbour; their spatial lag is 0): ${islands.join(", ")}`
      : "No islands: every unit has at least one neighbour.",
  ];
  for (const link of w.islandLinks ?? [])
    notes.push(
      `Island ${link.id} linked to its nearest ${link.neighbours.map((id, k) => `${id} (${link.distanceKm[k]!.toFixed(1)} km between centroids)`).join(", ")}`,
    );
  for (const [a, b] of w.addedLinks ?? []) notes.push(`Link added by hand: ${a}–${b}`);
  return notes;
}

export interface WeightsFromTableOptions {
  readonly file?: string;
  /** File row of table row 0 (default 2: header on row 1). */
  readonly firstRow?: number;
}

/**
 * Weights from an edge-list table with columns `id`, `neighbour` and optionally `weight` (as {@link weightsTable}
 * writes): each row a link i → j; a row with an empty neighbour lists an island. Without a weight column every
 * link weighs 1. Units are ordered by first appearance in the id column, then those only named as neighbours.
 *
 * Reference: the GWT/edge-list form of GeoDa and libpysal.
 *
 * @param t the table
 * @param options file name and first row for issue locations
 * @returns the weights (rowStandardised detected from the row sums)
 * @throws NqpfInputError with every bad row: `missing_column`, `missing_key`, `not_a_number`, `bad_value` (self-link, negative weight), `duplicate_key`
 */
export function weightsFromTable(t: Table, options: WeightsFromTableOptions = {}): SpatialWeights {
  const firstRow = options.firstRow ?? 2;
  const file = options.file !== undefined ? { file: options.file } : {};
  const issues = new IssueCollector();
  const idColumn = findColumn(t, "id");
  const neighbourColumn = findColumn(t, "neighbour");
  const weightColumn = findColumn(t, "weight");
  const names = t.columns.map((c) => c.name);
  for (const [name, column] of [
    ["id", idColumn],
    ["neighbour", neighbourColumn],
  ] as const)
    if (column === undefined)
      issues.add({
        code: "missing_column",
        ...file,
        column: name,
        message: `the weights table has no "${name}" column`,
        hint: `a weights file has columns id, neighbour, weight (as \`nqpf weights --out\` writes); it has ${names.join(", ")}`,
      });
  issues.throwIfAny();
  const key = (column: Column, r: number): string | null => {
    const v = cell(column, r);
    if (v === null) return null;
    const s = String(v).trim();
    return s === "" ? null : s;
  };
  const index = new Map<string, number>();
  const ids: string[] = [];
  // Units in the order of the id column first, then units that only appear as neighbours.
  for (let r = 0; r < t.rowCount; r++) {
    const a = key(idColumn!, r);
    if (a !== null && !index.has(a)) {
      index.set(a, ids.length);
      ids.push(a);
    }
  }
  const unit = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  const rows: Map<number, number>[] = [];
  const seenAt = new Map<string, number>();
  for (let r = 0; r < t.rowCount; r++) {
    const row = firstRow + r;
    const a = key(idColumn!, r);
    const b = key(neighbourColumn!, r);
    if (a === null) {
      issues.add({
        code: "missing_key",
        ...file,
        row,
        column: "id",
        message: "the id is empty",
        hint: "every row needs an id",
      });
      continue;
    }
    const i = unit(a);
    while (rows.length < ids.length) rows.push(new Map());
    if (b === null) continue;
    const j = unit(b);
    while (rows.length < ids.length) rows.push(new Map());
    let w = 1;
    if (weightColumn !== undefined) {
      const v = cell(weightColumn, r);
      if (v === null || typeof v === "string") {
        issues.add({
          code: v === null ? "bad_value" : "not_a_number",
          ...file,
          row,
          column: "weight",
          entity: a,
          message: v === null ? "the weight is empty" : `"${v}" is not a number`,
          hint: "give every link a weight ≥ 0 (or drop the weight column for binary weights)",
        });
        continue;
      }
      w = v;
    }
    if (i === j)
      issues.add({
        code: "bad_value",
        ...file,
        row,
        column: "neighbour",
        entity: a,
        message: "a unit cannot be its own neighbour",
        hint: "remove the row",
      });
    else if (!(w >= 0 && Number.isFinite(w)))
      issues.add({
        code: "bad_value",
        ...file,
        row,
        column: "weight",
        entity: a,
        message: `weight ${w} is not finite and ≥ 0`,
        hint: "weights must be finite and ≥ 0",
      });
    else {
      const pair = `${i},${j}`;
      const first = seenAt.get(pair);
      if (first !== undefined)
        issues.add({
          code: "duplicate_key",
          ...file,
          row,
          entity: a,
          message: `the link ${a} → ${b} is listed twice (first on row ${first})`,
          hint: "keep one row per link",
        });
      else {
        seenAt.set(pair, row);
        rows[i]!.set(j, w);
      }
    }
  }
  issues.throwIfAny();
  if (ids.length === 0)
    throw new NqpfInputError([
      {
        code: "empty_file",
        ...file,
        message: "the weights table has no rows",
        hint: "write one with `nqpf weights --out`",
      },
    ]);
  while (rows.length < ids.length) rows.push(new Map());
  const neighbours = rows.map((m) => [...m.keys()]);
  const weights = rows.map((m) => [...m.values()]);
  return spatialWeights(ids, neighbours, weights, {
    kind: "custom",
    parameters: { source: options.file ?? "table" },
  });
}
