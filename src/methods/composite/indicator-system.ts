/**
 * Indicator systems as data: a tree whose inner nodes are dimensions (DimensionNode: id, children, and how the children are weighted) and whose leaves are indicators (IndicatorNode: a panel variable or a derived-variable expression, a direction "+"/"-", a unit).
 * `system.root` lists the top-level dimensions; `systemLeaves` numbers the leaves depth-first, which is the column order of the indicator matrix.
 * Systems are read from YAML or JSON by `parseIndicatorSystem` (every problem located by path and line) and written back by `writeIndicatorSystem` (parse ∘ write is the identity on parsed systems).
 */
import { Document, LineCounter, isNode, isScalar, parseDocument, visit, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { NqpfInputError, isNqpfInputError, type InputIssue, type IssueCode } from "../../errors.js";
import { fsum } from "../../math/fsum.js";
import { parseExpression, type Expression } from "../../panel/expression.js";

/** Chinese and English text of a label or title. */
export interface LocalizedText {
  readonly zh?: string;
  readonly en?: string;
}

/** A single weighting method (methods.md §2.2–2.6; "fixed" takes the `weight` of each child, "ahp" the node's `ahp` matrix). */
export type BaseWeightMethod = "entropy" | "critic" | "cv" | "sd" | "pca" | "equal" | "ahp" | "fixed";

/** Combination of several weightings (methods.md §2.7); `alpha` are the coefficients of the linear combination. */
export interface CombinedWeightSpec {
  readonly combine: "multiplicative" | "linear" | "game-theory";
  readonly of: readonly WeightSpec[];
  readonly alpha?: readonly number[];
}

/** How the children of a dimension are weighted. */
export type WeightSpec = BaseWeightMethod | CombinedWeightSpec;

/** An inner node: a dimension or sub-dimension. */
export interface DimensionNode {
  readonly id: string;
  readonly label?: LocalizedText;
  /** Fixed weight among its siblings (all siblings have one, or none; they sum to 1). */
  readonly weight?: number;
  /** How this node's children are weighted (overrides the method chosen for the whole index). */
  readonly weighting?: WeightSpec;
  /** Pairwise-comparison matrix over the children, in their order (Saaty's 1–9 scale). */
  readonly ahp?: readonly (readonly number[])[];
  readonly children: readonly SystemNode[];
}

/** A leaf: one indicator, read from `variable` or computed by `expression` (exactly one of them is set after parsing). */
export interface IndicatorNode {
  readonly id: string;
  /** Panel variable; when neither variable nor expression is written, the parser sets it to the id. */
  readonly variable?: string;
  /** Derived-variable expression in the language of src/panel/expression.ts, e.g. "rd_exp / gdp * 100". */
  readonly expression?: string;
  /** "+": benefit (larger is better); "-": cost (smaller is better). */
  readonly direction: "+" | "-";
  readonly label?: LocalizedText;
  readonly unit?: string;
  /** Fixed weight among its siblings. */
  readonly weight?: number;
  readonly source?: string;
}

export type SystemNode = DimensionNode | IndicatorNode;

/** An indicator of the literature that the system leaves out, and why. */
export interface UnavailableIndicator {
  readonly indicator: string;
  readonly dimension: string;
  readonly reason: string;
  readonly reference?: string;
}

/** A named indicator system. */
export interface IndicatorSystem {
  readonly name: string;
  readonly title?: LocalizedText;
  readonly description?: string;
  readonly reference?: string;
  /** How the top-level dimensions are weighted (as `DimensionNode.weighting` does for children). */
  readonly weighting?: WeightSpec;
  /** Pairwise-comparison matrix over the top-level dimensions, in their order. */
  readonly ahp?: readonly (readonly number[])[];
  /** Top-level dimensions (an indicator placed here forms a dimension of its own). */
  readonly root: readonly SystemNode[];
  readonly unavailable?: readonly UnavailableIndicator[];
}

export interface ParseIndicatorSystemOptions {
  /** File name for issue locations. */
  readonly file?: string;
  /** Default: JSON when the text starts with "{" or "[" (falling back to YAML when it is not valid JSON but valid YAML), else YAML. */
  readonly format?: "yaml" | "json";
}

type Path = readonly (string | number)[];

const FORMATS = ["yaml", "json"] as const;
const BASE_METHODS: readonly BaseWeightMethod[] = [
  "entropy",
  "critic",
  "cv",
  "sd",
  "pca",
  "equal",
  "ahp",
  "fixed",
];
const COMBINE_METHODS = ["multiplicative", "linear", "game-theory"] as const;
const INDICATOR_ONLY = ["variable", "expression", "direction", "unit", "source"] as const;
const DIMENSION_ONLY = ["weighting", "ahp"] as const;
const NODE_KEYS = ["id", "label", "weight", "weighting", "ahp", "children", ...INDICATOR_ONLY] as const;
const SYSTEM_KEYS = [
  "name",
  "title",
  "description",
  "reference",
  "weighting",
  "ahp",
  "root",
  "unavailable",
] as const;
/** Tolerance of Σ fixed weights = 1 and of Σ alpha = 1. */
const SUM_TOLERANCE = 1e-6;
/** Tolerance of a_ij·a_ji = 1 and a_ii = 1 (the one ahp.ts applies). */
const RECIPROCAL_TOLERANCE = 1e-9;

const DIRECTIONS: ReadonlyMap<string, "+" | "-"> = new Map([
  ["+", "+"],
  ["positive", "+"],
  ["benefit", "+"],
  ["正", "+"],
  ["正向", "+"],
  ["-", "-"],
  ["\u2212", "-"],
  ["negative", "-"],
  ["cost", "-"],
  ["负", "-"],
  ["负向", "-"],
]);
const DIRECTION_HINT =
  'direction must be "+" (benefit: larger is better; also positive, benefit, 正) or "-" (cost: smaller is better; also negative, cost, 负); in YAML quote a lone minus: direction: "-"';

function directionOf(value: unknown): "+" | "-" | undefined {
  return typeof value === "string" ? DIRECTIONS.get(value.trim().toLowerCase()) : undefined;
}

/** A number, or text holding a number or a fraction "a/b" (AHP matrices are written 1/3, 1/5 …). */
function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const decimal = "[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?";
  const match = new RegExp(`^\\s*(${decimal})\\s*(?:/\\s*(${decimal})\\s*)?$`).exec(value);
  if (!match) return undefined;
  const result = match[2] === undefined ? Number(match[1]) : Number(match[1]) / Number(match[2]);
  return Number.isFinite(result) ? result : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function has(record: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

// ---------------------------------------------------------------------------------------------
// Schema (shape and field values); tree rules (kinds, unique ids, sibling weights, AHP) follow in checkTree.

const text = z.string();
const localized = z.strictObject({ zh: text.optional(), en: text.optional() });
const nonNegative = z.unknown().refine((v) => (numberOf(v) ?? -1) >= 0);
const positive = z.unknown().refine((v) => (numberOf(v) ?? -1) > 0);
const matrixSchema = z.array(z.array(positive));
const weightingSchema = z.unknown().superRefine((value, ctx) => {
  for (const problem of weightingProblems(value, [])) {
    ctx.addIssue({
      code: "custom",
      message: problem.message,
      path: [...problem.path],
      params: { hint: problem.hint },
    });
  }
});
const nodeSchema: z.ZodType = z.lazy(() =>
  z.strictObject({
    id: text.refine((v) => v.trim() !== ""),
    label: localized.optional(),
    weight: nonNegative.optional(),
    weighting: weightingSchema.optional(),
    ahp: matrixSchema.optional(),
    children: z.array(nodeSchema).optional(),
    variable: text.refine((v) => v.trim() !== "").optional(),
    expression: text.optional(),
    direction: text.refine((v) => directionOf(v) !== undefined).optional(),
    unit: text.optional(),
    source: text.optional(),
  }),
);
const systemSchema = z.strictObject({
  name: text.refine((v) => v.trim() !== ""),
  title: localized.optional(),
  description: text.optional(),
  reference: text.optional(),
  weighting: weightingSchema.optional(),
  ahp: matrixSchema.optional(),
  root: z.array(nodeSchema),
  unavailable: z
    .array(z.strictObject({ indicator: text, dimension: text, reason: text, reference: text.optional() }))
    .optional(),
});

interface Problem {
  readonly path: Path;
  readonly message: string;
  readonly hint: string;
  readonly code?: IssueCode;
  readonly position?: number;
}

const WEIGHTING_HINT = `weighting is one of ${BASE_METHODS.join(", ")}, or a combination { combine: ${COMBINE_METHODS.join(" | ")}, of: [two or more methods], alpha: [coefficients, linear only] }`;

/** Problems of a weighting spec (recursive for combinations); paths relative to the spec. */
function weightingProblems(value: unknown, path: Path): Problem[] {
  if (typeof value === "string") {
    return (BASE_METHODS as readonly string[]).includes(value)
      ? []
      : [{ path, message: `unknown weighting method "${preview(value)}"`, hint: WEIGHTING_HINT }];
  }
  if (!isRecord(value)) return [{ path, message: `weighting is ${describe(value)}`, hint: WEIGHTING_HINT }];
  const problems: Problem[] = [];
  for (const key of Object.keys(value)) {
    if (!["combine", "of", "alpha"].includes(key))
      problems.push({
        path: [...path, key],
        message: `unknown field "${key}" in a weighting combination`,
        hint: WEIGHTING_HINT,
      });
  }
  const combine = value["combine"];
  if (typeof combine !== "string" || !(COMBINE_METHODS as readonly string[]).includes(combine)) {
    problems.push({
      path: [...path, "combine"],
      message: combine === undefined ? "combine is missing" : `combine is ${describe(combine)}`,
      hint: `combine is one of ${COMBINE_METHODS.join(", ")}`,
    });
  }
  const of = value["of"];
  if (!Array.isArray(of) || of.length < 2) {
    problems.push({
      path: [...path, "of"],
      message: of === undefined ? "of is missing" : `of is ${describe(of)}`,
      hint: "of lists the two or more weighting methods to combine, e.g. of: [entropy, critic]",
    });
  } else {
    of.forEach((spec, k) => problems.push(...weightingProblems(spec, [...path, "of", k])));
  }
  const alpha = value["alpha"];
  if (alpha !== undefined) {
    const alphaHint =
      "alpha gives one coefficient ≥ 0 per method in of, summing to 1 (linear combination only)";
    const numbers = Array.isArray(alpha) ? alpha.map(numberOf) : [];
    if (!Array.isArray(alpha) || numbers.some((a) => a === undefined || a < 0)) {
      problems.push({ path: [...path, "alpha"], message: `alpha is ${describe(alpha)}`, hint: alphaHint });
    } else if (combine !== "linear") {
      problems.push({
        path: [...path, "alpha"],
        message: `alpha is only used by combine: linear (here ${describe(combine)})`,
        hint: alphaHint,
      });
    } else if (Array.isArray(of) && alpha.length !== of.length) {
      problems.push({
        path: [...path, "alpha"],
        message: `alpha has ${alpha.length} coefficients for ${of.length} methods`,
        hint: alphaHint,
      });
    } else {
      const sum = fsum(numbers as number[]);
      if (!(Math.abs(sum - 1) <= SUM_TOLERANCE))
        problems.push({ path: [...path, "alpha"], message: `alpha sums to ${sum}`, hint: alphaHint });
    }
  }
  return problems;
}

const FIELD_RULES: Readonly<Record<string, { readonly expected: string; readonly hint: string }>> = {
  name: { expected: "non-empty text", hint: "give the system a short name, e.g. name: nqpf-three-elements" },
  id: {
    expected: "non-empty text",
    hint: 'every dimension and indicator needs an id, unique in the system (write numbers in quotes: id: "1")',
  },
  title: {
    expected: "a mapping with zh and/or en",
    hint: "e.g. title: { zh: 新质生产力, en: New quality productive forces }",
  },
  label: { expected: "a mapping with zh and/or en", hint: "e.g. label: { zh: 劳动者, en: Labour force }" },
  zh: { expected: "text", hint: "the Chinese text" },
  en: { expected: "text", hint: "the English text" },
  description: { expected: "text", hint: "a free-text description" },
  reference: { expected: "text", hint: "the source of the system or indicator, as free text" },
  unit: { expected: "text", hint: 'e.g. unit: "%"' },
  source: { expected: "text", hint: "the data source, as free text" },
  variable: {
    expected: "a variable name",
    hint: "the name of a numeric variable of the panel, e.g. variable: gdp",
  },
  expression: {
    expected: "text",
    hint: "a derived-variable expression, e.g. expression: rd_exp / gdp * 100",
  },
  direction: { expected: '"+" or "-"', hint: DIRECTION_HINT },
  weight: {
    expected: "a number ≥ 0 (or a fraction such as 1/3)",
    hint: "fixed weights are given to all siblings (or to none) and sum to 1",
  },
  ahp: {
    expected: "a square matrix of positive numbers (fractions such as 1/3 allowed)",
    hint: "one row and one column per child, in the order of children: a_ij = importance of i over j (Saaty 1–9), a_ji = 1/a_ij, 1 on the diagonal",
  },
  children: {
    expected: "a list of dimensions or indicators",
    hint: "write the children as a YAML list (lines starting with - )",
  },
  root: { expected: "a list of dimensions", hint: "list the top-level dimensions under root:" },
  unavailable: {
    expected: "a list of { indicator, dimension, reason, reference }",
    hint: "record each left-out indicator with the reason, e.g. { indicator: robot density, dimension: means, reason: no data }",
  },
  indicator: { expected: "text", hint: "the name of the left-out indicator" },
  dimension: { expected: "text", hint: "the dimension the left-out indicator belongs to" },
  reason: { expected: "text", hint: "why it is left out (e.g. no bundled data)" },
};

function allowedKeys(path: Path): readonly string[] {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (path.length === 0) return SYSTEM_KEYS;
  if (last === "label" || last === "title") return ["zh", "en"];
  if (typeof last === "number" && parent === "unavailable")
    return ["indicator", "dimension", "reason", "reference"];
  return NODE_KEYS;
}

/** Our wording for one zod issue (zod checks shape and field values; the messages say what is allowed). */
function problemsOfZodIssue(zodIssue: z.core.$ZodIssue, data: unknown): Problem[] {
  const path: Path = zodIssue.path.map((k) => (typeof k === "number" ? k : String(k)));
  if (zodIssue.code === "unrecognized_keys") {
    const allowed = allowedKeys(path);
    return zodIssue.keys.map((key) => ({
      path: [...path, key],
      message: `unknown field "${key}"`,
      hint: `allowed fields here: ${allowed.join(", ")}`,
    }));
  }
  if (
    zodIssue.code === "custom" &&
    isRecord(zodIssue.params) &&
    typeof zodIssue.params["hint"] === "string"
  ) {
    return [{ path, message: zodIssue.message, hint: zodIssue.params["hint"] }];
  }
  const field = [...path].reverse().find((k): k is string => typeof k === "string");
  const rule = field !== undefined && Object.hasOwn(FIELD_RULES, field) ? FIELD_RULES[field] : undefined;
  const value = valueAt(data, path);
  if (path.length === 0) {
    return [
      {
        path,
        message: `the indicator system is ${describe(value)}`,
        hint: "write a mapping with name: and root: (the list of top-level dimensions)",
      },
    ];
  }
  const name = path.map(String).join(".");
  const last = path[path.length - 1];
  if (typeof last === "number" && (field === "root" || field === "children")) {
    return [
      {
        path,
        message: `a node is ${describe(value)}`,
        hint: "each node is a mapping: a dimension (id, children) or an indicator (id, variable or expression, direction)",
      },
    ];
  }
  if (typeof last === "number" && field === "unavailable") {
    return [
      { path, message: `an unavailable entry is ${describe(value)}`, hint: FIELD_RULES["unavailable"]!.hint },
    ];
  }
  if (
    field === "ahp" &&
    path.length >= 2 &&
    typeof last === "number" &&
    typeof path[path.length - 2] === "number"
  ) {
    return [
      {
        path,
        message: `ahp entry (${Number(path[path.length - 2]) + 1}, ${last + 1}) is ${describe(value)}; expected a positive number`,
        hint: FIELD_RULES["ahp"]!.hint,
      },
    ];
  }
  if (rule === undefined)
    return [
      { path, message: `${name}: ${zodIssue.message}`, hint: "see the documentation of indicator systems" },
    ];
  return [
    {
      path,
      message:
        value === undefined
          ? `${field ?? name} is missing`
          : `${field ?? name} is ${describe(value)}; expected ${rule.expected}`,
      hint: rule.hint,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Tree rules, on the raw data (tolerant of values the schema rejects, so that one pass finds everything).

function checkTree(data: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!isRecord(data)) return problems;
  const seen = new Map<string, Path>();
  const checkNode = (node: unknown, path: Path): void => {
    if (!isRecord(node)) return; // reported by the schema
    const id = node["id"];
    const name = typeof id === "string" ? `"${id}"` : `at ${path.map(String).join(".")}`;
    if (typeof id === "string" && id.trim() !== "") {
      const first = seen.get(id);
      if (first !== undefined) {
        problems.push({
          path: [...path, "id"],
          message: `id "${id}" is used twice (first at ${first.map(String).join(".")})`,
          hint: "ids name dimensions and indicators in the results, so each must be unique in the whole system",
        });
      } else seen.set(id, path);
    }
    if (has(node, "children")) {
      for (const key of INDICATOR_ONLY) {
        if (has(node, key))
          problems.push({
            path: [...path, key],
            message: `dimension ${name} has children, so it cannot have ${key}`,
            hint: `${key} belongs to an indicator (a leaf); move it to one, or remove children to make this node an indicator`,
          });
      }
      const children = node["children"];
      if (Array.isArray(children)) {
        if (children.length === 0)
          problems.push({
            path: [...path, "children"],
            message: `dimension ${name} has no children`,
            hint: "give it at least one indicator or sub-dimension, or remove it",
          });
        checkSiblings(children, [...path, "children"], node, path, `the children of ${name}`);
        children.forEach((child, k) => {
          checkNode(child, [...path, "children", k]);
        });
      }
    } else {
      for (const key of DIMENSION_ONLY) {
        if (has(node, key))
          problems.push({
            path: [...path, key],
            message: `indicator ${name} has no children, so it cannot have ${key}`,
            hint: `${key} weights the children of a dimension; move it to the dimension above`,
          });
      }
      if (!has(node, "direction"))
        problems.push({
          path: [...path, "direction"],
          message: `indicator ${name} has no direction`,
          hint: DIRECTION_HINT,
        });
      if (has(node, "variable") && has(node, "expression"))
        problems.push({
          path: [...path, "expression"],
          message: `indicator ${name} has both variable and expression`,
          hint: "give either variable (a column of the data) or expression (computed from columns), not both",
        });
      const expression = node["expression"];
      if (typeof expression === "string") {
        try {
          parseExpression(expression);
        } catch (error) {
          if (!isNqpfInputError(error)) throw error;
          for (const inner of error.issues)
            problems.push({
              path: [...path, "expression"],
              code: inner.code,
              message: `expression "${preview(expression)}": ${inner.message}`,
              hint: inner.hint ?? "see the expression language in the documentation",
              ...(inner.position !== undefined ? { position: inner.position } : {}),
            });
        }
      }
    }
  };
  const checkSiblings = (
    nodes: readonly unknown[],
    listPath: Path,
    owner: Record<string, unknown>,
    ownerPath: Path,
    what: string,
  ): void => {
    const weights = nodes.map((n) => (isRecord(n) && has(n, "weight") ? n["weight"] : undefined));
    const given = weights.filter((w) => w !== undefined).length;
    if (given > 0 && given < nodes.length) {
      const missing = nodes
        .map((n, k) =>
          weights[k] === undefined
            ? isRecord(n) && typeof n["id"] === "string"
              ? n["id"]
              : `#${k + 1}`
            : undefined,
        )
        .filter((x) => x !== undefined);
      problems.push({
        path: listPath,
        message: `fixed weights are given for ${given} of ${nodes.length} of ${what}; missing for ${missing.join(", ")}`,
        hint: "give a weight to every sibling (they must sum to 1), or to none",
      });
    } else if (given > 0) {
      const numbers = weights.map(numberOf);
      if (numbers.every((w) => w !== undefined && w >= 0)) {
        const sum = fsum(numbers as number[]);
        if (!(Math.abs(sum - 1) <= SUM_TOLERANCE))
          problems.push({
            path: listPath,
            message: `the fixed weights of ${what} sum to ${sum}, not 1`,
            hint: `adjust the weights so that they sum to 1 (within ${SUM_TOLERANCE}); fractions such as 1/3 are allowed`,
          });
      }
    }
    const weighting = owner["weighting"];
    const methods = weightingMethods(weighting);
    if (methods.has("fixed") && given === 0)
      problems.push({
        path: [...ownerPath, "weighting"],
        message: `weighting "fixed" needs a weight on each of ${what}`,
        hint: "add weight: to every child (summing to 1), or choose another weighting",
      });
    if (methods.has("ahp") && !has(owner, "ahp"))
      problems.push({
        path: [...ownerPath, "weighting"],
        message: `weighting "ahp" needs an ahp matrix over ${what}`,
        hint: FIELD_RULES["ahp"]!.hint,
      });
    if (has(owner, "ahp")) checkAhp(owner["ahp"], [...ownerPath, "ahp"], nodes.length, what);
  };
  const checkAhp = (matrix: unknown, path: Path, n: number, what: string): void => {
    if (!Array.isArray(matrix)) return;
    const hint = FIELD_RULES["ahp"]!.hint;
    const rows: unknown[] = matrix;
    const square = rows.length === n && rows.every((row) => Array.isArray(row) && row.length === n);
    if (!square) {
      const shape = rows.map((row) => (Array.isArray(row) ? row.length : 1)).join(", ");
      problems.push({
        path,
        message: `the ahp matrix has ${rows.length} rows (of lengths ${shape || "none"}); ${what} need ${n} × ${n}`,
        hint,
      });
      return;
    }
    const a = rows.map((row) => (row as unknown[]).map(numberOf));
    if (!a.every((row) => row.every((v) => v !== undefined && v > 0))) return;
    const at = (i: number, j: number): number => a[i]![j]!;
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(at(i, i) - 1) <= RECIPROCAL_TOLERANCE))
        problems.push({
          path: [...path, i, i],
          message: `ahp diagonal entry (${i + 1}, ${i + 1}) is ${at(i, i)}, not 1`,
          hint,
        });
      for (let j = i + 1; j < n; j++) {
        if (!(Math.abs(at(i, j) * at(j, i) - 1) <= RECIPROCAL_TOLERANCE))
          problems.push({
            path: [...path, j, i],
            message: `ahp entries (${i + 1}, ${j + 1}) = ${at(i, j)} and (${j + 1}, ${i + 1}) = ${at(j, i)} are not reciprocal`,
            hint: `${hint}; write the reciprocal as a fraction (e.g. 1/3) so it is exact`,
          });
      }
    }
  };
  const root = data["root"];
  if (Array.isArray(root)) {
    if (root.length === 0)
      problems.push({
        path: ["root"],
        message: "the system has no dimensions",
        hint: FIELD_RULES["root"]!.hint,
      });
    checkSiblings(root, ["root"], data, [], "the top-level dimensions");
    root.forEach((node, k) => {
      checkNode(node, ["root", k]);
    });
  }
  return problems;
}

function weightingMethods(spec: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (s: unknown): void => {
    if (typeof s === "string") out.add(s);
    else if (isRecord(s) && Array.isArray(s["of"])) (s["of"] as unknown[]).forEach(walk);
  };
  walk(spec);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Reads an indicator system from YAML or JSON text and checks it: the shape and values of every field (zod schema), then the tree rules — a dimension has ≥ 1 child and no indicator fields; an indicator has a direction and not both variable and expression, and its expression parses; ids are unique in the whole tree; fixed weights of siblings are all given or none, ≥ 0, summing to 1 within 1e-6; an ahp matrix is n × n over the n children, positive, with unit diagonal and a_ij·a_ji = 1 within 1e-9.
 * Normalises direction synonyms ("positive", "benefit", "正" → "+"; "negative", "cost", "负" → "-"), fractions written as text ("1/3") to numbers, and sets `variable` to the id of an indicator that has neither variable nor expression.
 * Reference: YAML 1.2 (yaml 2, `parseDocument` with a LineCounter for line numbers); the node layout of the three-element NQPF systems, methods.md §1.3–1.4; AHP reciprocity, Saaty (1980).
 * @param text the file's text (YAML or JSON)
 * @param options file (for issue locations), format (default: by the first non-space character)
 * @returns the system, with directions normalised and numbers parsed
 * @throws NqpfInputError with every problem at once: `bad_value` (or `bad_expression` for a leaf expression, `empty_file` for empty text), each with `file`, `path` (e.g. ["root", 0, "children", 2, "direction"]), `row` (the line of that node when known) and a hint saying what is allowed; a YAML or JSON syntax error gives `row` = line and `position` = 0-based column
 * @example
 * parseIndicatorSystem("name: s\nroot:\n  - id: d\n    children:\n      - { id: gdp, direction: positive }\n").root[0]
 * // => { id: "d", children: [{ id: "gdp", variable: "gdp", direction: "+" }] }
 */
export function parseIndicatorSystem(
  text: string,
  options: ParseIndicatorSystemOptions = {},
): IndicatorSystem {
  if (typeof text !== "string")
    throw new TypeError(`parseIndicatorSystem: text must be a string; got ${typeof text}`);
  const format = options.format;
  if (format !== undefined && !(FORMATS as readonly unknown[]).includes(format))
    throw new RangeError(`parseIndicatorSystem: format must be "yaml" or "json"; got ${format as string}`);
  const where = options.file !== undefined ? { file: options.file } : {};
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (source.trim() === "") {
    throw new NqpfInputError([
      {
        code: "empty_file",
        ...where,
        message: "the indicator system is empty",
        hint: "write a mapping with name: and root: (the list of top-level dimensions)",
      },
    ]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, keepSourceTokens: true });
  const first = source.trimStart()[0];
  const asJson = format === "json" || (format === undefined && (first === "{" || first === "["));
  let data: unknown;
  if (asJson) {
    try {
      data = JSON.parse(source);
    } catch (error) {
      if (format === undefined && doc.errors.length === 0) data = yamlValue(doc, where);
      else throw new NqpfInputError([jsonSyntaxIssue(error, source, where)], { cause: error });
    }
  } else {
    if (doc.errors.length > 0) {
      throw new NqpfInputError(
        doc.errors.map((e) => {
          const pos = e.linePos?.[0];
          const summary = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
          return {
            code: "bad_value",
            ...where,
            ...(pos ? { row: pos.line, position: pos.col - 1 } : {}),
            message: `YAML syntax error${pos ? ` at line ${pos.line}, column ${pos.col}` : ""}: ${summary}`,
            hint: /:\s*-\s*(?:[,}\]]|$)/.test(pos ? (source.split("\n")[pos.line - 1] ?? "") : "")
              ? 'a lone - starts a YAML list; write a minus sign in quotes: direction: "-" (or negative, cost)'
              : "fix the YAML at this place (indent with spaces, close quotes and brackets, one key per line)",
          } satisfies InputIssue;
        }),
      );
    }
    data = yamlValue(doc, where);
  }

  const problems: Problem[] = [];
  const parsed = systemSchema.safeParse(data);
  if (!parsed.success)
    for (const zodIssue of parsed.error.issues) problems.push(...problemsOfZodIssue(zodIssue, data));
  problems.push(...checkTree(data));
  if (problems.length > 0) {
    const located = problems.map((p) => ({ problem: p, row: rowOf(doc, lineCounter, p.path) }));
    // Stable sort by line, so the issues read top to bottom like the file (unlocated ones last).
    located.sort((a, b) => (a.row ?? Number.POSITIVE_INFINITY) - (b.row ?? Number.POSITIVE_INFINITY));
    throw new NqpfInputError(
      located.map(({ problem: p, row }) => {
        return {
          code: p.code ?? "bad_value",
          ...where,
          ...(row !== undefined ? { row } : {}),
          path: p.path,
          ...(p.position !== undefined ? { position: p.position } : {}),
          message: p.message,
          hint: p.hint,
        } satisfies InputIssue;
      }),
    );
  }
  return buildSystem(data as Record<string, unknown>);
}

