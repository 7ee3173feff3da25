/**
 * The server's store: one SQLite database (WAL) in a data folder, with uploaded datasets kept content-addressed as
 * files under <dir>/datasets/<sha256> (written once, never overwritten or deleted by the store), saved studies (a
 * new version per save) and runs (queued → running → done | failed | cancelled; queued → cancelled) whose outputs
 * live in <dir>/runs/<id>/ (written first into <dir>/tmp/run-<id>/ and renamed into place when complete).
 * Every write is a transaction. Opening the store marks runs a crash left "running" as failed and removes their
 * partial outputs; one server at a time uses a data folder.
 */
import { randomUUID } from "node:crypto";
import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";

/** Error text of a run the server stopped during. */
export const INTERRUPTED = "interrupted: the server stopped during the run";

/** Status of a run. */
export type RunStatus = "queued" | "running" | "done" | "failed" | "cancelled";

/** An uploaded dataset. */
export interface DatasetRecord {
  /** Lower-case hex SHA-256 of the bytes; also the file name under <dir>/datasets/. */
  readonly id: string;
  /** The file name as uploaded. */
  readonly name: string;
  /** Format found from the content: csv, xlsx, dta or json. */
  readonly format: string;
  readonly bytes: number;
  /** Rows and columns of the table as read at upload. */
  readonly rows: number;
  readonly columns: number;
  /** ISO 8601 time of the first upload. */
  readonly created: string;
}

/** One saved version of a study. */
export interface StudyRecord {
  readonly id: string;
  readonly version: number;
  /** The study's title. */
  readonly name: string;
  readonly yaml: string;
  readonly created: string;
}

/** A run of one study version. */
export interface RunRecord {
  readonly id: string;
  readonly studyId: string;
  readonly studyVersion: number;
  readonly status: RunStatus;
  /** Run options as given (JSON object). */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly created: string;
  readonly started: string | null;
  readonly finished: string | null;
  /** One-line error of a failed run. */
  readonly error: string | null;
  /** The located issues of a run that failed on its input (JSON array), or null. */
  readonly issues: unknown;
}

/** The store's operations; see {@link openStore}. */
export interface Store {
  /** The data folder (absolute). */
  readonly dir: string;
  /** Path of an uploaded dataset's bytes. */
  datasetFile(id: string): string;
  /**
   * Adds an uploaded file: hard-links `tempFile` to datasets/<sha256> unless that exists (content already stored),
   * removes `tempFile` and records the dataset (the first upload's name is kept).
   */
  addDataset(tempFile: string, dataset: Omit<DatasetRecord, "created">): DatasetRecord;
  getDataset(id: string): DatasetRecord | undefined;
  listDatasets(): DatasetRecord[];
  /** Saves a study: a new study (id omitted) or the next version of study `id`. */
  saveStudy(study: { readonly id?: string; readonly name: string; readonly yaml: string }): StudyRecord;
  /** A study's latest version, or the version asked for. */
  getStudy(id: string, version?: number): StudyRecord | undefined;
  /** The versions of a study, oldest first. */
  studyVersions(id: string): number[];
  /** The latest version of each study, newest first. */
  listStudies(): StudyRecord[];
  createRun(run: {
    readonly studyId: string;
    readonly studyVersion: number;
    readonly parameters: Readonly<Record<string, unknown>>;
  }): RunRecord;
  getRun(id: string): RunRecord | undefined;
  listRuns(): RunRecord[];
  /** Runs still queued, in the order they were created (FIFO). */
  queuedRuns(): RunRecord[];
  /** queued → running (sets started); false when the run was not queued. */
  startRun(id: string): boolean;
  /** running → done (sets finished); false when the run was not running. */
  finishRun(id: string): boolean;
  /** queued or running → failed (sets finished, error and the issues if any); false when the run had ended. */
  failRun(id: string, error: string, issues?: unknown): boolean;
  /** queued or running → cancelled (sets finished); false when the run had ended. */
  cancelRun(id: string): boolean;
  /** The run's output folder, <dir>/runs/<id>. */
  runDir(id: string): string;
  /** The folder a run writes into before it is renamed to {@link Store.runDir}: <dir>/tmp/run-<id>. */
  runTempDir(id: string): string;
  close(): void;
}

/**
 * The data folder: the option if given, else $NQPF_DATA_DIR, else ~/.nqpf.
 * @param option the folder given by the caller (e.g. --data-dir)
 * @param env the environment (default process.env)
 * @returns an absolute path
 */
