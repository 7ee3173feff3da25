/** nqpf/node — the pure core plus Node adapters: file readers and writers, bundled datasets. Every export is listed by name. */
export * from "./index.js";
export { readTable, detectFormat } from "./io/read-table.js";
export type { FileFormat, ReadTableOptions, ReadTableResult } from "./io/read-table.js";
export { writeTables, encodeTables, outputFormatOf, OUTPUT_FORMATS } from "./io/write-table.js";
export type { OutputFormat, WriteTablesOptions } from "./io/write-table.js";
export { writeFileAtomic } from "./io/atomic-write.js";
export type { AtomicWriteOptions } from "./io/atomic-write.js";
export { readCsv, sniffDelimiter, DEFAULT_NA_VALUES } from "./io/read-csv.js";
export type { ReadCsvOptions, CsvReadResult, CsvDelimiter } from "./io/read-csv.js";
export { writeCsv, writeCsvStream } from "./io/write-csv.js";
export type { WriteCsvOptions } from "./io/write-csv.js";
export { readJson, writeJson } from "./io/json.js";
export type { ReadJsonOptions, WriteJsonOptions } from "./io/json.js";
export { readXlsx, writeXlsx, XLSX_META_SHEET } from "./io/xlsx.js";
export type { ReadXlsxOptions, XlsxReadResult, WriteXlsxOptions } from "./io/xlsx.js";
export { readDta } from "./io/read-dta.js";
export type { DtaVersion, DtaReadOptions, DtaReadResult } from "./io/read-dta.js";
export { writeDta } from "./io/write-dta.js";
export type { DtaWriteOptions } from "./io/write-dta.js";
export { writeLatex } from "./io/write-latex.js";
export type { WriteLatexOptions } from "./io/write-latex.js";
export { writeDocx } from "./io/write-docx.js";
export type { WriteDocxOptions } from "./io/write-docx.js";
export { DATASETS, findDataset } from "./io/dataset-registry.js";
export type { DatasetSpec } from "./io/dataset-registry.js";
export { loadDataset, loadDatasetTable, loadMap, dataDirectory, datasetPath } from "./io/datasets.js";
export type { LoadDatasetOptions } from "./io/datasets.js";
export { loadIndicatorSystem, bundledSystems } from "./io/systems.js";
export {
  deaParallel,
  envelopmentPool,
  defaultWorkerCount,
  PARALLEL_MIN_UNITS,
  PARALLEL_CHUNK_UNITS,
} from "./parallel/envelopment-pool.js";
export type { EnvelopmentPool } from "./parallel/envelopment-pool.js";
export { figureOption, figureIdPrefix, renderFigure, FIGURE_SIZES } from "./report/figures.js";
export type { FigureOptions, RenderFigureOptions, RenderedFigure } from "./report/figures.js";
export { htmlReport, reportRuntime } from "./report/html-report.js";
export type { HtmlReportContext, ReportRuntime, ReportManifest, ReportFiles } from "./report/html-report.js";
export {
  writeStudyOutputs,
  checkOutputFolder,
  studyOutputNames,
  studyLatex,
  fileSha256,
} from "./report/write-study.js";
export type {
  WriteStudyOptions,
  WrittenStudy,
  StudyManifest,
  StudyInputFile,
  StudyTimings,
  StudyPlatform,
  StudyOutputNames,
} from "./report/write-study.js";
export { studyFileIO } from "./io/study-files.js";
export type { RecordingStudyIO } from "./io/study-files.js";
export { resolvedStudy } from "./study/resolved-study.js";
export {
  choroplethOption,
  timeSeriesOption,
  densitySurfaceOption,
  stackedBarOption,
  heatmapOption,
  rankChartOption,
  moranScatterOption,
} from "./report/chart-options.js";
export { renderSvg, renderPng, registerBundledMaps, cjkFontAvailable } from "./report/render.js";
