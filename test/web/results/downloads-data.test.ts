import { describe, expect, it } from "vitest";
import { download, downloadGroups, fileHref } from "../../../web/src/results/downloads-data.js";

const FILES = [
  { path: "tables.xlsx", bytes: 100 },
  { path: "tables.tex", bytes: 50 },
  { path: "tables.docx", bytes: 80 },
  { path: "tables/index-scores.csv", bytes: 10 },
  { path: "tables/dea-table1.csv", bytes: 11 },
  { path: "figures/index-map.svg", bytes: 5 },
  { path: "figures/index-map.png", bytes: 6 },
  { path: "figures/kde-surface.svg", bytes: 7 },
  { path: "report.html", bytes: 900 },
  { path: "results.json", bytes: 300 },
  { path: "manifest.json", bytes: 20 },
  { path: "notes.txt", bytes: 1 },
];

describe("fileHref and download", () => {
  it("fileHref encodes each path segment but keeps the slashes", () => {
    expect(fileHref("run 1", "tables/a b.csv")).toBe("/api/runs/run%201/files/tables/a%20b.csv");
  });

  it("classifies the fixed names, CSVs and figures with the contract's test ids", () => {
    expect(download("r", { path: "tables.xlsx", bytes: 1 })).toMatchObject({
      kind: "xlsx",
      testId: "download-xlsx",
      fileName: "tables.xlsx",
    });
    expect(download("r", { path: "report.html", bytes: 1 })).toMatchObject({
      kind: "report",
      testId: "download-report",
    });
    expect(download("r", { path: "tables/index-scores.csv", bytes: 1 })).toMatchObject({
      kind: "csv",
      testId: "download-csv-index-scores",
      fileName: "index-scores.csv",
      href: "/api/runs/r/files/tables/index-scores.csv",
    });
    expect(download("r", { path: "figures/index-map.png", bytes: 1 })).toMatchObject({
      kind: "png",
      testId: "download-png-index-map",
      label: "index-map",
    });
  });
});

describe("downloadGroups", () => {
  const groups = downloadGroups("r", FILES);

  it("orders the documents xlsx, docx, tex and puts the report apart", () => {
    expect(groups.documents.map((d) => d.kind)).toEqual(["xlsx", "docx", "tex"]);
    expect(groups.report?.href).toBe("/api/runs/r/files/report.html");
  });

  it("offers the study file from /api/runs/:id/study when the list lacks it, then manifest and results", () => {
    expect(groups.reproduce.map((d) => [d.kind, d.href])).toEqual([
      ["study", "/api/runs/r/study"],
      ["manifest", "/api/runs/r/files/manifest.json"],
      ["results", "/api/runs/r/files/results.json"],
    ]);
    const listed = downloadGroups("r", [...FILES, { path: "study.yaml", bytes: 3 }]);
    expect(listed.reproduce[0]!.href).toBe("/api/runs/r/files/study.yaml");
  });

  it("pairs SVG and PNG per figure and keeps CSVs and other files in the server's order", () => {
    expect(groups.figures.map((f) => [f.name, f.svg !== undefined, f.png !== undefined])).toEqual([
      ["index-map", true, true],
      ["kde-surface", true, false],
    ]);
    expect(groups.csv.map((d) => d.label)).toEqual(["index-scores", "dea-table1"]);
    expect(groups.other.map((d) => d.path)).toEqual(["notes.txt"]);
  });
});
