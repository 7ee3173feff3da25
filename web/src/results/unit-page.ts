/**
 * The unit detail page (#/runs/<id>/unit/<entity>): one unit across the run — index scores, ranks and dimension
 * indices by year with a chart, obstacle degrees, DEA score, status, peers (λ, each linking to the peer's page),
 * slacks and targets, and its rows of every other unit-level table (productivity indices by period pair,
 * cumulative levels, Markov classes, coupling coordination) — with a link back to the results.
 */
import { timeSeriesOption } from "../../../src/report/chart-options.js";
import { FIGURE_SIZES } from "../../../src/report/figure-option.js";
import type { ColumnJson, ResultsJson, TableJson } from "../../../src/report/results-json.js";
import type { WebContext } from "../context.js";
import { chartGroup, type ChartGroup } from "./chart-view.js";
import { columnHeader } from "./columns.js";
import { errorText, h, runHref, unitHref } from "./dom.js";
import { unitLabel } from "./index-data.js";
import { RESULTS_STRINGS } from "./strings.js";
import { tableView, type TableState } from "./table-view.js";
import { unitDetail, type DeaDetail, type IndexDetail, type UnitDetail } from "./unit-data.js";

function numbers(name: string, label: string, values: readonly (number | null)[]): ColumnJson {
  return { name, type: "number", label, values };
}

function texts(name: string, label: string, values: readonly (string | null)[]): ColumnJson {
  return { name, type: "string", label, values };
}

/** A number column with the labels of `like` and new values. */
function numbersLike(like: ColumnJson, values: readonly (number | null)[]): ColumnJson {
  return {
    name: like.name,
    type: "number",
    ...(like.label !== undefined ? { label: like.label } : {}),
    ...(like.labelZh !== undefined ? { labelZh: like.labelZh } : {}),
    ...(like.labelEn !== undefined ? { labelEn: like.labelEn } : {}),
    ...(like.unit !== undefined ? { unit: like.unit } : {}),
    values,
  };
}

function tableOf(title: string, columns: readonly ColumnJson[]): TableJson {
  return { meta: { title }, rowCount: columns[0]?.values.length ?? 0, columns };
}

/**
 * Mounts the unit detail page into `el`.
 * @param el the container (its content is replaced)
 * @param runId the run id
 * @param entity the unit's key (as in the tables; a percent-encoded key is decoded when the raw one is unknown)
 * @param ctx the web context
 * @returns cleanup: disposes the charts, stops listening to language changes and empties the container
 */
