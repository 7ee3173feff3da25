/**
 * Study routes: GET /api/studies (latest version of each), POST /api/studies {yaml, id?} (checked with parseStudy;
 * the uploads, bundled datasets and bundled systems it names must exist; a new version per save), GET
 * /api/studies/:id?version=N.
 */
import type { FastifyInstance } from "fastify";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import { DATASETS, findDataset } from "../../io/dataset-registry.js";
import { bundledSystems } from "../../io/systems.js";
import type { StudyProblem } from "../../study/problems.js";
import { checkStudy, parseStudy, studyIssues, type Study } from "../../study/schema.js";
import { notFound } from "../replies.js";
import type { Store } from "../store.js";
import { UPLOAD_REF } from "../study-io.js";

/** A run, study or other id made by randomUUID. */
export const UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/** The uploads, bundled datasets and bundled systems a study names that do not exist, located in the study. */
function unknownReferences(study: Study, store: Store): InputIssue[] {
  const checked = checkStudy(study);
  if (checked.study === undefined) return [];
  const problems: StudyProblem[] = [];
  const check = (entry: { readonly dataset?: string; readonly file?: string; readonly path: readonly (string | number)[] }): void => {
    if (entry.file !== undefined) {
      const match = UPLOAD_REF.exec(entry.file);
      if (match === null)
        problems.push({
          path: [...entry.path, "file"],
          code: "unknown_dataset",
          message: `"${entry.file}" is not an uploaded dataset`,
          hint: "on the server, upload the file first and name it as file: upload:<id> (the id the upload answered)",
        });
      else if (store.getDataset(match[1]!) === undefined)
        problems.push({
          path: [...entry.path, "file"],
          code: "unknown_dataset",
          message: `no uploaded dataset ${match[1]!}`,
          hint: "upload the file again; GET /api/datasets lists the uploads",
        });
    }
    if (entry.dataset !== undefined && findDataset(entry.dataset) === undefined)
      problems.push({
        path: [...entry.path, "dataset"],
        code: "unknown_dataset",
        message: `no bundled dataset called "${entry.dataset}"`,
        hint: `bundled datasets: ${DATASETS.filter((d) => d.kind !== "map").map((d) => d.name).join(", ")}`,
      });
  };
  for (const source of checked.study.sources) check(source);
  for (const attributes of checked.study.attributes) check(attributes);
  for (const system of checked.study.systems)
    if (system.spec !== undefined && !bundledSystems().includes(system.spec))
      problems.push({
        path: system.path,
        code: "unknown_dataset",
        message: `no bundled indicator system called "${system.spec}"`,
        hint: `on the server, name a bundled system (${bundledSystems().join(", ")}) or write the system inline (systems: {${system.name}: {name, title, root: [...]}})`,
      });
  return problems.length > 0 ? studyIssues(study, problems) : [];
}


/**
 * Registers the study routes.
 * Reference: src/study/schema.ts (parseStudy: every problem located by path and line).
 * @param app the server
 * @param store the store
 */
export function studyRoutes(app: FastifyInstance, store: Store): void {
  app.get("/api/studies", (_request, reply) => reply.send({ studies: store.listStudies() }));

  app.post<{ Body: { yaml: string; id?: string } }>(
    "/api/studies",
    {
      schema: {
        body: {
          type: "object",
          properties: { yaml: { type: "string", maxLength: 1_000_000 }, id: { type: "string", pattern: UUID } },
          required: ["yaml"],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { yaml, id } = request.body;
      if (id !== undefined && store.getStudy(id) === undefined) return notFound(reply, `study ${id}`);
      const study = parseStudy(yaml, "study.yaml");
      const unknown = unknownReferences(study, store);
      if (unknown.length > 0) throw new NqpfInputError(unknown);
      const saved = store.saveStudy({ ...(id !== undefined ? { id } : {}), name: study.title, yaml });
      return reply.code(201).send(saved);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { version?: number } }>(
    "/api/studies/:id",
    {
      schema: {
        params: { type: "object", properties: { id: { type: "string", pattern: "^.{1,100}$" } }, required: ["id"] },
        querystring: { type: "object", properties: { version: { type: "integer", minimum: 1 }, token: { type: "string" } } },
      },
    },
    async (request, reply) => {
      const found = store.getStudy(request.params.id, request.query.version);
      if (found === undefined) return notFound(reply, `study ${request.params.id}`);
      return { ...found, versions: store.studyVersions(found.id) };
    },
  );
}
