/**
 * Reading ECharts SSR output in tests: text content, the series and data index ECharts writes on each element
 * (`ecmeta_series_index`, `ecmeta_data_index`), colours, and the PNG header.
 */

/** The text content of every <text> element, with the XML entities decoded. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&quot;", '"')
      .replaceAll("&#39;", "'")
      .replaceAll("&amp;", "&"),
  );
}

export interface SvgElement {
  readonly tag: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Opening tags of the given element name with their attributes. */
export function svgElements(svg: string, tag: string): SvgElement[] {
  return [...svg.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, "g"))].map((m) => {
    const attributes: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attributes[a[1]!] = a[2]!;
    return { tag, attributes };
  });
}

/** The distinct `ecmeta_series_index` values of chart elements (drawn data, not legend items). */
export function seriesIndices(svg: string): number[] {
  const indices = chartElements(svg).map((e) => Number(e.attributes.ecmeta_series_index));
  return [...new Set(indices)].sort((a, b) => a - b);
}

/** Elements ECharts drew for series data (`ecmeta_ssr_type="chart"`), in document order. */
export function chartElements(svg: string): SvgElement[] {
  return ["path", "rect", "polygon", "polyline", "circle"]
    .flatMap((tag) => svgElements(svg, tag))
    .filter(
      (e) => e.attributes.ecmeta_ssr_type === "chart" && e.attributes.ecmeta_series_index !== undefined,
    );
}

/** Chart elements of one series. */
export function seriesElements(svg: string, seriesIndex: number): SvgElement[] {
  return chartElements(svg).filter((e) => e.attributes.ecmeta_series_index === String(seriesIndex));
}

/** A CSS colour "#rrggbb", "#rgb" or "rgb(r,g,b)" as [r, g, b]. */
export function rgb(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? hex[1]!.replace(/./g, (c) => c + c) : hex[1]!;
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  const fn = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color.trim());
  if (fn) return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  throw new Error(`rgb: not a colour: ${color}`);
}

/** The numbers of an SVG path's d attribute as [x, y] pairs. */
export function pathPoints(d: string): [number, number][] {
  const numbers = [...d.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));
  const points: [number, number][] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i]!, numbers[i + 1]!]);
  return points;
}

/** PNG signature (PNG spec §5.2) and the IHDR width and height (big-endian at bytes 16 and 20). */
export function pngHeader(png: Uint8Array): { signature: number[]; width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { signature: [...png.subarray(0, 8)], width: view.getUint32(16), height: view.getUint32(20) };
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
