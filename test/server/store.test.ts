import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
