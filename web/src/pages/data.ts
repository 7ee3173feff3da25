/**
 * Data page: upload a file (CSV, XLSX, DTA, JSON; multipart POST /api/datasets) or choose a bundled dataset or an
 * earlier upload, preview its rows, map the columns (entity, time, display names, group, map and map codes) and
 * choose the years the study keeps (the whole span by default).
 * Problems show where they are: at the mapping select, or at the preview cell (class cell-issue, its text in the
 * title), from the checks on the preview rows and from the issues the server reported.
 */
import { ApiError, type ApiIssue, type WebContext } from "../context.js";
import { narrowedYears, type ColumnMapping } from "../study-yaml.js";
import { createApi } from "../api.js";
import { errorText, fill, h, inlineIssues, issueItem, labelled, select } from "./dom.js";
import {
  checkMapping,
  guessMapping,
  timeSpan,
  type CellIssue,
  type MappingIssue,
  type Preview,
} from "./mapping-check.js";
import { builderState, lastIssues, saveState } from "./state.js";
import { dataStrings } from "./strings/data.js";
import { issuePlace } from "../study-yaml.js";

/** Rows the preview asks the server for (the checks run on these). */
export const PREVIEW_ROWS = 500;
/** Cell issues listed by name (all are marked in the table). */
const LISTED_CELL_ISSUES = 30;

interface Bundled {
  readonly name: string;
  readonly title: string;
  readonly titleZh?: string;
  readonly kind: string;
}
interface Uploaded {
  readonly id: string;
  readonly name: string;
  readonly created?: string;
}

/**
 * Mounts the data page.
 * @param el the page element
 * @param ctx the web context
 * @returns cleanup
 */
