/**
 * The ranking of an index step for one year: units by score from high to low with rank, score and group, each
 * unit's name linking to its detail page.
 */
import type { WebContext } from "../context.js";
import { h, unitHref } from "./dom.js";
import { ranking, unitLabel, type IndexPanel } from "./index-data.js";

/**
 * The ranking table (table[data-testid=ranking-table], data-year = the year shown).
 * @param panel the index panel
 * @param year the year
 * @param runId the run (for the unit links)
 * @param ctx the web context
 * @returns the table wrapped in a scroll box
 */
export function rankingView(panel: IndexPanel, year: number, runId: string, ctx: WebContext): HTMLElement {
  const units = new Map(panel.units.map((u) => [u.entity, u]));
  const withGroup = panel.groupColumn !== undefined;
  const rows = ranking(panel, year);
  return h(
    "div",
    { class: "scroll ranking" },
    h(
      "table",
      { "data-testid": "ranking-table", "data-year": year },
      h("caption", {}, ctx.t("results.ranking.caption", { year })),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col", class: "num" }, ctx.t("results.ranking.rank")),
          h("th", { scope: "col" }, ctx.t("results.ranking.unit")),
          h("th", { scope: "col", class: "num" }, ctx.t("results.ranking.score")),
          withGroup && h("th", { scope: "col" }, ctx.t("results.ranking.group")),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((row) => {
          const unit = units.get(row.entity)!;
          const name = unitLabel(unit, ctx.locale());
          return h(
            "tr",
            { "data-entity": row.entity },
            h("td", { class: "num" }, row.rank !== null ? ctx.fmt(row.rank, 0) : ctx.fmt(null)),
            h(
              "th",
              { scope: "row" },
              h(
                "a",
                { href: unitHref(runId, row.entity), "data-testid": "unit-link", title: row.entity },
                name,
              ),
            ),
            h("td", { class: "num" }, ctx.fmt(row.score, 4)),
            withGroup && h("td", {}, row.group ?? ""),
          );
        }),
      ),
    ),
  );
}