function yamlValue(doc: Document.Parsed, where: { file?: string }): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    throw new NqpfInputError(
      [
        {
          code: "bad_value",
          ...where,
          message: `the YAML cannot be read: ${error instanceof Error ? error.message : String(error)}`,
          hint: "remove excessive aliases (*name) and custom tags",
        },
      ],
      { cause: error },
    );
  }
}

function jsonSyntaxIssue(error: unknown, source: string, where: { file?: string }): InputIssue {
  const message = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(message);
  let location = {};
  if (offset) {
    const before = source.slice(0, Number(offset[1]));
    const line = before.split("\n").length;
    location = { row: line, position: before.length - before.lastIndexOf("\n") - 1 };
  }
  return {
    code: "bad_value",
    ...where,
    ...location,
    message: `JSON syntax error: ${message}`,
    hint: "fix the JSON at this place (double-quoted keys and strings, no trailing commas), or write the system in YAML",
  };
}

/** Line of the node at `path`, or of its nearest existing ancestor. */
function rowOf(doc: Document.Parsed, lineCounter: LineCounter, path: Path): number | undefined {
  for (let k = path.length; k >= 0; k--) {
    let node: unknown;
    try {
      node = k === 0 ? doc.contents : doc.getIn(path.slice(0, k), true);
    } catch {
      continue;
    }
    if (isNode(node) && node.range) return lineCounter.linePos((node as YamlNode).range![0]).line;
  }
  return undefined;
}

