/**
 * The StudyIO of a server run: bundled datasets, indicator systems and maps by name, and data files only as uploads
 * (`file: upload:<sha256>`) from the store's folder. No path a client writes ever reaches the file system. Every
 * file read is recorded with its SHA-256 for the manifest.
 */
import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import { NqpfInputError, issue } from "../errors.js";
import { DATASETS, findDataset, type DatasetSpec } from "../io/dataset-registry.js";
import { dataDirectory, datasetPath, loadDataset, loadDatasetTable, loadMap } from "../io/datasets.js";
import { readTable } from "../io/read-table.js";
import { bundledSystems, loadIndicatorSystem } from "../io/systems.js";
import { fileSha256, type StudyInputFile } from "../report/write-study.js";
import type { StudyIO } from "../study/run.js";

/** How a study names an uploaded dataset: `file: upload:<sha256>`. */
export const UPLOAD_PREFIX = "upload:";

/** `upload:<sha256>`, capturing the hash. */
export const UPLOAD_REF = /^upload:([0-9a-f]{64})$/;

/** An upload a run may read: the store's record and where its bytes are. */
export interface RunUpload {
  /** Lower-case hex SHA-256 (the upload's id). */
  readonly id: string;
  /** The file name as uploaded. */
  readonly name: string;
  readonly format: string;
  readonly bytes: number;
  /** Absolute path of the bytes in the store. */
  readonly file: string;
}

/** A StudyIO that records the files it reads. */
export interface RecordingServerIO {
  readonly io: StudyIO;
  /** The files read, sorted by role and path. */
  inputs(): Promise<StudyInputFile[]>;
}

/**
 * The bundled indicator system file of `name` (data/systems/<name>.yaml|yml|json), or undefined; `name` is matched
 * against the bundled names, never used as a path.
 * @param name a system name as a client sends it
 * @returns the absolute file path, or undefined when no bundled system has that name
 */
export function bundledSystemFile(name: string): string | undefined {
  if (!bundledSystems().includes(name)) return undefined;
  return ["yaml", "yml", "json"]
    .map((ext) => join(dataDirectory(), "systems", `${name}.${ext}`))
    .find((f) => existsSync(f));
}

/**
 * The StudyIO of the server: bundled datasets, systems and maps by name; files only as the uploads given.
 * Reference: src/study/data.ts (StudyIO); src/io/study-files.ts (the CLI's I/O, which also reads paths).
 * @param uploads the uploads the study may name, by id
 * @returns the I/O and the files it read
 * @example
 * const { io, inputs } = serverStudyIO(new Map()); await runStudy(study, io); await inputs()
 */
export function serverStudyIO(uploads: ReadonlyMap<string, RunUpload>): RecordingServerIO {
  const read = new Map<string, Promise<StudyInputFile>>();
  const recordBundled = (spec: DatasetSpec, role: StudyInputFile["role"]): void => {
    if (spec.compose !== undefined) {
      for (const name of [...spec.compose.datasets, ...(spec.compose.attributes ? [spec.compose.attributes.dataset] : [])]) {
        const part = findDataset(name);
        if (part !== undefined) recordBundled(part, role);
      }
      return;
    }
    const path = datasetPath(spec);
    if (!read.has(path))
      read.set(
        path,
        fileSha256(path).then((h) => ({ role, name: spec.name, path: `data/${spec.file}`, ...h })),
      );
  };
  const upload = (path: string): RunUpload => {
    const match = UPLOAD_REF.exec(path);
    const record = match !== null ? uploads.get(match[1]!) : undefined;
    if (record === undefined)
      throw new NqpfInputError([
        {
          code: "unknown_dataset",
          file: path,
          message: `"${path}" is not an uploaded dataset`,
          hint: "upload the file and name it as file: upload:<id>",
        },
      ]);
    return record;
  };
  const io: StudyIO = {
    async loadDataset(name) {
      const spec = findDataset(name);
      const loaded = spec?.kind === "panel" ? await loadDataset(name) : await loadDatasetTable(name);
      if (spec !== undefined) recordBundled(spec, "dataset");
      return loaded;
    },
    async readTable(path, options) {
      const record = upload(path);
      const result = await readTable(record.file, {
        file: record.name,
        format: options.format ?? (record.format as "csv" | "xlsx" | "dta" | "json"),
        ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      });
      read.set(record.id, Promise.resolve({ role: "file", name: path, path: record.name, sha256: record.id, bytes: record.bytes }));
      return result.table;
    },
    async loadSystem(name) {
      const file = bundledSystemFile(name);
      if (file === undefined)
        throw new NqpfInputError([
          {
            ...issue.fileNotFound(name),
            code: "unknown_dataset",
            hint: `on the server, name a bundled system (${bundledSystems().join(", ")}) or write the system inline in the study`,
          },
        ]);
      const loaded = await loadIndicatorSystem(file);
      if (!read.has(file))
        read.set(file, fileSha256(file).then((h) => ({ role: "system", name, path: `data/systems/${file.split(sep).pop()!}`, ...h })));
      return loaded;
    },
    async loadMap(name) {
      const spec = findDataset(name);
      if (spec?.kind !== "map")
        throw new NqpfInputError([
          {
            code: "unknown_dataset",
            message: `no bundled map called "${name}"`,
            hint: `bundled maps: ${DATASETS.filter((d) => d.kind === "map").map((d) => d.name).join(", ")}`,
          },
        ]);
      const map = await loadMap(name);
      recordBundled(spec, "map");
      return map;
    },
  };
  const roles: readonly StudyInputFile["role"][] = ["study", "dataset", "file", "system", "map"];
  return {
    io,
    async inputs() {
      const all = await Promise.all(read.values());
      return all.sort(
        (a, b) => roles.indexOf(a.role) - roles.indexOf(b.role) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
      );
    },
  };
}
