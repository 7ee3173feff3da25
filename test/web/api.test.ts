import { describe, expect, it } from "vitest";
import { apiError, createApi, type FetchLike } from "../../web/src/api.js";
import { ApiError } from "../../web/src/context.js";

function answering(
  status: number,
  body: unknown,
  seen: { url?: string; init?: RequestInit } = {},
): FetchLike {
  return (url, init) => {
    seen.url = url;
    if (init !== undefined) seen.init = init;
    return Promise.resolve(new Response(typeof body === "string" ? body : JSON.stringify(body), { status }));
  };
}

describe("createApi", () => {
  it("postJson sends JSON and returns the parsed answer", async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const api = createApi(answering(201, { id: "s1", version: 1 }, seen));
    await expect(api.postJson("/api/studies", { yaml: "x" })).resolves.toEqual({ id: "s1", version: 1 });
    expect(seen.url).toBe("/api/studies");
    expect(seen.init?.method).toBe("POST");
    expect(seen.init?.body).toBe('{"yaml":"x"}');
  });

  it("a 422 answer becomes an ApiError holding the issues", async () => {
    const issues = [
      { code: "bad_value", message: "year is not a number", row: 4, column: "year", path: ["data"] },
    ];
    const api = createApi(answering(422, { issues }));
    const error = await api.getJson("/api/datasets").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).issues).toEqual(issues);
    expect((error as ApiError).message).toBe("year is not a number");
  });

  it("a non-JSON error answer becomes an ApiError with the status", async () => {
    const error = (await createApi(answering(502, "<html>bad gateway</html>"))
      .getJson("/api/runs")
      .catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.message, error.issues]).toEqual([502, "HTTP 502", []]);
  });

  it("upload posts multipart form data with the field file", async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    await createApi(answering(201, { id: "abc" }, seen)).upload(
      "/api/datasets",
      new Blob(["a,b\n1,2\n"]),
      "t.csv",
    );
    const file = (seen.init?.body as FormData).get("file");
    expect(file).toBeInstanceOf(Blob);
    expect(typeof file === "object" && file !== null ? file.name : undefined).toBe("t.csv");
  });

  it("a path outside /api/ throws TypeError", async () => {
    await expect(createApi(answering(200, {})).getJson("/elsewhere")).rejects.toThrow(
      /^getJson: path must start with \/api\//,
    );
  });

  it("apiError keeps the body's message over the issues' and drops malformed issues", () => {
    const e = apiError(409, {
      message: "the run is done",
      issues: [{ code: 1 }, { code: "x", message: "y" }],
    });
    expect([e.message, e.issues.length]).toEqual(["the run is done", 1]);
  });
});
