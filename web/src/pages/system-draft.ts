/**
 * The indicator system as the editor holds it: a tree of dimensions and indicators with en/zh labels, every node
 * keeping its other keys as read (weight, weighting, ahp, unit, source …, in their order) so that a bundled or
 * imported system comes back out unchanged. `systemObject` gives the object a system YAML file holds (the format of
 * src/methods/composite/indicator-system.ts); `draftFromSystem` reads one back. The weights are edited in those kept
 * keys: `weighting` of a dimension (or of the system, for the top-level dimensions) and `weight` of each node.
 */

/** English and Chinese text of a label or title ("" when not given). */
export interface DraftLabel {
  en: string;
  zh: string;
}

/** A dimension or sub-dimension. */
export interface DraftDimension {
  kind: "dimension";
  id: string;
  label: DraftLabel;
  children: DraftNode[];
  /** The node's other keys, kept as read (weight, weighting and ahp among them, edited in place). */
  extra: Record<string, unknown>;
}

/** An indicator: a variable of the data, or an expression over variables; direction + (benefit) or − (cost). */
export interface DraftIndicator {
  kind: "indicator";
  id: string;
  label: DraftLabel;
  variable: string;
  expression: string;
  direction: "+" | "-";
  extra: Record<string, unknown>;
}

export type DraftNode = DraftDimension | DraftIndicator;

/** A system being edited. */
export interface SystemDraft {
  name: string;
  title: DraftLabel;
  root: DraftNode[];
  extra: Record<string, unknown>;
}

/** A located problem of the draft: the node (undefined: the whole system), a string key and its values. */
export interface DraftIssue {
  readonly node?: string;
  readonly field?: "id" | "variable" | "expression" | "children" | "name";
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

/** Node ids (and system names) the system format accepts. */
const NODE_ID = /^[\p{L}_][\p{L}\p{N}_-]*$/u;
const SYSTEM_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * An empty system called "custom".
 * @returns the draft
 */
export function emptySystem(): SystemDraft {
  return { name: "custom", title: { en: "", zh: "" }, root: [], extra: {} };
}

function labelObject(label: DraftLabel): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (label.zh.trim() !== "") out["zh"] = label.zh.trim();
  if (label.en.trim() !== "") out["en"] = label.en.trim();
  return Object.keys(out).length > 0 ? out : undefined;
}

function nodeObject(node: DraftNode): Record<string, unknown> {
  const label = labelObject(node.label);
  const head = { id: node.id, ...(label !== undefined ? { label } : {}) };
  if (node.kind === "dimension") return { ...head, ...node.extra, children: node.children.map(nodeObject) };
  const expression = node.expression.trim();
  return {
    ...head,
    ...(expression !== "" ? { expression } : { variable: node.variable }),
    direction: node.direction,
    ...node.extra,
  };
}

/**
 * The object a system YAML file holds: name, title, the kept keys, root (dimensions with children; indicators with
 * variable or expression and direction).
 * Reference: the indicator system format (src/methods/composite/indicator-system.ts).
 * @param draft the draft
 * @returns plain data for YAML or JSON
 */
export function systemObject(draft: SystemDraft): Record<string, unknown> {
  const title = labelObject(draft.title);
  return {
    name: draft.name,
    ...(title !== undefined ? { title } : {}),
    ...draft.extra,
    root: draft.root.map(nodeObject),
  };
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function labelOf(value: unknown): DraftLabel {
  const v = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return { en: textOf(v["en"]), zh: textOf(v["zh"]) };
}

function withoutKeys(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k, v]) => !keys.includes(k) && v !== undefined));
}

const COST = new Set(["-", "\u2212", "negative", "cost", "负", "负向"]);

function draftNode(value: unknown): DraftNode {
  const v = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const id = textOf(v["id"]);
  if (Array.isArray(v["children"]))
    return {
      kind: "dimension",
      id,
      label: labelOf(v["label"]),
      children: (v["children"] as unknown[]).map(draftNode),
      extra: withoutKeys(v, ["id", "label", "children"]),
    };
  const expression = textOf(v["expression"]);
  return {
    kind: "indicator",
    id,
    label: labelOf(v["label"]),
    variable: expression === "" ? textOf(v["variable"]) || id : "",
    expression,
    direction: COST.has(textOf(v["direction"]).trim().toLowerCase()) ? "-" : "+",
    extra: withoutKeys(v, ["id", "label", "variable", "expression", "direction"]),
  };
}

/**
 * A draft from a system object (a parsed system file, or the `system` the server sends).
 * @param value the system
 * @returns the draft (an indicator without variable or expression reads the variable named as its id)
 */
