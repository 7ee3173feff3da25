/**
 * A small, safe expression language for derived panel variables ("rd_intensity = rd_exp / gdp * 100").
 * Source text is tokenized and parsed by recursive descent into a plain-data AST (never eval/Function),
 * then evaluated column-wise over the panel's rows. Each cell is ok, missing (an input was missing)
 * or undefined (a domain error such as ln(0), x/0, sqrt(-1)); undefined cells become missing and are counted.
 *
 * Grammar, loosest binding first (all binary operators left-associative except ^ and comparisons):
 *   expr  := or;  or := and ("||" and)*;  and := cmp ("&&" cmp)*;
 *   cmp   := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?      (not chainable: a < b < c is an error)
 *   sum   := prod (("+" | "-") prod)*;  prod := unary (("*" | "/") unary)*
 *   unary := ("-" | "+" | "!") unary | power;  power := atom ("^" unary)?   (right-associative: 2^3^2 = 2^9; -2^2 = -4)
 *   atom  := number | name | `quoted name` | function "(" expr ("," expr)* ")" | "(" expr ")"
 * Numbers: 12, 3.5, .5, 1e-3. Names: Unicode letters, digits and "_", not starting with a digit (gdp, 研发经费); any other column name in backquotes (`R&D stock`).
 * Comparisons and logic give 1 (true) or 0 (false); any non-zero operand counts as true. A missing operand makes the result missing (also in comparisons, unlike Stata, where missing is larger than every number).
 * Undefined: any result that is NaN, or infinite although its inputs were finite (x/0, overflow, 0^-1), besides the domain rules in the table. An undefined operand makes the result undefined; only missing(x) and the unchosen branch of if() absorb it.
 *
 * | function        | value                                                                                   |
 * | --------------- | --------------------------------------------------------------------------------------- |
 * | ln(x), log(x)   | natural logarithm; undefined for x ≤ 0                                                  |
 * | log10(x)        | base-10 logarithm; undefined for x ≤ 0                                                  |
 * | exp(x)          | e^x; undefined on overflow                                                              |
 * | sqrt(x)         | square root; undefined for x < 0                                                        |
 * | abs(x)          | absolute value                                                                          |
 * | min(a, b, …)    | smallest argument; missing if any is missing (Stata's min ignores missing; this does not) |
 * | max(a, b, …)    | largest argument; missing if any is missing                                             |
 * | pow(a, b)       | a^b; undefined when not a finite real (e.g. (-8)^(1/3), 0^-1)                            |
 * | round(x[, d])   | x rounded to d decimals (integer constant 0–15, default 0), halves away from zero        |
 * | if(c, a, b)     | a where c ≠ 0, b where c = 0, missing where c is missing; only the chosen branch counts |
 * | missing(x)      | 1 where x is missing or undefined, else 0 (never missing)                               |
 * | lag(x[, k])     | x at t − k·delta of the same entity (Stata L<k>.x); k an integer constant ≥ 1, default 1 |
 * | lead(x[, k])    | x at t + k·delta (Stata F<k>.x)                                                         |
 * | diff(x[, k])    | x − lag(x, k) (Stata S<k>.x)                                                            |
 * | growth(x[, k])  | x / lag(x, k) − 1; undefined when the base is ≤ 0                                       |
 * | mean_t(x)       | mean of x over the entities of the same period (present cells only)                     |
 * | sum_t(x)        | sum of x over the entities of the same period (present cells only; missing if none)     |
 * | mean_i(x)       | mean of x over the periods of the same entity                                           |
 * | first(x)        | x in the entity's earliest period where x is present                                    |
 */
import { IssueCollector, type InputIssue } from "../errors.js";
import { MISSING, type Column, type NumberColumn, type Table } from "../table/table.js";
import { shiftedRows, panelDelta, UNDEFINED_ROWS_LIMIT, type DerivedColumn } from "./lag.js";
import type { Panel } from "./panel.js";

export type BinaryOperator =
  "+" | "-" | "*" | "/" | "^" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "&&" | "||";
export type UnaryOperator = "-" | "!";
export type FunctionName =
  | "ln"
  | "log"
  | "log10"
  | "exp"
  | "sqrt"
  | "abs"
  | "min"
  | "max"
  | "pow"
  | "round"
  | "if"
  | "missing"
  | "lag"
  | "lead"
  | "diff"
  | "growth"
  | "mean_t"
  | "sum_t"
  | "mean_i"
  | "first";

/** Parsed expression: plain data. `position` is the 1-based character column of the node's token in the source. */
export type Expression =
  | { readonly kind: "number"; readonly value: number; readonly position: number }
  | { readonly kind: "variable"; readonly name: string; readonly position: number }
  | {
      readonly kind: "unary";
      readonly operator: UnaryOperator;
      readonly operand: Expression;
      readonly position: number;
    }
  | {
      readonly kind: "binary";
      readonly operator: BinaryOperator;
      readonly left: Expression;
      readonly right: Expression;
      readonly position: number;
    }
  | {
      readonly kind: "call";
      readonly name: FunctionName;
      readonly args: readonly Expression[];
      readonly position: number;
    };

interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Argument index that must be an integer constant, with its range. */
  readonly constant?: {
    readonly index: number;
    readonly min: number;
    readonly max: number;
    readonly what: string;
  };
  readonly usage: string;
}

const STEPS = { index: 1, min: 1, max: 1000, what: "the number of periods" } as const;

const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  ln: { minArgs: 1, maxArgs: 1, usage: "ln(x)" },
  log: { minArgs: 1, maxArgs: 1, usage: "log(x)" },
  log10: { minArgs: 1, maxArgs: 1, usage: "log10(x)" },
  exp: { minArgs: 1, maxArgs: 1, usage: "exp(x)" },
  sqrt: { minArgs: 1, maxArgs: 1, usage: "sqrt(x)" },
  abs: { minArgs: 1, maxArgs: 1, usage: "abs(x)" },
  min: { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, usage: "min(a, b, …)" },
  max: { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, usage: "max(a, b, …)" },
  pow: { minArgs: 2, maxArgs: 2, usage: "pow(a, b)" },
  round: {
    minArgs: 1,
    maxArgs: 2,
    constant: { index: 1, min: 0, max: 15, what: "the number of decimals" },
    usage: "round(x, digits) with digits a whole number 0–15, e.g. round(x, 2) (Stata's round(x, 0.01))",
  },
  if: { minArgs: 3, maxArgs: 3, usage: "if(condition, value_if_true, value_if_false)" },
  missing: { minArgs: 1, maxArgs: 1, usage: "missing(x)" },
  lag: { minArgs: 1, maxArgs: 2, constant: STEPS, usage: "lag(x) or lag(x, k) with k a whole number ≥ 1" },
  lead: { minArgs: 1, maxArgs: 2, constant: STEPS, usage: "lead(x) or lead(x, k) with k a whole number ≥ 1" },
  diff: { minArgs: 1, maxArgs: 2, constant: STEPS, usage: "diff(x) or diff(x, k) with k a whole number ≥ 1" },
  growth: {
    minArgs: 1,
    maxArgs: 2,
    constant: STEPS,
    usage: "growth(x) or growth(x, k) with k a whole number ≥ 1",
  },
  mean_t: { minArgs: 1, maxArgs: 1, usage: "mean_t(x)" },
  sum_t: { minArgs: 1, maxArgs: 1, usage: "sum_t(x)" },
  mean_i: { minArgs: 1, maxArgs: 1, usage: "mean_i(x)" },
  first: { minArgs: 1, maxArgs: 1, usage: "first(x)" },
};

const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** Where issues of one source text are located: file, row (its line in a definitions text) and path (["derive", index]). */
interface SourceContext {
  readonly file?: string;
  readonly row?: number;
  readonly path?: readonly (string | number)[];
}

/**
 * Parses an expression into its AST (recursive descent; see the module comment for the grammar and function table).
 * Reference: C's precedence order for the binary operators (Kernighan & Ritchie 1988, §A7); ^ right-associative and binding tighter than unary minus as in Stata ([U] 13.2.1) and R (?Syntax).
 * @param source expression text, e.g. "rd_exp / gdp * 100"
 * @returns the AST
 * @throws NqpfInputError `bad_expression` with the position, the offending token and a hint: a syntax error (the first one), every unknown function, wrong argument count or non-constant step/digits argument
 * @example
 * parseExpression("-2^2") // => { kind: "unary", operator: "-", operand: { kind: "binary", operator: "^", … }, position: 1 }
 */
export function parseExpression(source: string): Expression {
  const issues: InputIssue[] = [];
  const tokens = tokenize(source, {}, issues);
  const expression = tokens === undefined ? undefined : parseTokens(tokens, 0, {}, issues);
  if (issues.length > 0 || expression === undefined) throwIssues(issues);
  return expression;
}

export interface EvaluateExpressionOptions {
  /** Name of the result column; default "value". */
  readonly name?: string;
  /** Time step for lag/lead/diff/growth; default the panel's smallest step. */
  readonly delta?: number;
}

/**
 * Evaluates an expression over every panel row (see the module comment for operators and functions).
 * Reference: the grammar and function table in this module's comment; time operators as Stata [U] 13.9.
 * @param p panel
 * @param expression AST from `parseExpression`, or source text
 * @param options name, delta
 * @returns the column, the count of undefined cells (domain errors) and the first rows where they occur
 * @throws NqpfInputError `bad_expression` for syntax errors and text columns, `unknown_column` with the available variables
 * @example
 * evaluateExpression(p, "ln(gdp / pop_yearend)").column.values // => log GDP per person, per row
 */
export function evaluateExpression(
  p: Panel,
  expression: Expression | string,
  options: EvaluateExpressionOptions = {},
): DerivedColumn {
  const ast = typeof expression === "string" ? parseExpression(expression) : expression;
  const issues: InputIssue[] = [];
  checkVariables(ast, p.table, new Set(), new Map(), {}, issues);
  if (issues.length > 0) throwIssues(issues);
  const context = evaluationContext(p, p.table, options.delta);
  return toDerived(evaluate(ast, context), options.name ?? "value", {});
}