export function dataDir(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = option ?? env.NQPF_DATA_DIR;
  return resolve(chosen !== undefined && chosen !== "" ? chosen : join(homedir(), ".nqpf"));
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS datasets (
  id TEXT PRIMARY KEY CHECK (length(id) = 64),
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  columns INTEGER NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS studies (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  yaml TEXT NOT NULL,
  created TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL,
  study_version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  parameters TEXT NOT NULL,
  created TEXT NOT NULL,
  started TEXT,
  finished TEXT,
  error TEXT,
  issues TEXT,
  FOREIGN KEY (study_id, study_version) REFERENCES studies (id, version)
);
CREATE INDEX IF NOT EXISTS runs_status ON runs (status);
`;

/**
 * Databases written before runs could be cancelled have a CHECK on runs.status without 'cancelled'; SQLite cannot
 * alter a CHECK, so the table is rebuilt with the current definition (rows kept) in one transaction.
 */
function migrateRuns(db: Database.Database): void {
  const row = db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'runs'")
    .get();
  if (row === undefined || row.sql.includes("'cancelled'")) return;
  const create = /CREATE TABLE IF NOT EXISTS runs \(([\s\S]*?)\n\);/.exec(SCHEMA)![1]!;
  db.transaction(() => {
    db.exec(`CREATE TABLE runs_migrated (${create}\n)`);
    db.exec(
      "INSERT INTO runs_migrated (id, study_id, study_version, status, parameters, created, started, finished, error, issues) SELECT id, study_id, study_version, status, parameters, created, started, finished, error, issues FROM runs",
    );
    db.exec("DROP TABLE runs");
    db.exec("ALTER TABLE runs_migrated RENAME TO runs");
    db.exec("CREATE INDEX IF NOT EXISTS runs_status ON runs (status)");
  })();
}

interface RunRow {
  id: string;
  study_id: string;
  study_version: number;
  status: RunStatus;
  parameters: string;
  created: string;
  started: string | null;
  finished: string | null;
  error: string | null;
  issues: string | null;
}

function runRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    studyId: row.study_id,
    studyVersion: row.study_version,
    status: row.status,
    parameters: JSON.parse(row.parameters) as Record<string, unknown>,
    created: row.created,
    started: row.started,
    finished: row.finished,
    error: row.error,
    issues: row.issues !== null ? (JSON.parse(row.issues) as unknown) : null,
  };
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Opens (creating if needed) the store in `dir`: nqpf.db in WAL mode, datasets/, runs/ and tmp/. Runs left
 * "running" by a crash are marked failed with {@link INTERRUPTED} and their output folders (partial, or complete
 * but never recorded as done) are removed, as are unfinished run folders under tmp/; everything else is left as it
 * is. A database from before the "cancelled" status is migrated.
 * Reference: SQLite write-ahead logging (https://sqlite.org/wal.html); better-sqlite3 transactions.
 * @param dir the data folder (see {@link dataDir})
 * @returns the store
 * @throws Error from SQLite when the database cannot be opened
 * @example
 * const store = openStore(dataDir()); store.listDatasets() // => []
 */
export function openStore(dir: string): Store {
  const root = resolve(dir);
  for (const sub of ["datasets", "runs", "tmp"]) mkdirSync(join(root, sub), { recursive: true });
  const db = new Database(join(root, "nqpf.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  migrateRuns(db);
  const now = (): string => new Date().toISOString();
  const runDir = (id: string): string => join(root, "runs", id);
  const runTempDir = (id: string): string => join(root, "tmp", `run-${id}`);
  const interrupted = db
    .prepare<[], { id: string }>("SELECT id FROM runs WHERE status = 'running'")
    .all()
    .map((r) => r.id);
  db.prepare(
    "UPDATE runs SET status = 'failed', error = ?, finished = COALESCE(finished, ?) WHERE status = 'running'",
  ).run(INTERRUPTED, now());
  for (const id of interrupted) rmSync(runDir(id), { recursive: true, force: true });
  for (const entry of readdirSync(join(root, "tmp")))
    if (entry.startsWith("run-")) rmSync(join(root, "tmp", entry), { recursive: true, force: true });

  const datasetFile = (id: string): string => {
    if (!SHA256.test(id)) throw new RangeError(`datasetFile: id must be a lower-case hex SHA-256; got ${id}`);
    return join(root, "datasets", id);
  };
  const getDataset = db.prepare<[string], DatasetRecord>("SELECT * FROM datasets WHERE id = ?");
  const insertDataset = db.prepare(
    "INSERT OR IGNORE INTO datasets (id, name, format, bytes, rows, columns, created) VALUES (@id, @name, @format, @bytes, @rows, @columns, @created)",
  );
  const getStudyLatest = db.prepare<[string], StudyRecord>(
    "SELECT * FROM studies WHERE id = ? ORDER BY version DESC LIMIT 1",
  );
  const getStudyVersion = db.prepare<[string, number], StudyRecord>(
    "SELECT * FROM studies WHERE id = ? AND version = ?",
  );
  const insertStudy = db.prepare(
    "INSERT INTO studies (id, version, name, yaml, created) VALUES (@id, @version, @name, @yaml, @created)",
  );
  const getRun = db.prepare<[string], RunRow>("SELECT * FROM runs WHERE id = ?");

  const addDataset = db.transaction((record: DatasetRecord) => {
    insertDataset.run(record);
    return getDataset.get(record.id)!;
  });
  const saveStudy = db.transaction((id: string, name: string, yaml: string): StudyRecord => {
    const latest = getStudyLatest.get(id);
    const record: StudyRecord = { id, version: (latest?.version ?? 0) + 1, name, yaml, created: now() };
    insertStudy.run(record);
    return record;
  });
  const setStatus = (sql: string, ...params: unknown[]): number =>
    db.transaction(() => db.prepare(sql).run(...params).changes)();

  return {
    dir: root,
    datasetFile,
    addDataset(tempFile, dataset) {
      const target = datasetFile(dataset.id);
      try {
        linkSync(tempFile, target);
        chmodSync(target, 0o444);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      } finally {
        if (existsSync(tempFile)) unlinkSync(tempFile);
      }
      return addDataset({ ...dataset, created: now() });
    },
    getDataset: (id) => getDataset.get(id),
    listDatasets: () => db.prepare<[], DatasetRecord>("SELECT * FROM datasets ORDER BY created DESC, id").all(),
    saveStudy: (study) => saveStudy(study.id ?? randomUUID(), study.name, study.yaml),
    getStudy: (id, version) => (version === undefined ? getStudyLatest.get(id) : getStudyVersion.get(id, version)),
    studyVersions: (id) =>
      db
        .prepare<[string], { version: number }>("SELECT version FROM studies WHERE id = ? ORDER BY version")
        .all(id)
        .map((r) => r.version),
    listStudies: () =>
      db
        .prepare<[], StudyRecord>(
          "SELECT s.* FROM studies s JOIN (SELECT id, MAX(version) AS v FROM studies GROUP BY id) m ON s.id = m.id AND s.version = m.v ORDER BY s.created DESC, s.id",
        )
        .all(),
    createRun(run) {
      const id = randomUUID();
      db.transaction(() => {
        db.prepare(
          "INSERT INTO runs (id, study_id, study_version, status, parameters, created) VALUES (?, ?, ?, 'queued', ?, ?)",
        ).run(id, run.studyId, run.studyVersion, JSON.stringify(run.parameters), now());
      })();
      return runRecord(getRun.get(id)!);
    },
    getRun(id) {
      const row = getRun.get(id);
      return row !== undefined ? runRecord(row) : undefined;
    },
    listRuns: () => db.prepare<[], RunRow>("SELECT * FROM runs ORDER BY created DESC, rowid DESC").all().map(runRecord),
    queuedRuns: () =>
      db
        .prepare<[], RunRow>("SELECT * FROM runs WHERE status = 'queued' ORDER BY created, rowid")
        .all()
        .map(runRecord),
    startRun: (id) =>
      setStatus("UPDATE runs SET status = 'running', started = ? WHERE id = ? AND status = 'queued'", now(), id) ===
      1,
    finishRun: (id) =>
      setStatus("UPDATE runs SET status = 'done', finished = ? WHERE id = ? AND status = 'running'", now(), id) === 1,
    failRun: (id, error, issues) =>
      setStatus(
        "UPDATE runs SET status = 'failed', finished = ?, error = ?, issues = ? WHERE id = ? AND status IN ('queued', 'running')",
        now(),
        error,
        issues !== undefined ? JSON.stringify(issues) : null,
        id,
      ) === 1,
    cancelRun: (id) =>
      setStatus(
        "UPDATE runs SET status = 'cancelled', finished = ? WHERE id = ? AND status IN ('queued', 'running')",
        now(),
        id,
      ) === 1,
    runDir,
    runTempDir,
    close() {
      if (db.open) db.close();
    },
  };
}