function buildSystem(raw: Record<string, unknown>): IndicatorSystem {
  const root = raw["root"] as unknown[];
  const unavailable = raw["unavailable"] as Record<string, unknown>[] | undefined;
  return {
    name: raw["name"] as string,
    ...optionalText(raw, "title"),
    ...optional(raw, "description"),
    ...optional(raw, "reference"),
    ...(raw["weighting"] !== undefined ? { weighting: buildWeighting(raw["weighting"]) } : {}),
    ...(raw["ahp"] !== undefined ? { ahp: buildMatrix(raw["ahp"]) } : {}),
    root: root.map((n) => buildNode(n as Record<string, unknown>)),
    ...(unavailable !== undefined
      ? {
          unavailable: unavailable.map((u) => ({
            indicator: u["indicator"] as string,
            dimension: u["dimension"] as string,
            reason: u["reason"] as string,
            ...optional(u, "reference"),
          })),
        }
      : {}),
  };
}

function buildNode(raw: Record<string, unknown>): SystemNode {
  const common = {
    id: raw["id"] as string,
    ...optionalText(raw, "label"),
  };
  const weight = raw["weight"] !== undefined ? { weight: numberOf(raw["weight"])! } : {};
  if (has(raw, "children")) {
    return {
      ...common,
      ...weight,
      ...(raw["weighting"] !== undefined ? { weighting: buildWeighting(raw["weighting"]) } : {}),
      ...(raw["ahp"] !== undefined ? { ahp: buildMatrix(raw["ahp"]) } : {}),
      children: (raw["children"] as unknown[]).map((c) => buildNode(c as Record<string, unknown>)),
    };
  }
  const expression = raw["expression"];
  return {
    ...common,
    ...(typeof expression === "string"
      ? { expression }
      : { variable: typeof raw["variable"] === "string" ? raw["variable"] : common.id }),
    direction: directionOf(raw["direction"])!,
    ...optional(raw, "unit"),
    ...weight,
    ...optional(raw, "source"),
  };
}