export interface DeriveVariablesOptions {
  /** File the definitions come from (issue locations; rows are its line numbers when `definitions` is one text). */
  readonly file?: string;
  /** Allow a definition to overwrite an existing variable or an earlier definition; default false. */
  readonly replace?: boolean;
  /** Time step for lag/lead/diff/growth; default the panel's smallest step. */
  readonly delta?: number;
}

/** What one definition produced. */
export interface DerivationReport {
  readonly name: string;
  readonly expression: string;
  /** Cells left missing by a domain error (ln(0), x/0, a zero growth base…). */
  readonly undefinedCount: number;
  /** The first such cells, at most 10. */
  readonly undefinedCells: readonly { readonly entity: string; readonly time: number }[];
  /** All missing cells of the new variable, undefined ones included. */
  readonly missingCount: number;
}

export interface DeriveVariablesResult {
  readonly panel: Panel;
  readonly reports: readonly DerivationReport[];
}

/**
 * Adds derived variables from definitions `name = expression`, applied in order (a definition may use the variables defined before it).
 * `definitions` is one text (one definition per line; blank lines and lines starting with "#" are skipped) or a list. Every problem of every definition is reported together before anything is computed.
 * Reference: the grammar and function table in this module's comment (Stata `generate` with time-series operators).
 * @param p panel
 * @param definitions e.g. "rd_intensity = rd_exp / gdp * 100\ngdp_growth = growth(gdp)"
 * @param options file, replace, delta
 * @returns the panel with the new columns appended (rows unchanged) and one report per definition
 * @throws NqpfInputError `bad_expression` (syntax, text columns, bad targets) and `unknown_column` (with the available variables), `duplicate_column` for a target that exists already; each with path ["derive", index], the position in the message, and the line as row when the definitions came as one text
 * @example
 * deriveVariables(p, "gdp_pc = gdp / pop_yearend * 10000").reports[0].undefinedCount // => 0
 */
export function deriveVariables(
  p: Panel,
  definitions: string | readonly string[],
  options: DeriveVariablesOptions = {},
): DeriveVariablesResult {
  const lines: { readonly text: string; readonly row?: number }[] =
    typeof definitions === "string"
      ? definitions
          .split(/\r?\n/)
          .map((text, i) => ({ text, row: i + 1 }))
          .filter((line) => line.text.trim() !== "" && !line.text.trim().startsWith("#"))
      : definitions.map((text) => ({ text }));
  const issues: InputIssue[] = [];
  const parsed: { name: string; expression: Expression | undefined; source: string }[] = [];
  lines.forEach((line, index) => {
    const context: SourceContext = {
      ...(options.file !== undefined ? { file: options.file } : {}),
      ...(line.row !== undefined ? { row: line.row } : {}),
      path: ["derive", index],
    };
    const definition = parseDefinition(line.text, context, issues);
    if (definition) parsed.push(definition);
    else parsed.push({ name: "", expression: undefined, source: line.text });
  });

  // Targets and variable references, all definitions at once.
  const replace = options.replace ?? false;
  const defined = new Set<string>();
  const later = new Map<string, number>();
  parsed.forEach((d, index) => {
    if (d.name !== "" && !later.has(d.name)) later.set(d.name, index);
  });
  parsed.forEach((d, index) => {
    const context: SourceContext = {
      ...(options.file !== undefined ? { file: options.file } : {}),
      ...(lines[index]!.row !== undefined ? { row: lines[index]!.row } : {}),
      path: ["derive", index],
    };
    if (d.expression) {
      const pending = new Map([...later].filter(([, at]) => at > index));
      checkVariables(d.expression, p.table, defined, pending, context, issues);
    }
    if (d.name === "") return;
    if (d.name === p.entity || d.name === p.time) {
      issues.push({
        code: "bad_expression",
        ...context,
        column: d.name,
        message: `"${d.name}" is the panel's ${d.name === p.entity ? "entity" : "time"} column and cannot be redefined`,
        hint: "choose another name for the new variable",
      });
    } else if (!replace && (defined.has(d.name) || p.table.columns.some((c) => c.name === d.name))) {
      issues.push({
        code: "duplicate_column",
        ...context,
        column: d.name,
        message: `variable "${d.name}" exists already`,
        hint: "choose a new name, or allow replacing existing variables (replace)",
      });
    }
    defined.add(d.name);
  });
  if (issues.length > 0) throwIssues(issues);

  let current = p;
  const reports: DerivationReport[] = [];
  for (const d of parsed) {
    const context = evaluationContext(current, current.table, options.delta);
    const derived = toDerived(evaluate(d.expression!, context), d.name, { label: d.source });
    let missingCount = 0;
    for (const m of derived.column.missing) if (m !== 0) missingCount++;
    reports.push({
      name: d.name,
      expression: d.source,
      undefinedCount: derived.undefinedCount,
      undefinedCells: derived.undefinedRows.map((r) => ({
        entity: current.entities[current.entityOf[r]!]!,
        time: current.times[current.timeOf[r]!]!,
      })),
      missingCount,
    });
    current = { ...current, table: withReplacedColumn(current.table, derived.column) };
  }
  return { panel: current, reports };
}

// ---------------------------------------------------------------------------------------------
// Tokens

