/**
 * Indicator systems from files or from the defaults bundled in data/systems/ (by name).
 */
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { NqpfInputError, issue } from "../errors.js";
import { parseIndicatorSystem, type IndicatorSystem } from "../methods/composite/indicator-system.js";
import { dataDirectory } from "./datasets.js";

/** Names of the bundled indicator systems (file names in data/systems/ without extension). */
export function bundledSystems(): string[] {
  const folder = join(dataDirectory(), "systems");
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .map((f) => f.replace(/\.(ya?ml|json)$/, ""))
        .sort()
    : [];
}

/**
 * Reads an indicator system from a YAML/JSON file, or a bundled one by name (e.g. "nqpf-three-elements").
 * @throws NqpfInputError `file_not_found` (with the bundled names as hint) or the located issues of the file
 */
export async function loadIndicatorSystem(
  nameOrPath: string,
): Promise<{ system: IndicatorSystem; file: string }> {
  let file = nameOrPath;
  if (!existsSync(file)) {
    const bundled = ["yaml", "yml", "json"]
      .map((ext) => join(dataDirectory(), "systems", `${nameOrPath}.${ext}`))
      .find((f) => existsSync(f));
    if (bundled === undefined) {
      throw new NqpfInputError([
        {
          ...issue.fileNotFound(nameOrPath),
          hint: `give a YAML/JSON file, or a bundled system: ${bundledSystems().join(", ")}`,
        },
      ]);
    }
    file = bundled;
  }
  const text = await readFile(file, "utf8");
  const shown = file.startsWith(dataDirectory())
    ? `data/systems/${file.slice(dataDirectory().length + "/systems/".length)}`
    : file;
  return { system: parseIndicatorSystem(text, { file: shown }), file: shown };
}
