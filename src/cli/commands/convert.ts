/** `nqpf convert <input> <output>`: any reader → any writer, values, labels and missing codes kept. */
import { resolve } from "node:path";
import { NqpfInputError } from "../../errors.js";
import { outputFormatOf, writeTables, OUTPUT_FORMATS } from "../../io/write-table.js";
import { readWithProgress } from "./read-options.js";

export async function convertCommand(
  input: string,
  output: string,
  options: Record<string, unknown>,
): Promise<void> {
  if (outputFormatOf(output) === undefined) {
    throw new NqpfInputError([
      {
        code: "unsupported_format",
        file: output,
        message: "unknown output format",
        hint: `end the output name in one of: ${OUTPUT_FORMATS.map((f) => `.${f}`).join(", ")}`,
      },
    ]);
  }
  if (resolve(input) === resolve(output)) {
    throw new NqpfInputError([
      {
        code: "bad_argument",
        file: output,
        message: "the output is the input file",
        hint: "write to a new file; nqpf never replaces its input",
      },
    ]);
  }
  const read = await readWithProgress(input, options);
  const format = await writeTables(output, [read.table], {
    overwrite: options.force === true,
    ...(options.outEncoding !== undefined
      ? { encoding: options.outEncoding as "utf-8" | "gb18030" | "gbk" }
      : {}),
    ...(options.bom === true ? { bom: true } : {}),
  });
  process.stdout.write(
    `wrote ${output} (${format.toUpperCase()}, ${read.table.rowCount} rows × ${read.table.columns.length} columns) from ${input} (${read.format.toUpperCase()})\n`,
  );
}