type TokenKind = "number" | "name" | "quoted" | "operator" | "end";

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value: number;
  /** 1-based character (code point) column. */
  readonly position: number;
  /** Offset in the source string (UTF-16 code units). */
  readonly index: number;
}

const OPERATORS = [
  "<=",
  ">=",
  "==",
  "!=",
  "&&",
  "||",
  "+",
  "-",
  "*",
  "/",
  "^",
  "(",
  ")",
  ",",
  "<",
  ">",
  "!",
  "=",
];
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[\p{L}_][\p{L}\p{N}\p{M}_]*/uy;
const FULL_WIDTH: Readonly<Record<string, string>> = {
  "（": "(",
  "）": ")",
  "，": ",",
  "＋": "+",
  "－": "-",
  "＊": "*",
  "／": "/",
  "＝": "=",
  "＜": "<",
  "＞": ">",
  "＾": "^",
};

function tokenize(source: string, context: SourceContext, issues: InputIssue[]): Token[] | undefined {
  const tokens: Token[] = [];
  let index = 0;
  let position = 1;
  const advance = (to: number) => {
    position += codePoints(source, index, to);
    index = to;
  };
  while (index < source.length) {
    const char = source[index]!;
    if (/\s/u.test(char)) {
      advance(index + 1);
      continue;
    }
    NUMBER.lastIndex = index;
    const number = NUMBER.exec(source);
    if (number) {
      const value = Number(number[0]);
      if (!Number.isFinite(value)) {
        issues.push(
          syntaxIssue(
            context,
            `number ${number[0]} at position ${position} is too large`,
            "use a number below 1.8e308",
          ),
        );
        return undefined;
      }
      tokens.push({ kind: "number", text: number[0], value, position, index });
      advance(index + number[0].length);
      continue;
    }
    NAME.lastIndex = index;
    const name = NAME.exec(source);
    if (name) {
      tokens.push({ kind: "name", text: name[0], value: Number.NaN, position, index });
      advance(index + name[0].length);
      continue;
    }
    if (char === "`") {
      const close = source.indexOf("`", index + 1);
      if (close < 0) {
        issues.push(
          syntaxIssue(
            context,
            `the backquote at position ${position} is never closed`,
            "close the column name with a second backquote, e.g. `R&D stock`",
          ),
        );
        return undefined;
      }
      const text = source.slice(index + 1, close);
      if (text.trim() === "") {
        issues.push(
          syntaxIssue(
            context,
            `empty column name in backquotes at position ${position}`,
            "write the column name between the backquotes",
          ),
        );
        return undefined;
      }
      tokens.push({ kind: "quoted", text, value: Number.NaN, position, index });
      advance(close + 1);
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, index));
    if (operator !== undefined) {
      tokens.push({ kind: "operator", text: operator, value: Number.NaN, position, index });
      advance(index + operator.length);
      continue;
    }
    const symbol = String.fromCodePoint(source.codePointAt(index)!);
    const ascii = FULL_WIDTH[symbol];
    const hint =
      ascii !== undefined
        ? `use the ASCII "${ascii}" instead of the full-width "${symbol}"`
        : symbol === "&" || symbol === "|"
          ? `use ${symbol}${symbol} for logical ${symbol === "&" ? "and" : "or"}`
          : "names may contain letters, digits and _; put other column names in backquotes, e.g. `R&D stock`";
    issues.push(syntaxIssue(context, `unexpected character "${symbol}" at position ${position}`, hint));
    return undefined;
  }
  tokens.push({ kind: "end", text: "", value: Number.NaN, position, index });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parser

/** Thrown inside the parser to stop at the first syntax error (caught in parseTokens). */
class SyntaxStop extends Error {
  readonly issue: InputIssue;
  constructor(issue: InputIssue) {
    super(issue.message);
    this.issue = issue;
  }
}

const COMPARISONS = new Set(["<", "<=", ">", ">=", "==", "!="]);

