/**
 * `nqpf init [template] [--out file] [--force]`: without a template name (and without --out), lists the bundled
 * study templates; with one, copies data/studies/<template>.yaml to --out (default <template>.yaml in the current
 * folder), never replacing an existing file without --force. With --out but no name, the first (default) template
 * is written.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import pc from "picocolors";
import { NqpfInputError } from "../../errors.js";
import { writeFileAtomic } from "../../io/atomic-write.js";
import { dataDirectory } from "../../io/datasets.js";
import { didYouMean } from "../../study/suggest.js";
import { STUDY_TEMPLATES, type StudyTemplate } from "../../study/templates.js";

/**
 * The text of a bundled study template (data/studies/<name>.yaml).
 * @param name a template name from STUDY_TEMPLATES
 * @returns the YAML text, as stored
 * @throws NqpfInputError `bad_argument` for an unknown template (with a "did you mean")
 */
export async function studyTemplateText(name: string): Promise<string> {
  return readFile(join(dataDirectory(), "studies", `${findTemplate(name).name}.yaml`), "utf8");
}

function findTemplate(name: string): StudyTemplate {
  const found = STUDY_TEMPLATES.find((t) => t.name === name);
  if (found === undefined)
    throw new NqpfInputError([
      {
        code: "bad_argument",
        message: `no study template called "${name}"`,
        hint: didYouMean(
          name,
          STUDY_TEMPLATES.map((t) => t.name),
          "templates",
        ),
      },
    ]);
  return found;
}

/**
 * `nqpf init`: lists the templates, or writes one.
 * @param template the template name, or undefined
 * @param options commander's options: out (file), force
 * @throws NqpfInputError `bad_argument` for an unknown template; `output_exists` when the file exists and --force is not given
 */
export async function initCommand(
  template: string | undefined,
  options: Record<string, unknown>,
): Promise<void> {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const outFile =
    typeof options.out === "string" && options.out.trim() !== "" ? options.out.trim() : undefined;
  if (template === undefined && outFile === undefined) {
    out("Study templates (write one with `nqpf init <template>`):");
    out();
    for (const t of STUDY_TEMPLATES) {
      out(`  ${pc.bold(t.name)}${t === STUDY_TEMPLATES[0] ? " (default)" : ""}`);
      out(`    ${t.title}`);
      out(`    ${t.description}`);
      out();
    }
    return;
  }
  const chosen = findTemplate(template ?? STUDY_TEMPLATES[0]!.name);
  const file = outFile ?? `${chosen.name}.yaml`;
  const text = await studyTemplateText(chosen.name);
  await writeFileAtomic(file, text, { overwrite: options.force === true });
  out(`${pc.green("wrote")} ${file}: ${chosen.title}`);
  out(`Edit it, then run: nqpf run ${file} --out results`);
}
