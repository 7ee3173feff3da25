/**
 * One study run, off the server's main thread: loaded as a worker thread (node:worker_threads) by run-queue.ts with
 * a {@link RunJob} as workerData. It parses the saved study text, runs it with the server's StudyIO (bundled data
 * and the uploads the job lists), writes every output into the job's temporary folder, and posts progress and the
 * outcome as {@link RunWorkerMessage}s. It never touches the store: the main thread renames the folder into place
 * and records the status.
 */
import { createHash } from "node:crypto";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { isNqpfInputError, issuesToJson, type InputIssue } from "../errors.js";
import { studyTimer, writeStudyOutputs } from "../report/write-study.js";
import { resolvedStudy } from "../study/resolved-study.js";
import { runStudy, type StudyProgress } from "../study/run.js";
import { checkStudy, parseStudy } from "../study/schema.js";
import { VERSION } from "../version.js";
import { serverStudyIO, type RunUpload } from "./study-io.js";

/** What a run worker is given. */
export interface RunJob {
  readonly kind: "nqpf-run";
  readonly runId: string;
  /** The saved study's text, its title and `study:<id>@<version>` (its path in the manifest). */
  readonly yaml: string;
  readonly studyName: string;
  readonly studyRef: string;
  readonly lang: "en" | "zh";
  /** The uploads the study may read. */
  readonly uploads: readonly RunUpload[];
  /** The folder to write into (must not exist or be empty). */
  readonly outDir: string;
}

/** What a run worker posts: progress, then exactly one of written or failed. */
export type RunWorkerMessage =
  | { readonly type: "step"; readonly event: StudyProgress }
  | { readonly type: "written"; readonly files: number }
  | {
      readonly type: "failed";
      readonly error: string;
      readonly issues?: readonly InputIssue[];
      /** Set for an internal error (not the study's fault), with the stack for the server log. */
      readonly internal?: string;
    };

/**
 * Runs a job: parse, run, write; posts progress and the outcome (never throws).
 * Reference: src/study/run.ts (runStudy), src/report/write-study.ts (writeStudyOutputs).
 * @param job the run
 * @param post where messages go (the worker's parentPort)
 * @returns when the outcome has been posted
 */
export async function executeRun(job: RunJob, post: (message: RunWorkerMessage) => void): Promise<void> {
  try {
    const study = parseStudy(job.yaml, "study.yaml");
    const recording = serverStudyIO(new Map(job.uploads.map((u) => [u.id, u])));
    const timer = studyTimer();
    const result = await runStudy(study, recording.io, {
      onProgress(event) {
        timer.onProgress(event);
        post({ type: "step", event });
      },
    });
    const timings = timer.timings();
    const checked = checkStudy(study);
    const studyBytes = Buffer.from(job.yaml, "utf8");
    const written = await writeStudyOutputs(result, job.outDir, {
      version: VERSION,
      inputs: [
        {
          role: "study",
          name: job.studyName,
          path: job.studyRef,
          sha256: createHash("sha256").update(studyBytes).digest("hex"),
          bytes: studyBytes.length,
        },
        ...(await recording.inputs()),
      ],
      study: checked.study !== undefined ? resolvedStudy(checked.study) : study,
      timings,
      platform: { node: process.version, os: process.platform, arch: process.arch },
      lang: job.lang,
      studyText: job.yaml,
    });
    post({ type: "written", files: written.files.length });
  } catch (error) {
    if (isNqpfInputError(error)) {
      const n = error.issues.length;
      post({
        type: "failed",
        error: `the study has ${n === 1 ? "a problem" : `${n} problems`}: ${error.message}`,
        issues: issuesToJson(error.issues),
      });
    } else
      post({
        type: "failed",
        error: `internal error: ${error instanceof Error ? error.message.split("\n")[0]! : String(error)}`,
        internal: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
  }
}

const job = workerData as RunJob | undefined;
if (!isMainThread && parentPort !== null && job?.kind === "nqpf-run") {
  const port = parentPort;
  void executeRun(job, (message) => {
    port.postMessage(message);
  });
}
