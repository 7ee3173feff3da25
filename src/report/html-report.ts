/**
 * The study report as one self-contained HTML file that works offline: the ECharts runtime and the map GeoJSON are
 * inlined, every figure is an interactive chart built from its option JSON, every table is an HTML table with its
 * column labels and notes, and the page carries the method notes, warnings, data provenance and a summary of the
 * run manifest. A Content-Security-Policy meta tag allows only the page's own inline scripts and style (by hash),
 * no network access at all. The same inputs give the same bytes (no clock, no random ids).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as echarts from "echarts";
import type { EChartsOption } from "echarts";
import type { FigureSpec, StepResult, StudyRunResult } from "../study/types.js";
import { formatCells, headerLabel, noteLines } from "../table/format-cells.js";
import type { Table } from "../table/table.js";
import type { ChartLang } from "./chart-options.js";
import { FIGURE_SIZES, figureOption } from "./figures.js";
import { registerBundledMaps } from "./render.js";
import type { StudyManifest } from "./write-study.js";

/** What the page inlines besides the results: the ECharts browser build and the maps its choropleths use. */
export interface ReportRuntime {
  /** The text of echarts/dist/echarts.min.js. */
  readonly echarts: string;
  /** GeoJSON by map name, exactly as render.ts registers it for server-side rendering (same region keys). */
  readonly maps: Readonly<Partial<Record<"china" | "world", unknown>>>;
}

/** The part of the run manifest the report shows (platform and timings stay in manifest.json). */
export type ReportManifest = Pick<StudyManifest, "inputs" | "seeds" | "study">;

/** Paths of the written files, relative to the report, for links beside each table and figure. */
export interface ReportFiles {
  /** Per step, per table (in result order): the CSV path and the sheet of tables.xlsx. */
  readonly tables: readonly (readonly { readonly csv: string; readonly sheet: string }[])[];
  /** Per step, per figure (in result order): the SVG and PNG paths. */
  readonly figures: readonly (readonly { readonly svg: string; readonly png: string }[])[];
}

/** Context of {@link htmlReport}. */
export interface HtmlReportContext {
  /** nqpf version, shown in the header and the generator meta tag. */
  readonly version: string;
  readonly manifest: ReportManifest;
  /** The inlined runtime (from {@link reportRuntime}). */
  readonly runtime: ReportRuntime;
  /** Language of the charts' generic axis and legend labels (default "en"); page labels are English. */
  readonly lang?: ChartLang;
  /** Links to the written tables and figures (none when absent). */
  readonly files?: ReportFiles;
}

/**
 * Reads what a report inlines: echarts/dist/echarts.min.js (resolved from this package's dependencies) and, for the
 * maps the result's choropleths use, the GeoJSON registered by render.ts's registerBundledMaps (China: adcodes as
 * strings plus the empty 南海诸岛 placeholder; world: ISO3 in iso_a3).
 * Reference: ECharts registerMap / getMap (echarts.apache.org/en/api.html#echarts.getMap).
 * @param result the study run result (only its choropleths' maps are read)
 * @returns the runtime to pass to htmlReport
 * @throws NqpfInputError from loadMap when a bundled map is missing; Error when echarts is not installed
 * @example
 * const html = htmlReport(result, { version, manifest, runtime: await reportRuntime(result) });
 */
export async function reportRuntime(result: StudyRunResult): Promise<ReportRuntime> {
  const require = createRequire(import.meta.url);
  const runtime = await readFile(require.resolve("echarts/dist/echarts.min"), "utf8");
  const used = new Set<"china" | "world">();
  for (const step of result.steps) for (const f of step.figures) if (f.kind === "choropleth") used.add(f.map);
  const maps: Partial<Record<"china" | "world", unknown>> = {};
  if (used.size > 0) {
    await registerBundledMaps();
    for (const name of ["china", "world"] as const) {
      if (!used.has(name)) continue;
      const registered = echarts.getMap(name) as { geoJSON?: unknown } | null | undefined;
      if (registered?.geoJSON === undefined)
        throw new Error(`reportRuntime: the map "${name}" is not registered with ECharts`);
      maps[name] = registered.geoJSON;
    }
  }
  return { echarts: runtime, maps };
}

// ---------------------------------------------------------------------------------------------------------------
// Page

