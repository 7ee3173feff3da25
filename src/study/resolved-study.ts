/**
 * The study as run, as plain JSON for manifest.json and the report: the normalised study with defaults filled in,
 * without the internal paths. Pure: no I/O.
 */
import type { NormalizedStudy } from "./schema.js";

/**
 * The study as run, as plain JSON: the normalised study (defaults filled in) without the internal paths, each step
 * as `{ id, method, title, source, years, ...options }` with the options as the step's schema parsed them.
 * @param study the normalised study (checkStudy)
 * @returns JSON-serialisable data
 */
export function resolvedStudy(study: NormalizedStudy): unknown {
  const strip = (value: object): Record<string, unknown> =>
    Object.fromEntries(Object.entries(value).filter(([key]) => key !== "path"));
  return plainJson({
    nqpf: 1,
    title: study.title,
    description: study.description,
    data: {
      sources: study.sources.map(strip),
      attributes: study.attributes.map(strip),
      chain: study.chain.map(strip),
      derive: study.derive.map(strip),
      years: study.years,
      keep: study.keep,
      drop: study.drop,
      groups: study.groups,
      names: study.names,
      map: study.map,
    },
    systems: study.systems.map(strip),
    steps: study.steps.map((s) => ({
      id: s.id,
      method: s.method,
      title: s.title,
      source: s.source,
      years: s.years,
      ...(typeof s.options === "object" && s.options !== null ? (s.options as Record<string, unknown>) : {}),
    })),
  });
}

/** A JSON round trip that keeps Maps (as objects), Sets and typed arrays (as arrays) and drops undefined and functions. */
function plainJson(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Map) return Object.fromEntries(v as Map<string, unknown>);
      if (v instanceof Set) return [...(v as Set<unknown>)];
      if (ArrayBuffer.isView(v) && !(v instanceof DataView))
        return Array.from(v as unknown as ArrayLike<number>);
      return v;
    }),
  ) as unknown;
}

