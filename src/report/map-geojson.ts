/**
 * The bundled maps as ECharts registers them, the same in the server-side renderer and in the browser: for
 * "china", adcodes as strings (ECharts compares region names with data names as text) and an empty placeholder
 * region named 南海诸岛 (ECharts draws its own South China Sea inset box off Taiwan for any map called "china"
 * that lacks such a region; the bundled Hainan feature already holds the islands, so the inset would duplicate
 * them in the wrong place; the placeholder is a zero-area polygon at Haikou, no ink); "world" unchanged.
 * Pure: no I/O.
 */

/** The region ECharts adds to any map named "china" unless a region of this name exists. */
export const NANHAI_INSET_NAME = "南海诸岛";

interface Feature {
  readonly type: string;
  readonly properties?: Record<string, unknown> | null;
  readonly geometry: unknown;
}

/** An adcode as text (numbers in their decimal form). */
function adcodeText(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/**
 * A bundled map's GeoJSON as ECharts registers it (see the module note). Safe to apply twice.
 * Reference: ECharts registerMap (echarts.apache.org/en/api.html#echarts.registerMap); data/README.md §4 for the maps.
 * @param name "china" or "world"
 * @param geoJson the map's FeatureCollection
 * @param fn the caller's name for the error message (default "echartsGeoJson")
 * @returns the FeatureCollection to register
 * @throws TypeError naming `fn` when the value is not a FeatureCollection
 * @example
 * echartsGeoJson("world", world) === world // => true
 */
export function echartsGeoJson(name: "china" | "world", geoJson: unknown, fn = "echartsGeoJson"): unknown {
  const candidate = geoJson as { type?: unknown; features?: unknown } | null;
  if (candidate?.type !== "FeatureCollection" || !Array.isArray(candidate.features))
    throw new TypeError(`${fn}: the map "${name}" is not a GeoJSON FeatureCollection`);
  if (name !== "china") return geoJson;
  const features: Feature[] = (candidate.features as Feature[]).map((f) => ({
    ...f,
    properties: { ...(f.properties ?? {}), adcode: adcodeText(f.properties?.adcode) },
  }));
  if (!features.some((f) => f.properties?.adcode === NANHAI_INSET_NAME)) {
    const haikou = [110.35, 20.02];
    features.push({
      type: "Feature",
      properties: { adcode: NANHAI_INSET_NAME, name: NANHAI_INSET_NAME, name_zh: NANHAI_INSET_NAME, name_en: NANHAI_INSET_NAME },
      geometry: { type: "Polygon", coordinates: [[haikou, haikou, haikou, haikou]] },
    });
  }
  return { ...candidate, features };
}
