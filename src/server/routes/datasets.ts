/**
 * Dataset routes: GET /api/datasets (bundled and uploaded), POST /api/datasets (multipart field "file"; streamed to
 * a temporary file with a size limit, hashed, sniffed and read with readTable, then stored content-addressed),
 * GET /api/datasets/:idOrBundledName/preview?rows=N (first rows and a summary of each column).
 */
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { extname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance } from "fastify";
import { NqpfInputError, isNqpfInputError, issue } from "../../errors.js";
import { DATASETS, findDataset, type DatasetSpec } from "../../io/dataset-registry.js";
import { loadDataset, loadDatasetTable } from "../../io/datasets.js";
import { readTable } from "../../io/read-table.js";
import { cell, missingCount, type Table } from "../../table/table.js";
import { notFound, tooLarge } from "../replies.js";
import type { DatasetRecord, Store } from "../store.js";
import { UPLOAD_PREFIX } from "../study-io.js";

const SHA256 = /^[0-9a-f]{64}$/;

/** A file name safe to show and to use as an issue's `file`: the last path part, printable, at most 200 characters. */
function displayName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are removed from client-given names
  const base = (name ?? "").split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return base === "" ? "upload" : base.slice(0, 200);
}

/** Summary of each column for a preview: type, missing cells, and min/max/mean of numbers or distinct texts. */
function columnSummary(t: Table): unknown[] {
  return t.columns.map((column) => {
    const missing = missingCount(column);
    if (column.type === "number") {
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let n = 0;
      for (let i = 0; i < column.values.length; i++) {
        if (column.missing[i] !== 0) continue;
        const v = column.values[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
        n++;
      }
      return {
        name: column.name,
        type: "number",
        missing,
        ...(n > 0 ? { min, max, mean: sum / n } : {}),
      };
    }
    const distinct = new Set<string>();
    for (const v of column.values) if (v !== null && distinct.size <= 1000) distinct.add(v);
    return { name: column.name, type: "string", missing, distinct: distinct.size > 1000 ? ">1000" : distinct.size };
  });
}

function previewJson(t: Table, rows: number): unknown {
  const shown = Math.min(rows, t.rowCount);
  const data: (number | string | null)[][] = [];
  for (let r = 0; r < shown; r++)
    data.push(
      t.columns.map((c) => {
        const v = cell(c, r);
        return typeof v === "number" && !Number.isFinite(v) ? null : v;
      }),
    );
  return { rowCount: t.rowCount, columns: columnSummary(t), rows: data };
}

/**
 * An uploaded dataset as the API shows it, with the reference a study uses (`upload:<sha256>`).
 * @param d the store's record
 * @returns the JSON body
 */
export function datasetJson(d: DatasetRecord): unknown {
  return { ...d, reference: `${UPLOAD_PREFIX}${d.id}` };
}

/**
 * A bundled dataset as the API shows it: name, titles, kind, rows, licence, source.
 * @param d the registry entry
 * @returns the JSON body
 */
export function bundledJson(d: DatasetSpec): unknown {
  return {
    name: d.name,
    title: d.title,
    ...(d.titleZh !== undefined ? { titleZh: d.titleZh } : {}),
    kind: d.kind,
    rows: d.rows,
    licence: d.licence,
    source: d.source,
  };
}

/**
 * Registers the dataset routes.
 * Reference: @fastify/multipart (streamed file parts, fileSize limit); src/io/read-table.ts (format sniffing).
 * @param app the server (with @fastify/multipart registered)
 * @param store the store
 * @param uploadLimit the largest upload in bytes
 */
export function datasetRoutes(app: FastifyInstance, store: Store, uploadLimit: number): void {
  app.get("/api/datasets", (_request, reply) =>
    reply.send({
      bundled: DATASETS.filter((d) => d.kind !== "map").map(bundledJson),
      uploaded: store.listDatasets().map(datasetJson),
    }),
  );

  app.post("/api/datasets", async (request, reply) => {
    const part = await request.file();
    if (part === undefined)
      throw new NqpfInputError([
        { code: "bad_argument", message: "the upload holds no file", hint: "send the file as multipart/form-data field \"file\"" },
      ]);
    const name = displayName(part.filename);
    const ext = extname(name).toLowerCase();
    // The content decides the format; the name's extension is kept only where content cannot tell (old binary
    // Stata files; a CSV whose first cell starts with "[" or "{").
    const temp = join(store.dir, "tmp", `${randomUUID()}${ext === ".dta" || ext === ".csv" ? ext : ""}`);
    const hash = createHash("sha256");
    let bytes = 0;
    try {
      await pipeline(
        part.file,
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
          },
        }),
        createWriteStream(temp, { flags: "wx" }),
      );
      if (part.file.truncated) throw Object.assign(new Error("too large"), { code: "FST_REQ_FILE_TOO_LARGE" });
    } catch (error) {
      await rm(temp, { force: true });
      if ((error as { code?: unknown }).code === "FST_REQ_FILE_TOO_LARGE")
        return reply.code(413).send({ issues: [tooLarge(name, uploadLimit)] });
      throw error;
    }
    if (bytes === 0) {
      await rm(temp, { force: true });
      throw new NqpfInputError([issue.emptyFile(name)]);
    }
    let result;
    try {
      result = await readTable(temp, { file: name });
    } catch (error) {
      await rm(temp, { force: true });
      if (isNqpfInputError(error)) throw error;
      throw new NqpfInputError(
        [
          {
            code: "corrupt_file",
            file: name,
            message: `the file cannot be read: ${error instanceof Error ? error.message.split("\n")[0]! : String(error)}`,
            hint: "upload a CSV, XLSX, Stata .dta or JSON table",
          },
        ],
        { cause: error },
      );
    }
    const record = store.addDataset(temp, {
      id: hash.digest("hex"),
      name,
      format: result.format,
      bytes,
      rows: result.table.rowCount,
      columns: result.table.columns.length,
    });
    return reply.code(201).send(datasetJson(record));
  });

  app.get<{ Params: { id: string }; Querystring: { rows?: number } }>(
    "/api/datasets/:id/preview",
    {
      schema: {
        params: { type: "object", properties: { id: { type: "string", pattern: "^[A-Za-z0-9._-]{1,100}$" } }, required: ["id"] },
        querystring: { type: "object", properties: { rows: { type: "integer", minimum: 0, maximum: 1000 }, token: { type: "string" } } },
      },
    },
    async (request, reply) => {
      const rows = request.query.rows ?? 20;
      const { id } = request.params;
      if (SHA256.test(id)) {
        const record = store.getDataset(id);
        if (record === undefined) return notFound(reply, `dataset ${id}`);
        const read = await readTable(store.datasetFile(id), { file: record.name, format: record.format as "csv" });
        return { dataset: datasetJson(record), ...(previewJson(read.table, rows) as object) };
      }
      const spec = findDataset(id);
      if (spec === undefined || spec.kind === "map") return notFound(reply, `dataset ${id}`);
      const t = spec.kind === "panel" ? (await loadDataset(id)).table : await loadDatasetTable(id);
      return { dataset: bundledJson(spec), ...(previewJson(t, rows) as object) };
    },
  );
}
