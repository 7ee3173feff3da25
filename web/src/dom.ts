/**
 * The element builder of the web app: tag, attributes (strings; `true` sets an empty attribute, `false`/undefined
 * leave it out), children (nodes or text). No innerHTML anywhere, so text from data or the server is never parsed
 * as markup.
 */

/** Attribute values: text, or a flag (true: present and empty; false/undefined: absent). */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** A child: a node, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/**
 * Creates an element.
 * @param tag the tag name
 * @param attributes attributes ("class", "for", "data-testid", href, … as written)
 * @param children nodes or text; nested lists are flattened
 * @returns the element
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: readonly (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/**
 * Appends children (nested lists flattened; null, undefined and false skipped).
 * @param element the parent
 * @param children nodes or text
 */
export function append(element: Node, children: readonly (Child | readonly Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/**
 * Replaces an element's children, skipping null, undefined and false.
 * @param element the element
 * @param children the new children
 */
export function fill(element: Element, ...children: readonly (Child | readonly Child[])[]): void {
  element.replaceChildren();
  append(element, children);
}

/**
 * The text of an error for the page: an Error's (or ApiError's) message, else the value as text.
 * @param error what was thrown
 * @returns the text
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}
