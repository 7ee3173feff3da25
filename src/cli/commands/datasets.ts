/** `nqpf datasets`, `nqpf datasets show <name>`, `nqpf datasets export <name> <file>`. */
import { readFile } from "node:fs/promises";
import pc from "picocolors";
import { NqpfInputError } from "../../errors.js";
import { writeFileAtomic } from "../../io/atomic-write.js";
import { DATASETS, findDataset } from "../../io/dataset-registry.js";
import { datasetPath, loadDataset, loadDatasetTable } from "../../io/datasets.js";
import { writeTables } from "../../io/write-table.js";
import { printRows } from "../format.js";

export function listDatasetsCommand(options: Record<string, unknown>): void {
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(DATASETS, null, 2)}\n`);
    return;
  }
  const rows = DATASETS.map((d) => [d.name, d.kind, String(d.rows), d.title, d.licence]);
  printRows(
    ["name", "kind", "rows", "title", "licence"],
    rows,
    (line) => void process.stdout.write(`${line}\n`),
    70,
  );
  process.stdout.write(
    `\nSources (see \`nqpf datasets show <name>\` and data/README.md for full provenance):\n`,
  );
  for (const d of DATASETS) process.stdout.write(`  ${pc.bold(d.name)}: ${d.source.join(" | ")}\n`);
}

export async function showDatasetCommand(name: string): Promise<void> {
  const spec = requireSpec(name);
  const out = (label: string, text: string): void =>
    void process.stdout.write(`${pc.bold(label.padEnd(12))}${text}\n`);
  out("name", spec.name);
  out("title", spec.titleZh ? `${spec.title} (${spec.titleZh})` : spec.title);
  out("kind", spec.kind);
  out("file", `data/${spec.file}`);
  out("rows", `${spec.rows} (as stored)`);
  if (spec.entity) out("entity", spec.entity);
  if (spec.time) out("time", spec.time);
  if (spec.pivot)
    out("shape", `long; pivoted wide on ${spec.pivot.namesFrom.join(" + ")} → ${spec.pivot.values}`);
  if (spec.excludeEntities) out("left out", spec.excludeEntities.join(", "));
  out("content", spec.description);
  for (const line of spec.source) out("source", line);
  out("licence", spec.licence);
  if (spec.kind === "panel") {
    const p = await loadDataset(name);
    const variables = p.table.columns.length - 2;
    out(
      "panel",
      `${p.entities.length} entities × ${p.times.length} periods (${p.times[0]}–${p.times[p.times.length - 1]}), ${variables} variables`,
    );
  }
}

export async function exportDatasetCommand(
  name: string,
  output: string,
  options: Record<string, unknown>,
): Promise<void> {
  const spec = requireSpec(name);
  const overwrite = options.force === true;
  if (spec.kind === "map") {
    if (!/\.(geo|topo)?json$/i.test(output)) {
      throw new NqpfInputError([
        {
          code: "unsupported_format",
          file: output,
          message: "a map is exported as GeoJSON/TopoJSON",
          hint: "end the output name in .geojson, .topojson or .json",
        },
      ]);
    }
    await writeFileAtomic(output, await readFile(datasetPath(spec)), { overwrite });
    process.stdout.write(`wrote ${output} (map ${name}, ${spec.rows} features)\n`);
    return;
  }
  const table =
    spec.kind === "panel" && options.raw !== true
      ? (await loadDataset(name)).table
      : await loadDatasetTable(name);
  const format = await writeTables(output, [table], { overwrite });
  process.stdout.write(
    `wrote ${output} (${format.toUpperCase()}, ${table.rowCount} rows × ${table.columns.length} columns) from dataset ${name}\n`,
  );
}

function requireSpec(name: string): NonNullable<ReturnType<typeof findDataset>> {
  const spec = findDataset(name);
  if (!spec) {
    throw new NqpfInputError([
      {
        code: "unknown_dataset",
        message: `no bundled dataset called "${name}"`,
        hint: `run \`nqpf datasets\` to list them`,
      },
    ]);
  }
  return spec;
}
