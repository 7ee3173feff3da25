/**
 * `nqpf run <study.yaml> --out <dir> [--force]`: reads and checks the study file (every problem reported at once,
 * located by line, step and field; exit 2), runs its steps with a progress display (a bar on a terminal, one line
 * per step otherwise), writes tables, figures, report.html and manifest.json into the output folder, and prints
 * where the report is with a summary and every warning. Data files, systems and maps named in the study are read
 * relative to the study file's folder; every file read is hashed into the manifest.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import cliProgress from "cli-progress";
import pc from "picocolors";
import { NqpfInputError, issue, type InputIssue } from "../../errors.js";
import { findDataset, type DatasetSpec } from "../../io/dataset-registry.js";
import { dataDirectory, datasetPath, loadDataset, loadDatasetTable, loadMap } from "../../io/datasets.js";
import { readTable } from "../../io/read-table.js";
import { loadIndicatorSystem } from "../../io/systems.js";
import {
  checkOutputFolder,
  fileSha256,
  writeStudyOutputs,
  type StudyInputFile,
  type StudyTimings,
} from "../../report/write-study.js";
import { runStudy, type StudyIO, type StudyProgress } from "../../study/run.js";
import { checkStudy, parseStudy, type NormalizedStudy } from "../../study/schema.js";
import type { StudyRunResult } from "../../study/types.js";
import { VERSION } from "../../version.js";

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

/**
 * The study as run, as plain JSON: the normalised study (defaults filled in) without the internal paths, each step
 * as `{ id, method, title, source, years, ...options }` with the options as the step's schema parsed them.
 * @param study the normalised study (checkStudy)
 * @returns JSON-serialisable data
 */
export function resolvedStudy(study: NormalizedStudy): unknown {
  const strip = (value: object): Record<string, unknown> =>
    Object.fromEntries(Object.entries(value).filter(([key]) => key !== "path"));
  return plainJson({
    nqpf: 1,
    title: study.title,
    description: study.description,
    data: {
      sources: study.sources.map(strip),
      attributes: study.attributes.map(strip),
      chain: study.chain.map(strip),
      derive: study.derive.map(strip),
      years: study.years,
      keep: study.keep,
      drop: study.drop,
      groups: study.groups,
      names: study.names,
      map: study.map,
    },
    systems: study.systems.map(strip),
    steps: study.steps.map((s) => ({
      id: s.id,
      method: s.method,
      title: s.title,
      source: s.source,
      years: s.years,
      ...(typeof s.options === "object" && s.options !== null ? (s.options as Record<string, unknown>) : {}),
    })),
  });
}

/** A JSON round trip that keeps Maps (as objects), Sets and typed arrays (as arrays) and drops undefined and functions. */
function plainJson(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Map) return Object.fromEntries(v as Map<string, unknown>);
      if (v instanceof Set) return [...(v as Set<unknown>)];
      if (ArrayBuffer.isView(v) && !(v instanceof DataView))
        return Array.from(v as unknown as ArrayLike<number>);
      return v;
    }),
  ) as unknown;
}

/** A progress display: a bar on a terminal (stderr), one line per step on stdout otherwise. */
interface StepDisplay {
  readonly onProgress: (event: StudyProgress) => void;
  stop(): void;
}

