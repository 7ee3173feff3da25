/**
 * The results explorer of a run (#/runs/<id> once the run is done): the run's title and sources, the downloads
 * panel, then per step its title, warnings, method notes, figures and tables. The index step also gets a map with
 * a year slider beside the ranking of that year. Everything is drawn from GET /api/runs/<id>/results and
 * /files; switching the language redraws labels, numbers and charts, keeping sorts, pages and years.
 */
import type { ResultsJson, StepJson, TableJson } from "../../../src/report/results-json.js";
import { noteLines } from "../../../src/table/format-cells.js";
import type { WebContext } from "../context.js";
import { chartGroup, type ChartGroup } from "./chart-view.js";
import { errorText, h, unitHref } from "./dom.js";
import { downloadGroups, type Download, type DownloadGroups, type RunFile } from "./downloads-data.js";
import { downloadsView } from "./downloads-view.js";
import {
  choroplethView,
  choroplethYear,
  densityView,
  figureView,
  type FigureContext,
} from "./figure-view.js";
import { indexPanel, type IndexPanel } from "./index-data.js";
import { rankingView } from "./ranking-view.js";
import { RESULTS_STRINGS } from "./strings.js";
import { tableView, type TableState } from "./table-view.js";

/** State that survives re-rendering (language switch). */
interface PageState {
  readonly tables: Map<string, TableState>;
  readonly years: Map<string, number>;
  readonly styles: Map<string, "heatmap" | "ridgeline">;
}

/** A file name part as the study writer makes it: letters, digits, _ . - kept, anything else _. */
function fileSafe(text: string): string {
  const safe = text.replace(/[^\p{L}\p{N}_.-]+/gu, "_").replace(/^[.-]+/, "");
  return safe === "" ? "_" : safe;
}

/**
 * Mounts the results explorer of a run into `el`.
 * @param el the container (its content is replaced)
 * @param runId the run id
 * @param ctx the web context
 * @returns cleanup: disposes the charts, stops listening to language changes and empties the container
 */
export function mountResults(el: HTMLElement, runId: string, ctx: WebContext): () => void {
  ctx.registerStrings(RESULTS_STRINGS);
  const root = h("div", { class: "nqpf-results", "data-testid": "results", "aria-busy": "true" });
  el.replaceChildren(root);
  const state: PageState = { tables: new Map(), years: new Map(), styles: new Map() };
  let charts: ChartGroup | undefined;
  let loaded: { results: ResultsJson; files: readonly RunFile[] | undefined } | undefined;
  let failure: unknown;
  let disposed = false;

  const render = (): void => {
    charts?.dispose();
    charts = undefined;
    const scroll = window.scrollY;
    if (failure !== undefined) {
      root.replaceChildren(
        h(
          "p",
          { class: "error", role: "alert" },
          ctx.t("results.loadFailed", { message: errorText(failure) }),
        ),
      );
      root.removeAttribute("aria-busy");
      return;
    }
    if (loaded === undefined) {
      root.replaceChildren(h("p", { class: "muted" }, ctx.t("results.loading")));
      return;
    }
    charts = chartGroup(ctx);
    root.replaceChildren(...page(loaded.results, loaded.files, runId, ctx, charts, state));
    root.removeAttribute("aria-busy");
    root.setAttribute("data-ready", "1");
    window.scrollTo({ top: scroll });
  };

  render();
  const base = `/api/runs/${encodeURIComponent(runId)}`;
  void Promise.allSettled([
    ctx.getJson<ResultsJson>(`${base}/results`),
    ctx.getJson<{ files: readonly RunFile[] }>(`${base}/files`),
  ]).then(([results, files]) => {
    if (disposed) return;
    if (results.status === "rejected") failure = results.reason;
    else
      loaded = {
        results: results.value,
        files: files.status === "fulfilled" ? files.value.files : undefined,
      };
    render();
  });
  const off = ctx.onLocaleChange(() => {
    if (!disposed) render();
  });
  return () => {
    disposed = true;
    off();
    charts?.dispose();
    root.remove();
  };
}