export function draftFromSystem(value: unknown): SystemDraft {
  const v = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return {
    name: textOf(v["name"]) || "custom",
    title: labelOf(v["title"]),
    root: Array.isArray(v["root"]) ? (v["root"] as unknown[]).map(draftNode) : [],
    extra: withoutKeys(v, ["name", "title", "root"]),
  };
}

/**
 * Every node of the draft, depth first, with its parent's id.
 * @param draft the draft
 * @returns the nodes in document order
 */
export function draftNodes(
  draft: SystemDraft,
): { node: DraftNode; parent: string | undefined; depth: number }[] {
  const out: { node: DraftNode; parent: string | undefined; depth: number }[] = [];
  const visit = (nodes: readonly DraftNode[], parent: string | undefined, depth: number): void => {
    for (const node of nodes) {
      out.push({ node, parent, depth });
      if (node.kind === "dimension") visit(node.children, node.id, depth + 1);
    }
  };
  visit(draft.root, undefined, 0);
  return out;
}

/**
 * A node by id.
 * @param draft the draft
 * @param id the node id
 * @returns the node, or undefined
 */
export function findDraftNode(draft: SystemDraft, id: string): DraftNode | undefined {
  return draftNodes(draft).find((n) => n.node.id === id)?.node;
}

/**
 * An id not yet used in the draft: the prefix followed by the smallest free number.
 * @param draft the draft
 * @param prefix e.g. "d" or "i"
 * @returns e.g. "d3"
 */
export function freeId(draft: SystemDraft, prefix: string): string {
  const used = new Set(draftNodes(draft).map((n) => n.node.id));
  for (let k = 1; ; k++) if (!used.has(`${prefix}${k}`)) return `${prefix}${k}`;
}

function childrenOf(draft: SystemDraft, parent: string | undefined): DraftNode[] | undefined {
  if (parent === undefined) return draft.root;
  const node = findDraftNode(draft, parent);
  return node?.kind === "dimension" ? node.children : undefined;
}

/**
 * Adds a dimension under `parent` (undefined: a top-level dimension). Mutates the draft.
 * @param draft the draft
 * @param parent the parent dimension's id, or undefined
 * @returns the new node's id, or undefined when the parent is not a dimension
 */
export function addDimension(draft: SystemDraft, parent: string | undefined): string | undefined {
  const list = childrenOf(draft, parent);
  if (list === undefined) return undefined;
  const id = freeId(draft, "d");
  list.push({ kind: "dimension", id, label: { en: "", zh: "" }, children: [], extra: {} });
  return id;
}

/**
 * Adds an indicator reading `variable` under the dimension `parent`. Mutates the draft.
 * @param draft the draft
 * @param parent the dimension's id
 * @param variable the data column ("" for none yet)
 * @returns the new node's id, or undefined when the parent is not a dimension
 */
export function addIndicator(draft: SystemDraft, parent: string, variable: string): string | undefined {
  const list = childrenOf(draft, parent);
  if (list === undefined) return undefined;
  const id = freeId(draft, "i");
  list.push({
    kind: "indicator",
    id,
    label: { en: "", zh: "" },
    variable,
    expression: "",
    direction: "+",
    extra: {},
  });
  return id;
}

/**
 * Removes a node (with its subtree). Mutates the draft.
 * @param draft the draft
 * @param id the node's id
 * @returns whether a node was removed
 */
export function removeNode(draft: SystemDraft, id: string): boolean {
  const remove = (nodes: DraftNode[]): boolean => {
    const at = nodes.findIndex((n) => n.id === id);
    if (at >= 0) {
      nodes.splice(at, 1);
      return true;
    }
    return nodes.some((n) => n.kind === "dimension" && remove(n.children));
  };
  return remove(draft.root);
}

/**
 * The node a path into a system document points at (["root", 0, "children", 2, "direction"] → that indicator).
 * @param draft the draft
 * @param path the path, starting at the system (its first key "root")
 * @returns the id of the deepest node on the path, or undefined when the path does not enter the tree
 */
export function nodeAtPath(draft: SystemDraft, path: readonly (string | number)[]): string | undefined {
  if (path[0] !== "root") return undefined;
  let nodes: readonly DraftNode[] = draft.root;
  let found: DraftNode | undefined;
  for (let k = 1; k < path.length; k += 2) {
    const index = path[k];
    if (typeof index !== "number") break;
    const node = nodes[index];
    if (node === undefined) break;
    found = node;
    if (path[k + 1] !== "children" || node.kind !== "dimension") break;
    nodes = node.children;
  }
  return found?.id;
}

/**
 * The problems of a draft the editor can see without the data: the system's name, empty or repeated ids, empty
 * dimensions, indicators with neither variable nor expression, and variables that are not numeric columns.
 * @param draft the draft
 * @param numeric the numeric columns of the data (empty: not known, not checked)
 * @returns the problems, each with a string key of the system page
 */
