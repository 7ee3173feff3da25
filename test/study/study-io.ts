/**
 * The I/O of study tests: bundled datasets, systems and maps through the Node adapters, and files relative to
 * test/study/fixtures (as the CLI resolves them against the study file's folder).
 */
import { isAbsolute, join } from "node:path";
import { findDataset } from "../../src/io/dataset-registry.js";
import { loadDataset, loadDatasetTable, loadMap } from "../../src/io/datasets.js";
import { readTable } from "../../src/io/read-table.js";
import { loadIndicatorSystem } from "../../src/io/systems.js";
import type { StudyIO } from "../../src/study/run.js";

/** Folder of the study fixtures. */
export const FIXTURES = join(import.meta.dirname, "fixtures");

/** A StudyIO over the bundled data and the fixtures folder. */
export const studyIO: StudyIO = {
  loadDataset: async (name) =>
    findDataset(name)?.kind === "panel" ? loadDataset(name) : loadDatasetTable(name),
  readTable: async (path, options) =>
    (await readTable(isAbsolute(path) ? path : join(FIXTURES, path), options)).table,
  loadSystem: (nameOrPath) => loadIndicatorSystem(nameOrPath),
  loadMap: (name) => loadMap(name),
};