const STYLE = [
  ":root{color-scheme:light;--ink:#1a1a1a;--muted:#5f6368;--rule:#d0d4d9;--accent:#0b5394;--warn-bg:#fff4e5;--warn:#b45309}",
  "*{box-sizing:border-box}",
  "body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;color:var(--ink);background:#fff}",
  "header,main,nav,section.appendix{max-width:1100px;margin:0 auto;padding:0 24px}",
  "header{padding-top:32px;border-bottom:1px solid var(--rule)}",
  "h1{font-size:1.7rem;margin:0 0 8px}h2{font-size:1.35rem;margin:40px 0 8px;padding-top:8px;border-top:2px solid var(--ink)}h3{font-size:1.05rem;margin:24px 0 8px}",
  "p.meta,.muted{color:var(--muted)}code{font:13px ui-monospace,'DejaVu Sans Mono',monospace}",
  "a{color:var(--accent)}nav ol{columns:2;padding-left:20px}",
  ".warnings{background:var(--warn-bg);border-left:4px solid var(--warn);padding:8px 16px;margin:16px 0}",
  ".warnings strong{color:var(--warn)}.warnings ul{margin:4px 0;padding-left:20px}",
  "figure{margin:16px 0;border:1px solid var(--rule);padding:8px}figcaption{color:var(--muted);font-size:.9rem;margin-top:4px}",
  ".chart{width:100%;margin:0 auto}",
  ...Object.entries(FIGURE_SIZES).map(
    ([kind, size]) => `.chart-${kind}{max-width:${size.width}px;height:${size.height}px}`,
  ),
  ".table-block{margin:16px 0 28px}.scroll{overflow-x:auto;max-height:640px;overflow-y:auto;border-top:2px solid var(--ink);border-bottom:2px solid var(--ink)}",
  "table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}",
  "caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
  "th,td{padding:3px 10px;white-space:nowrap}thead th{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--ink);text-align:left;vertical-align:bottom}",
  "th .zh{display:block;font-weight:400;color:var(--muted)}td.num,th.num{text-align:right}tbody tr:nth-child(even){background:#f6f8fa}",
  ".table-notes{font-size:.85rem;color:var(--muted);margin:6px 0}.table-notes p{margin:2px 0}",
  "details>summary{cursor:pointer;color:var(--accent)}",
  "ul.notes li{margin:4px 0}dl.manifest{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dl.manifest dt{font-weight:600}",
  "pre{background:#f6f8fa;padding:12px;overflow:auto;font-size:12px;max-height:480px}",
  "footer{max-width:1100px;margin:40px auto;padding:16px 24px;border-top:1px solid var(--rule);color:var(--muted);font-size:.85rem}",
  "@media print{.scroll{max-height:none;overflow:visible}nav{display:none}figure{break-inside:avoid}}",
].join("\n");

/** The script that registers the maps and draws every chart container from the option JSON. */
const INIT_SCRIPT = [
  "(function () {",
  '  "use strict";',
  "  function data(id) {",
  "    var el = document.getElementById(id);",
  "    return el ? JSON.parse(el.textContent) : {};",
  "  }",
  '  var options = data("nqpf-figures");',
  '  var maps = data("nqpf-maps");',
  "  Object.keys(maps).forEach(function (name) { echarts.registerMap(name, maps[name]); });",
  "  function shortNumber(value) {",
  '    if (typeof value !== "number") return value;',
  '    return isFinite(value) ? String(Number(value.toPrecision(6))) : "no data";',
  "  }",
  "  var charts = [];",
  '  document.querySelectorAll(".chart[data-figure]").forEach(function (el) {',
  '    var option = options[el.getAttribute("data-figure")];',
  "    if (!option) return;",
  '    var chart = echarts.init(el, null, { renderer: "canvas" });',
  "    // Tooltips drawn on the canvas (HTML tooltips carry style attributes, which the page's CSP does not allow),",
  '    // numbers in them to six significant digits ("no data" for none), and a series name where the option has none.',
  "    if (option.tooltip) {",
  "      option.tooltip = [].concat(option.tooltip).map(function (t) {",
  '        return Object.assign({}, t, { renderMode: "richText", valueFormatter: shortNumber });',
  "      });",
  "    }",
  "    var title = [].concat(option.title || [])[0];",
  "    [].concat(option.series || []).forEach(function (s) {",
  '      if (s && s.name === undefined) s.name = (title && title.text) || "";',
  "    });",
  "    chart.setOption(option);",
  "    charts.push(chart);",
  "  });",
  '  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });',
  "})();",
].join("\n");

