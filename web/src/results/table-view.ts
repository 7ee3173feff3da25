/**
 * A results table in the page: header labels in the UI language (the column name as a tooltip), cells formatted
 * by columns.ts, sorting by clicking a header (th[data-sort]; missing cells last), paging for long tables, a
 * horizontal scroll for wide ones, and optional links from a unit column to the unit pages.
 */
import type { TableJson } from "../../../src/report/results-json.js";
import type { WebContext } from "../context.js";
import { cellText, columnDisplay, columnHeader, type ColumnDisplay } from "./columns.js";
import { h } from "./dom.js";
import { nextSort, sortRows, type SortDirection } from "./sort.js";

/** Rows per page. */
export const PAGE_SIZE = 50;

/** What survives a re-render of a table (language switch): its sort and page. */
export interface TableState {
  sort?: { readonly column: string; readonly direction: SortDirection };
  page: number;
}

/** Options of {@link tableView}. */
export interface TableViewOptions {
  /** data-testid of the <table>. */
  readonly testId: string;
  /** Caption (the table's title), read by screen readers. */
  readonly caption: string;
  readonly state: TableState;
  /** Cells of this column link to the unit page of their value. */
  readonly unitLinks?: { readonly column: string; readonly href: (entity: string) => string };
  /** Custom content of a cell (e.g. links in a peers column); undefined keeps the text. */
  readonly cell?: (column: string, row: number, text: string) => Node | undefined;
}

/** The BCP 47 tag of a UI language (collation, lang attributes). */
export function localeTag(locale: "en" | "zh"): string {
  return locale === "zh" ? "zh-CN" : "en";
}

/**
 * A table view; it re-renders itself when a header is clicked or the page changes.
 * @param table the table from results.json
 * @param ctx the web context (t, fmt, locale)
 * @param options test id, caption, state, unit links
 * @returns the element holding the table and its pager
 */
export function tableView(table: TableJson, ctx: WebContext, options: TableViewOptions): HTMLElement {
  const root = h("div", { class: "nqpf-table" });
  const displays: ColumnDisplay[] = table.columns.map(columnDisplay);
  const render = (): void => {
    const state = options.state;
    const sortColumn =
      state.sort !== undefined ? table.columns.find((c) => c.name === state.sort!.column) : undefined;
    const order =
      sortColumn !== undefined && state.sort !== undefined
        ? sortRows(sortColumn, state.sort.direction, localeTag(ctx.locale()))
        : Array.from({ length: table.rowCount }, (_, i) => i);
    const pages = Math.max(1, Math.ceil(table.rowCount / PAGE_SIZE));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    const first = state.page * PAGE_SIZE;
    const shown = order.slice(first, first + PAGE_SIZE);

    const head = h(
      "tr",
      {},
      table.columns.map((c, j) => {
        const sorted = state.sort?.column === c.name ? state.sort.direction : undefined;
        const label = columnHeader(c, ctx.locale());
        const th = h(
          "th",
          {
            scope: "col",
            "data-sort": c.name,
            "aria-sort": sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none",
            class: displays[j]!.kind === "number" ? "num" : undefined,
            title: label !== c.name ? c.name : undefined,
          },
          h(
            "button",
            { type: "button", class: "sort", title: ctx.t("results.table.sortBy", { column: label }) },
            label,
            h(
              "span",
              { class: "sort-mark", "aria-hidden": "true" },
              sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : "",
            ),
          ),
        );
        th.addEventListener("click", () => {
          state.sort = nextSort(state.sort, c.name, displays[j]!.kind === "number");
          state.page = 0;
          render();
          // The header was rebuilt: keep the keyboard focus on the same column's button.
          const again = [...root.querySelectorAll<HTMLElement>("th[data-sort]")].find(
            (x) => x.dataset.sort === c.name,
          );
          again?.querySelector("button")?.focus();
        });
        return th;
      }),
    );
    const body = h(
      "tbody",
      {},
      shown.map((r) =>
        h(
          "tr",
          {},
          table.columns.map((c, j) => {
            const text = cellText(c, displays[j]!, r, (v, d) => ctx.fmt(v, d));
            const link = options.unitLinks;
            const content =
              options.cell?.(c.name, r, text) ??
              (link !== undefined && link.column === c.name && text !== ""
                ? h("a", { href: link.href(String(c.values[r])), "data-testid": "table-unit-link" }, text)
                : text);
            return h("td", { class: displays[j]!.kind === "number" ? "num" : undefined }, content);
          }),
        ),
      ),
    );
    const pager =
      pages > 1
        ? h(
            "div",
            { class: "pager" },
            pagerButton(ctx.t("results.table.previous"), state.page === 0, () => {
              state.page--;
              render();
            }),
            h(
              "span",
              { "aria-live": "polite" },
              ctx.t("results.table.rows", {
                first: first + 1,
                last: first + shown.length,
                total: table.rowCount,
              }),
            ),
            pagerButton(ctx.t("results.table.next"), state.page >= pages - 1, () => {
              state.page++;
              render();
            }),
          )
        : h(
            "div",
            { class: "pager" },
            h("span", {}, ctx.t("results.table.count", { total: table.rowCount })),
          );
    root.replaceChildren(
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { "data-testid": options.testId },
          h("caption", { class: "visually-hidden" }, options.caption),
          h("thead", {}, head),
          body,
        ),
      ),
      pager,
    );
  };
  render();
  return root;
}

function pagerButton(label: string, disabled: boolean, onClick: () => void): HTMLButtonElement {
  const button = h("button", { type: "button", disabled }, label);
  button.addEventListener("click", onClick);
  return button;
}
