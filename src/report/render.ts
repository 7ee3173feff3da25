/**
 * Server-side rendering of chart options: ECharts' SSR SVG renderer (no DOM, no canvas) and resvg for PNG.
 * Both are deterministic: the same option and the same installed fonts give byte-identical output.
 * Chinese text needs a CJK font on the system; `cjkFontAvailable()` tells callers whether one is there.
 */
import { readdirSync, statSync, type Dirent } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";
import type { EChartsOption } from "echarts";
import { loadMap } from "../io/datasets.js";
import { CHART_FONT_FAMILY } from "./chart-options.js";
import { echartsGeoJson } from "./map-geojson.js";


let mapsRegistered: Promise<void> | undefined;

/**
 * Registers the bundled maps with ECharts: "china" (data/geo/china_provinces.geojson; use nameProperty "adcode")
 * and "world" (data/geo/world_countries_110m.geojson; nameProperty "iso_a3"). Loads the files once per process;
 * later calls return the same promise.
 * Reference: ECharts registerMap (echarts.apache.org/en/api.html#echarts.registerMap); data/README.md §4 for the maps.
 * @returns a promise that resolves once both maps are registered
 * @throws NqpfInputError from loadMap when a map file is missing; TypeError when a file is not a FeatureCollection
 * @example
 * await registerBundledMaps(); echarts.getMap("china") !== undefined // => true
 */
export function registerBundledMaps(): Promise<void> {
  mapsRegistered ??= (async () => {
    const fn = "registerBundledMaps";
    const [china, world] = await Promise.all([loadMap("map-china-provinces"), loadMap("map-world")]);
    type GeoJsonInput = Parameters<typeof echarts.registerMap>[1];
    echarts.registerMap(
      "china",
      echartsGeoJson("china", china, fn) as GeoJsonInput,
    );
    echarts.registerMap("world", echartsGeoJson("world", world, fn) as GeoJsonInput);
  })().catch((error: unknown) => {
    mapsRegistered = undefined;
    throw error;
  });
  return mapsRegistered;
}

/** Size and id prefix of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Width in pixels (whole number ≥ 1). */
  readonly width: number;
  /** Height in pixels (whole number ≥ 1). */
  readonly height: number;
  /**
   * Prefix of the ids and class names inside the SVG (default "ec"). ECharts numbers them per chart instance;
   * they are renamed so output does not depend on how many charts were rendered before. Give each SVG its own
   * prefix when several are inlined in one HTML page.
   */
  readonly idPrefix?: string;
}

function checkSize(fn: string, what: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 1 && value <= 20000)) {
    throw new RangeError(`${fn}: ${what} must be a whole number of pixels in 1..20000; got ${value}`);
  }
}

/** Names of the maps the option's series and geo components use. */
function mapsUsed(option: EChartsOption): string[] {
  const names: string[] = [];
  for (const key of ["series", "geo"] as const) {
    const value: unknown = option[key];
    const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const item of list) {
      const map = (item as { map?: unknown } | null)?.map;
      if (typeof map === "string") names.push(map);
    }
  }
  return names;
}

/**
 * Renames the SVG's ids and CSS classes. zrender names them "zr<instance>-<kind><number>" (kinds c clip path, g
 * gradient, p pattern, s shadow, ani- animation, cls- class); the instance and the class numbers count up over
 * the whole process. Each distinct name becomes "<prefix>-<kind><k>", k counting per kind in order of first use.
 */
