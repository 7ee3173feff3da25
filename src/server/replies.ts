/**
 * The server's error answers: 422 `{ issues }` for bad input (NqpfInputError, or a request the route schema
 * refuses), 413 for an upload over the limit, 404 `{ error: "not_found" }` for unknown routes and ids, 500 with a
 * one-line message (the error itself goes to the log).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { isNqpfInputError, issuesToJson, type InputIssue } from "../errors.js";

/**
 * Answers 404 for something that does not exist.
 * @param reply the reply
 * @param what e.g. "run 1234"
 * @returns the reply
 */
export function notFound(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ error: "not_found", message: `no ${what}` });
}

/**
 * The issue of an upload over the limit.
 * @param file the upload's name, when known
 * @param limit the limit in bytes
 * @returns the issue
 */
export function tooLarge(file: string | undefined, limit: number): InputIssue {
  return {
    code: "bad_argument",
    ...(file !== undefined ? { file } : {}),
    message: `the file is larger than the upload limit of ${formatBytes(limit)}`,
    hint: "upload a smaller file (e.g. only the columns and years the study needs), or start the server with a larger --upload-limit",
  };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * Sets the error handler (422 issues, 413, 4xx as issues, 500) and the 404 handler of unknown routes.
 * @param app the server
 * @param uploadLimit the upload limit in bytes (for the 413 message)
 */
export function errorReplies(app: FastifyInstance, uploadLimit: number): void {
  app.setErrorHandler(async (error, request, reply) => {
    if (isNqpfInputError(error)) return reply.code(422).send({ issues: issuesToJson(error.issues) });
    const e = error as {
      validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[];
      validationContext?: string;
      statusCode?: number;
      code?: string;
      message: string;
    };
    if (e.validation !== undefined)
      return reply.code(422).send({
        issues: e.validation.map((v): InputIssue => {
          const path = [e.validationContext ?? "body", ...v.instancePath.split("/").filter((p) => p !== "")];
          const extra = v.params?.additionalProperty ?? v.params?.missingProperty;
          return {
            code: "bad_argument",
            path,
            message: `${path.join(".")}${typeof extra === "string" ? ` (${extra})` : ""}: ${v.message ?? "is not valid"}`,
            hint: "see the API description of this route",
          };
        }),
      });
    if (e.code === "FST_REQ_FILE_TOO_LARGE") return reply.code(413).send({ issues: [tooLarge(undefined, uploadLimit)] });
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)
      return reply.code(e.statusCode).send({ issues: [{ code: "bad_argument", message: e.message }] });
    request.log.error(error);
    return reply.code(500).send({ error: "internal", message: "internal error; see the server log" });
  });
  app.setNotFoundHandler(async (request, reply) => notFound(reply, `route ${request.method} ${request.url.split("?")[0]!}`));
}