function stepDisplay(out: (line: string) => void): StepDisplay {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: "  running [{bar}] {value}/{total} steps | {step}",
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(event) {
        if (!started) {
          bar.start(event.total, 0, { step: "" });
          started = true;
        }
        if (event.phase === "start") bar.update(event.index, { step: `${event.step} (${event.method})` });
        else bar.update(event.index + 1);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  return {
    onProgress(event) {
      if (event.phase === "start")
        out(`  [${event.index + 1}/${event.total}] ${event.step} (${event.method})`);
    },
    stop: () => undefined,
  };
}

/**
 * `nqpf run`: reads the study, checks the output folder, validates and runs the study, writes the outputs and
 * prints the report's path, a summary per step and all warnings.
 * @param studyFile the study YAML file
 * @param options commander's options: out (folder, required), force
 * @throws NqpfInputError for a missing or invalid study (located issues), a failing step, or an output folder that
 *   is not empty without --force
 */
export async function runCommand(studyFile: string, options: Record<string, unknown>): Promise<void> {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const issues: InputIssue[] = [];
  const outDir = typeof options.out === "string" ? options.out.trim() : "";
  if (outDir === "")
    issues.push({
      code: "bad_argument",
      message: "no output folder given",
      hint: "name it with --out, e.g. --out results",
    });
  let text: string | undefined;
  try {
    text = await readFile(studyFile, "utf8");
  } catch (error) {
    issues.push(
      (error as NodeJS.ErrnoException).code === "EISDIR"
        ? {
            code: "bad_argument",
            file: studyFile,
            message: "this is a folder, not a study file",
            hint: "give the study's YAML file; `nqpf init` writes one",
          }
        : {
            ...issue.fileNotFound(studyFile),
            hint: "check the path; `nqpf init` writes a study file to start from",
          },
    );
  }
  if (issues.length > 0 || text === undefined) throw new NqpfInputError(issues);
  const force = options.force === true;
  const study = parseStudy(text, studyFile);
  await checkOutputFolder(outDir, force);

  const started = new Date();
  const t0 = performance.now();
  const stepTimes: { id: string; ms: number }[] = [];
  let stepStart = t0;
  let validateMs: number | undefined;
  const recording = studyFileIO(studyFile);
  out(`${pc.cyan("•")} ${study.title}`);
  out(`  checking the study and loading its data…`);
  const display = stepDisplay(out);
  let result: StudyRunResult;
  try {
    result = await runStudy(study, recording.io, {
      onProgress(event) {
        const now = performance.now();
        if (event.phase === "start") {
          validateMs ??= Math.round(now - t0);
          stepStart = now;
        } else stepTimes.push({ id: event.step, ms: Math.round(now - stepStart) });
        display.onProgress(event);
      },
    });
  } finally {
    display.stop();
  }
  const runMs = Math.round(performance.now() - t0);
  const checked = checkStudy(study);
  const timings: StudyTimings = {
    started: started.toISOString(),
    ...(validateMs !== undefined ? { validateMs } : {}),
    steps: stepTimes,
    runMs,
  };
  out(`  writing the outputs to ${outDir}…`);
  const written = await writeStudyOutputs(result, outDir, {
    force,
    version: VERSION,
    inputs: await recording.inputs(),
    study: checked.study !== undefined ? resolvedStudy(checked.study) : study,
    timings,
    platform: { node: process.version, os: process.platform, arch: process.arch },
  });
  printSummary(result, written.report, written.files.length, stepTimes, out);
}

function printSummary(
  result: StudyRunResult,
  report: string,
  fileCount: number,
  times: readonly { id: string; ms: number }[],
  out: (line?: string) => void,
): void {
  out();
  for (const [i, step] of result.steps.entries()) {
    const ms = times.find((t) => t.id === step.id)?.ms;
    const parts = [
      `${step.tables.length} table${step.tables.length === 1 ? "" : "s"}`,
      `${step.figures.length} figure${step.figures.length === 1 ? "" : "s"}`,
      ...(step.warnings.length > 0
        ? [pc.yellow(`${step.warnings.length} warning${step.warnings.length === 1 ? "" : "s"}`)]
        : []),
      ...(ms !== undefined ? [`${(ms / 1000).toFixed(1)} s`] : []),
    ];
    out(`  ${i + 1}. ${step.id} (${step.method}): ${step.title} — ${parts.join(", ")}`);
  }
  const warnings = result.steps.flatMap((s) => s.warnings.map((w) => ({ step: s.id, w })));
  if (warnings.length > 0) {
    out();
    out(pc.yellow(`${warnings.length} warning${warnings.length === 1 ? "" : "s"}:`));
    for (const { step, w } of warnings) out(`  ${pc.yellow("!")} ${step}: ${w}`);
  }
  out();
  out(`${pc.green("done")}: ${fileCount} files written. Report: ${resolve(report)}`);
}