function page(
  results: ResultsJson,
  files: readonly RunFile[] | undefined,
  runId: string,
  ctx: WebContext,
  charts: ChartGroup,
  state: PageState,
): HTMLElement[] {
  const groups: DownloadGroups | undefined = files !== undefined ? downloadGroups(runId, files) : undefined;
  const figureFiles = new Map(groups?.figures.map((f) => [f.name, f]) ?? []);
  const csvFiles = new Map(groups?.csv.map((d) => [d.path, d]) ?? []);
  const tableCount = results.steps.reduce((n, s) => n + s.tables.length, 0);
  const figureCount = results.steps.reduce((n, s) => n + s.figures.length, 0);
  const warnings = results.steps.flatMap((s) => s.warnings.map((w) => ({ step: s, warning: w })));
  const out: HTMLElement[] = [];
  out.push(
    h(
      "header",
      { class: "results-header" },
      h("h1", {}, results.title),
      h(
        "p",
        { class: "muted" },
        ctx.t("results.summary", { steps: results.steps.length, tables: tableCount, figures: figureCount }),
      ),
      results.sources.length > 0 &&
        h(
          "details",
          { class: "sources" },
          h("summary", {}, ctx.t("results.sources", { n: results.sources.length })),
          h(
            "ul",
            {},
            results.sources.map((s) =>
              h(
                "li",
                {},
                h("strong", {}, s.name),
                ` — ${s.from}; ${ctx.t("results.sourceRows", { n: ctx.fmt(s.rows, 0) })}`,
                s.provenance !== undefined && h("span", { class: "muted" }, ` (${s.provenance})`),
              ),
            ),
          ),
        ),
    ),
  );
  out.push(
    h(
      "nav",
      { class: "step-nav", "aria-label": ctx.t("results.contents") },
      h(
        "ol",
        {},
        results.steps.map((s) => {
          const button = h("button", { type: "button", class: "link" }, s.title);
          button.addEventListener("click", () => {
            document
              .getElementById(`nqpf-step-${s.id}`)
              ?.scrollIntoView({ behavior: "smooth", block: "start" });
          });
          return h("li", {}, button);
        }),
      ),
    ),
  );
  if (warnings.length > 0)
    out.push(
      h(
        "section",
        { class: "warnings", role: "alert" },
        h("p", {}, h("strong", {}, ctx.t("results.warningsAll", { n: warnings.length }))),
        h(
          "ul",
          {},
          warnings.map(({ step, warning }) => h("li", {}, h("code", {}, step.id), `: ${warning}`)),
        ),
      ),
    );
  if (groups !== undefined) out.push(downloadsView(groups, ctx));
  else
    out.push(h("p", { class: "muted", "data-testid": "downloads" }, ctx.t("results.downloads.unavailable")));

  const fc: FigureContext = { ctx, charts, files: figureFiles, years: state.years };
  results.steps.forEach((step, i) => {
    out.push(stepView(step, i, results, runId, ctx, fc, state, csvFiles));
  });
  return out;
}

function stepView(
  step: StepJson,
  i: number,
  results: ResultsJson,
  runId: string,
  ctx: WebContext,
  fc: FigureContext,
  state: PageState,
  csvFiles: ReadonlyMap<string, Download>,
): HTMLElement {
  const section = h(
    "section",
    {
      class: "step",
      id: `nqpf-step-${step.id}`,
      "data-testid": `step-${step.id}`,
      "data-method": step.method,
    },
    h("h2", {}, `${i + 1}. ${step.title}`),
    h("p", { class: "muted" }, ctx.t("results.step.meta", { id: step.id, method: step.method })),
  );
  if (step.warnings.length > 0)
    section.append(
      h(
        "div",
        { class: "warnings", role: "alert" },
        h("p", {}, h("strong", {}, ctx.t("results.step.warnings", { n: step.warnings.length }))),
        h(
          "ul",
          {},
          step.warnings.map((w) => h("li", {}, w)),
        ),
      ),
    );
  if (step.notes.length > 0)
    section.append(
      h(
        "details",
        { class: "notes" },
        h("summary", {}, ctx.t("results.step.notes", { n: step.notes.length })),
        h(
          "ul",
          {},
          step.notes.map((n) => h("li", {}, n)),
        ),
      ),
    );

  const panel = step.method === "index" ? indexPanel(step, results) : undefined;
  const map = step.figures.find((f) => f.kind === "choropleth");
  let shownMap: string | undefined;
  if (panel !== undefined) {
    section.append(
      indexExplorer(step, panel, map?.kind === "choropleth" ? map : undefined, runId, ctx, fc, state),
    );
    if (map !== undefined) shownMap = map.id;
  }
  const figures = step.figures.filter((f) => f.id !== shownMap);
  if (figures.length > 0)
    section.append(
      h("h3", {}, ctx.t("results.step.figures")),
      h(
        "div",
        { class: "figures" },
        figures.map((f) =>
          f.kind === "choropleth"
            ? choroplethView(step, f, fc)
            : f.kind === "density-surface"
              ? densityView(f, { ...fc, styles: state.styles })
              : figureView(f, fc),
        ),
      ),
    );
  if (step.tables.length > 0) {
    section.append(h("h3", {}, ctx.t("results.step.tables")));
    step.tables.forEach((t, k) => {
      section.append(tableBlock(step, t, k, runId, ctx, state, csvFiles, panel));
    });
  }
  return section;
}

