import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { INTERRUPTED, dataDir, openStore } from "../../src/server/store.js";

const work = mkdtempSync(join(tmpdir(), "nqpf-store-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});
let folders = 0;
const freshDir = (): string => join(work, `data-${++folders}`);

const CSV = "unit,year,x\nA,2001,1\nB,2001,2\n";
const sha256 = (text: string | Buffer): string => createHash("sha256").update(text).digest("hex");

/** Writes `text` to a temporary upload file inside the store's tmp folder, as the server does. */
function tempUpload(dir: string, text: string, name = "upload.csv"): string {
  const path = join(dir, "tmp", name);
  writeFileSync(path, text);
  return path;
}

describe("dataDir", () => {
  it("dataDir(option, env) prefers the option, then NQPF_DATA_DIR, then ~/.nqpf", () => {
    expect(dataDir("/x/opt", { NQPF_DATA_DIR: "/x/env" })).toBe(resolve("/x/opt"));
    expect(dataDir(undefined, { NQPF_DATA_DIR: "/x/env" })).toBe(resolve("/x/env"));
    expect(dataDir(undefined, {})).toBe(join(homedir(), ".nqpf"));
    expect(dataDir(undefined, { NQPF_DATA_DIR: "" })).toBe(join(homedir(), ".nqpf"));
  });
});

describe("openStore", () => {
  it("opens the database in WAL mode with the datasets, studies and runs tables", () => {
    const dir = freshDir();
    const store = openStore(dir);
    store.close();
    const db = new Database(join(dir, "nqpf.db"), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
    db.close();
    expect(tables).toEqual(["datasets", "runs", "studies"]);
  });

  it("stores uploads content-addressed, read-only, and never overwrites them", () => {
    const dir = freshDir();
    const store = openStore(dir);
    const id = sha256(CSV);
    const meta = { id, format: "csv", bytes: CSV.length, rows: 2, columns: 3 };
    const first = store.addDataset(tempUpload(dir, CSV), { ...meta, name: "first.csv" });
    expect(first.id).toBe(id);
    const file = store.datasetFile(id);
    expect(sha256(readFileSync(file))).toBe(id);
    expect(statSync(file).mode & 0o222).toBe(0);
    // The same content again: the record keeps the first name, the file stays as it was, the temp file is gone.
    const temp = tempUpload(dir, CSV, "again.csv");
    const second = store.addDataset(temp, { ...meta, name: "second.csv" });
    expect(second.name).toBe("first.csv");
    expect(() => statSync(temp)).toThrow();
    expect(store.listDatasets().map((d) => d.id)).toEqual([id]);
    expect(() => store.datasetFile("../nqpf.db")).toThrow(RangeError);
    store.close();
  });

  it("saves a new version of a study on each save", () => {
    const store = openStore(freshDir());
    const v1 = store.saveStudy({ name: "s", yaml: "a: 1\n" });
    const v2 = store.saveStudy({ id: v1.id, name: "s", yaml: "a: 2\n" });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(store.getStudy(v1.id)?.yaml).toBe("a: 2\n");
    expect(store.getStudy(v1.id, 1)?.yaml).toBe("a: 1\n");
    expect(store.studyVersions(v1.id)).toEqual([1, 2]);
    expect(store.listStudies().map((s) => [s.id, s.version])).toEqual([[v1.id, 2]]);
    expect(store.getStudy("nope")).toBeUndefined();
    store.close();
  });

  it("moves runs queued → running → done, and failed with the error and issues", () => {
    const store = openStore(freshDir());
    const study = store.saveStudy({ name: "s", yaml: "a: 1\n" });
    const run = store.createRun({ studyId: study.id, studyVersion: 1, parameters: { lang: "zh" } });
    expect(run.status).toBe("queued");
    expect(run.parameters).toEqual({ lang: "zh" });
    expect(store.queuedRuns().map((r) => r.id)).toEqual([run.id]);
    expect(store.startRun(run.id)).toBe(true);
    expect(store.startRun(run.id)).toBe(false);
    store.finishRun(run.id);
    const done = store.getRun(run.id)!;
    expect(done.status).toBe("done");
    expect(done.started).not.toBeNull();
    expect(done.finished).not.toBeNull();
    const other = store.createRun({ studyId: study.id, studyVersion: 1, parameters: {} });
    store.failRun(other.id, "bad", [{ code: "bad_argument", message: "m" }]);
    expect(store.getRun(other.id)).toMatchObject({ status: "failed", error: "bad", issues: [{ code: "bad_argument" }] });
    // A run must name a saved study version.
    expect(() => store.createRun({ studyId: study.id, studyVersion: 9, parameters: {} })).toThrow();
    store.close();
  });
});

describe("reopening", () => {
  it("keeps datasets, studies and runs; marks runs left running failed; leaves the others and the bytes alone", () => {
    const dir = freshDir();
    const store = openStore(dir);
    const id = sha256(CSV);
    store.addDataset(tempUpload(dir, CSV), { id, name: "d.csv", format: "csv", bytes: CSV.length, rows: 2, columns: 3 });
    const study = store.saveStudy({ name: "s", yaml: "a: 1\n" });
    const make = () => store.createRun({ studyId: study.id, studyVersion: 1, parameters: {} });
    const queued = make();
    const running = make();
    const done = make();
    const failed = make();
    store.startRun(running.id);
    store.startRun(done.id);
    store.finishRun(done.id);
    store.failRun(failed.id, "earlier failure");
    const doneBefore = store.getRun(done.id);
    store.close(); // as if the process died here: `running` never finished

    const reopened = openStore(dir);
    expect(reopened.getDataset(id)).toMatchObject({ name: "d.csv", bytes: CSV.length, rows: 2 });
    expect(sha256(readFileSync(reopened.datasetFile(id)))).toBe(id);
    expect(reopened.getStudy(study.id)?.yaml).toBe("a: 1\n");
    expect(reopened.getRun(running.id)).toMatchObject({ status: "failed", error: INTERRUPTED });
    expect(reopened.getRun(running.id)?.finished).not.toBeNull();
    expect(reopened.getRun(queued.id)?.status).toBe("queued");
    expect(reopened.getRun(done.id)).toEqual(doneBefore);
    expect(reopened.getRun(failed.id)).toMatchObject({ status: "failed", error: "earlier failure" });
    expect(reopened.listRuns()).toHaveLength(4);
    reopened.close();
  });
});

describe("cancelled runs", () => {
  it("queued or running → cancelled; a run that ended is left as it is", () => {
    const store = openStore(freshDir());
    const study = store.saveStudy({ name: "s", yaml: "a: 1\n" });
    const make = () => store.createRun({ studyId: study.id, studyVersion: 1, parameters: {} });
    const queued = make();
    const running = make();
    const done = make();
    store.startRun(running.id);
    store.startRun(done.id);
    store.finishRun(done.id);
    expect(store.cancelRun(queued.id)).toBe(true);
    expect(store.cancelRun(running.id)).toBe(true);
    expect(store.cancelRun(done.id)).toBe(false);
    expect(store.cancelRun(queued.id)).toBe(false);
    expect(store.getRun(queued.id)).toMatchObject({ status: "cancelled" });
    expect(store.getRun(running.id)?.finished).not.toBeNull();
    expect(store.getRun(done.id)?.status).toBe("done");
    // A cancelled run neither starts, finishes nor fails afterwards.
    expect(store.startRun(queued.id)).toBe(false);
    expect(store.finishRun(running.id)).toBe(false);
    expect(store.failRun(running.id, "late")).toBe(false);
    expect(store.getRun(running.id)).toMatchObject({ status: "cancelled", error: null });
    expect(store.queuedRuns()).toEqual([]);
    store.close();
  });

  it("a database made before the cancelled status opens, keeps its runs and accepts cancelled", () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    // The runs table as the first schema wrote it (CHECK without 'cancelled').
    const old = new Database(join(dir, "nqpf.db"));
    old.exec(`
      CREATE TABLE studies (id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, yaml TEXT NOT NULL, created TEXT NOT NULL, PRIMARY KEY (id, version));
      CREATE TABLE runs (id TEXT PRIMARY KEY, study_id TEXT NOT NULL, study_version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')), parameters TEXT NOT NULL,
        created TEXT NOT NULL, started TEXT, finished TEXT, error TEXT, issues TEXT,
        FOREIGN KEY (study_id, study_version) REFERENCES studies (id, version));
      INSERT INTO studies VALUES ('s1', 1, 'old', 'a: 1', '2025-01-01T00:00:00.000Z');
      INSERT INTO runs VALUES ('r1', 's1', 1, 'done', '{}', '2025-01-01T00:00:01.000Z', '2025-01-01T00:00:02.000Z', '2025-01-01T00:00:03.000Z', NULL, NULL);
      INSERT INTO runs VALUES ('r2', 's1', 1, 'queued', '{"lang":"zh"}', '2025-01-01T00:00:04.000Z', NULL, NULL, NULL, NULL);
    `);
    old.close();
    const store = openStore(dir);
    expect(store.getRun("r1")).toMatchObject({ status: "done", finished: "2025-01-01T00:00:03.000Z" });
    expect(store.queuedRuns().map((r) => r.id)).toEqual(["r2"]);
    expect(store.cancelRun("r2")).toBe(true);
    expect(store.getRun("r2")).toMatchObject({ status: "cancelled", parameters: { lang: "zh" } });
    store.close();
    const again = openStore(dir);
    expect(again.listRuns().map((r) => [r.id, r.status])).toEqual([
      ["r2", "cancelled"],
      ["r1", "done"],
    ]);
    again.close();
  });

  it("reopening removes the output folders of runs a crash left running, and unfinished run folders in tmp/", () => {
    const dir = freshDir();
    const store = openStore(dir);
    const study = store.saveStudy({ name: "s", yaml: "a: 1\n" });
    const running = store.createRun({ studyId: study.id, studyVersion: 1, parameters: {} });
    const done = store.createRun({ studyId: study.id, studyVersion: 1, parameters: {} });
    store.startRun(running.id);
    store.startRun(done.id);
    store.finishRun(done.id);
    for (const folder of [store.runTempDir(running.id), store.runDir(running.id), store.runDir(done.id)]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "report.html"), "<html></html>");
    }
    store.close();
    const reopened = openStore(dir);
    expect(reopened.getRun(running.id)).toMatchObject({ status: "failed", error: INTERRUPTED });
    expect(existsSync(reopened.runTempDir(running.id))).toBe(false);
    expect(existsSync(reopened.runDir(running.id))).toBe(false);
    expect(readFileSync(join(reopened.runDir(done.id), "report.html"), "utf8")).toBe("<html></html>");
    reopened.close();
  });
});