/** Parses tokens[start…] as one expression that must run to the end. Syntax errors stop this text; function-call problems are collected and parsing goes on. */
function parseTokens(
  tokens: readonly Token[],
  start: number,
  context: SourceContext,
  issues: InputIssue[],
): Expression | undefined {
  let i = start;
  const peek = (): Token => tokens[i]!;
  const next = (): Token => tokens[i++]!;
  const isOperator = (token: Token, text: string) => token.kind === "operator" && token.text === text;
  const fail = (message: string, hint: string): never => {
    throw new SyntaxStop(syntaxIssue(context, message, hint));
  };
  const describe = describeToken;

  const parseOr = (): Expression => {
    let left = parseAnd();
    while (isOperator(peek(), "||")) {
      const op = next();
      left = { kind: "binary", operator: "||", left, right: parseAnd(), position: op.position };
    }
    return left;
  };
  const parseAnd = (): Expression => {
    let left = parseComparison();
    while (isOperator(peek(), "&&")) {
      const op = next();
      left = { kind: "binary", operator: "&&", left, right: parseComparison(), position: op.position };
    }
    return left;
  };
  const parseComparison = (): Expression => {
    const left = parseSum();
    const token = peek();
    if (token.kind !== "operator" || !COMPARISONS.has(token.text)) return left;
    next();
    const right = parseSum();
    const after = peek();
    if (after.kind === "operator" && COMPARISONS.has(after.text)) {
      fail(
        `comparisons cannot be chained ("${after.text}" at position ${after.position})`,
        "combine two comparisons with &&, e.g. a < b && b < c",
      );
    }
    return { kind: "binary", operator: token.text as BinaryOperator, left, right, position: token.position };
  };
  const parseSum = (): Expression => {
    let left = parseProduct();
    while (isOperator(peek(), "+") || isOperator(peek(), "-")) {
      const op = next();
      left = {
        kind: "binary",
        operator: op.text as BinaryOperator,
        left,
        right: parseProduct(),
        position: op.position,
      };
    }
    return left;
  };
  const parseProduct = (): Expression => {
    let left = parseUnary();
    while (isOperator(peek(), "*") || isOperator(peek(), "/")) {
      const op = next();
      left = {
        kind: "binary",
        operator: op.text as BinaryOperator,
        left,
        right: parseUnary(),
        position: op.position,
      };
    }
    return left;
  };
  const parseUnary = (): Expression => {
    const token = peek();
    if (isOperator(token, "-") || isOperator(token, "!")) {
      next();
      return {
        kind: "unary",
        operator: token.text as UnaryOperator,
        operand: parseUnary(),
        position: token.position,
      };
    }
    if (isOperator(token, "+")) {
      next();
      return parseUnary();
    }
    return parsePower();
  };
  const parsePower = (): Expression => {
    const base = parseAtom();
    if (!isOperator(peek(), "^")) return base;
    const op = next();
    return { kind: "binary", operator: "^", left: base, right: parseUnary(), position: op.position };
  };
  const parseAtom = (): Expression => {
    const token = next();
    if (token.kind === "number") return { kind: "number", value: token.value, position: token.position };
    if (token.kind === "quoted") return { kind: "variable", name: token.text, position: token.position };
    if (token.kind === "name") {
      if (isOperator(peek(), "(")) return parseCall(token);
      return { kind: "variable", name: token.text, position: token.position };
    }
    if (isOperator(token, "(")) {
      const inner = parseOr();
      const close = next();
      if (close.kind === "end")
        fail(`"(" at position ${token.position} is never closed`, `add ")" at the end of the expression`);
      if (!isOperator(close, ")"))
        fail(
          `expected ")" or an operator at position ${close.position}, found ${describe(close)}`,
          missingOperatorHint(close),
        );
      return inner;
    }
    const previous = i >= start + 2 ? tokens[i - 2] : undefined;
    if (token.kind === "end") {
      if (previous === undefined)
        fail("the expression is empty", "write an expression, e.g. rd_exp / gdp * 100");
      fail(
        `the expression ends after ${describe(previous!)} at position ${previous!.position}`,
        `add what follows ${describe(previous!)} or remove it`,
      );
    }
    if (isOperator(token, ")"))
      fail(
        `unexpected ")" at position ${token.position}`,
        previous !== undefined && isOperator(previous, "(")
          ? "the parentheses are empty; put an expression inside"
          : `an operand is missing before ")"`,
      );
    if (isOperator(token, "="))
      fail(
        `unexpected "=" at position ${token.position}`,
        "use == to compare; a definition has the form name = expression, once per line",
      );
    if (isOperator(token, "*") && previous !== undefined && isOperator(previous, "*"))
      fail(`unexpected "*" at position ${token.position}`, "use ^ for powers, e.g. x^2");
    return fail(
      `unexpected ${describe(token)} at position ${token.position}`,
      `an operand (number, variable or function call) is missing before ${describe(token)}`,
    );
  };
  const parseCall = (nameToken: Token): Expression => {
    next();
    const args: Expression[] = [];
    if (isOperator(peek(), ")")) {
      next();
    } else {
      for (;;) {
        args.push(parseOr());
        const token = next();
        if (isOperator(token, ")")) break;
        if (isOperator(token, ",")) continue;
        if (token.kind === "end")
          fail(
            `"${nameToken.text}(" at position ${nameToken.position} is never closed`,
            `add ")" after the last argument`,
          );
        fail(
          `expected "," or ")" at position ${token.position}, found ${describe(token)}`,
          missingOperatorHint(token),
        );
      }
    }
    const spec = Object.hasOwn(FUNCTIONS, nameToken.text)
      ? FUNCTIONS[nameToken.text as FunctionName]
      : undefined;
    if (spec === undefined) {
      issues.push(
        syntaxIssue(
          context,
          `unknown function "${nameToken.text}" at position ${nameToken.position}`,
          `${suggest(nameToken.text, FUNCTION_NAMES)}known functions: ${FUNCTION_NAMES.join(", ")}`,
        ),
      );
      return { kind: "number", value: 0, position: nameToken.position };
    }
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const expected =
        spec.minArgs === spec.maxArgs
          ? `${spec.minArgs}`
          : spec.maxArgs === Number.POSITIVE_INFINITY
            ? `at least ${spec.minArgs}`
            : `${spec.minArgs} or ${spec.maxArgs}`;
      issues.push(
        syntaxIssue(
          context,
          `${nameToken.text}() at position ${nameToken.position} takes ${expected} argument${spec.maxArgs === 1 ? "" : "s"}; got ${args.length}`,
          `write ${spec.usage}`,
        ),
      );
    }
    const constant = spec.constant;
    if (constant !== undefined && args.length > constant.index) {
      const arg = args[constant.index]!;
      const value = constantValue(arg);
      if (value === undefined || !Number.isInteger(value) || value < constant.min || value > constant.max) {
        issues.push(
          syntaxIssue(
            context,
            `${nameToken.text}(): ${constant.what} at position ${arg.position} must be a whole number from ${constant.min} to ${constant.max}`,
            `write ${spec.usage}`,
          ),
        );
      }
    }
    return { kind: "call", name: nameToken.text as FunctionName, args, position: nameToken.position };
  };

  try {
    const expression = parseOr();
    const rest = peek();
    if (rest.kind !== "end") {
      if (isOperator(rest, ")"))
        fail(`unmatched ")" at position ${rest.position}`, `remove it or add the matching "("`);
      if (isOperator(rest, "="))
        fail(
          `unexpected "=" at position ${rest.position}`,
          "use == to compare; a definition has the form name = expression, once per line",
        );
      fail(`unexpected ${describe(rest)} at position ${rest.position}`, missingOperatorHint(rest));
    }
    return expression;
  } catch (error) {
    if (error instanceof SyntaxStop) {
      issues.push(error.issue);
      return undefined;
    }
    throw error;
  }
}

