/**
 * Loads the data sets bundled in the package's data/ folder (see data/README.md for provenance).
 * Long `variable,value` files are pivoted to wide panels; maps are returned as parsed GeoJSON.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NqpfInputError } from "../errors.js";
import { attachEntityAttributes, joinPanels } from "../panel/join.js";
import { panel, panelVariables, type Panel } from "../panel/panel.js";
import { subsetPanel } from "../panel/subset.js";
import { pivotWider } from "../panel/reshape.js";
import { cell, getColumn, missingCount, table, takeRows, withMeta, type Table } from "../table/table.js";
import { DATASETS, findDataset, type DatasetSpec } from "./dataset-registry.js";
import { readCsv } from "./read-csv.js";

/** The package's data/ folder (works from src/ under vitest and from dist/ after the build). */
export function dataDirectory(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(folder, "data", "README.md")) && existsSync(join(folder, "package.json")))
      return join(folder, "data");
    folder = dirname(folder);
  }
  throw new Error("dataDirectory: the package's data/ folder was not found");
}

/** The absolute path of a bundled dataset's file. */
export function datasetPath(spec: DatasetSpec): string {
  return join(dataDirectory(), spec.file);
}

function requireDataset(name: string): DatasetSpec {
  const spec = findDataset(name);
  if (!spec) {
    throw new NqpfInputError([
      {
        code: "unknown_dataset",
        message: `no bundled dataset called "${name}"`,
        hint: `run \`nqpf datasets\` to list them; names: ${DATASETS.map((d) => d.name).join(", ")}`,
      },
    ]);
  }
  return spec;
}

export interface LoadDatasetOptions {
  readonly onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
}

/**
 * The dataset's file as it is stored (long files stay long; nothing is left out).
 * @throws NqpfInputError `unknown_dataset`, or `unsupported_format` for a map
 */
export async function loadDatasetTable(name: string, options: LoadDatasetOptions = {}): Promise<Table> {
  const spec = requireDataset(name);
  if (spec.kind === "map") {
    throw new NqpfInputError([
      {
        code: "unsupported_format",
        message: `"${name}" is a map, not a table`,
        hint: "use loadMap(name), or `nqpf datasets export <name> <file>.geojson`",
      },
    ]);
  }
  const { table: stored } = await readCsv(datasetPath(spec), {
    file: spec.file,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const columnMeta = spec.columnMeta ?? {};
  const columns = stored.columns.map((c) =>
    columnMeta[c.name] ? { ...c, meta: { ...c.meta, ...columnMeta[c.name] } } : c,
  );
  return table(columns, {
    ...stored.meta,
    name: spec.name,
    title: spec.title,
    source: spec.source.join("; "),
  });
}

/**
 * A bundled panel dataset as a Panel (long files pivoted wide: one column per variable, with
 * unit and labels as column metadata; entities listed in the spec's `excludeEntities` left out).
 * Reference: data/README.md for every dataset's provenance.
 * @example (await loadDataset("pwt1001")).entities.length // => 183
 * @throws NqpfInputError `unknown_dataset`, or `bad_argument` for a dataset that is not a panel
 */
export async function loadDataset(name: string, options: LoadDatasetOptions = {}): Promise<Panel> {
  const spec = requireDataset(name);
  if (spec.compose) return composedPanel(spec, spec.compose, options);
  if (spec.kind !== "panel" || spec.entity === undefined || spec.time === undefined) {
    throw new NqpfInputError([
      {
        code: "bad_argument",
        message: `"${name}" is a ${spec.kind === "map" ? "map" : "cross-section table"}, not a panel`,
        hint: spec.kind === "map" ? "use loadMap(name)" : "use loadDatasetTable(name)",
      },
    ]);
  }
  let data = await loadDatasetTable(name, options);
  if (spec.pivot) {
    data = pivotWider(data, {
      id: spec.pivot.id,
      namesFrom: spec.pivot.namesFrom,
      values: spec.pivot.values,
      ...(spec.pivot.meta ? { meta: spec.pivot.meta } : {}),
      file: spec.file,
    });
  }
  if (spec.excludeEntities && spec.excludeEntities.length > 0) {
    const excluded = new Set(spec.excludeEntities);
    const entityColumn = getColumn(data, spec.entity, "loadDataset");
    const keep: number[] = [];
    for (let r = 0; r < data.rowCount; r++) {
      const value = cell(entityColumn, r);
      if (value === null || !excluded.has(String(value))) keep.push(r);
    }
    data = takeRows(data, keep);
    // Variables that only the excluded entities had (e.g. national totals) would be all-missing columns.
    const empty = data.columns
      .filter((c) => c.name !== spec.entity && c.name !== spec.time && missingCount(c) === data.rowCount)
      .map((c) => c.name);
    if (empty.length > 0) {
      data = withMeta(
        table(
          data.columns.filter((c) => !empty.includes(c.name)),
          data.meta,
        ),
        {
          notes: [
            ...(data.meta.notes ?? []),
            `left out with entities ${spec.excludeEntities.join(", ")}: ${empty.join(", ")} (no other entity has them)`,
          ],
        },
      );
    }
  }
  return panel(withMeta(data, { name: spec.name, title: spec.title, source: spec.source.join("; ") }), {
    entity: spec.entity,
    time: spec.time,
    file: spec.file,
  });
}

async function composedPanel(
  spec: DatasetSpec,
  compose: NonNullable<DatasetSpec["compose"]>,
  options: LoadDatasetOptions,
): Promise<Panel> {
  const parts = await Promise.all(compose.datasets.map((name) => loadDataset(name, options)));
  let joined = parts[0]!;
  for (const part of parts.slice(1)) {
    const taken = new Set(joined.table.columns.map((c) => c.name));
    const fresh = panelVariables(part)
      .filter((c) => !taken.has(c.name))
      .map((c) => c.name);
    joined = joinPanels(joined, subsetPanel(part, { variables: fresh }), { how: "outer" });
  }
  if (compose.attributes) {
    const lookup = await loadDatasetTable(compose.attributes.dataset);
    joined = attachEntityAttributes(joined, lookup, {
      on: compose.attributes.on,
      columns: compose.attributes.columns,
    });
  }
  return {
    ...joined,
    table: withMeta(joined.table, {
      name: spec.name,
      title: spec.title,
      source: compose.datasets.join(", "),
    }),
  };
}

/** A bundled map as parsed GeoJSON/TopoJSON. */
export async function loadMap(name: string): Promise<unknown> {
  const spec = requireDataset(name);
  if (spec.kind !== "map")
    throw new NqpfInputError([
      { code: "bad_argument", message: `"${name}" is not a map`, hint: "map datasets are named map-*" },
    ]);
  return JSON.parse(await readFile(datasetPath(spec), "utf8")) as unknown;
}