/**
 * The study report as one self-contained, offline HTML page (UTF-8): a header with the title and the nqpf version,
 * contents, all warnings up front, then per step its method, warnings (highlighted), figures (interactive ECharts
 * charts drawn from figureOption's option JSON), tables (column labels, Chinese labels kept beside English ones, the
 * cells as formatCells shows them in LaTeX and Word, and the table's method, parameters, reference, source and
 * notes) and method notes; then the data sources with their provenance lines and the run manifest (input files with
 * SHA-256, seeds, the resolved study). The ECharts runtime and map GeoJSON are inlined; the Content-Security-Policy
 * is `default-src 'none'` with the inline scripts and style allowed by their SHA-256 hashes, so the page loads
 * nothing from the network. Output is deterministic.
 * Reference: W3C Content Security Policy Level 3 (hash sources); HTML Living Standard §4.12.1 (script data blocks).
 * @param result the study run result
 * @param context version, manifest summary, runtime (reportRuntime), chart lang, links to the written files
 * @returns the HTML document
 * @throws RangeError naming `htmlReport` for duplicate figure ids, a runtime that contains "</script" or "<!--", or from figureOption for inconsistent figure data
 * @example
 * htmlReport(result, { version: "0.1.0", manifest, runtime }).startsWith("<!DOCTYPE html>") // => true
 */
export function htmlReport(result: StudyRunResult, context: HtmlReportContext): string {
  const fn = "htmlReport";
  const lang = context.lang ?? "en";
  if (/<\/script|<!--/i.test(context.runtime.echarts))
    throw new RangeError(`${fn}: the ECharts runtime contains "</script" or "<!--" and cannot be inlined`);

  const options = new Map<string, EChartsOption>();
  for (const step of result.steps)
    for (const figure of step.figures) {
      if (options.has(figure.id))
        throw new RangeError(`${fn}: figure id "${figure.id}" appears more than once`);
      options.set(figure.id, figureOption(figure, { lang }));
    }
  const usedMaps = new Set<string>();
  for (const step of result.steps)
    for (const f of step.figures) if (f.kind === "choropleth") usedMaps.add(f.map);
  const maps: Record<string, unknown> = {};
  for (const name of ["china", "world"] as const) {
    if (!usedMaps.has(name)) continue;
    const geo = context.runtime.maps[name];
    if (geo === undefined) throw new RangeError(`${fn}: the runtime has no GeoJSON for the map "${name}"`);
    maps[name] = geo;
  }

  const scripts = [context.runtime.echarts, INIT_SCRIPT];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(hashSource).join(" ")}`,
    `style-src ${hashSource(STYLE)}`,
    "img-src data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");

  const tableCount = result.steps.reduce((n, s) => n + s.tables.length, 0);
  const figureCount = result.steps.reduce((n, s) => n + s.figures.length, 0);
  const warningCount = result.steps.reduce((n, s) => n + s.warnings.length, 0);

  const out: string[] = [];
  out.push("<!DOCTYPE html>");
  out.push('<html lang="en">');
  out.push("<head>");
  out.push('<meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<meta name="generator" content="nqpf ${attr(context.version)}">`);
  out.push(`<title>${text(result.title)}</title>`);
  out.push(`<style>${STYLE}</style>`);
  out.push("</head>");
  out.push("<body>");
  out.push("<header>");
  out.push(`<h1>${text(result.title)}</h1>`);
  out.push(
    `<p class="meta">Study report written by nqpf ${text(context.version)}: ${plural(result.steps.length, "step")}, ${plural(tableCount, "table")}, ${plural(figureCount, "figure")}, ${plural(warningCount, "warning")}.</p>`,
  );
  out.push("</header>");

  out.push('<nav aria-label="Contents">');
  out.push("<h2>Contents</h2>");
  out.push("<ol>");
  for (const step of result.steps)
    out.push(`<li><a href="#${attr(stepAnchor(step))}">${text(step.title)}</a></li>`);
  out.push('<li><a href="#sources">Data sources</a></li>');
  out.push('<li><a href="#manifest">Run manifest</a></li>');
  out.push("</ol>");
  out.push("</nav>");

  out.push("<main>");
  if (warningCount > 0) {
    out.push('<section class="warnings" id="warnings" role="alert">');
    out.push(
      `<p><strong>${plural(warningCount, "warning")}</strong> — read these before using the results:</p>`,
    );
    out.push("<ul>");
    for (const step of result.steps)
      for (const w of step.warnings)
        out.push(`<li><a href="#${attr(stepAnchor(step))}">${text(step.id)}</a>: ${text(w)}</li>`);
    out.push("</ul>");
    out.push("</section>");
  }
  let figureNumber = 0;
  let tableNumber = 0;
  result.steps.forEach((step, i) => {
    out.push(`<section class="step" id="${attr(stepAnchor(step))}">`);
    out.push(`<h2>${i + 1}. ${text(step.title)}</h2>`);
    out.push(
      `<p class="meta">Step <code>${text(step.id)}</code>, method <code>${text(step.method)}</code></p>`,
    );
    if (step.warnings.length > 0) {
      out.push('<div class="warnings" role="alert">');
      out.push(`<p><strong>Warning${step.warnings.length > 1 ? "s" : ""}</strong></p>`);
      out.push("<ul>");
      for (const w of step.warnings) out.push(`<li>${text(w)}</li>`);
      out.push("</ul>");
      out.push("</div>");
    }
    if (step.figures.length > 0) {
      out.push("<h3>Figures</h3>");
      step.figures.forEach((figure, k) => {
        figureNumber++;
        out.push(figureHtml(figure, figureNumber, context.files?.figures[i]?.[k]));
      });
    }
    if (step.tables.length > 0) {
      out.push("<h3>Tables</h3>");
      step.tables.forEach((t, k) => {
        tableNumber++;
        out.push(tableHtml(t, step, k, tableNumber, context.files?.tables[i]?.[k]));
      });
    }
    if (step.notes.length > 0) {
      out.push("<h3>Method notes</h3>");
      out.push('<ul class="notes">');
      for (const note of step.notes) out.push(`<li>${text(note)}</li>`);
      out.push("</ul>");
    }
    out.push("</section>");
  });
  out.push("</main>");

  out.push('<section class="appendix" id="sources">');
  out.push("<h2>Data sources</h2>");
  if (result.sources.length === 0) out.push('<p class="muted">No data sources were recorded.</p>');
  else {
    out.push('<div class="scroll"><table>');
    out.push(
      '<thead><tr><th scope="col">Source</th><th scope="col">From</th><th scope="col" class="num">Rows</th><th scope="col">Provenance</th></tr></thead>',
    );
    out.push("<tbody>");
    for (const s of result.sources) {
      out.push(
        `<tr><td>${text(s.name)}</td><td>${text(s.from)}</td><td class="num">${s.rows}</td><td class="provenance">${text(s.provenance ?? "")}</td></tr>`,
      );
    }
    out.push("</tbody></table></div>");
  }
  out.push("</section>");

  out.push(manifestHtml(result, context));
  out.push(
    `<footer>Written by nqpf ${text(context.version)}. The tables are also in tables.xlsx, tables.tex, tables.docx and tables/*.csv; figures as SVG and PNG in figures/; platform and timings in manifest.json.</footer>`,
  );

  out.push(
    `<script type="application/json" id="nqpf-figures">${jsonData(Object.fromEntries(options))}</script>`,
  );
  if (Object.keys(maps).length > 0)
    out.push(`<script type="application/json" id="nqpf-maps">${jsonData(maps)}</script>`);
  for (const script of scripts) out.push(`<script>${script}</script>`);
  out.push("</body>");
  out.push("</html>");
  return `${out.join("\n")}\n`;
}

