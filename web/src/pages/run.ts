/**
 * Run page: the progress of a run from its server-sent events (status, each step's start and end, a progress bar,
 * a cancel button), the error and issues of a failed run, and, once the run is done, the results explorer below.
 */
import type { ApiIssue, WebContext } from "../context.js";
import { mountResults } from "../results/index.js";
import { errorText, fill, h, issueItem } from "./dom.js";
import { builderState, saveIssues } from "./state.js";
import { runStrings } from "./strings/run.js";

/** The states of a run. */
export type RunStatus = "queued" | "running" | "done" | "failed" | "cancelled";

interface RunRecord {
  readonly id: string;
  readonly studyId: string;
  readonly studyVersion: number;
  readonly status: RunStatus;
  readonly error?: string | null;
  readonly issues?: unknown;
}

interface StepEvent {
  readonly step: string;
  readonly method: string;
  readonly index: number;
  readonly total?: number;
  readonly count?: number;
  readonly phase: "start" | "done";
}

const TERMINAL: ReadonlySet<RunStatus> = new Set(["done", "failed", "cancelled"]);

function issuesOf(value: unknown): ApiIssue[] {
  return Array.isArray(value)
    ? value.filter(
        (i): i is ApiIssue =>
          typeof i === "object" && i !== null && typeof (i as { message?: unknown }).message === "string",
      )
    : [];
}

/**
 * Mounts the progress view of a run, then its results.
 * @param el the page element
 * @param runId the run's id
 * @param ctx the web context
 * @returns cleanup (closes the event stream and unmounts the results)
 */
