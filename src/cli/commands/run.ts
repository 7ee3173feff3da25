/**
 * `nqpf run <study.yaml> --out <dir> [--force]`: reads and checks the study file (every problem reported at once,
 * located by line, step and field; exit 2), runs its steps with a progress display (a bar on a terminal, one line
 * per step otherwise), writes tables, figures, report.html and manifest.json into the output folder, and prints
 * where the report is with a summary and every warning. Data files, systems and maps named in the study are read
 * relative to the study file's folder; every file read is hashed into the manifest.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import cliProgress from "cli-progress";
import pc from "picocolors";
import { NqpfInputError, issue, type InputIssue } from "../../errors.js";
import { studyFileIO } from "../../io/study-files.js";
import { checkOutputFolder, studyTimer, writeStudyOutputs } from "../../report/write-study.js";
import { resolvedStudy } from "../../study/resolved-study.js";
import { runStudy, type StudyProgress } from "../../study/run.js";
import { checkStudy, parseStudy } from "../../study/schema.js";
import type { StudyRunResult } from "../../study/types.js";
import { VERSION } from "../../version.js";

/** Moved to src/io/study-files.ts and src/study/resolved-study.ts; re-exported for the existing imports. */

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

  const timer = studyTimer();
  const recording = studyFileIO(studyFile);
  out(`${pc.cyan("•")} ${study.title}`);
  out(`  checking the study and loading its data…`);
  const display = stepDisplay(out);
  let result: StudyRunResult;
  try {
    result = await runStudy(study, recording.io, {
      onProgress(event) {
        timer.onProgress(event);
        display.onProgress(event);
      },
    });
  } finally {
    display.stop();
  }
  const timings = timer.timings();
  const checked = checkStudy(study);
  out(`  writing the outputs to ${outDir}…`);
  const written = await writeStudyOutputs(result, outDir, {
    force,
    version: VERSION,
    inputs: await recording.inputs(),
    study: checked.study !== undefined ? resolvedStudy(checked.study) : study,
    timings,
    platform: { node: process.version, os: process.platform, arch: process.arch },
  });
  printSummary(result, written.report, written.files.length, timings.steps, out);
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