function figureHtml(
  figure: FigureSpec,
  number: number,
  files: { readonly svg: string; readonly png: string } | undefined,
): string {
  const links =
    files !== undefined
      ? ` <span class="files">(<a href="${attr(files.svg)}">SVG</a>, <a href="${attr(files.png)}">PNG</a>)</span>`
      : "";
  return [
    `<figure id="${attr(`figure-${figure.id}`)}">`,
    `<div class="chart chart-${figure.kind}" id="${attr(`chart-${figure.id}`)}" data-figure="${attr(figure.id)}" data-kind="${figure.kind}" role="img" aria-label="${attr(figure.title)}"></div>`,
    `<figcaption>Figure ${number}. ${text(figure.title)}${links}</figcaption>`,
    "</figure>",
  ].join("\n");
}

function tableHtml(
  t: Table,
  step: StepResult,
  index: number,
  number: number,
  files: { readonly csv: string; readonly sheet: string } | undefined,
): string {
  const title = t.meta.title ?? t.meta.name ?? `Table ${index + 1} of step ${step.id}`;
  const cells = formatCells(t);
  const out: string[] = [];
  out.push(
    `<div class="table-block" id="${attr(`table-${step.id}-${index + 1}`)}" data-table="${attr(t.meta.name ?? "")}">`,
  );
  const summary = `Table ${number}. ${text(title)} <span class="muted">(${plural(t.rowCount, "row")} × ${plural(t.columns.length, "column")}${t.meta.name !== undefined ? `; <code>${text(t.meta.name)}</code>` : ""})</span>`;
  out.push(`<details${t.rowCount <= 60 ? " open" : ""}>`);
  out.push(`<summary>${summary}</summary>`);
  out.push('<div class="scroll"><table>');
  out.push(`<caption>${text(title)}</caption>`);
  out.push("<thead><tr>");
  t.columns.forEach((c, j) => {
    const label = headerLabel(c, "en");
    const zh =
      c.meta.labelZh !== undefined && c.meta.labelZh !== "" && !label.includes(c.meta.labelZh)
        ? c.meta.labelZh
        : undefined;
    const numeric = cells.align[j] === "right" ? ' class="num"' : "";
    const name = label !== c.name ? ` title="${attr(c.name)}"` : "";
    out.push(
      `<th scope="col"${numeric}${name}>${text(label)}${zh !== undefined ? `<span class="zh" lang="zh">${text(zh)}</span>` : ""}</th>`,
    );
  });
  out.push("</tr></thead>");
  out.push("<tbody>");
  for (const row of cells.rows) {
    out.push(
      `<tr>${row
        .map((cell, j) =>
          cells.align[j] === "right"
            ? `<td class="num">${text(cell.text)}</td>`
            : `<td>${text(cell.text)}</td>`,
        )
        .join("")}</tr>`,
    );
  }
  out.push("</tbody></table></div>");
  out.push("</details>");
  const notes = noteLines(t, "en");
  if (t.meta.label !== undefined && t.meta.label !== "" && t.meta.label !== title)
    notes.unshift(t.meta.label);
  if (notes.length > 0 || files !== undefined) {
    out.push('<div class="table-notes">');
    for (const note of notes) out.push(`<p>${text(note)}</p>`);
    if (files !== undefined)
      out.push(
        `<p>Files: <a href="${attr(files.csv)}">${text(files.csv)}</a>; sheet <code>${text(files.sheet)}</code> of <a href="tables.xlsx">tables.xlsx</a>.</p>`,
      );
    out.push("</div>");
  }
  out.push("</div>");
  return out.join("\n");
}

