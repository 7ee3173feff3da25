/**
 * The downloads panel of a run: workbook, Word and LaTeX tables, the report (opens in a new tab), the study file
 * that reproduces the run with the manifest and results.json, one CSV per table and SVG/PNG per figure.
 */
import type { WebContext } from "../context.js";
import { h } from "./dom.js";
import type { Download, DownloadGroups } from "./downloads-data.js";

/** File size as "12.3 kB" / "1.2 MB" in the UI language. */
function size(bytes: number | null, ctx: WebContext): string {
  if (bytes === null) return "";
  if (bytes < 1024) return ctx.t("results.downloads.bytes", { n: ctx.fmt(bytes, 0) });
  if (bytes < 1024 * 1024) return ctx.t("results.downloads.kb", { n: ctx.fmt(bytes / 1024, 1) });
  return ctx.t("results.downloads.mb", { n: ctx.fmt(bytes / (1024 * 1024), 1) });
}

function link(d: Download, text: string, ctx: WebContext): HTMLElement {
  const newTab = d.kind === "report";
  const a = h(
    "a",
    {
      href: d.href,
      "data-testid": d.testId,
      ...(newTab ? { target: "_blank", rel: "noopener" } : { download: d.fileName }),
    },
    text,
  );
  const bytes = size(d.bytes, ctx);
  return h(
    "span",
    { class: "download" },
    a,
    bytes !== "" ? h("span", { class: "muted" }, ` (${bytes})`) : null,
  );
}

const DOCUMENT_KEYS = {
  xlsx: "results.downloads.xlsx",
  docx: "results.downloads.docx",
  tex: "results.downloads.tex",
  study: "results.downloads.study",
  manifest: "results.downloads.manifest",
  results: "results.downloads.results",
  report: "results.downloads.report",
} as const;

function named(d: Download, ctx: WebContext): HTMLElement {
  const key = DOCUMENT_KEYS[d.kind as keyof typeof DOCUMENT_KEYS] as string | undefined;
  return link(d, key !== undefined ? ctx.t(key) : d.fileName, ctx);
}

/**
 * The downloads panel ([data-testid=downloads]).
 * @param groups the run's downloads ({@link downloadGroups})
 * @param ctx the web context
 * @returns the panel
 */
export function downloadsView(groups: DownloadGroups, ctx: WebContext): HTMLElement {
  const list = (items: readonly HTMLElement[]): HTMLElement =>
    h(
      "ul",
      {},
      items.map((i) => h("li", {}, i)),
    );
  return h(
    "section",
    { class: "downloads", "data-testid": "downloads", "aria-labelledby": "nqpf-downloads-title" },
    h("h2", { id: "nqpf-downloads-title" }, ctx.t("results.downloads.title")),
    h(
      "div",
      { class: "download-groups" },
      h(
        "div",
        {},
        h("h3", {}, ctx.t("results.downloads.documents")),
        list([
          ...(groups.report !== undefined ? [named(groups.report, ctx)] : []),
          ...groups.documents.map((d) => named(d, ctx)),
        ]),
        h("h3", {}, ctx.t("results.downloads.reproduce")),
        list(groups.reproduce.map((d) => named(d, ctx))),
        h("p", { class: "muted" }, ctx.t("results.downloads.studyHint")),
      ),
      groups.csv.length > 0 &&
        h(
          "div",
          {},
          h("h3", {}, ctx.t("results.downloads.csv", { n: groups.csv.length })),
          list(groups.csv.map((d) => link(d, d.label, ctx))),
        ),
      groups.figures.length > 0 &&
        h(
          "div",
          {},
          h("h3", {}, ctx.t("results.downloads.figures", { n: groups.figures.length })),
          list(
            groups.figures.map((f) =>
              h(
                "span",
                {},
                `${f.name}: `,
                f.svg !== undefined && link(f.svg, "SVG", ctx),
                f.svg !== undefined && f.png !== undefined && " · ",
                f.png !== undefined && link(f.png, "PNG", ctx),
              ),
            ),
          ),
        ),
      groups.other.length > 0 &&
        h(
          "div",
          {},
          h("h3", {}, ctx.t("results.downloads.other")),
          list(groups.other.map((d) => link(d, d.path, ctx))),
        ),
    ),
  );
}