export function mountData(el: HTMLElement, ctx: WebContext): () => void {
  ctx.registerStrings(dataStrings);
  const api = createApi();
  const state = builderState();
  let bundled: Bundled[] = [];
  let uploaded: Uploaded[] = [];
  let preview: Preview | undefined;
  let busy: string | undefined;
  let failure: string | undefined;
  let uploadIssues: ApiIssue[] = [];
  let disposed = false;

  /** The years offered follow the time column; a new span (another dataset or time column) resets the window. */
  const syncYears = (p: Preview): void => {
    const span = timeSpan(p, state.mapping.time);
    const years = state.years;
    if (span.length === years.span.length && span.every((y, i) => y === years.span[i])) return;
    state.years = { span, from: span[0] ?? 0, to: span[span.length - 1] ?? 0 };
  };

  const loadPreview = async (fresh: boolean): Promise<void> => {
    const dataset = state.dataset;
    if (dataset === undefined) return;
    busy = ctx.t("data.loadingPreview");
    failure = undefined;
    render();
    try {
      const answer = await ctx.getJson<Preview>(
        `/api/datasets/${encodeURIComponent(dataset.ref)}/preview?rows=${PREVIEW_ROWS}`,
      );
      if (disposed) return;
      preview = answer;
      state.columns = answer.columns.map((c) => ({ name: c.name, type: c.type }));
      const names = new Set(state.columns.map((c) => c.name));
      if (
        fresh ||
        (state.mapping.entity === "" && state.mapping.time === "") ||
        !names.has(state.mapping.entity)
      ) {
        state.mapping = guessMapping(answer);
        state.methods.dea.inputs = [];
        state.methods.dea.outputs = [];
        state.methods.dea.bad = [];
      }
      syncYears(answer);
      saveState();
    } catch (error) {
      failure = errorText(error);
      preview = undefined;
    }
    busy = undefined;
    render();
  };

  const choose = (kind: "upload" | "bundled", ref: string, name: string): void => {
    if (state.dataset?.kind === kind && state.dataset.ref === ref) return;
    state.dataset = { kind, ref, name };
    state.columns = [];
    state.studyId = undefined;
    uploadIssues = [];
    saveState();
    void loadPreview(true);
  };

  const upload = async (file: File): Promise<void> => {
    busy = ctx.t("data.uploading", { name: file.name });
    failure = undefined;
    uploadIssues = [];
    render();
    try {
      const record = await api.upload<{ id: string; name: string }>("/api/datasets", file, file.name);
      if (disposed) return;
      uploaded = [record, ...uploaded.filter((u) => u.id !== record.id)];
      busy = undefined;
      state.dataset = undefined;
      choose("upload", record.id, record.name);
    } catch (error) {
      busy = undefined;
      if (error instanceof ApiError && error.issues.length > 0) uploadIssues = [...error.issues];
      else failure = errorText(error);
      render();
    }
  };

  const setMapping = (key: keyof ColumnMapping, value: string): void => {
    if (key === "map") {
      state.mapping.map = value === "china" || value === "world" ? value : "none";
      if (state.mapping.map !== "none" && state.mapping.code === "")
        state.mapping.code = state.mapping.entity;
    } else {
      const previous = state.mapping[key];
      state.mapping[key] = value;
      if (key === "entity" && state.mapping.code === previous) state.mapping.code = value;
      if (key === "time" && preview !== undefined) syncYears(preview);
    }
    saveState();
    render();
  };

  const datasetControls = (): HTMLElement => {
    const bundledSelect = select(
      { "data-testid": "bundled-select", id: "bundled-select" },
      [
        { value: "", text: ctx.t("data.chooseBundled") },
        ...bundled.map((b) => ({
          value: b.name,
          text: `${ctx.locale() === "zh" && b.titleZh !== undefined ? b.titleZh : b.title} (${b.name})`,
        })),
      ],
      state.dataset?.kind === "bundled" ? state.dataset.ref : "",
      (value) => {
        const b = bundled.find((d) => d.name === value);
        if (b !== undefined)
          choose("bundled", b.name, ctx.locale() === "zh" && b.titleZh !== undefined ? b.titleZh : b.title);
      },
    );
    const uploadSelect = select(
      { "data-testid": "upload-select", id: "upload-select" },
      [
        { value: "", text: ctx.t("data.chooseUpload") },
        ...uploaded.map((u) => ({ value: u.id, text: u.name })),
      ],
      state.dataset?.kind === "upload" ? state.dataset.ref : "",
      (value) => {
        const u = uploaded.find((d) => d.id === value);
        if (u !== undefined) choose("upload", u.id, u.name);
      },
    );
    const input = h("input", {
      type: "file",
      "data-testid": "upload-input",
      id: "upload-input",
      accept: ".csv,.tsv,.txt,.xlsx,.dta,.json,.gz",
    });
    input.addEventListener("change", () => {
      const file = input.files?.[0];
      if (file !== undefined) void upload(file);
    });
    return h(
      "section",
      { class: "dataset-choice" },
      h("h2", {}, ctx.t("data.dataset")),
      h(
        "div",
        { class: "row" },
        labelled(ctx.t("data.upload"), input),
        uploaded.length > 0 ? labelled(ctx.t("data.earlierUpload"), uploadSelect) : null,
        labelled(ctx.t("data.bundled"), bundledSelect),
      ),
      h("p", { class: "muted" }, ctx.t("data.local")),
      state.dataset !== undefined
        ? h("p", { "data-testid": "dataset-name" }, ctx.t("data.current", { name: state.dataset.name }))
        : null,
      busy !== undefined ? h("p", { class: "loading", role: "status" }, busy) : null,
      failure !== undefined ? h("p", { class: "error", role: "alert" }, failure) : null,
      uploadIssues.length > 0
        ? h(
            "ul",
            { class: "issues", "data-testid": "upload-issues" },
            ...uploadIssues.map((i) => issueItem(i, ctx)),
          )
        : null,
    );
  };

  const setYear = (bound: "from" | "to", value: string): void => {
    state.years[bound] = Number(value);
    saveState();
    render();
  };

  const render = (): void => {
    const years = state.years;
    const checked =
      preview !== undefined
        ? checkMapping(preview, state.mapping, years.span.length > 0 ? years : undefined)
        : { mapping: [] as MappingIssue[], cells: [] as CellIssue[] };
    // The server's issues about the data: by their path in the study, or located in the dataset's own file.
    const inFile = (i: ApiIssue): boolean =>
      i.row !== undefined &&
      i.column !== undefined &&
      (i.path === undefined || (state.dataset !== undefined && i.file === state.dataset.name));
    const serverIssues = lastIssues().filter((i) => issuePlace(state, i.path).page === "data" || inFile(i));
    const placeOf = (i: ApiIssue): string | undefined => {
      const place = issuePlace(state, i.path);
      return place.page === "data" ? place.target : undefined;
    };

    // Cell issues: from the checks and from the server (by row and column).
    const cellText = new Map<string, string[]>();
    const addCell = (row: number, column: string, text: string): void => {
      const key = `${row}\u0000${column}`;
      cellText.set(key, [...(cellText.get(key) ?? []), text]);
    };
    for (const c of checked.cells) addCell(c.row, c.column, ctx.t(c.key, c.values));
    for (const i of serverIssues) if (inFile(i)) addCell(i.row! - 2, i.column!, i.message);

    const columns = preview?.columns ?? [];
    const columnOptions = (none: boolean): { value: string; text: string }[] => [
      ...(none
        ? [{ value: "", text: ctx.t("data.none") }]
        : [{ value: "", text: ctx.t("data.chooseColumn") }]),
      ...columns.map((c) => ({ value: c.name, text: c.name })),
    ];
    const selectFor = (
      key: "entity" | "time" | "names" | "group" | "code",
      testid: string,
      labelKey: string,
      none: boolean,
    ): HTMLElement => {
      const target = key;
      const texts = [
        ...checked.mapping.filter((m) => m.target === target).map((m) => ctx.t(m.key, m.values)),
        ...serverIssues.filter((i) => placeOf(i) === target).map((i) => i.message),
      ];
      const control = select(
        { "data-testid": testid, id: testid, "aria-invalid": texts.length > 0 ? "true" : undefined },
        columnOptions(none),
        state.mapping[key],
        (v) => {
          setMapping(key, v);
        },
      );
      return labelled(ctx.t(labelKey), control, inlineIssues(texts));
    };
    const regionTexts = serverIssues.filter((i) => placeOf(i) === "region").map((i) => i.message);
    const region = labelled(
      ctx.t("data.map"),
      select(
        { "data-testid": "map-region", id: "map-region" },
        [
          { value: "none", text: ctx.t("data.map.none") },
          { value: "china", text: ctx.t("data.map.china") },
          { value: "world", text: ctx.t("data.map.world") },
        ],
        state.mapping.map,
        (v) => {
          setMapping("map", v);
        },
      ),
      inlineIssues(regionTexts),
    );
    const first = years.span[0];
    const last = years.span[years.span.length - 1];
    const yearTexts = [
      ...checked.mapping.filter((m) => m.target === "years").map((m) => ctx.t(m.key, m.values)),
      ...serverIssues.filter((i) => placeOf(i) === "years").map((i) => i.message),
    ];
    // Years are shown as written (no digit grouping).
    const yearSelect = (bound: "from" | "to"): HTMLElement =>
      labelled(
        ctx.t(bound === "from" ? "data.yearsFrom" : "data.yearsTo"),
        select(
          {
            "data-testid": `years-${bound}`,
            id: `years-${bound}`,
            "aria-invalid": yearTexts.length > 0 ? "true" : undefined,
          },
          years.span.map((y) => ({ value: String(y), text: String(y) })),
          String(years[bound]),
          (v) => {
            setYear(bound, v);
          },
        ),
        bound === "to" ? inlineIssues(yearTexts) : null,
      );
    const narrowed = narrowedYears(state);
    const yearsSection =
      first === undefined || last === undefined
        ? null
        : h(
            "div",
            { class: "years", "data-testid": "years" },
            h("div", { class: "grid" }, yearSelect("from"), yearSelect("to")),
            yearTexts.length > 0
              ? null
              : h(
                  "p",
                  { class: "muted", "data-testid": "years-summary" },
                  narrowed === undefined
                    ? ctx.t("data.yearsAll", { first, last })
                    : ctx.t("data.yearsWindow", { ...narrowed, first, last }),
                ),
            // Which years have complete data depends on the indicators chosen later; without numerics here, the
            // window defaults to the whole span and a bundled panel (long and patchy) gets this hint.
            state.dataset?.kind === "bundled" && narrowed === undefined && yearTexts.length === 0
              ? h("p", { class: "warning", "data-testid": "years-hint" }, ctx.t("data.yearsHint", { first, last }))
              : null,
          );
    const mappingSection =
      preview === undefined
        ? null
        : h(
            "section",
            { class: "mapping" },
            h("h2", {}, ctx.t("data.mapping")),
            h(
              "div",
              { class: "grid" },
              selectFor("entity", "map-entity", "data.entity", false),
              selectFor("time", "map-time", "data.time", false),
              selectFor("names", "map-names", "data.names", true),
              selectFor("group", "map-group", "data.group", true),
              region,
              state.mapping.map !== "none" ? selectFor("code", "map-code", "data.code", false) : null,
            ),
            yearsSection,
          );

    const errors = checked.mapping.length + checked.cells.filter((c) => c.severity === "error").length;
    // A repeated unit×year marks both key cells; the list names it once.
    const distinct = checked.cells.filter(
      (c, i, all) => all.findIndex((d) => d.row === c.row && d.key === c.key) === i,
    );
    const listed = distinct.slice(0, LISTED_CELL_ISSUES);
    const issueList = h(
      "ul",
      { class: "issues", "data-testid": "mapping-issues", "aria-live": "polite" },
      ...checked.mapping.map((m) =>
        h("li", { class: "issue", "data-target": m.target }, ctx.t(m.key, m.values)),
      ),
      ...listed.map((c) =>
        h(
          "li",
          { class: `issue ${c.severity}`, "data-row": c.row + 2, "data-column": c.column },
          ctx.t(c.key, c.values),
        ),
      ),
      distinct.length > listed.length
        ? h("li", { class: "muted" }, ctx.t("data.moreIssues", { n: distinct.length - listed.length }))
        : null,
      ...serverIssues.map((i) => issueItem(i, ctx)),
    );

    let table: HTMLElement | null = null;
    if (preview !== undefined) {
      const p = preview;
      const head = h(
        "tr",
        {},
        h("th", { scope: "col", class: "rownum" }, "#"),
        ...p.columns.map((c) =>
          h(
            "th",
            { scope: "col", "data-column": c.name },
            c.name,
            h(
              "span",
              { class: "type" },
              ctx.t(c.type === "number" ? "data.type.number" : "data.type.string"),
            ),
          ),
        ),
      );
      const body = p.rows.map((row, r) =>
        h(
          "tr",
          {},
          h("th", { scope: "row", class: "rownum" }, String(r + 2)),
          ...p.columns.map((c, j) => {
            const value = row[j];
            const texts = cellText.get(`${r}\u0000${c.name}`);
            return h(
              "td",
              {
                class:
                  [
                    c.type === "number" ? "num" : "",
                    texts !== undefined ? "cell-issue" : "",
                    value === null ? "missing" : "",
                  ]
                    .filter((x) => x !== "")
                    .join(" ") || undefined,
                title: texts?.join("\n"),
              },
              value === null || value === undefined ? "" : String(value),
            );
          }),
        ),
      );
      table = h(
        "section",
        { class: "preview" },
        h("h2", {}, ctx.t("data.preview")),
        h(
          "p",
          { class: "muted" },
          ctx.t("data.previewNote", {
            shown: ctx.fmt(p.rows.length, 0),
            total: ctx.fmt(p.rowCount, 0),
            columns: ctx.fmt(p.columns.length, 0),
          }),
        ),
        h(
          "div",
          { class: "table-scroll" },
          h(
            "table",
            { "data-testid": "preview-table", class: "preview-table" },
            h("thead", {}, head),
            h("tbody", {}, ...body),
          ),
        ),
      );
    }

    const next = h(
      "button",
      { type: "button", class: "primary", "data-testid": "mapping-next", disabled: preview === undefined },
      ctx.t("data.next"),
    );
    const blocked = h("p", { class: "error", role: "alert", hidden: true }, ctx.t("data.fixFirst"));
    next.addEventListener("click", () => {
      if (errors > 0) {
        blocked.hidden = false;
        return;
      }
      ctx.navigate("#/system");
    });

    fill(
      el,
      h("h1", {}, ctx.t("data.heading")),
      datasetControls(),
      mappingSection,
      preview !== undefined
        ? h("section", {}, h("h2", {}, ctx.t("data.issues")), issueList)
        : h("div", { hidden: true }, issueList),
      table,
      h("div", { class: "actions" }, next, blocked),
    );
  };

  const load = async (): Promise<void> => {
    try {
      const datasets = await ctx.getJson<{ bundled: Bundled[]; uploaded: Uploaded[] }>("/api/datasets");
      if (disposed) return;
      bundled = datasets.bundled;
      uploaded = [...datasets.uploaded].sort((a, b) => (b.created ?? "").localeCompare(a.created ?? ""));
    } catch (error) {
      failure = errorText(error);
    }
    render();
  };

  render();
  void load();
  if (state.dataset !== undefined)
    void loadPreview(state.columns.length === 0 && state.mapping.entity === "");
  const off = ctx.onLocaleChange(render);
  return () => {
    disposed = true;
    off();
  };
}
