/**
 * Atomic file output: write to a temporary file beside the target, then rename over it, so a
 * crash never leaves a half-written file. Refuses to replace an existing file unless asked.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { NqpfInputError } from "../errors.js";

export interface AtomicWriteOptions {
  /** Replace an existing file (default false: an existing file is user data and is never overwritten silently). */
  readonly overwrite?: boolean;
}

/**
 * Writes `content` to `file` atomically (temp file + rename), creating parent folders.
 * @throws NqpfInputError `output_exists` when the file exists and `overwrite` is not set
 */
export async function writeFileAtomic(
  file: string,
  content: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  if (!options.overwrite && existsSync(file)) {
    throw new NqpfInputError([
      {
        code: "output_exists",
        file,
        message: "the output file already exists and was left as it is",
        hint: "choose another output name, or pass --force to replace it",
      },
    ]);
  }
  const folder = dirname(file);
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