function buildWeighting(raw: unknown): WeightSpec {
  if (typeof raw === "string") return raw as BaseWeightMethod;
  const spec = raw as Record<string, unknown>;
  return {
    combine: spec["combine"] as CombinedWeightSpec["combine"],
    of: (spec["of"] as unknown[]).map(buildWeighting),
    ...(spec["alpha"] !== undefined ? { alpha: (spec["alpha"] as unknown[]).map((a) => numberOf(a)!) } : {}),
  };
}

function buildMatrix(raw: unknown): number[][] {
  return (raw as unknown[][]).map((row) => row.map((v) => numberOf(v)!));
}

function optional<K extends string>(raw: Record<string, unknown>, key: K): { [P in K]?: string } {
  return (typeof raw[key] === "string" ? { [key]: raw[key] } : {}) as { [P in K]?: string };
}

function optionalText<K extends string>(raw: Record<string, unknown>, key: K): { [P in K]?: LocalizedText } {
  const value = raw[key];
  if (!isRecord(value)) return {};
  return { [key]: { ...optional(value, "zh"), ...optional(value, "en") } } as { [P in K]?: LocalizedText };
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === "number") value = value[key] as unknown;
    else if (isRecord(value) && typeof key === "string") value = value[key];
    else return undefined;
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (isRecord(value)) return "a mapping";
  if (typeof value === "string") return `"${preview(value)}"`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value;
}

