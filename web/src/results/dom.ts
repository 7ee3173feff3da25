/**
 * DOM helpers of the results views: the app's element builder (../dom.ts) and the hash links to runs and units.
 */

export { h, append, errorText, type Attributes, type Child } from "../dom.js";

/** A hash link to a unit's detail page. */
export function unitHref(runId: string, entity: string): string {
  return `#/runs/${encodeURIComponent(runId)}/unit/${encodeURIComponent(entity)}`;
}

/** A hash link to a run's results. */
export function runHref(runId: string): string {
  return `#/runs/${encodeURIComponent(runId)}`;
}