export function mountUnitDetail(el: HTMLElement, runId: string, entity: string, ctx: WebContext): () => void {
  ctx.registerStrings(RESULTS_STRINGS);
  const root = h("div", {
    class: "nqpf-results unit-detail",
    "data-testid": "unit-detail",
    "aria-busy": "true",
  });
  el.replaceChildren(root);
  const tables = new Map<string, TableState>();
  let charts: ChartGroup | undefined;
  let detail: UnitDetail | undefined;
  let failure: unknown;
  let disposed = false;

  const render = (): void => {
    charts?.dispose();
    charts = undefined;
    const back = h(
      "p",
      {},
      h("a", { href: runHref(runId), "data-testid": "back-to-results" }, `← ${ctx.t("results.unit.back")}`),
    );
    if (failure !== undefined) {
      root.replaceChildren(
        back,
        h(
          "p",
          { class: "error", role: "alert" },
          ctx.t("results.loadFailed", { message: errorText(failure) }),
        ),
      );
      root.removeAttribute("aria-busy");
      return;
    }
    if (detail === undefined) {
      root.replaceChildren(back, h("p", { class: "muted" }, ctx.t("results.loading")));
      return;
    }
    charts = chartGroup(ctx);
    root.replaceChildren(back, ...unitView(detail, runId, ctx, charts, tables));
    root.removeAttribute("aria-busy");
    root.setAttribute("data-ready", "1");
  };

  render();
  ctx.getJson<ResultsJson>(`/api/runs/${encodeURIComponent(runId)}/results`).then(
    (results) => {
      if (disposed) return;
      let found = unitDetail(results, entity);
      if (isEmpty(found) && entity.includes("%")) {
        try {
          const decoded = unitDetail(results, decodeURIComponent(entity));
          if (!isEmpty(decoded)) found = decoded;
        } catch {
          // Not percent-encoded after all: keep the key as given.
        }
      }
      detail = found;
      render();
    },
    (error: unknown) => {
      if (disposed) return;
      failure = error;
      render();
    },
  );
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

function isEmpty(d: UnitDetail): boolean {
  return d.index.length === 0 && d.dea.length === 0 && d.tables.length === 0;
}

function unitView(
  detail: UnitDetail,
  runId: string,
  ctx: WebContext,
  charts: ChartGroup,
  tables: Map<string, TableState>,
): HTMLElement[] {
  const first = detail.index[0]?.unit;
  const name = first !== undefined ? unitLabel(first, ctx.locale()) : (detail.name ?? detail.entity);
  const out: HTMLElement[] = [
    h(
      "header",
      { class: "results-header" },
      h("h1", {}, name),
      h(
        "p",
        { class: "muted" },
        ctx.t("results.unit.key", { key: detail.entity }),
        first?.group != null ? ` · ${ctx.t("results.unit.group", { group: first.group })}` : "",
      ),
    ),
  ];
  if (isEmpty(detail)) {
    out.push(h("p", { role: "status" }, ctx.t("results.unit.none")));
    return out;
  }
  const state = (key: string): TableState => {
    let s = tables.get(key);
    if (s === undefined) tables.set(key, (s = { page: 0 }));
    return s;
  };
  for (const d of detail.index) out.push(indexSection(d, name, ctx, charts, state));
  const units = new Map(detail.index[0]?.panel.units.map((u) => [u.entity, u]) ?? []);
  const nameOf = (entity: string): string => {
    const u = units.get(entity);
    return u !== undefined ? unitLabel(u, ctx.locale()) : (detail.names.get(entity) ?? entity);
  };
  for (const d of detail.dea) out.push(deaSection(d, runId, ctx, state, nameOf));
  if (detail.tables.length > 0) {
    const section = h("section", { class: "step" }, h("h2", {}, ctx.t("results.unit.other")));
    for (const t of detail.tables) {
      const title = `${t.stepTitle} — ${t.table.meta.title ?? t.table.meta.name ?? ctx.t("results.table.untitled", { n: t.tableIndex + 1 })}`;
      const testId = `unit-table-${t.stepId}-${t.tableIndex}`;
      section.append(
        h("h3", {}, title),
        tableView(t.table, ctx, { testId, caption: title, state: state(testId) }),
      );
    }
    out.push(section);
  }
  return out;
}

function indexSection(
  d: IndexDetail,
  name: string,
  ctx: WebContext,
  charts: ChartGroup,
  state: (key: string) => TableState,
): HTMLElement {
  const years = d.rows.map((r) => r.year);
  const dims = d.panel.dimensions;
  const section = h(
    "section",
    { class: "step", "data-testid": `unit-index-${d.stepId}` },
    h("h2", {}, ctx.t("results.unit.index.title", { step: d.stepTitle })),
  );
  if (years.length > 1) {
    const box = h("div", { class: "chart chart-time-series", role: "img", "aria-label": name });
    box.style.maxWidth = `${FIGURE_SIZES["time-series"].width}px`;
    box.style.height = `${FIGURE_SIZES["time-series"].height}px`;
    section.append(box);
    const nan = (v: number | null): number => v ?? Number.NaN;
    charts.mount(
      box,
      timeSeriesOption({
        periods: years,
        series: [
          { name: ctx.t("results.unit.index.score"), values: d.rows.map((r) => nan(r.score)) },
          ...dims.map((c, j) => ({
            name: columnHeader(c, ctx.locale()),
            values: d.rows.map((r) => nan(r.dimensions[j] ?? null)),
          })),
        ],
        title: `${name}: ${ctx.t("results.unit.index.chart")}`,
        yLabel: ctx.t("results.unit.index.score"),
        lang: ctx.locale(),
      }),
    );
  }
  const scores = tableOf(ctx.t("results.unit.index.table"), [
    numbers("year", ctx.t("results.unit.year"), years),
    numbers(
      "score",
      ctx.t("results.unit.index.score"),
      d.rows.map((r) => r.score),
    ),
    numbers(
      "rank",
      ctx.t("results.unit.index.rank"),
      d.rows.map((r) => r.rank),
    ),
    numbers(
      "units",
      ctx.t("results.unit.index.of"),
      d.rows.map((r) => r.of),
    ),
    ...dims.map((c, j) =>
      numbersLike(
        c,
        d.rows.map((r) => r.dimensions[j] ?? null),
      ),
    ),
  ]);
  const key = `unit-index-table-${d.stepId}`;
  section.append(tableView(scores, ctx, { testId: key, caption: scores.meta.title!, state: state(key) }));

  const o = d.obstacles;
  if (o !== undefined) {
    const indicator = (id: string): string => {
      const l = o.labels.get(id);
      return (ctx.locale() === "zh" ? (l?.zh ?? l?.en) : (l?.en ?? l?.zh)) ?? id;
    };
    const k = Math.max(0, ...o.rows.map((r) => r.top.length));
    const columns: ColumnJson[] = [
      numbers(
        "year",
        ctx.t("results.unit.year"),
        o.rows.map((r) => r.year),
      ),
    ];
    for (let i = 0; i < k; i++) {
      columns.push(
        texts(
          `top${i + 1}`,
          ctx.t("results.unit.obstacles.top", { k: i + 1 }),
          o.rows.map((r) => (r.top[i] !== undefined ? indicator(r.top[i]!.indicator) : null)),
        ),
        numbers(
          `top${i + 1}_share`,
          ctx.t("results.unit.obstacles.share", { k: i + 1 }),
          o.rows.map((r) => r.top[i]?.share ?? null),
        ),
      );
    }
    o.dimensionColumns.forEach((c, j) =>
      columns.push(
        numbersLike(
          c,
          o.rows.map((r) => r.dimensions[j] ?? null),
        ),
      ),
    );
    const title = ctx.t("results.unit.obstacles.title");
    const obstacles = tableOf(title, columns);
    const okey = `unit-obstacles-${d.stepId}`;
    section.append(
      h("h3", {}, title),
      h("p", { class: "muted" }, ctx.t("results.unit.obstacles.hint")),
      tableView(obstacles, ctx, { testId: okey, caption: title, state: state(okey) }),
    );
  }
  return section;
}

function deaSection(
  d: DeaDetail,
  runId: string,
  ctx: WebContext,
  state: (key: string) => TableState,
  nameOf: (entity: string) => string,
): HTMLElement {
  const rows = d.rows;
  const hasReason = rows.some((r) => r.reason !== null && r.reason !== "");
  const main = tableOf(ctx.t("results.unit.dea.table"), [
    numbers(
      "year",
      ctx.t("results.unit.year"),
      rows.map((r) => r.year),
    ),
    numbers(
      "score",
      ctx.t("results.unit.dea.score"),
      rows.map((r) => r.score),
    ),
    texts(
      "status",
      ctx.t("results.unit.dea.status"),
      rows.map((r) => r.status),
    ),
    ...(hasReason
      ? [
          texts(
            "reason",
            ctx.t("results.unit.dea.reason"),
            rows.map((r) => r.reason),
          ),
        ]
      : []),
    numbers(
      "lambda_sum",
      ctx.t("results.unit.dea.lambdaSum"),
      rows.map((r) => r.lambdaSum),
    ),
    texts(
      "peers",
      ctx.t("results.unit.dea.peers"),
      rows.map((r) => r.peers.map((p) => `${nameOf(p.entity)} (${p.lambda})`).join("; ")),
    ),
  ]);
  const peersCell = (column: string, row: number): Node | undefined => {
    if (column !== "peers") return undefined;
    const peers = rows[row]!.peers;
    const span = h("span", { class: "peers" });
    peers.forEach((p, i) => {
      if (i > 0) span.append("; ");
      span.append(
        h(
          "a",
          { href: unitHref(runId, p.entity), "data-testid": "peer-link", title: p.entity },
          nameOf(p.entity),
        ),
        ` (λ = ${ctx.fmt(p.lambda, 4)})`,
      );
    });
    return span;
  };
  const variables = rows.flatMap((r) => r.variables.map((v) => ({ year: r.year, ...v })));
  const slacksTitle = ctx.t("results.unit.dea.slacks");
  const slacks = tableOf(slacksTitle, [
    numbers(
      "year",
      ctx.t("results.unit.year"),
      variables.map((v) => v.year),
    ),
    texts(
      "variable",
      ctx.t("results.unit.dea.variable"),
      variables.map((v) => v.name),
    ),
    numbers(
      "slack",
      ctx.t("results.unit.dea.slack"),
      variables.map((v) => v.slack),
    ),
    numbers(
      "target",
      ctx.t("results.unit.dea.target"),
      variables.map((v) => v.target),
    ),
  ]);
  const key = `unit-dea-${d.stepId}`;
  const skey = `unit-dea-slacks-${d.stepId}`;
  return h(
    "section",
    { class: "step", "data-testid": key },
    h("h2", {}, ctx.t("results.unit.dea.title", { step: d.stepTitle })),
    tableView(main, ctx, {
      testId: key + "-table",
      caption: main.meta.title!,
      state: state(key),
      cell: peersCell,
    }),
    variables.length > 0 && h("h3", {}, slacksTitle),
    variables.length > 0 &&
      tableView(slacks, ctx, { testId: skey, caption: slacksTitle, state: state(skey) }),
  );
}