export function mountRun(el: HTMLElement, runId: string, ctx: WebContext): () => void {
  ctx.registerStrings(runStrings);
  let status: RunStatus = "queued";
  let studyId: string | undefined;
  let error: string | undefined;
  let issues: ApiIssue[] = [];
  let total = 0;
  const steps = new Map<number, { step: string; method: string; phase: "start" | "done" }>();
  let source: EventSource | undefined;
  let resultsCleanup: (() => void) | undefined;
  let disposed = false;
  let notice: string | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  const statusEl = h("p", { class: "run-status", "data-testid": "run-status", role: "status" });
  const progress = h("progress", { "data-testid": "run-progress", max: 1, value: 0 });
  const stepList = h("ol", { class: "steps", "data-testid": "run-steps" });
  const cancel = h("button", { type: "button", class: "danger", "data-testid": "run-cancel" });
  const failure = h("div", { class: "run-failure", "data-testid": "run-error" });
  const heading = h("h1", {});
  const links = h("p", { class: "run-links" });
  const results = h("div", { class: "run-results" });
  el.replaceChildren(
    heading,
    h("div", { class: "run-progress" }, statusEl, progress, cancel, stepList, failure),
    links,
    results,
  );

  const render = (): void => {
    heading.textContent = ctx.t("run.heading");
    statusEl.dataset["status"] = status;
    fill(
      statusEl,
      h("span", {}, ctx.t("run.status")),
      " ",
      h("strong", { class: `status status-${status}` }, ctx.t(`status.${status}`)),
      notice !== undefined ? h("span", { class: "muted" }, ` ${notice}`) : null,
    );
    const done = [...steps.values()].filter((s) => s.phase === "done").length;
    if (status === "done") {
      progress.max = 1;
      progress.value = 1;
    } else if (total > 0) {
      progress.max = total;
      progress.value = done;
    } else progress.removeAttribute("value");
    progress.setAttribute("aria-label", ctx.t("run.progress", { done, total }));
    progress.textContent = total > 0 ? ctx.t("run.progress", { done, total }) : "";
    cancel.textContent = ctx.t("run.cancel");
    cancel.hidden = TERMINAL.has(status);
    stepList.replaceChildren(
      ...[...steps.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([, s]) =>
          h(
            "li",
            { "data-step": s.step, "data-phase": s.phase, class: `step step-${s.phase}` },
            `${s.step} (${s.method}) — `,
            ctx.t(s.phase === "done" ? "run.stepDone" : "run.stepRunning"),
          ),
        ),
    );
    failure.replaceChildren(
      ...(error !== undefined ? [h("p", { class: "error", role: "alert" }, error)] : []),
      ...(issues.length > 0
        ? [h("ul", { class: "issues", "data-testid": "run-issues" }, ...issues.map((i) => issueItem(i, ctx)))]
        : []),
      ...(status === "failed" ? [h("p", {}, h("a", { href: "#/methods" }, ctx.t("run.backToMethods")))] : []),
    );
    links.replaceChildren(
      h("a", { href: "#/" }, ctx.t("run.allRuns")),
      " · ",
      h("a", { href: "#/methods" }, ctx.t("run.editStudy")),
    );
  };

  const showResults = (): void => {
    if (resultsCleanup !== undefined || disposed) return;
    try {
      resultsCleanup = mountResults(results, runId, ctx);
    } catch (e) {
      results.replaceChildren(h("p", { class: "error", role: "alert" }, errorText(e)));
    }
  };

  const finish = (next: RunStatus): void => {
    status = next;
    source?.close();
    source = undefined;
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    render();
    if (next === "done") showResults();
  };

  const fromRecord = (run: RunRecord): void => {
    studyId = run.studyId;
    if (run.error !== undefined && run.error !== null) error = run.error;
    const recorded = issuesOf(run.issues);
    if (recorded.length > 0) {
      issues = recorded;
      if (builderState().studyId === studyId) saveIssues(issues);
    }
    if (TERMINAL.has(run.status)) finish(run.status);
    else {
      status = run.status;
      render();
    }
  };

  /** After the stream broke: ask for the run every few seconds until it ends. */
  const poll = (): void => {
    pollTimer = setTimeout(() => {
      void ctx
        .getJson<RunRecord>(`/api/runs/${encodeURIComponent(runId)}`)
        .then((run) => {
          if (disposed) return;
          fromRecord(run);
          if (!TERMINAL.has(run.status)) poll();
        })
        .catch(() => {
          if (!disposed) poll();
        });
    }, 2000);
  };

  const listen = (): void => {
    const es = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
    source = es;
    const parse = (event: Event): Record<string, unknown> => {
      try {
        const value: unknown = JSON.parse((event as MessageEvent<string>).data);
        return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
      } catch {
        return {};
      }
    };
    es.addEventListener("status", (event) => {
      const s = parse(event)["status"];
      if (s === "queued" || s === "running") {
        status = s;
        render();
      } else if (s === "done" || s === "failed" || s === "cancelled") finish(s);
    });
    es.addEventListener("step", (event) => {
      const s = parse(event) as unknown as StepEvent;
      if (typeof s.index !== "number") return;
      status = "running";
      total = s.total ?? s.count ?? total;
      steps.set(s.index, { step: s.step, method: s.method, phase: s.phase });
      render();
    });
    es.addEventListener("finished", () => {
      finish("done");
    });
    es.addEventListener("failed", (event) => {
      const data = parse(event);
      error = typeof data["error"] === "string" ? data["error"] : ctx.t("status.failed");
      issues = issuesOf(data["issues"]);
      // The builder's pages show these issues where they belong (when the run is of the study being built).
      if (builderState().studyId === studyId) saveIssues(issues);
      finish("failed");
    });
    es.addEventListener("cancelled", () => {
      finish("cancelled");
    });
    es.addEventListener("error", () => {
      if (disposed || TERMINAL.has(status)) return;
      // The stream ended or broke without a final event: fall back to asking for the run.
      es.close();
      source = undefined;
      poll();
    });
  };

  cancel.addEventListener("click", () => {
    cancel.disabled = true;
    void ctx
      .postJson<RunRecord>(`/api/runs/${encodeURIComponent(runId)}/cancel`, {})
      .then((run) => {
        if (!disposed) fromRecord(run);
      })
      .catch((e: unknown) => {
        notice = errorText(e);
        render();
      })
      .finally(() => {
        cancel.disabled = false;
      });
  });

  render();
  void ctx
    .getJson<RunRecord>(`/api/runs/${encodeURIComponent(runId)}`)
    .then((run) => {
      if (disposed) return;
      fromRecord(run);
      if (!TERMINAL.has(run.status)) listen();
    })
    .catch((e: unknown) => {
      if (disposed) return;
      error = errorText(e);
      render();
    });
  const off = ctx.onLocaleChange(render);
  return () => {
    disposed = true;
    off();
    source?.close();
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    resultsCleanup?.();
  };
}
