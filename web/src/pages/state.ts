/**
 * The study builder's state for the pages: one object kept in sessionStorage (a reload keeps the dataset, mapping,
 * system and methods), and the issues the server gave for the study last sent, so each page can show the ones
 * that belong to it.
 */
import type { ApiIssue } from "../context.js";
import { initialState, type BuilderState } from "../study-yaml.js";

const STATE_KEY = "nqpf.builder.v1";
const ISSUES_KEY = "nqpf.issues.v1";

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

function merged<T extends object>(base: T, stored: unknown): T {
  const source = base as Record<string, unknown>;
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return base;
  const out: Record<string, unknown> = { ...source };
  for (const [key, value] of Object.entries(source)) {
    const given = (stored as Record<string, unknown>)[key];
    if (given === undefined) continue;
    if (typeof value === "object" && value !== null && !Array.isArray(value) && key !== "system")
      out[key] = merged(value, given);
    else if (value === undefined || typeof given === typeof value) out[key] = given;
  }
  return out as T;
}

let current: BuilderState | undefined;

/**
 * The builder state: from sessionStorage on first use (unknown or mistyped keys take the defaults).
 * @returns the state (the same object until {@link resetState}; save after changing it)
 */
export function builderState(): BuilderState {
  if (current !== undefined) return current;
  let stored: unknown;
  try {
    const text = storage()?.getItem(STATE_KEY);
    stored = text !== null && text !== undefined ? JSON.parse(text) : undefined;
  } catch {
    stored = undefined;
  }
  current = merged(initialState(), stored);
  // The year window must be a list of whole years; anything else (an older or edited entry) starts afresh.
  const span: unknown = current.years.span;
  if (!Array.isArray(span) || !span.every((y) => Number.isInteger(y))) current.years = initialState().years;
  return current;
}

/** Writes the builder state to sessionStorage. */
export function saveState(): void {
  try {
    storage()?.setItem(STATE_KEY, JSON.stringify(builderState()));
  } catch {
    // Private windows may refuse storage; the state then lives as long as the page.
  }
}

/** Starts a new study: a fresh state, saved. */
export function resetState(): void {
  current = initialState();
  saveState();
  saveIssues([]);
}

/**
 * The issues of the study sent last.
 * @returns the issues (none when the last one was accepted)
 */
export function lastIssues(): ApiIssue[] {
  try {
    const text = storage()?.getItem(ISSUES_KEY);
    const value: unknown = text !== null && text !== undefined ? JSON.parse(text) : [];
    return Array.isArray(value) ? (value as ApiIssue[]) : [];
  } catch {
    return [];
  }
}

/**
 * Keeps the issues of the study sent last.
 * @param issues the issues
 */
export function saveIssues(issues: readonly ApiIssue[]): void {
  try {
    storage()?.setItem(ISSUES_KEY, JSON.stringify(issues));
  } catch {
    // see saveState
  }
}
