/**
 * Small DOM helpers of the pages (the element builder is ../dom.ts): option lists, and the rendering of located issues (message,
 * hint and where) in a list or beside a control.
 */
import type { ApiIssue, WebContext } from "../context.js";
import { h, type Child } from "../dom.js";

export { h, fill, errorText } from "../dom.js";

/**
 * A <select> with its options; the value is set after the options exist.
 * @param attributes the select's attributes
 * @param options value and text of each option
 * @param value the selected value
 * @param onChange called with the new value
 * @returns the select
 */
export function select(
  attributes: Readonly<Record<string, string | number | boolean | undefined>>,
  options: readonly { readonly value: string; readonly text: string }[],
  value: string,
  onChange: (value: string) => void,
): HTMLSelectElement {
  const element = h("select", attributes, ...options.map((o) => h("option", { value: o.value }, o.text)));
  element.value = value;
  element.addEventListener("change", () => {
    onChange(element.value);
  });
  return element;
}

/**
 * A labelled control: <label> holding the text and the control.
 * @param text the label text
 * @param control the input or select
 * @param extra nodes after the control (e.g. issues)
 * @returns the label
 */
export function labelled(text: string, control: HTMLElement, ...extra: Child[]): HTMLLabelElement {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, text), control, ...extra);
}

/**
 * Where an API issue is, in words: file, row, column, entity, path.
 * @param issue the issue
 * @param ctx the web context (for the words)
 * @returns e.g. "row 4, column year"
 */
export function issueWhere(issue: ApiIssue, ctx: WebContext): string {
  const parts: string[] = [];
  if (issue.file !== undefined) parts.push(issue.file);
  if (issue.row !== undefined) parts.push(ctx.t("issue.row", { row: issue.row }));
  if (issue.column !== undefined) parts.push(ctx.t("issue.column", { column: issue.column }));
  if (issue.entity !== undefined) parts.push(ctx.t("issue.entity", { entity: issue.entity }));
  if (issue.path !== undefined && issue.path.length > 0) parts.push(issue.path.join("."));
  return parts.join(", ");
}

/**
 * One issue as a list item: message, hint and location.
 * @param issue the issue
 * @param ctx the web context
 * @returns the <li>
 */
export function issueItem(issue: ApiIssue, ctx: WebContext): HTMLLIElement {
  const where = issueWhere(issue, ctx);
  return h(
    "li",
    { class: "issue", "data-code": issue.code },
    h("span", { class: "issue-message" }, issue.message),
    where !== "" ? h("span", { class: "issue-where" }, ` (${where})`) : null,
    issue.hint !== undefined ? h("div", { class: "issue-hint" }, issue.hint) : null,
  );
}

/**
 * Issue text shown next to a control (role alert, so screen readers hear it).
 * @param texts the messages
 * @returns the element, or null when there is nothing to say
 */
export function inlineIssues(texts: readonly string[]): HTMLElement | null {
  if (texts.length === 0) return null;
  return h("div", { class: "inline-issue", role: "alert" }, ...texts.map((t) => h("div", {}, t)));
}
