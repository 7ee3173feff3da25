/**
 * The HTTP client of the web app: JSON GET/POST and file uploads on the server's /api routes, same origin (the
 * server's token cookie goes along). A non-2xx answer becomes an ApiError; a 422/413 body `{ issues }` keeps its
 * issues so pages can show each one where it belongs.
 */
import { ApiError, type ApiIssue } from "./context.js";

/** The API calls the pages use. */
export interface Api {
  getJson<T>(path: string): Promise<T>;
  postJson<T>(path: string, body: unknown): Promise<T>;
  /** POST a file as multipart field "file" (POST /api/datasets). */
  upload<T>(path: string, file: Blob, fileName: string): Promise<T>;
}

/** The part of `fetch` the client needs (injected in tests). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

function isIssue(value: unknown): value is ApiIssue {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v["code"] === "string" && typeof v["message"] === "string";
}

/**
 * The error of a non-2xx answer from its status and parsed body: issues from `{ issues }`, the message from the
 * body's `message`, else the first issue's, else the status.
 * @param status the HTTP status
 * @param body the parsed JSON body, or undefined when it was not JSON
 * @returns the ApiError
 * @example
 * apiError(422, { issues: [{ code: "bad_value", message: "x" }] }).issues.length // => 1
 */
export function apiError(status: number, body: unknown): ApiError {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const issues = Array.isArray(record["issues"]) ? record["issues"].filter(isIssue) : [];
  const message =
    typeof record["message"] === "string"
      ? record["message"]
      : issues[0] !== undefined
        ? issues[0].message
        : `HTTP ${status}`;
  return new ApiError(status, message, issues);
}

async function readAnswer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) throw apiError(response.status, body);
  return body as T;
}

/**
 * Creates the API client.
 * @param fetchImpl fetch (default the global one)
 * @returns the client
 * @throws TypeError from a call whose path does not start with /api/
 */
export function createApi(fetchImpl: FetchLike = (input, init) => fetch(input, init)): Api {
  const checked = (path: string, who: string): string => {
    if (!path.startsWith("/api/")) throw new TypeError(`${who}: path must start with /api/; got ${path}`);
    return path;
  };
  return {
    async getJson<T>(path: string) {
      const response = await fetchImpl(checked(path, "getJson"), {
        headers: { accept: "application/json" },
        credentials: "same-origin",
      });
      return readAnswer<T>(response);
    },
    async postJson<T>(path: string, body: unknown) {
      const response = await fetchImpl(checked(path, "postJson"), {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(body ?? {}),
      });
      return readAnswer<T>(response);
    },
    async upload<T>(path: string, file: Blob, fileName: string) {
      const form = new FormData();
      form.append("file", file, fileName);
      const response = await fetchImpl(checked(path, "upload"), {
        method: "POST",
        headers: { accept: "application/json" },
        credentials: "same-origin",
        body: form,
      });
      return readAnswer<T>(response);
    },
  };
}