function missingOperatorHint(token: Token): string {
  return token.kind === "end"
    ? "the expression is incomplete"
    : `an operator is missing before ${describeToken(token)} (use * to multiply)`;
}

function describeToken(token: Token): string {
  return token.kind === "quoted" ? `\`${token.text}\`` : `"${token.text}"`;
}

/** Parses "name = expression"; returns undefined (with an issue) when the shape is wrong. */
function parseDefinition(
  text: string,
  context: SourceContext,
  issues: InputIssue[],
): { name: string; expression: Expression | undefined; source: string } | undefined {
  const tokens = tokenize(text, context, issues);
  if (tokens === undefined) return undefined;
  const target = tokens[0]!;
  const equals = tokens[1];
  if (
    !(target.kind === "name" || target.kind === "quoted") ||
    equals === undefined ||
    equals.kind !== "operator" ||
    equals.text !== "="
  ) {
    issues.push(
      syntaxIssue(
        context,
        `a definition has the form name = expression; got "${text.trim()}"`,
        "start the line with the new variable's name and =, e.g. rd_intensity = rd_exp / gdp * 100",
      ),
    );
    return undefined;
  }
  if (tokens[2]!.kind === "end") {
    issues.push(
      syntaxIssue(
        context,
        `nothing follows "=" at position ${equals.position}`,
        "write the expression after =, e.g. rd_intensity = rd_exp / gdp * 100",
      ),
    );
    return { name: target.text, expression: undefined, source: "" };
  }
  return {
    name: target.text,
    expression: parseTokens(tokens, 2, context, issues),
    source: text.slice(tokens[2]!.index).trim(),
  };
}

function constantValue(expression: Expression): number | undefined {
  if (expression.kind === "number") return expression.value;
  if (expression.kind === "unary" && expression.operator === "-" && expression.operand.kind === "number")
    return -expression.operand.value;
  return undefined;
}

/** Number of characters (code points) in source[from, to). */
function codePoints(source: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const unit = source.charCodeAt(k);
    if (!(unit >= 0xdc00 && unit <= 0xdfff)) count++;
  }
  return count;
}

function syntaxIssue(context: SourceContext, message: string, hint: string): InputIssue {
  return { code: "bad_expression", ...context, message, hint };
}

// ---------------------------------------------------------------------------------------------
// Checking variable references

function checkVariables(
  expression: Expression,
  data: Table,
  defined: ReadonlySet<string>,
  pending: ReadonlyMap<string, number>,
  context: SourceContext,
  issues: InputIssue[],
): void {
  const visit = (node: Expression): void => {
    switch (node.kind) {
      case "number":
        return;
      case "variable": {
        if (defined.has(node.name)) return;
        const column = data.columns.find((c) => c.name === node.name);
        if (column === undefined) {
          const names = [...data.columns.map((c) => c.name), ...defined];
          const later = pending.get(node.name);
          issues.push({
            code: "unknown_column",
            ...context,
            column: node.name,
            message: `unknown variable "${node.name}" at position ${node.position}`,
            hint:
              later !== undefined
                ? `"${node.name}" is defined by a later definition (index ${later}); move that definition above this one`
                : `${suggest(node.name, names)}available variables: ${truncate(names.join(", "), 300)}`,
          });
        } else if (column.type !== "number") {
          issues.push({
            code: "bad_expression",
            ...context,
            column: node.name,
            message: `variable "${node.name}" at position ${node.position} holds text, not numbers`,
            hint: "use numeric variables only; convert this column to numbers first",
          });
        }
        return;
      }
      case "unary":
        visit(node.operand);
        return;
      case "binary":
        visit(node.left);
        visit(node.right);
        return;
      case "call":
        node.args.forEach(visit);
        return;
    }
  };
  visit(expression);
}

