/**
 * The downloads of a run, from its file list (GET /api/runs/:id/files): each output file as a link with its kind,
 * the test id the end-to-end tests use and the file name it saves as. Pure: no DOM.
 */

/** A file of a run as the server lists it. */
export interface RunFile {
  readonly path: string;
  readonly bytes: number;
}

/** What a download is. */
export type DownloadKind =
  "xlsx" | "docx" | "tex" | "report" | "study" | "manifest" | "results" | "csv" | "svg" | "png" | "other";

/** One download link. */
export interface Download {
  readonly kind: DownloadKind;
  readonly path: string;
  readonly href: string;
  /** data-testid of the link: download-xlsx, download-csv-<name>, download-svg-<figure>, … */
  readonly testId: string;
  /** The name the browser saves it as (the last path segment). */
  readonly fileName: string;
  /** For CSV, SVG, PNG: the table or figure name (path without folder and extension). */
  readonly label: string;
  /** Size in bytes; null when unknown (the study file when the list lacks it). */
  readonly bytes: number | null;
}

/** The downloads grouped as the panel shows them. */
export interface DownloadGroups {
  /** Workbook, Word, LaTeX, in that order (those present). */
  readonly documents: readonly Download[];
  readonly report: Download | undefined;
  /** study.yaml (always: the server also answers GET /api/runs/:id/study), manifest.json, results.json. */
  readonly reproduce: readonly Download[];
  readonly csv: readonly Download[];
  /** Per figure: its SVG and PNG (either may be absent). */
  readonly figures: readonly { readonly name: string; readonly svg?: Download; readonly png?: Download }[];
  readonly other: readonly Download[];
}

/**
 * The URL of a run's file: /api/runs/<id>/files/<path>, each segment percent-encoded.
 * @param runId the run id
 * @param path the file's path within the run's output folder
 * @returns the URL path
 * @example
 * fileHref("r1", "tables/index-scores.csv") // => "/api/runs/r1/files/tables/index-scores.csv"
 */
export function fileHref(runId: string, path: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
}

const FIXED: Readonly<Record<string, DownloadKind>> = {
  "tables.xlsx": "xlsx",
  "tables.docx": "docx",
  "tables.tex": "tex",
  "report.html": "report",
  "study.yaml": "study",
  "manifest.json": "manifest",
  "results.json": "results",
};

/**
 * Classifies one file: the fixed names (tables.xlsx, tables.docx, tables.tex, report.html, study.yaml,
 * manifest.json, results.json), tables/<name>.csv, figures/<name>.svg|png, anything else "other".
 * @param runId the run id
 * @param file path and size
 * @returns the download
 * @example
 * download("r1", { path: "tables/index-scores.csv", bytes: 10 }).testId // => "download-csv-index-scores"
 */
export function download(runId: string, file: RunFile): Download {
  const fileName = file.path.split("/").pop() ?? file.path;
  const base = { path: file.path, href: fileHref(runId, file.path), fileName, bytes: file.bytes };
  const fixed = FIXED[file.path];
  if (fixed !== undefined) return { ...base, kind: fixed, testId: `download-${fixed}`, label: fileName };
  const csv = /^tables\/(.+)\.csv$/.exec(file.path);
  if (csv !== null) return { ...base, kind: "csv", testId: `download-csv-${csv[1]!}`, label: csv[1]! };
  const figure = /^figures\/(.+)\.(svg|png)$/.exec(file.path);
  if (figure !== null) {
    const kind = figure[2] === "svg" ? "svg" : "png";
    return { ...base, kind, testId: `download-${kind}-${figure[1]!}`, label: figure[1]! };
  }
  return { ...base, kind: "other", testId: "download-file", label: file.path };
}

/**
 * The run's downloads grouped for the panel: documents (XLSX, DOCX, LaTeX), the report, what reproduces the run
 * (study.yaml — from GET /api/runs/:id/study when the file list lacks it — manifest.json, results.json), one CSV
 * per table, SVG and PNG per figure, and any other file. Lists keep the server's order.
 * @param runId the run id
 * @param files the run's files
 * @returns the groups
 */
export function downloadGroups(runId: string, files: readonly RunFile[]): DownloadGroups {
  const all = files.map((f) => download(runId, f));
  const of = (kind: DownloadKind): Download | undefined => all.find((d) => d.kind === kind);
  const study: Download = of("study") ?? {
    kind: "study",
    path: "study.yaml",
    href: `/api/runs/${encodeURIComponent(runId)}/study`,
    testId: "download-study",
    fileName: "study.yaml",
    label: "study.yaml",
    bytes: null,
  };
  const figures = new Map<string, { name: string; svg?: Download; png?: Download }>();
  for (const d of all) {
    if (d.kind !== "svg" && d.kind !== "png") continue;
    const entry = figures.get(d.label) ?? { name: d.label };
    figures.set(d.label, { ...entry, [d.kind]: d });
  }
  return {
    documents: (["xlsx", "docx", "tex"] as const).map(of).filter((d): d is Download => d !== undefined),
    report: of("report"),
    reproduce: [study, of("manifest"), of("results")].filter((d): d is Download => d !== undefined),
    csv: all.filter((d) => d.kind === "csv"),
    figures: [...figures.values()],
    other: all.filter((d) => d.kind === "other"),
  };
}