function manifestHtml(result: StudyRunResult, context: HtmlReportContext): string {
  const manifest = context.manifest;
  const out: string[] = [];
  out.push('<section class="appendix" id="manifest">');
  out.push("<h2>Run manifest</h2>");
  out.push('<dl class="manifest">');
  out.push(`<dt>nqpf</dt><dd>${text(context.version)}</dd>`);
  const seeds = Object.entries(result.seeds);
  out.push(
    `<dt>Seeds</dt><dd>${seeds.length === 0 ? "none (no randomised step)" : seeds.map(([step, seed]) => `${text(step)}: ${seed}`).join("; ")}</dd>`,
  );
  out.push("</dl>");
  out.push("<h3>Input files</h3>");
  if (manifest.inputs.length === 0) out.push('<p class="muted">No input files were recorded.</p>');
  else {
    out.push('<div class="scroll"><table>');
    out.push(
      '<thead><tr><th scope="col">Role</th><th scope="col">Name</th><th scope="col">Path</th><th scope="col" class="num">Bytes</th><th scope="col">SHA-256</th></tr></thead>',
    );
    out.push("<tbody>");
    for (const input of manifest.inputs)
      out.push(
        `<tr><td>${text(input.role)}</td><td>${text(input.name)}</td><td><code>${text(input.path)}</code></td><td class="num">${input.bytes}</td><td><code>${text(input.sha256)}</code></td></tr>`,
      );
    out.push("</tbody></table></div>");
  }
  out.push("<details>");
  out.push("<summary>The study as run (defaults filled in)</summary>");
  out.push(`<pre>${text(JSON.stringify(manifest.study, null, 2))}</pre>`);
  out.push("</details>");
  out.push("</section>");
  return out.join("\n");
}

function stepAnchor(step: StepResult): string {
  return `step-${step.id}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A CSP hash source for an inline script or style: 'sha256-<base64 of the UTF-8 text>'. */
function hashSource(content: string): string {
  return `'sha256-${createHash("sha256").update(content, "utf8").digest("base64")}'`;
}

/** Text content, escaped for HTML. */
function text(value: string): string {
  return value.replace(/[&<>]/g, (ch) => (ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : "&gt;"));
}

/** A double-quoted attribute value, escaped for HTML. */
function attr(value: string): string {
  return value.replace(/[&<>"]/g, (ch) =>
    ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : "&quot;",
  );
}

/** JSON for a script data block: "<", ">" and "&" as \u escapes, so no "</script" or "<!--" can appear. */
function jsonData(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