// ---------------------------------------------------------------------------------------------
// Evaluation: every node gives values plus a state per row (0 ok, 1 missing, 2 undefined)

const OK = 0;
const MISSING_STATE = 1;
const UNDEFINED = 2;

interface Cells {
  readonly values: Float64Array;
  readonly state: Uint8Array;
}

interface EvaluationContext {
  readonly panel: Panel;
  readonly data: Table;
  readonly delta: number;
  readonly shifts: Map<number, Int32Array>;
}

function evaluationContext(p: Panel, data: Table, delta: number | undefined): EvaluationContext {
  return { panel: p, data, delta: delta ?? panelDelta(p), shifts: new Map() };
}

function evaluate(node: Expression, context: EvaluationContext): Cells {
  const n = context.data.rowCount;
  switch (node.kind) {
    case "number":
      return { values: new Float64Array(n).fill(node.value), state: new Uint8Array(n) };
    case "variable": {
      const column = context.data.columns.find((c) => c.name === node.name) as NumberColumn;
      return {
        values: column.values,
        state: Uint8Array.from(column.missing, (m) => (m === 0 ? OK : MISSING_STATE)),
      };
    }
    case "unary": {
      const operand = evaluate(node.operand, context);
      return node.operator === "-" ? map1(operand, (x) => -x) : map1(operand, (x) => (x === 0 ? 1 : 0));
    }
    case "binary":
      return map2(evaluate(node.left, context), evaluate(node.right, context), BINARY[node.operator]);
    case "call":
      return evaluateCall(node.name, node.args, context);
  }
}

const BINARY: Readonly<Record<BinaryOperator, (a: number, b: number) => number>> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => (b === 0 ? Number.NaN : a / b),
  "^": (a, b) => Math.pow(a, b),
  "<": (a, b) => (a < b ? 1 : 0),
  "<=": (a, b) => (a <= b ? 1 : 0),
  ">": (a, b) => (a > b ? 1 : 0),
  ">=": (a, b) => (a >= b ? 1 : 0),
  "==": (a, b) => (a === b ? 1 : 0),
  "!=": (a, b) => (a !== b ? 1 : 0),
  "&&": (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  "||": (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
};

function evaluateCall(name: FunctionName, args: readonly Expression[], context: EvaluationContext): Cells {
  const arg = (k: number) => evaluate(args[k]!, context);
  const steps = () => (args.length > 1 ? constantValue(args[1]!)! : 1);
  switch (name) {
    case "ln":
    case "log":
      return map1(arg(0), (x) => (x > 0 ? Math.log(x) : Number.NaN));
    case "log10":
      return map1(arg(0), (x) => (x > 0 ? Math.log10(x) : Number.NaN));
    case "exp":
      return map1(arg(0), Math.exp);
    case "sqrt":
      return map1(arg(0), (x) => (x >= 0 ? Math.sqrt(x) : Number.NaN));
    case "abs":
      return map1(arg(0), Math.abs);
    case "min":
    case "max": {
      const f = name === "min" ? Math.min : Math.max;
      let result = arg(0);
      for (let k = 1; k < args.length; k++) result = map2(result, arg(k), f);
      return result;
    }
    case "pow":
      return map2(arg(0), arg(1), Math.pow);
    case "round": {
      const digits = args.length > 1 ? constantValue(args[1]!)! : 0;
      return map1(arg(0), (x) => Number(x.toFixed(digits)));
    }
    case "if":
      return choose(arg(0), arg(1), arg(2));
    case "missing": {
      const x = arg(0);
      return {
        values: Float64Array.from(x.state, (s) => (s === OK ? 0 : 1)),
        state: new Uint8Array(x.state.length),
      };
    }
    case "lag":
      return shift(arg(0), rowsAt(context, steps()));
    case "lead":
      return shift(arg(0), rowsAt(context, -steps()));
    case "diff": {
      const x = arg(0);
      return map2(x, shift(x, rowsAt(context, steps())), (a, b) => a - b);
    }
    case "growth": {
      const x = arg(0);
      return map2(x, shift(x, rowsAt(context, steps())), (a, b) => (b > 0 ? a / b - 1 : Number.NaN));
    }
    case "mean_t":
      return aggregate(arg(0), context.panel.timeOf, context.panel.times.length, "mean");
    case "sum_t":
      return aggregate(arg(0), context.panel.timeOf, context.panel.times.length, "sum");
    case "mean_i":
      return aggregate(arg(0), context.panel.entityOf, context.panel.entities.length, "mean");
    case "first":
      return aggregate(arg(0), context.panel.entityOf, context.panel.entities.length, "first");
  }
}

function rowsAt(context: EvaluationContext, k: number): Int32Array {
  let rows = context.shifts.get(k);
  if (rows === undefined) {
    rows = shiftedRows(context.panel, k, context.delta);
    context.shifts.set(k, rows);
  }
  return rows;
}

/** A value is undefined when it is NaN, or infinite although its inputs were finite. */
function checked(value: number, inputsFinite: boolean): boolean {
  return !Number.isNaN(value) && (Number.isFinite(value) || !inputsFinite);
}

function map1(x: Cells, f: (a: number) => number): Cells {
  const n = x.values.length;
  const values = new Float64Array(n).fill(Number.NaN);
  const state = Uint8Array.from(x.state);
  for (let r = 0; r < n; r++) {
    if (state[r] !== OK) continue;
    const a = x.values[r]!;
    const value = f(a);
    if (checked(value, Number.isFinite(a))) values[r] = value;
    else state[r] = UNDEFINED;
  }
  return { values, state };
}

function map2(x: Cells, y: Cells, f: (a: number, b: number) => number): Cells {
  const n = x.values.length;
  const values = new Float64Array(n).fill(Number.NaN);
  const state = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const s = Math.max(x.state[r]!, y.state[r]!);
    if (s !== OK) {
      state[r] = s;
      continue;
    }
    const a = x.values[r]!;
    const b = y.values[r]!;
    const value = f(a, b);
    if (checked(value, Number.isFinite(a) && Number.isFinite(b))) values[r] = value;
    else state[r] = UNDEFINED;
  }
  return { values, state };
}

