/**
 * A small element builder for the results views: tag, attributes (strings; `false`/undefined leave the attribute
 * out), children (nodes or text). No innerHTML anywhere, so result text is never parsed as markup.
 */

/** Attribute values: text, or a flag (true: present and empty; false/undefined: absent). */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** A child: a node, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/**
 * Creates an element.
 * @param tag the tag name
 * @param attributes attributes (class, data-testid, href, …)
 * @param children nodes or text
 * @returns the element
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: readonly (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nested lists flattened; null, undefined and false skipped). */
export function append(el: Node, children: readonly (Child | readonly Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** A hash link to a unit's detail page. */
export function unitHref(runId: string, entity: string): string {
  return `#/runs/${encodeURIComponent(runId)}/unit/${encodeURIComponent(entity)}`;
}

/** A hash link to a run's results. */
export function runHref(runId: string): string {
  return `#/runs/${encodeURIComponent(runId)}`;
}

/** The message of an error (or the value as text). */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}