function indexExplorer(
  step: StepJson,
  panel: IndexPanel,
  map: Extract<StepJson["figures"][number], { kind: "choropleth" }> | undefined,
  runId: string,
  ctx: WebContext,
  fc: FigureContext,
  state: PageState,
): HTMLElement {
  const rankingKey = `ranking-${step.id}`;
  const fromMap = map !== undefined ? choroplethYear(step, map, state.years) : undefined;
  const last = panel.years[panel.years.length - 1]!;
  let year = fromMap ?? state.years.get(rankingKey) ?? last;
  const rankingBox = h("div", { class: "ranking-box" });
  const showRanking = (): void => {
    rankingBox.replaceChildren(rankingView(panel, year, runId, ctx));
  };
  const children: HTMLElement[] = [];
  if (map !== undefined && fromMap !== undefined) {
    children.push(
      choroplethView(step, map, {
        ...fc,
        onYear: (_id, y) => {
          year = y;
          showRanking();
        },
      }),
    );
  } else {
    if (map !== undefined) children.push(figureView(map, fc));
    if (panel.years.length > 1) {
      const id = `ranking-year-${step.id}`;
      const output = h("output", { class: "year" }, String(year));
      const slider = h("input", {
        type: "range",
        id,
        "data-testid": "ranking-year",
        min: panel.years[0]!,
        max: last,
        step: 1,
        value: year,
      });
      slider.addEventListener("input", () => {
        const wanted = Number(slider.value);
        year = panel.years.reduce((best, y) => (Math.abs(y - wanted) < Math.abs(best - wanted) ? y : best));
        output.textContent = String(year);
        state.years.set(rankingKey, year);
        showRanking();
      });
      children.push(
        h(
          "div",
          { class: "year-slider" },
          h("label", { for: id }, ctx.t("results.map.year")),
          slider,
          output,
        ),
      );
    }
  }
  showRanking();
  return h(
    "div",
    { class: "index-explorer" },
    h("div", { class: "explorer-map" }, children),
    h("div", { class: "explorer-ranking" }, h("h3", {}, ctx.t("results.ranking.title")), rankingBox),
  );
}

function tableBlock(
  step: StepJson,
  t: TableJson,
  k: number,
  runId: string,
  ctx: WebContext,
  state: PageState,
  csvFiles: ReadonlyMap<string, Download>,
  panel: IndexPanel | undefined,
): HTMLElement {
  const testId = `table-${step.id}-${k}`;
  let tableState = state.tables.get(testId);
  if (tableState === undefined) state.tables.set(testId, (tableState = { page: 0 }));
  const title = t.meta.title ?? t.meta.name ?? ctx.t("results.table.untitled", { n: k + 1 });
  const csv = csvFiles.get(`tables/${fileSafe(`${step.id}-${t.meta.name ?? `table${k + 1}`}`)}.csv`);
  const unitColumn =
    t.columns.find((c) => c.type === "string" && (c.name === "unit" || c.name === "entity"))?.name ??
    (panel !== undefined && t.columns.some((c) => c.name === panel.entityColumn)
      ? panel.entityColumn
      : undefined);
  const notes = noteLines({ columns: [], rowCount: 0, meta: t.meta }, ctx.locale());
  return h(
    "details",
    { class: "table-block", open: true },
    h(
      "summary",
      {},
      title,
      h(
        "span",
        { class: "muted" },
        ` (${ctx.t("results.table.shape", { rows: ctx.fmt(t.rowCount, 0), columns: t.columns.length })})`,
      ),
    ),
    tableView(t, ctx, {
      testId,
      caption: title,
      state: tableState,
      ...(unitColumn !== undefined
        ? { unitLinks: { column: unitColumn, href: (e: string) => unitHref(runId, e) } }
        : {}),
    }),
    (notes.length > 0 || csv !== undefined) &&
      h(
        "div",
        { class: "table-notes" },
        notes.map((n) => h("p", {}, n)),
        csv !== undefined &&
          h("p", {}, h("a", { href: csv.href, download: csv.fileName }, ctx.t("results.table.csv"))),
      ),
  );
}
