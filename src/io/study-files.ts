/**
 * The Node I/O of a study file run: bundled datasets, data files, indicator systems and maps, with relative paths
 * resolved against the study file's folder, and every file read recorded (with SHA-256 and size) for the manifest.
 * Used by `nqpf run`; the server has its own I/O (bundled data and uploads only, src/server/study-io.ts).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { NqpfInputError, issue } from "../errors.js";
import { fileSha256, type StudyInputFile } from "../report/write-study.js";
import type { StudyIO } from "../study/run.js";
import { findDataset, type DatasetSpec } from "./dataset-registry.js";
import { dataDirectory, datasetPath, loadDataset, loadDatasetTable, loadMap } from "./datasets.js";
import { readTable } from "./read-table.js";
import { loadIndicatorSystem } from "./systems.js";

/** A StudyIO over the file system that records every file it reads. */
export interface RecordingStudyIO {
  readonly io: StudyIO;
  /** The files read so far (the study file first), with SHA-256 and size, sorted by role and path. */
  inputs(): Promise<StudyInputFile[]>;
}

/** A path for display: relative to the current folder when it lies below it, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/** data/<file> for a file inside the package's data folder, else the path as shown. */
function bundledShown(path: string): string {
  const data = dataDirectory();
  const rel = relative(data, path);
  return !rel.startsWith("..") && !isAbsolute(rel) ? `data/${rel.split("\\").join("/")}` : shown(path);
}

/**
 * The Node I/O of a study run: bundled datasets (panels as panels, lookup tables as tables), data files, indicator
 * systems (a file, else a bundled name) and maps (a bundled map name, else a GeoJSON file), with relative paths
 * resolved against the study file's folder. Records every file read (bundled datasets with their components) for
 * the manifest.
 * Reference: src/study/data.ts (StudyIO).
 * @param studyFile the study file's path (may be undefined for a study built in code)
 * @returns the I/O and the list of files read
 * @example
 * const { io, inputs } = studyFileIO("study.yaml"); await runStudy(study, io); await inputs()
 */
export function studyFileIO(studyFile: string | undefined): RecordingStudyIO {
  const folder = studyFile !== undefined ? dirname(studyFile) : ".";
  const here = (path: string): string => (isAbsolute(path) ? path : join(folder, path));
  const read = new Map<string, Omit<StudyInputFile, "sha256" | "bytes">>();
  const record = (role: StudyInputFile["role"], name: string, path: string, display = shown(path)): void => {
    const key = resolve(path);
    if (!read.has(key)) read.set(key, { role, name, path: display });
  };
  const recordDataset = (spec: DatasetSpec): void => {
    if (spec.compose !== undefined) {
      for (const component of spec.compose.datasets) {
        const part = findDataset(component);
        if (part !== undefined) recordDataset(part);
      }
      const attributes =
        spec.compose.attributes !== undefined ? findDataset(spec.compose.attributes.dataset) : undefined;
      if (attributes !== undefined) recordDataset(attributes);
      return;
    }
    const path = datasetPath(spec);
    record(spec.kind === "map" ? "map" : "dataset", spec.name, path, bundledShown(path));
  };
  if (studyFile !== undefined) record("study", studyFile, studyFile);

  const io: StudyIO = {
    async loadDataset(name) {
      const spec = findDataset(name);
      const loaded = spec?.kind === "panel" ? await loadDataset(name) : await loadDatasetTable(name);
      if (spec !== undefined) recordDataset(spec);
      return loaded;
    },
    async readTable(path, options) {
      const file = here(path);
      const result = await readTable(file, { ...options, file });
      record("file", path, file);
      return result.table;
    },
    async loadSystem(nameOrPath) {
      const file = here(nameOrPath);
      const local = existsSync(file);
      const loaded = await loadIndicatorSystem(local ? file : nameOrPath);
      if (local) record("system", nameOrPath, file);
      else {
        const bundled = ["yaml", "yml", "json"]
          .map((ext) => join(dataDirectory(), "systems", `${nameOrPath}.${ext}`))
          .find((f) => existsSync(f));
        if (bundled !== undefined) record("system", nameOrPath, bundled, bundledShown(bundled));
      }
      return loaded;
    },
    async loadMap(name) {
      const spec = findDataset(name);
      if (spec?.kind === "map") {
        const map = await loadMap(name);
        recordDataset(spec);
        return map;
      }
      const file = here(name);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        throw new NqpfInputError(
          [
            {
              ...issue.fileNotFound(file),
              hint: "give a GeoJSON file (relative to the study file) or a bundled map: map-china-provinces, map-world",
            },
          ],
          { cause: error },
        );
      }
      let map: unknown;
      try {
        map = JSON.parse(text);
      } catch (error) {
        throw new NqpfInputError(
          [
            {
              code: "corrupt_file",
              file,
              message: `the map is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
              hint: "give a GeoJSON FeatureCollection",
            },
          ],
          { cause: error },
        );
      }
      record("map", name, file);
      return map;
    },
  };
  const roles: readonly StudyInputFile["role"][] = ["study", "dataset", "file", "system", "map"];
  return {
    io,
    async inputs() {
      const entries = [...read].sort(
        ([, a], [, b]) =>
          roles.indexOf(a.role) - roles.indexOf(b.role) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
      );
      const out: StudyInputFile[] = [];
      for (const [absolute, entry] of entries) out.push({ ...entry, ...(await fileSha256(absolute)) });
      return out;
    },
  };
}

