/**
 * What every page and view of the web app receives: translation, locale-aware number formatting, the API client
 * and navigation. Pages never reach for globals; they get this context.
 */

/** The UI languages. */
export type Locale = "en" | "zh";

/** A dictionary of UI strings per language; keys are dotted ("results.download.xlsx"). */
export interface Strings {
  readonly en: Readonly<Record<string, string>>;
  readonly zh: Readonly<Record<string, string>>;
}

/** The shared context of the web app. */
export interface WebContext {
  /** The current UI language. */
  locale(): Locale;
  /** Translates a key; `{name}` placeholders are filled from `values`. Unknown keys return the key itself. */
  t(key: string, values?: Readonly<Record<string, string | number>>): string;
  /** Formats a number for the current locale with the given digits after the point (default 4); null/NaN → "–". */
  fmt(value: number | null | undefined, digits?: number): string;
  /** Adds strings (each module registers its own). */
  registerStrings(strings: Strings): void;
  /** Called after the language changed (views re-render their labels). Returns an unsubscribe function. */
  onLocaleChange(listener: (locale: Locale) => void): () => void;
  /** GET/POST JSON on the server's API; throws ApiError for non-2xx answers. `path` starts with /api/. */
  getJson<T>(path: string): Promise<T>;
  postJson<T>(path: string, body: unknown): Promise<T>;
  /** Navigates to a hash route, e.g. "#/runs/<id>". */
  navigate(hash: string): void;
}

/** One located problem, as the API answers it with 422 `{ issues }`. */
export interface ApiIssue {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly file?: string;
  readonly row?: number;
  readonly column?: string;
  readonly entity?: string;
  readonly path?: readonly (string | number)[];
}

/** A non-2xx answer of the API. */
export class ApiError extends Error {
  readonly status: number;
  readonly issues: readonly ApiIssue[];
  constructor(status: number, message: string, issues: readonly ApiIssue[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.issues = issues;
  }
}