function choose(condition: Cells, whenTrue: Cells, whenFalse: Cells): Cells {
  const n = condition.values.length;
  const values = new Float64Array(n).fill(Number.NaN);
  const state = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    if (condition.state[r] !== OK) {
      state[r] = condition.state[r]!;
      continue;
    }
    const source = condition.values[r] !== 0 ? whenTrue : whenFalse;
    state[r] = source.state[r]!;
    if (state[r] === OK) values[r] = source.values[r]!;
  }
  return { values, state };
}

function shift(x: Cells, rows: Int32Array): Cells {
  const n = rows.length;
  const values = new Float64Array(n).fill(Number.NaN);
  const state = new Uint8Array(n).fill(MISSING_STATE);
  for (let r = 0; r < n; r++) {
    const s = rows[r]!;
    if (s < 0) continue;
    values[r] = x.values[s]!;
    state[r] = x.state[s]!;
  }
  return { values, state };
}

/** Per group (period or entity): mean, sum or first present value, given to every row of the group. No present value: missing (undefined if some cell was undefined). */
function aggregate(x: Cells, groupOf: Int32Array, groupCount: number, kind: "mean" | "sum" | "first"): Cells {
  const n = groupOf.length;
  const total = new Float64Array(groupCount);
  const count = new Float64Array(groupCount);
  const sawUndefined = new Uint8Array(groupCount);
  const sawInfinite = new Uint8Array(groupCount);
  for (let r = 0; r < n; r++) {
    const g = groupOf[r]!;
    if (x.state[r] === UNDEFINED) sawUndefined[g] = 1;
    if (x.state[r] !== OK) continue;
    if (!Number.isFinite(x.values[r]!)) sawInfinite[g] = 1;
    if (kind === "first") {
      if (count[g] === 0) total[g] = x.values[r]!;
    } else {
      total[g] = total[g]! + x.values[r]!;
    }
    count[g] = count[g]! + 1;
  }
  const values = new Float64Array(n).fill(Number.NaN);
  const state = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const g = groupOf[r]!;
    if (count[g] === 0) {
      state[r] = sawUndefined[g] === 1 ? UNDEFINED : MISSING_STATE;
      continue;
    }
    const value = kind === "mean" ? total[g]! / count[g]! : total[g]!;
    if (checked(value, sawInfinite[g] === 0)) values[r] = value;
    else state[r] = UNDEFINED;
  }
  return { values, state };
}

function toDerived(cells: Cells, name: string, meta: { label?: string }): DerivedColumn {
  const n = cells.values.length;
  const values = new Float64Array(n);
  const missing = new Uint8Array(n);
  const undefinedRows: number[] = [];
  let undefinedCount = 0;
  for (let r = 0; r < n; r++) {
    const s = cells.state[r]!;
    if (s === OK) {
      values[r] = cells.values[r]!;
      continue;
    }
    values[r] = Number.NaN;
    missing[r] = MISSING;
    if (s === UNDEFINED) {
      undefinedCount++;
      if (undefinedRows.length < UNDEFINED_ROWS_LIMIT) undefinedRows.push(r);
    }
  }
  return { column: { type: "number", name, values, missing, meta }, undefinedCount, undefinedRows };
}

function withReplacedColumn(data: Table, column: Column): Table {
  const at = data.columns.findIndex((c) => c.name === column.name);
  const columns = at < 0 ? [...data.columns, column] : data.columns.map((c, i) => (i === at ? column : c));
  return { ...data, columns };
}

function throwIssues(issues: readonly InputIssue[]): never {
  const collector = new IssueCollector();
  for (const item of issues) collector.add(item);
  collector.throwIfAny();
  throw new RangeError("throwIssues: needs at least one issue; got 0");
}

/** "did you mean …? " for a name equal ignoring case or within edit distance 1 (2 for names longer than 5), else "". */
function suggest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = name.length > 5 ? 3 : 2;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined ? `did you mean "${best}"? ` : "";
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