export function draftIssues(draft: SystemDraft, numeric: readonly string[]): DraftIssue[] {
  const issues: DraftIssue[] = [];
  if (!SYSTEM_NAME.test(draft.name))
    issues.push({ field: "name", key: "system.issue.name", values: { name: draft.name } });
  if (draft.root.length === 0) issues.push({ key: "system.issue.empty" });
  const seen = new Set<string>();
  for (const { node } of draftNodes(draft)) {
    if (!NODE_ID.test(node.id))
      issues.push({ node: node.id, field: "id", key: "system.issue.id", values: { id: node.id } });
    else if (seen.has(node.id))
      issues.push({ node: node.id, field: "id", key: "system.issue.duplicate", values: { id: node.id } });
    seen.add(node.id);
    if (node.kind === "dimension") {
      if (node.children.length === 0)
        issues.push({
          node: node.id,
          field: "children",
          key: "system.issue.noChildren",
          values: { id: node.id },
        });
    } else if (node.expression.trim() === "") {
      if (node.variable === "")
        issues.push({
          node: node.id,
          field: "variable",
          key: "system.issue.noVariable",
          values: { id: node.id },
        });
      else if (numeric.length > 0 && !numeric.includes(node.variable))
        issues.push({
          node: node.id,
          field: "variable",
          key: "system.issue.notNumeric",
          values: { id: node.id, variable: node.variable },
        });
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Weights

/** The weightings the editor offers for the children of a dimension (or for the top-level dimensions). */
export const EDITABLE_WEIGHTINGS = ["entropy", "critic", "cv", "sd", "equal", "fixed"] as const;

/** A weighting the editor sets. */
export type EditableWeighting = (typeof EDITABLE_WEIGHTINGS)[number];

/**
 * How the children of a dimension are weighted, as the editor shows it: "" (as the whole index), a weighting it
 * offers, or one it keeps from the file without editing it: "ahp" (a pairwise matrix), "pca", "combined" (a
 * combination of weightings) or "other" (a value the parser will report).
 */
export type WeightingChoice = "" | EditableWeighting | "ahp" | "pca" | "combined" | "other";

/** What weights a set of siblings: a dimension, or the system (for the top-level dimensions). */
interface WeightOwner {
  readonly extra: Record<string, unknown>;
  readonly children: DraftNode[];
}

function weightOwner(draft: SystemDraft, owner: string | undefined): WeightOwner | undefined {
  if (owner === undefined) return { extra: draft.extra, children: draft.root };
  const node = findDraftNode(draft, owner);
  return node?.kind === "dimension" ? node : undefined;
}

/**
 * How the children of `owner` are weighted. Without a `weighting` key the children are weighted as the index
 * computes them: "fixed" when every child has a weight, else "ahp" when the owner has an ahp matrix, else "".
 * Reference: the weighting of siblings in compositeIndex (src/methods/composite/composite-index.ts).
 * @param draft the draft
 * @param owner a dimension's id, or undefined for the top-level dimensions (the system's own `weighting`)
 * @returns the choice ("" also when owner is not a dimension)
 */
export function weightingChoice(draft: SystemDraft, owner: string | undefined): WeightingChoice {
  const o = weightOwner(draft, owner);
  if (o === undefined) return "";
  const spec = o.extra["weighting"];
  if (spec === undefined) {
    if (o.children.length > 0 && o.children.every((c) => c.extra["weight"] !== undefined)) return "fixed";
    return o.extra["ahp"] !== undefined ? "ahp" : "";
  }
  if (typeof spec === "string") {
    if ((EDITABLE_WEIGHTINGS as readonly string[]).includes(spec)) return spec as EditableWeighting;
    return spec === "ahp" || spec === "pca" ? spec : "other";
  }
  return typeof spec === "object" && spec !== null && !Array.isArray(spec) && "combine" in spec
    ? "combined"
    : "other";
}

/** The equal share of n siblings as a weight: a short decimal when there is one (0.25), else a fraction ("1/3"). */
function equalShare(n: number): number | string {
  const share = 1 / n;
  return String(share).length <= 6 ? share : `1/${n}`;
}

/**
 * Sets how the children of `owner` are weighted. Mutates the draft: `weighting` is set in place ("": removed);
 * an ahp matrix is removed (the choice replaces it); for any choice but "fixed" the children's weights are removed
 * (they would be ignored, or without a weighting would fix the weights); "fixed" over children without any weight
 * gives each the equal share (1/n).
 * @param draft the draft
 * @param owner a dimension's id, or undefined for the top-level dimensions
 * @param choice "" (as the whole index) or a weighting the editor offers
 * @returns whether the draft changed (false when owner is not a dimension or the choice is the current one)
 */
export function setWeighting(
  draft: SystemDraft,
  owner: string | undefined,
  choice: "" | EditableWeighting,
): boolean {
  const o = weightOwner(draft, owner);
  if (o === undefined || weightingChoice(draft, owner) === choice) return false;
  if (choice === "") delete o.extra["weighting"];
  else o.extra["weighting"] = choice;
  delete o.extra["ahp"];
  if (choice !== "fixed") for (const child of o.children) delete child.extra["weight"];
  else if (o.children.every((c) => c.extra["weight"] === undefined))
    for (const child of o.children) child.extra["weight"] = equalShare(o.children.length);
  return true;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FRACTION =
  /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(?:\/\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*)?$/;

/**
 * Sets a node's fixed weight among its siblings from the text typed for it. Mutates the draft.
 * @param draft the draft
 * @param id the node's id
 * @param text a decimal number (kept as a number), a fraction such as 1/3 (kept as written, as the format allows),
 *   "" (removes the weight); anything else is kept as written for the parser to report at the node
 * @returns whether a node was found
 */
export function setWeight(draft: SystemDraft, id: string, text: string): boolean {
  const node = findDraftNode(draft, id);
  if (node !== undefined) setNodeWeight(node, text);
  return node !== undefined;
}

/**
 * Sets the fixed weight of a node in hand (as {@link setWeight}, for a node whose id may be mistyped or repeated).
 * @param node the node (mutated)
 * @param text the typed text
 */
export function setNodeWeight(node: DraftNode, text: string): void {
  const value = text.trim();
  if (value === "") delete node.extra["weight"];
  else node.extra["weight"] = DECIMAL.test(value) && Number.isFinite(Number(value)) ? Number(value) : value;
}

/**
 * The text of a node's weight for its input ("" when it has none).
 * @param node the node
 * @returns the number as written by String, or the text kept (e.g. "1/3")
 */
export function weightText(node: DraftNode): string {
  const w = node.extra["weight"];
  return typeof w === "number" || typeof w === "string" ? String(w) : "";
}

/**
 * The value of a weight as the system format reads it: a number, or text holding a decimal or a fraction.
 * Reference: numbers and fractions of weights in parseIndicatorSystem (src/methods/composite/indicator-system.ts).
 * @param value the kept `weight`
 * @returns the number, or undefined when the value is not one
 */
export function weightValue(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = FRACTION.exec(value);
  if (!match) return undefined;
  const result = match[2] === undefined ? Number(match[1]) : Number(match[1]) / Number(match[2]);
  return Number.isFinite(result) ? result : undefined;
}

/** The weights of a set of siblings, for display beside their parent. */
export interface SiblingWeights {
  /** Number of siblings. */
  readonly count: number;
  /** Siblings that have a weight. */
  readonly given: number;
  /** Σ of the weights given (undefined when one of them is not a number). */
  readonly sum: number | undefined;
}

/**
 * The weights the children of `owner` carry: how many, and their sum (whether they sum to 1 is the system parser's
 * check, reported at `owner`).
 * @param draft the draft
 * @param owner a dimension's id, or undefined for the top-level dimensions
 * @returns count, given and sum (count 0 when owner is not a dimension)
 */
export function siblingWeights(draft: SystemDraft, owner: string | undefined): SiblingWeights {
  const children = weightOwner(draft, owner)?.children ?? [];
  const given = children.filter((c) => c.extra["weight"] !== undefined);
  const values = given.map((c) => weightValue(c.extra["weight"]));
  return {
    count: children.length,
    given: given.length,
    sum: values.every((v) => v !== undefined) ? values.reduce((a, b) => a + b, 0) : undefined,
  };
}

/**
 * Whether a node shows its weight input: when its parent's children are weighted "fixed", or it has a weight.
 * @param draft the draft
 * @param node the node
 * @param parent its parent's id (undefined: a top-level node)
 * @returns true when the input is shown
 */
export function showsWeight(draft: SystemDraft, node: DraftNode, parent: string | undefined): boolean {
  return node.extra["weight"] !== undefined || weightingChoice(draft, parent) === "fixed";
}

/**
 * Whether a path of a system issue concerns the weights of the top-level dimensions: the list root, or the
 * system's weighting or ahp matrix.
 * @param path the issue's path
 * @returns true when it does
 */
export function isTopWeightPath(path: readonly (string | number)[] | undefined): boolean {
  if (path === undefined || path.length === 0) return false;
  return (path[0] === "root" && path.length === 1) || path[0] === "weighting" || path[0] === "ahp";
}