function stableIds(svg: string, prefix: string): string {
  const instance = /(?:id="|class="|url\(#)(zr\d+)-/.exec(svg)?.[1];
  if (instance === undefined) return svg;
  const renamed = new Map<string, string>();
  const countByKind = new Map<string, number>();
  return svg.replace(
    new RegExp(`(?<=["#.\\s])${instance}-([A-Za-z]+-?)(\\d+)\\b`, "g"),
    (name, kind: string) => {
      let stable = renamed.get(name);
      if (stable === undefined) {
        const k = countByKind.get(kind) ?? 0;
        countByKind.set(kind, k + 1);
        stable = `${prefix}-${kind}${k}`;
        renamed.set(name, stable);
      }
      return stable;
    },
  );
}

/**
 * Renders an ECharts option to an SVG string with ECharts' server-side renderer, animation off. The option's
 * textStyle gets the CJK-first font-family list (CHART_FONT_FAMILY) unless it sets a fontFamily itself.
 * Reference: ECharts server-side rendering guide (echarts.apache.org/handbook/en/how-to/cross-platform/server).
 * @param option an ECharts option (e.g. from chart-options.ts)
 * @param size width and height in pixels; idPrefix for the SVG's ids
 * @returns the SVG document
 * @throws RangeError naming `renderSvg` for a bad size or id prefix, or a map that is not registered (call registerBundledMaps first)
 * @example
 * renderSvg(timeSeriesOption({ periods: [1, 2], series: [{ name: "a", values: [1, 2] }], title: "T", yLabel: "y" }), { width: 400, height: 300 }).startsWith("<svg") // => true
 */
export function renderSvg(option: EChartsOption, size: RenderSvgOptions): string {
  const fn = "renderSvg";
  checkSize(fn, "width", size.width);
  checkSize(fn, "height", size.height);
  const prefix = size.idPrefix ?? "ec";
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix)) {
    throw new RangeError(
      `${fn}: idPrefix must be a letter followed by letters, digits or _; got ${JSON.stringify(prefix)}`,
    );
  }
  for (const map of mapsUsed(option)) {
    if (echarts.getMap(map) == null) {
      throw new RangeError(
        `${fn}: map "${map}" is not registered; call \`await registerBundledMaps()\` first`,
      );
    }
  }
  const textStyle = option.textStyle ?? {};
  const chart = echarts.init(null, null, {
    renderer: "svg",
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({
      ...option,
      animation: false,
      // ECharts writes fontFamily unescaped into a double-quoted SVG attribute: double quotes would break it.
      textStyle: {
        ...textStyle,
        fontFamily: (textStyle.fontFamily ?? CHART_FONT_FAMILY).replaceAll('"', "'"),
      },
    });
    return stableIds(chart.renderToSVGString(), prefix);
  } finally {
    chart.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fonts

/** Font folders resvg (fontdb `load_system_fonts`) reads on Linux, macOS and Windows. */
function systemFontDirectories(): string[] {
  const home = homedir();
  const windows = process.env.WINDIR ?? process.env.SystemRoot;
  const localAppData = process.env.LOCALAPPDATA;
  return [
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    join(home, ".fonts"),
    join(home, ".local", "share", "fonts"),
    "/Library/Fonts",
    "/System/Library/Fonts",
    join(home, "Library", "Fonts"),
    ...(windows !== undefined ? [join(windows, "Fonts")] : []),
    ...(localAppData !== undefined ? [join(localAppData, "Microsoft", "Windows", "Fonts")] : []),
  ];
}

/** Font file names of the CJK families, in CJK_FONT_FAMILIES order. */
const CJK_FONT_FILES: readonly { readonly family: string; readonly file: RegExp }[] = [
  { family: "Noto Sans CJK SC", file: /^NotoSansCJK.*\.(ttc|otf|ttf)$/i },
  { family: "Source Han Sans SC", file: /^SourceHanSans.*\.(ttc|otf|ttf)$/i },
  { family: "Noto Sans SC", file: /^NotoSansSC.*\.(otf|ttf)$/i },
  { family: "WenQuanYi Micro Hei", file: /^wqy-microhei\.ttc$/i },
  { family: "WenQuanYi Zen Hei", file: /^wqy-zenhei\.ttc$/i },
  { family: "PingFang SC", file: /^PingFang\.ttc$/i },
  { family: "Microsoft YaHei", file: /^msyh\.tt[cf]$/i },
];

/** File names under a folder, recursively (a few levels deep, following links), sorted; unreadable folders are skipped. */
function fontFileNames(folder: string, depth: number, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    let isFolder = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isFolder = statSync(path).isDirectory();
      } catch {
        continue;
      }
    }
    if (!isFolder) out.push(entry.name);
    else if (depth > 0) fontFileNames(path, depth - 1, out);
  }
}

let cjkFamily: { readonly family: string | undefined } | undefined;

/**
 * The first family of CJK_FONT_FAMILIES whose font file is installed in a system font folder (found by file
 * name: NotoSansCJK*, SourceHanSans*, NotoSansSC*, wqy-microhei.ttc, wqy-zenhei.ttc, PingFang.ttc, msyh.ttc), or
 * undefined. Scanned once per process.
 * Reference: fontdb's system font folders (github.com/RazrFalcon/fontdb, `Database::load_system_fonts`).
 * @returns the family name, e.g. "Noto Sans CJK SC" after `apt-get install fonts-noto-cjk`
 * @example
 * cjkFontFamily() // => "Noto Sans CJK SC" (with fonts-noto-cjk installed)
 */