function preview(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Writes an indicator system as YAML or JSON, fields in a fixed order (system: name, title, description, reference, weighting, ahp, root, unavailable; node: id, label, variable or expression, direction, unit, weight, weighting, ahp, source, children), numbers at full precision, AHP rows as flow lists.
 * `variable` is left out when it equals the id (the parser sets it back), so `parseIndicatorSystem(writeIndicatorSystem(s, f))` deep-equals every system `s` that `parseIndicatorSystem` returns.
 * Reference: YAML 1.2 (yaml 2 `Document.toString`), JSON (ECMA-404).
 * @param system the system
 * @param format "yaml" or "json"
 * @returns the text, ending in a newline
 * @throws RangeError for another format
 * @example
 * writeIndicatorSystem({ name: "s", root: [{ id: "d", children: [{ id: "gdp", variable: "gdp", direction: "+" }] }] }, "yaml")
 * // => 'name: s\nroot:\n  - id: d\n    children:\n      - id: gdp\n        direction: "+"\n'
 */
export function writeIndicatorSystem(system: IndicatorSystem, format: "yaml" | "json"): string {
  if (!(FORMATS as readonly unknown[]).includes(format))
    throw new RangeError(`writeIndicatorSystem: format must be "yaml" or "json"; got ${format as string}`);
  const plain = plainSystem(system);
  if (format === "json") return `${JSON.stringify(plain, null, 2)}\n`;
  const doc = new Document(plain);
  visit(doc, {
    Scalar(_, node) {
      if (node.value === "+" || node.value === "-") node.type = "QUOTE_DOUBLE";
    },
    Seq(_, node) {
      if (
        node.items.length > 0 &&
        node.items.every((item) => isScalar(item) && typeof item.value === "number")
      )
        node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

function plainSystem(system: IndicatorSystem): Record<string, unknown> {
  return {
    name: system.name,
    ...(system.title !== undefined ? { title: plainText(system.title) } : {}),
    ...(system.description !== undefined ? { description: system.description } : {}),
    ...(system.reference !== undefined ? { reference: system.reference } : {}),
    ...(system.weighting !== undefined ? { weighting: plainWeighting(system.weighting) } : {}),
    ...(system.ahp !== undefined ? { ahp: system.ahp.map((row) => [...row]) } : {}),
    root: system.root.map(plainNode),
    ...(system.unavailable !== undefined
      ? {
          unavailable: system.unavailable.map((u) => ({
            indicator: u.indicator,
            dimension: u.dimension,
            reason: u.reason,
            ...(u.reference !== undefined ? { reference: u.reference } : {}),
          })),
        }
      : {}),
  };
}

function plainNode(node: SystemNode): Record<string, unknown> {
  const head = { id: node.id, ...(node.label !== undefined ? { label: plainText(node.label) } : {}) };
  if (isDimensionNode(node)) {
    return {
      ...head,
      ...(node.weight !== undefined ? { weight: node.weight } : {}),
      ...(node.weighting !== undefined ? { weighting: plainWeighting(node.weighting) } : {}),
      ...(node.ahp !== undefined ? { ahp: node.ahp.map((row) => [...row]) } : {}),
      children: node.children.map(plainNode),
    };
  }
  return {
    ...head,
    ...(node.expression !== undefined
      ? { expression: node.expression }
      : node.variable !== undefined && node.variable !== node.id
        ? { variable: node.variable }
        : {}),
    direction: node.direction,
    ...(node.unit !== undefined ? { unit: node.unit } : {}),
    ...(node.weight !== undefined ? { weight: node.weight } : {}),
    ...(node.source !== undefined ? { source: node.source } : {}),
  };
}

function plainText(label: LocalizedText): Record<string, string> {
  return {
    ...(label.zh !== undefined ? { zh: label.zh } : {}),
    ...(label.en !== undefined ? { en: label.en } : {}),
  };
}

function plainWeighting(spec: WeightSpec): unknown {
  if (typeof spec === "string") return spec;
  return {
    combine: spec.combine,
    of: spec.of.map(plainWeighting),
    ...(spec.alpha !== undefined ? { alpha: [...spec.alpha] } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

/**
 * True for a dimension (a node with children), false for an indicator.
 * @param node a node of a system
 * @returns whether it has children
 * @example
 * isDimensionNode({ id: "x", direction: "+" }) // => false
 */
export function isDimensionNode(node: SystemNode): node is DimensionNode {
  return "children" in node;
}

/** A leaf with its place in the tree. */
export interface SystemLeaf {
  readonly node: IndicatorNode;
  /** Ids from the top-level dimension down to the leaf itself. */
  readonly path: readonly string[];
  /** Index in `system.root` of the top-level node the leaf belongs to. */
  readonly dimensionIndex: number;
}

/**
 * The indicators of a system in depth-first order (children in the order written): the column order of the indicator matrix.
 * Reference: pre-order traversal of the tree (Knuth, TAOCP vol. 1, §2.3.1).
 * @param system the system
 * @returns one entry per leaf, with its id path and top-level dimension
 * @example
 * systemLeaves(parseIndicatorSystem("name: s\nroot:\n  - id: d\n    children:\n      - { id: gdp, direction: + }\n"))[0].path // => ["d", "gdp"]
 */
export function systemLeaves(system: IndicatorSystem): SystemLeaf[] {
  const out: SystemLeaf[] = [];
  const walk = (node: SystemNode, path: readonly string[], dimensionIndex: number): void => {
    const here = [...path, node.id];
    if (isDimensionNode(node)) for (const child of node.children) walk(child, here, dimensionIndex);
    else out.push({ node, path: here, dimensionIndex });
  };
  system.root.forEach((node, k) => {
    walk(node, [], k);
  });
  return out;
}

/** A dimension with its place in the tree. */
export interface SystemDimension {
  readonly node: DimensionNode;
  /** Ids from the top-level dimension down to this one. */
  readonly path: readonly string[];
  /** 1 for a top-level dimension, 2 for its sub-dimensions, … */
  readonly depth: number;
  /** Index in `system.root` of the top-level node it belongs to. */
  readonly dimensionIndex: number;
}

/**
 * The dimensions and sub-dimensions of a system in depth-first pre-order (a dimension before its sub-dimensions).
 * Reference: pre-order traversal of the tree (Knuth, TAOCP vol. 1, §2.3.1).
 * @param system the system
 * @returns one entry per dimension node
 * @example
 * systemDimensions(parseIndicatorSystem("name: s\nroot:\n  - id: d\n    children:\n      - id: e\n        children: [{ id: gdp, direction: + }]\n")).map((d) => d.path)
 * // => [["d"], ["d", "e"]]
 */
export function systemDimensions(system: IndicatorSystem): SystemDimension[] {
  const out: SystemDimension[] = [];
  const walk = (node: SystemNode, path: readonly string[], depth: number, dimensionIndex: number): void => {
    if (!isDimensionNode(node)) return;
    const here = [...path, node.id];
    out.push({ node, path: here, depth, dimensionIndex });
    for (const child of node.children) walk(child, here, depth + 1, dimensionIndex);
  };
  system.root.forEach((node, k) => {
    walk(node, [], 1, k);
  });
  return out;
}

/**
 * The panel variables one indicator reads: its `variable` (the id when neither is set), or the variables named in its expression, in order of first appearance.
 * Reference: the expression grammar of src/panel/expression.ts (variable nodes of the AST).
 * @param node an indicator
 * @returns distinct variable names
 * @throws NqpfInputError `bad_expression` when the expression does not parse (never for a parsed system)
 * @example
 * indicatorVariables({ id: "rd", expression: "rd_exp / gdp * 100", direction: "+" }) // => ["rd_exp", "gdp"]
 */
export function indicatorVariables(node: IndicatorNode): string[] {
  if (node.expression === undefined) return [node.variable ?? node.id];
  const names: string[] = [];
  const walk = (e: Expression): void => {
    switch (e.kind) {
      case "variable":
        if (!names.includes(e.name)) names.push(e.name);
        return;
      case "number":
        return;
      case "unary":
        walk(e.operand);
        return;
      case "binary":
        walk(e.left);
        walk(e.right);
        return;
      case "call":
        e.args.forEach(walk);
        return;
    }
  };
  walk(parseExpression(node.expression));
  return names;
}

/**
 * Every panel variable a system reads (variables of the leaves and those inside their expressions), distinct, in leaf order.
 * Reference: `indicatorVariables` over `systemLeaves`.
 * @param system the system
 * @returns distinct variable names
 * @throws NqpfInputError `bad_expression` when a leaf expression does not parse (never for a parsed system)
 * @example
 * systemVariables(parseIndicatorSystem("name: s\nroot:\n  - id: d\n    children:\n      - { id: rd, expression: rd_exp / gdp, direction: + }\n      - { id: gdp, direction: + }\n"))
 * // => ["rd_exp", "gdp"]
 */
export function systemVariables(system: IndicatorSystem): string[] {
  const names = new Set<string>();
  for (const leaf of systemLeaves(system)) for (const name of indicatorVariables(leaf.node)) names.add(name);
  return [...names];
}

/**
 * The node (dimension or indicator) with the given id.
 * @param system the system
 * @param id the id
 * @returns the node, or undefined when no node has that id
 * @example
 * findNode(parseIndicatorSystem("name: s\nroot:\n  - id: d\n    children:\n      - { id: rd, expression: rd_exp / gdp, direction: cost }\n"), "rd")
 * // => { id: "rd", expression: "rd_exp / gdp", direction: "-" }
 */
export function findNode(system: IndicatorSystem, id: string): SystemNode | undefined {
  const walk = (nodes: readonly SystemNode[]): SystemNode | undefined => {
    for (const node of nodes) {
      if (node.id === id) return node;
      if (isDimensionNode(node)) {
        const found = walk(node.children);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(system.root);
}
