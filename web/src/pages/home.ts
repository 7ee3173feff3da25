/**
 * Home page: the bundled datasets and the uploads (each can start a study), the saved studies (each can be run
 * again) and the runs with their status, newest first.
 */
import type { WebContext } from "../context.js";
import { errorText, fill, h } from "./dom.js";
import { builderState, resetState, saveState } from "./state.js";
import { homeStrings } from "./strings/home.js";

interface BundledDataset {
  readonly name: string;
  readonly title: string;
  readonly titleZh?: string;
  readonly kind: string;
  readonly rows: number;
}
interface UploadedDataset {
  readonly id: string;
  readonly name: string;
  readonly format: string;
  readonly rows: number;
  readonly columns: number;
  readonly created?: string;
}
interface SavedStudy {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly updated?: string;
  readonly created?: string;
}
interface RunSummary {
  readonly id: string;
  readonly studyId: string;
  readonly studyVersion: number;
  readonly status: string;
  readonly created: string;
  readonly finished?: string;
}

/**
 * A date-time in the locale's short form.
 * @param iso an ISO 8601 text
 * @param ctx the web context
 * @returns the text, or the input when it is not a date
 */
export function shortDate(iso: string | undefined, ctx: WebContext): string {
  if (iso === undefined) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(ctx.locale() === "zh" ? "zh-CN" : "en", {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

/**
 * Mounts the home page.
 * @param el the page element
 * @param ctx the web context
 * @returns cleanup
 */
export function mountHome(el: HTMLElement, ctx: WebContext): () => void {
  ctx.registerStrings(homeStrings);
  let data:
    | { bundled: BundledDataset[]; uploaded: UploadedDataset[]; studies: SavedStudy[]; runs: RunSummary[] }
    | undefined;
  let failure: string | undefined;
  let disposed = false;

  const choose = (kind: "upload" | "bundled", ref: string, name: string): void => {
    resetState();
    const state = builderState();
    state.dataset = { kind, ref, name };
    saveState();
    ctx.navigate("#/data");
  };

  const runAgain = async (study: SavedStudy): Promise<void> => {
    try {
      const run = await ctx.postJson<{ id: string }>("/api/runs", { studyId: study.id, lang: ctx.locale() });
      ctx.navigate(`#/runs/${run.id}`);
    } catch (error) {
      failure = errorText(error);
      render();
    }
  };

  const render = (): void => {
    const start = h(
      "button",
      { type: "button", class: "primary", "data-testid": "new-study" },
      ctx.t("home.newStudy"),
    );
    start.addEventListener("click", () => {
      resetState();
      ctx.navigate("#/data");
    });
    const state = builderState();
    const resume =
      state.dataset !== undefined
        ? h(
            "a",
            { href: "#/methods", class: "button", "data-testid": "resume-study" },
            ctx.t("home.resume", { name: state.dataset.name }),
          )
        : null;
    const intro = h(
      "section",
      { class: "intro" },
      h("h1", {}, ctx.t("home.heading")),
      h("p", {}, ctx.t("home.lead")),
      h("div", { class: "actions" }, start, resume),
    );
    if (failure !== undefined && data === undefined) {
      el.replaceChildren(intro, h("p", { class: "error", role: "alert" }, failure));
      return;
    }
    if (data === undefined) {
      el.replaceChildren(intro, h("p", { class: "loading" }, ctx.t("common.loading")));
      return;
    }
    const d = data;
    const bundled = h(
      "ul",
      { class: "cards", "data-testid": "bundled-list" },
      ...d.bundled.map((b) => {
        const use = h(
          "button",
          { type: "button", "data-testid": "use-bundled", "data-name": b.name },
          ctx.t("home.use"),
        );
        const title = ctx.locale() === "zh" && b.titleZh !== undefined ? b.titleZh : b.title;
        use.addEventListener("click", () => {
          choose("bundled", b.name, title);
        });
        return h(
          "li",
          {},
          h("strong", {}, title),
          h("span", { class: "muted" }, ` ${b.name} · ${ctx.t("home.rows", { rows: ctx.fmt(b.rows, 0) })}`),
          " ",
          use,
        );
      }),
    );
    const uploads =
      d.uploaded.length === 0
        ? h("p", { class: "muted" }, ctx.t("home.noUploads"))
        : h(
            "ul",
            { class: "cards", "data-testid": "uploads-list" },
            ...d.uploaded.map((u) => {
              const use = h(
                "button",
                { type: "button", "data-testid": "use-upload", "data-id": u.id },
                ctx.t("home.use"),
              );
              use.addEventListener("click", () => {
                choose("upload", u.id, u.name);
              });
              return h(
                "li",
                {},
                h("strong", {}, u.name),
                h(
                  "span",
                  { class: "muted" },
                  ` ${u.format} · ${ctx.t("home.rows", { rows: ctx.fmt(u.rows, 0) })} · ${ctx.t("home.columns", { columns: ctx.fmt(u.columns, 0) })} · ${shortDate(u.created, ctx)}`,
                ),
                " ",
                use,
              );
            }),
          );
    const studies =
      d.studies.length === 0
        ? h("p", { class: "muted" }, ctx.t("home.noStudies"))
        : h(
            "ul",
            { class: "cards", "data-testid": "studies-list" },
            ...d.studies.map((s) => {
              const run = h(
                "button",
                { type: "button", "data-testid": "run-again", "data-study-id": s.id },
                ctx.t("home.runAgain"),
              );
              run.addEventListener("click", () => {
                void runAgain(s);
              });
              return h(
                "li",
                {},
                h("strong", {}, s.name),
                h(
                  "span",
                  { class: "muted" },
                  ` ${ctx.t("home.version", { version: s.version })} · ${shortDate(s.updated ?? s.created, ctx)}`,
                ),
                " ",
                run,
              );
            }),
          );
    const names = new Map(d.studies.map((s) => [s.id, s.name]));
    const runs = h(
      "div",
      {},
      d.runs.length === 0 ? h("p", { class: "muted" }, ctx.t("home.noRuns")) : null,
      h(
        "ul",
        { class: "runs", "data-testid": "runs-list" },
        ...d.runs.map((r) =>
          h(
            "li",
            { "data-status": r.status },
            h(
              "a",
              { href: `#/runs/${encodeURIComponent(r.id)}`, "data-testid": "run-link", "data-run-id": r.id },
              `${names.get(r.studyId) ?? r.studyId} (${ctx.t("home.version", { version: r.studyVersion })})`,
            ),
            " ",
            h("span", { class: `status status-${r.status}` }, ctx.t(`status.${r.status}`)),
            h("span", { class: "muted" }, ` ${shortDate(r.created, ctx)}`),
          ),
        ),
      ),
    );
    fill(
      el,
      intro,
      failure !== undefined ? h("p", { class: "error", role: "alert" }, failure) : null,
      h("section", {}, h("h2", {}, ctx.t("home.runs")), runs),
      h("section", {}, h("h2", {}, ctx.t("home.studies")), studies),
      h("section", {}, h("h2", {}, ctx.t("home.uploads")), uploads),
      h("section", {}, h("h2", {}, ctx.t("home.bundled")), bundled),
    );
  };

  const load = async (): Promise<void> => {
    try {
      const [datasets, studies, runs] = await Promise.all([
        ctx.getJson<{ bundled: BundledDataset[]; uploaded: UploadedDataset[] }>("/api/datasets"),
        ctx.getJson<{ studies: SavedStudy[] }>("/api/studies"),
        ctx.getJson<{ runs: RunSummary[] }>("/api/runs"),
      ]);
      const newest = (a: { created?: string }, b: { created?: string }): number =>
        (b.created ?? "").localeCompare(a.created ?? "");
      data = {
        bundled: datasets.bundled,
        uploaded: [...datasets.uploaded].sort(newest),
        studies: [...studies.studies],
        runs: [...runs.runs].sort(newest),
      };
    } catch (error) {
      failure = errorText(error);
    }
    if (!disposed) render();
  };

  render();
  void load();
  const off = ctx.onLocaleChange(render);
  return () => {
    disposed = true;
    off();
  };
}