export function cjkFontFamily(): string | undefined {
  if (cjkFamily === undefined) {
    const files: string[] = [];
    for (const folder of systemFontDirectories()) fontFileNames(folder, 4, files);
    const found = CJK_FONT_FILES.find((candidate) => files.some((name) => candidate.file.test(name)));
    cjkFamily = { family: found?.family };
  }
  return cjkFamily.family;
}

/** resvg font options: system fonts, with the installed CJK family (if any) as default and sans-serif family. */
function resvgFontOptions(): { loadSystemFonts: true; defaultFontFamily?: string; sansSerifFamily?: string } {
  const family = cjkFontFamily();
  return family === undefined
    ? { loadSystemFonts: true }
    : { loadSystemFonts: true, defaultFontFamily: family, sansSerifFamily: family };
}

/** Scale and background of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixels per SVG pixel (default 2): the PNG is round(width·scale) × round(height·scale). */
  readonly scale?: number;
  /** Background colour (CSS colour; default "#ffffff"). */
  readonly background?: string;
}

/**
 * Rasterises an SVG (e.g. from renderSvg) to PNG with resvg, using the system fonts: text takes the first
 * installed family of its font-family list, so Chinese labels use the CJK font when one is installed.
 * Reference: resvg-js 2.6 `Resvg` (github.com/yisibl/resvg-js).
 * @param svg the SVG document
 * @param options scale (default 2) and background (default white)
 * @returns the PNG file bytes
 * @throws RangeError naming `renderPng` for a scale outside (0, 16] or a size over 20000 px; Error from resvg for an SVG it cannot parse
 * @example
 * renderPng(renderSvg(option, { width: 400, height: 300 }), { scale: 1 }).subarray(1, 4) // => the bytes of "PNG"
 */
export function renderPng(svg: string, options: RenderPngOptions = {}): Uint8Array {
  const fn = "renderPng";
  const scale = options.scale ?? 2;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 16)) {
    throw new RangeError(`${fn}: scale must be a number in (0, 16]; got ${scale}`);
  }
  const resvg = new Resvg(svg, {
    font: resvgFontOptions(),
    fitTo: { mode: "zoom", value: scale },
    background: options.background ?? "#ffffff",
    logLevel: "off",
  });
  if (resvg.width * scale > 20000 || resvg.height * scale > 20000) {
    throw new RangeError(
      `${fn}: the PNG would be over 20000 px wide or high; got ${resvg.width * scale} × ${resvg.height * scale}`,
    );
  }
  return resvg.render().asPng();
}

let cjkAvailable: boolean | undefined;

/** The alpha channel of a small rendering of one character in the chart font list. */
function glyphAlpha(character: string): number[] {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48">` +
    `<text x="4" y="40" font-size="40" style="font-family:${CHART_FONT_FAMILY}">${character}</text></svg>`;
  const pixels = new Resvg(svg, { font: resvgFontOptions(), logLevel: "off" }).render().pixels;
  const alpha: number[] = [];
  for (let i = 3; i < pixels.length; i += 4) alpha.push(pixels[i]!);
  return alpha;
}

/**
 * Whether resvg can draw Chinese characters with the fonts installed: renders 中 and 国 with the chart font list
 * and checks that both leave ink and differ (a missing glyph draws nothing, or the same empty box for both).
 * Checked once per process. When false, Chinese labels in PNGs come out as empty boxes; install a CJK font (Debian:
 * `apt-get install fonts-noto-cjk`, or fonts-wqy-microhei).
 * @returns true when Chinese text renders
 * @example
 * if (!cjkFontAvailable()) console.warn("no CJK font: Chinese labels will be empty boxes")
 */
export function cjkFontAvailable(): boolean {
  if (cjkAvailable === undefined) {
    const zhong = glyphAlpha("中");
    const guo = glyphAlpha("国");
    const inked = (alpha: readonly number[]): boolean => alpha.some((a) => a > 0);
    cjkAvailable = inked(zhong) && inked(guo) && zhong.some((a, i) => a !== guo[i]);
  }
  return cjkAvailable;
}
