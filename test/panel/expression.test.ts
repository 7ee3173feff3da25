import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { deriveVariables, evaluateExpression, parseExpression } from "../../src/panel/expression.js";
import { panel, type Panel } from "../../src/panel/panel.js";
import { pivotWider } from "../../src/panel/reshape.js";
import {
  MISSING,
  getColumn,
  numberColumn,
  stringColumn,
  table,
  type NumberColumn,
} from "../../src/table/table.js";
import { expectAllClose } from "../close.js";
import { NBS_ROWS } from "./fixtures/china-rows.js";
import { panelSpec, specIndex, specPanel, type PanelSpec } from "./arbitraries.js";
import { issuesOf } from "../issues.js";

function small(): Panel {
  return panel(
    table([
      stringColumn("id", ["a", "a", "a", "b", "b"]),
      numberColumn("t", [2000, 2001, 2002, 2000, 2002]),
      numberColumn("x", [1, 0, 4, -2, Number.NaN]),
      numberColumn("y", [2, 3, 0, 5, 1]),
      numberColumn("研发", [10, 20, 30, 40, 50]),
      numberColumn("R&D stock", [1, 1, 1, 1, 1]),
      stringColumn("region", ["East", "East", "East", "West", "West"]),
    ]),
    { entity: "id", time: "t" },
  );
}

function values(p: Panel, source: string): number[] {
  return Array.from(evaluateExpression(p, source).column.values);
}

describe("reference values from the NBS rows", () => {
  it("deriveVariables(p, 'gdp_pc = gdp / pop_yearend * 10000') equals the file's gdp/pop ratios (yuan per person)", () => {
    const long = table([
      numberColumn(
        "adcode",
        NBS_ROWS.map((r) => r[0]),
      ),
      numberColumn(
        "year",
        NBS_ROWS.map((r) => r[3]),
      ),
      stringColumn(
        "variable",
        NBS_ROWS.map((r) => r[4]),
      ),
      numberColumn(
        "value",
        NBS_ROWS.map((r) => r[5]),
      ),
    ]);
    const p = panel(pivotWider(long, { id: ["adcode", "year"], names: "variable", values: "value" }), {
      entity: "adcode",
      time: "year",
    });
    const { panel: derived, reports } = deriveVariables(
      p,
      "gdp_pc = gdp / pop_yearend * 10000\ngdp_growth = growth(gdp) * 100",
    );
    // gdp in 100 million yuan (lines 17000–17002, 17160–17162), pop_yearend in 10,000 persons (lines 26727–26729, 26887–26889).
    expectAllClose(
      (getColumn(derived.table, "gdp_pc") as NumberColumn).values,
      [
        (29883 / 2170.7) * 1e4,
        (33106 / 2154) * 1e4,
        (35445.1 / 2154) * 1e4,
        (32925 / 2418) * 1e4,
        (36011.8 / 2424) * 1e4,
        (37987.6 / 2428) * 1e4,
      ],
      { rel: 1e-14 },
    );
    expectAllClose(
      (getColumn(derived.table, "gdp_growth") as NumberColumn).values,
      [
        Number.NaN,
        (33106 / 29883 - 1) * 100,
        (35445.1 / 33106 - 1) * 100,
        Number.NaN,
        (36011.8 / 32925 - 1) * 100,
        (37987.6 / 36011.8 - 1) * 100,
      ],
      { rel: 1e-13 },
    );
    expect(reports.map((r) => [r.name, r.expression, r.undefinedCount, r.missingCount])).toEqual([
      ["gdp_pc", "gdp / pop_yearend * 10000", 0, 0],
      ["gdp_growth", "growth(gdp) * 100", 0, 2],
    ]);
    expect(getColumn(derived.table, "gdp_pc").meta.label).toBe("gdp / pop_yearend * 10000");
  });
});

describe("operators and functions", () => {
  it("precedence: -2^2 = -4, 2^3^2 = 512, 1 + 2 * 3 = 7, (1 + 2) * 3 = 9, 1 - 2 - 3 = -4, 8 / 4 / 2 = 1, 2^-1 = 0.5", () => {
    const p = small();
    expect(values(p, "-2^2")[0]).toBe(-4);
    expect(values(p, "2^3^2")[0]).toBe(512);
    expect(values(p, "1 + 2 * 3")[0]).toBe(7);
    expect(values(p, "(1 + 2) * 3")[0]).toBe(9);
    expect(values(p, "1 - 2 - 3")[0]).toBe(-4);
    expect(values(p, "8 / 4 / 2")[0]).toBe(1);
    expect(values(p, "2^-1")[0]).toBe(0.5);
    expect(values(p, "1e-3 * 1000")[0]).toBe(1);
    expect(values(p, "1 < 2 && 2 < 3 || 0")[0]).toBe(1);
    expect(values(p, "!0 + !5")[0]).toBe(1);
  });

  it("Chinese and backquoted names", () => {
    const p = small();
    expect(values(p, "研发 + `R&D stock`")).toEqual([11, 21, 31, 41, 51]);
  });

  it("domain errors are missing and counted; if() counts only the chosen branch", () => {
    const p = small();
    const ln = evaluateExpression(p, "ln(x)");
    // x = 1, 0, 4, -2, missing: ln(0) and ln(-2) are undefined; the missing x is missing but not counted.
    expect(ln.undefinedCount).toBe(2);
    expect(ln.undefinedRows).toEqual([1, 3]);
    expect(Array.from(ln.column.missing)).toEqual([0, MISSING, 0, MISSING, MISSING]);
    expect(evaluateExpression(p, "y / x").undefinedCount).toBe(1);
    expect(evaluateExpression(p, "sqrt(x)").undefinedCount).toBe(1);
    const guarded = evaluateExpression(p, "if(x > 0, ln(x), 0)");
    expect(guarded.undefinedCount).toBe(0);
    expect(Array.from(guarded.column.values)).toEqual([0, 0, Math.log(4), 0, Number.NaN]);
    expect(values(p, "missing(x)")).toEqual([0, 0, 0, 0, 1]);
    expect(values(p, "if(missing(x), -1, x)")).toEqual([1, 0, 4, -2, -1]);
  });

  it("time functions follow the periods, not the rows: b has no 2001, so lag at 2002 is missing", () => {
    const p = small();
    expect(values(p, "lag(y)")).toEqual([Number.NaN, 2, 3, Number.NaN, Number.NaN]);
    expect(values(p, "lag(y, 2)")).toEqual([Number.NaN, Number.NaN, 2, Number.NaN, 5]);
    expect(values(p, "lead(y)")).toEqual([3, 0, Number.NaN, Number.NaN, Number.NaN]);
    expect(values(p, "diff(y)")).toEqual([Number.NaN, 1, -3, Number.NaN, Number.NaN]);
    expect(values(p, "growth(y)")).toEqual([Number.NaN, 0.5, -1, Number.NaN, Number.NaN]);
    // growth(y) at a 2003 row would need base 0: see the property test; here lag 2 of b in 2002 is 5.
    expect(values(p, "growth(y, 2)")).toEqual([Number.NaN, Number.NaN, -1, Number.NaN, 1 / 5 - 1]);
  });

  it("cross-section and entity aggregates: mean_t, sum_t, mean_i, first", () => {
    const p = small();
    // Period 2000: y = 2 (a), 5 (b); 2001: 3 (a); 2002: 0 (a), 1 (b).
    expect(values(p, "mean_t(y)")).toEqual([3.5, 3, 0.5, 3.5, 0.5]);
    expect(values(p, "sum_t(y)")).toEqual([7, 3, 1, 7, 1]);
    expect(values(p, "mean_i(y)")).toEqual([5 / 3, 5 / 3, 5 / 3, 3, 3]);
    expect(values(p, "first(x)")).toEqual([1, 1, 1, -2, -2]);
    expect(values(p, "y / mean_t(y)")).toEqual([2 / 3.5, 1, 0, 5 / 3.5, 2]);
    // Period 2001 has only a's x = 0, so ln(x) is undefined there and so is its mean: counted, not merely missing.
    const meanLn = evaluateExpression(p, "mean_t(ln(x))");
    expect(meanLn.undefinedRows).toEqual([1]);
    expect(Array.from(meanLn.column.values)).toEqual([0, Number.NaN, Math.log(4), 0, Math.log(4)]);
  });

  it("round(x, d) rounds halves away from zero; min/max propagate missing", () => {
    const p = small();
    expect(values(p, "round(2.5)")[0]).toBe(3);
    expect(values(p, "round(-2.5)")[0]).toBe(-3);
    expect(values(p, "round(1.2345, 2)")[0]).toBe(1.23);
    expect(values(p, "min(x, y, 3)")).toEqual([1, 0, 0, -2, Number.NaN]);
    expect(values(p, "max(x, y)")).toEqual([2, 3, 4, 5, Number.NaN]);
  });
});

describe("errors: code, position, token and hint", () => {
  const single = (source: string) => {
    const issues = issuesOf(() => parseExpression(source));
    expect(issues.length).toBe(1);
    return issues[0]!;
  };

  it.each([
    ["ln(x", /"ln\(" at position 1 is never closed/],
    ["(a + b", /"\(" at position 1 is never closed/],
    ["a + b)", /unmatched "\)" at position 6/],
    ["a +", /ends after "\+" at position 3/],
    ["a * * b", /unexpected "\*" at position 5/],
    ["a b", /unexpected "b" at position 3/],
    ["a < b < c", /chained .* position 7/],
    ["a = b", /unexpected "=" at position 3/],
    ["a & b", /unexpected character "&" at position 3/],
    ["（a）", /unexpected character "（" at position 1/],
    ["`unclosed", /backquote at position 1 is never closed/],
    ["", /the expression is empty/],
    ["lag(x, 1.5)", /position 8 must be a whole number/],
    ["round(x, k)", /position 10 must be a whole number/],
    ["ln(x, y)", /ln\(\) at position 1 takes 1 argument; got 2/],
    ["研发 + foo(a)", /unknown function "foo" at position 6/],
  ])("parseExpression(%j) is bad_expression: %s", (source, message) => {
    const found = single(source);
    expect(found.code).toBe("bad_expression");
    expect(found.message).toMatch(message);
    expect(found.hint).toBeTruthy();
  });

  it("parseExpression collects every unknown function and wrong argument count of one text", () => {
    const issues = issuesOf(() => parseExpression("foo(a) + bar(b) + pow(a)"));
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/unknown function "foo" at position 1/),
      expect.stringMatching(/unknown function "bar" at position 10/),
      expect.stringMatching(/pow\(\) at position 19 takes 2 arguments; got 1/),
    ]);
    expect(issues[0]!.hint).toMatch(/known functions: ln, log/);
  });

  it("evaluateExpression reports unknown variables with the available list and text variables as bad_expression", () => {
    const issues = issuesOf(() => evaluateExpression(small(), "gdpp + region + yy"));
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["unknown_column", "gdpp"],
      ["bad_expression", "region"],
      ["unknown_column", "yy"],
    ]);
    expect(issues[0]!.hint).toMatch(/available variables: id, t, x, y, 研发/);
    expect(issues[2]!.hint).toMatch(/did you mean "y"/);
  });

  it("deriveVariables collects all issues of all definitions in one pass, with path and line", () => {
    const text = [
      "# derived variables",
      "ratio = x / y",
      "bad = (x + ",
      "",
      "z = foo(x) + nope",
      "w = later * 2",
      "later = ratio + 1",
      "x = 1",
      "no equals sign",
    ].join("\n");
    const issues = issuesOf(() => deriveVariables(small(), text, { file: "derive.txt" }));
    expect(issues.map((i) => [i.code, i.row, i.path, i.column])).toEqual([
      ["bad_expression", 3, ["derive", 1], undefined],
      ["bad_expression", 5, ["derive", 2], undefined],
      ["bad_expression", 9, ["derive", 6], undefined],
      ["unknown_column", 5, ["derive", 2], "nope"],
      ["unknown_column", 6, ["derive", 3], "later"],
      ["duplicate_column", 8, ["derive", 5], "x"],
    ]);
    expect(issues.every((i) => i.file === "derive.txt")).toBe(true);
    expect(issues[4]!.hint).toMatch(/later definition/);
  });

  it("deriveVariables with a list uses the list index as path and no row; replace allows redefining", () => {
    const issues = issuesOf(() => deriveVariables(small(), ["a1 = x", "a1 = y", "t = 1"]));
    expect(issues.map((i) => [i.code, i.path, i.row])).toEqual([
      ["duplicate_column", ["derive", 1], undefined],
      ["bad_expression", ["derive", 2], undefined],
    ]);
    const { panel: p } = deriveVariables(small(), ["y = y * 2", "y = y + 1"], { replace: true });
    expect(Array.from((getColumn(p.table, "y") as NumberColumn).values)).toEqual([5, 7, 1, 11, 3]);
  });

  it("deriveVariables: later definitions see earlier results; reports locate undefined cells", () => {
    const { panel: p, reports } = deriveVariables(small(), ["lx = ln(x)", "dlx = diff(lx)"]);
    expect(reports[0]!.undefinedCells).toEqual([
      { entity: "a", time: 2001 },
      { entity: "b", time: 2000 },
    ]);
    expect(reports[1]!.undefinedCount).toBe(0);
    expect(Array.from((getColumn(p.table, "dlx") as NumberColumn).values)).toEqual([
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
    ]);
  });
});

// ----- properties: random expression trees

type Node =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "unary"; readonly operator: "-" | "!"; readonly operand: Node }
  | { readonly kind: "binary"; readonly operator: string; readonly left: Node; readonly right: Node }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Node[] };

const VARIABLES = ["a", "b", "研发", "R&D stock"];
const BINARY_OPERATORS = ["+", "-", "*", "/", "^", "<", "<=", ">", ">=", "==", "!=", "&&", "||"];
const ONE_ARG = ["ln", "log", "log10", "exp", "sqrt", "abs", "missing", "mean_t", "sum_t", "mean_i", "first"];
const STEP_FUNCTIONS = ["lag", "lead", "diff", "growth"];

const literal = (value: number): Node => ({ kind: "number", value });

const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(0, 1, 2, 0.5, 3, 10, 0.001, 100).map(literal),
    fc.constantFrom(...VARIABLES).map((name): Node => ({ kind: "variable", name })),
    fc.record({
      kind: fc.constant("unary" as const),
      operator: fc.constantFrom("-" as const, "!" as const),
      operand: tie("node"),
    }),
    fc.record({
      kind: fc.constant("binary" as const),
      operator: fc.constantFrom(...BINARY_OPERATORS),
      left: tie("node"),
      right: tie("node"),
    }),
    fc.record({
      kind: fc.constant("call" as const),
      name: fc.constantFrom(...ONE_ARG),
      args: fc.tuple(tie("node")),
    }),
    fc.record({
      kind: fc.constant("call" as const),
      name: fc.constantFrom("min", "max"),
      args: fc.array(tie("node"), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant("call" as const),
      name: fc.constant("pow"),
      args: fc.tuple(tie("node"), tie("node")),
    }),
    fc.record({
      kind: fc.constant("call" as const),
      name: fc.constant("if"),
      args: fc.tuple(tie("node"), tie("node"), tie("node")),
    }),
    fc.record({
      kind: fc.constant("call" as const),
      name: fc.constant("round"),
      args: fc.oneof(
        fc.tuple(tie("node")),
        fc.tuple(tie("node"), fc.integer({ min: 0, max: 4 }).map(literal)),
      ),
    }),
    fc.record({
      kind: fc.constant("call" as const),
      name: fc.constantFrom(...STEP_FUNCTIONS),
      args: fc.oneof(
        fc.tuple(tie("node")),
        fc.tuple(tie("node"), fc.integer({ min: 1, max: 2 }).map(literal)),
      ),
    }),
  ),
})).node;

/** Binding strength used by the printer: 1 ||, 2 &&, 3 comparisons, 4 + -, 5 * /, 6 unary, 7 ^, 8 atoms. */
function strength(node: Node): number {
  if (node.kind === "unary") return 6;
  if (node.kind !== "binary") return 8;
  const op = node.operator;
  if (op === "||") return 1;
  if (op === "&&") return 2;
  if (["<", "<=", ">", ">=", "==", "!="].includes(op)) return 3;
  if (op === "+" || op === "-") return 4;
  if (op === "*" || op === "/") return 5;
  return 7;
}

/** Prints with the fewest parentheses the grammar allows (so the test exercises precedence and associativity). */
function print(node: Node): string {
  const wrap = (child: Node, atLeast: number) =>
    strength(child) >= atLeast ? print(child) : `(${print(child)})`;
  switch (node.kind) {
    case "number":
      return String(node.value);
    case "variable":
      return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(node.name) ? node.name : `\`${node.name}\``;
    case "unary":
      return `${node.operator}${wrap(node.operand, 6)}`;
    case "call":
      return `${node.name}(${node.args.map(print).join(", ")})`;
    case "binary": {
      const s = strength(node);
      if (s === 7) return `${wrap(node.left, 8)} ^ ${wrap(node.right, 6)}`;
      if (s === 3) return `${wrap(node.left, 4)} ${node.operator} ${wrap(node.right, 4)}`;
      return `${wrap(node.left, s)} ${node.operator} ${wrap(node.right, s + 1)}`;
    }
  }
}

/** The parsed AST without positions, for comparison with the generated tree. */
function stripPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPositions);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "position")
        .map(([key, v]) => [key, stripPositions(v)]),
    );
  }
  return value;
}

/** Round half away from zero of the exact binary value, with BigInt (independent of toFixed). */
function roundExact(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent = -1074;
  if (exponentBits !== 0) {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }
  const scaled = mantissa * 10n ** BigInt(digits);
  let n: bigint;
  if (exponent >= 0) n = scaled << BigInt(exponent);
  else {
    const denominator = 1n << BigInt(-exponent);
    n = (2n * scaled + denominator) / (2n * denominator);
  }
  return Number(`${x < 0 ? "-" : ""}${n}e-${digits}`);
}

interface Cell {
  readonly v: number;
  /** 0 ok, 1 missing, 2 undefined. */
  readonly s: number;
}

const ok = (v: number): Cell => (Number.isFinite(v) ? { v, s: 0 } : { v: Number.NaN, s: 2 });
const missing: Cell = { v: Number.NaN, s: 1 };

/** Scalar reference evaluator: walks the generated tree at one (entity, time), with map lookups for time shifts and explicit loops for aggregates. */
function referenceEvaluator(spec: PanelSpec) {
  const index = specIndex(spec);
  const entities = [...new Set(spec.rows.map((r) => r.entity))];
  const times = [...new Set(spec.rows.map((r) => r.time))].sort((x, y) => x - y);
  const delta = times.length < 2 ? 1 : Math.min(...times.slice(1).map((t, i) => t - times[i]!));
  const at = (node: Node, entity: string, time: number): Cell => {
    const row = index.get(`${entity}|${time}`);
    if (row === undefined) return missing;
    switch (node.kind) {
      case "number":
        return { v: node.value, s: 0 };
      case "variable": {
        const value = row.values[spec.variables.indexOf(node.name)];
        return value === null || value === undefined ? missing : { v: value, s: 0 };
      }
      case "unary": {
        const x = at(node.operand, entity, time);
        if (x.s !== 0) return x;
        return node.operator === "-" ? ok(-x.v) : ok(x.v === 0 ? 1 : 0);
      }
      case "binary": {
        const l = at(node.left, entity, time);
        const r = at(node.right, entity, time);
        if (l.s !== 0 || r.s !== 0) return l.s >= r.s ? l : r;
        return ok(binary(node.operator, l.v, r.v));
      }
      case "call":
        return call(node.name, node.args, entity, time);
    }
  };
  const binary = (op: string, a: number, b: number): number => {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        return b === 0 ? Number.NaN : a / b;
      case "^":
        return a ** b;
      case "<":
        return Number(a < b);
      case "<=":
        return Number(a <= b);
      case ">":
        return Number(a > b);
      case ">=":
        return Number(a >= b);
      case "==":
        return Number(a === b);
      case "!=":
        return Number(a !== b);
      case "&&":
        return Number(a !== 0 && b !== 0);
      default:
        return Number(a !== 0 || b !== 0);
    }
  };
  const unaryFunction = (x: Cell, f: (v: number) => number): Cell => (x.s !== 0 ? x : ok(f(x.v)));
  const shifted = (node: Node, entity: string, time: number, k: number): Cell =>
    index.has(`${entity}|${time - k * delta}`) ? at(node, entity, time - k * delta) : missing;
  const group = (cells: readonly Cell[], kind: "mean" | "sum" | "first"): Cell => {
    const present = cells.filter((c) => c.s === 0);
    if (present.length === 0) return cells.some((c) => c.s === 2) ? { v: Number.NaN, s: 2 } : missing;
    if (kind === "first") return present[0]!;
    let total = 0;
    for (const c of present) total += c.v;
    return ok(kind === "mean" ? total / present.length : total);
  };
  const call = (name: string, args: readonly Node[], entity: string, time: number): Cell => {
    const arg = (k: number) => at(args[k]!, entity, time);
    const second = args[1];
    const k = second?.kind === "number" ? second.value : name === "round" ? 0 : 1;
    switch (name) {
      case "ln":
      case "log":
        return unaryFunction(arg(0), (v) => (v > 0 ? Math.log(v) : Number.NaN));
      case "log10":
        return unaryFunction(arg(0), (v) => (v > 0 ? Math.log10(v) : Number.NaN));
      case "exp":
        return unaryFunction(arg(0), Math.exp);
      case "sqrt":
        return unaryFunction(arg(0), (v) => (v < 0 ? Number.NaN : Math.sqrt(v)));
      case "abs":
        return unaryFunction(arg(0), Math.abs);
      case "missing":
        return { v: arg(0).s === 0 ? 0 : 1, s: 0 };
      case "min":
      case "max": {
        const cells = args.map((_, j) => arg(j));
        const worst = Math.max(...cells.map((c) => c.s));
        if (worst !== 0) return worst === 2 ? { v: Number.NaN, s: 2 } : missing;
        let result = cells[0]!.v;
        for (const c of cells.slice(1))
          result = name === "min" ? Math.min(result, c.v) : Math.max(result, c.v);
        return ok(result);
      }
      case "pow": {
        const a = arg(0);
        const b = arg(1);
        if (a.s !== 0 || b.s !== 0) return a.s >= b.s ? a : b;
        return ok(a.v ** b.v);
      }
      case "if": {
        const c = arg(0);
        if (c.s !== 0) return c;
        return c.v !== 0 ? arg(1) : arg(2);
      }
      case "round":
        return unaryFunction(arg(0), (v) => roundExact(v, k));
      case "lag":
        return shifted(args[0]!, entity, time, k);
      case "lead":
        return shifted(args[0]!, entity, time, -k);
      case "diff":
      case "growth": {
        const x = arg(0);
        const base = shifted(args[0]!, entity, time, k);
        if (x.s !== 0 || base.s !== 0) return x.s >= base.s ? x : base;
        if (name === "diff") return ok(x.v - base.v);
        return base.v > 0 ? ok(x.v / base.v - 1) : { v: Number.NaN, s: 2 };
      }
      case "mean_t":
      case "sum_t":
        return group(
          entities.filter((e) => index.has(`${e}|${time}`)).map((e) => at(args[0]!, e, time)),
          name === "mean_t" ? "mean" : "sum",
        );
      case "mean_i":
        return group(
          times.filter((t) => index.has(`${entity}|${t}`)).map((t) => at(args[0]!, entity, t)),
          "mean",
        );
      default:
        return group(
          times.filter((t) => index.has(`${entity}|${t}`)).map((t) => at(args[0]!, entity, t)),
          "first",
        );
    }
  };
  return at;
}

describe("expression properties", () => {
  // More runs than the global 100: the trees are small and the space of operator combinations is large.
  propTest.prop([tree], { numRuns: 500 })(
    "parseExpression(print(tree)) gives the tree back (precedence and associativity)",
    (node) => {
      expect(stripPositions(parseExpression(print(node)))).toEqual(node);
    },
  );

  propTest.prop([panelSpec(VARIABLES, { maxEntities: 3, maxPeriods: 5 }), tree], { numRuns: 500 })(
    "evaluateExpression equals a scalar reference evaluator walking the generated tree",
    (spec, node) => {
      const p = specPanel(spec);
      const result = evaluateExpression(p, print(node));
      const reference = referenceEvaluator(spec);
      let undefinedCount = 0;
      for (let r = 0; r < p.table.rowCount; r++) {
        const expected = reference(node, p.entities[p.entityOf[r]!]!, p.times[p.timeOf[r]!]!);
        if (expected.s === 2) undefinedCount++;
        if (expected.s !== 0) {
          expect(result.column.missing[r], `row ${r} of ${print(node)}`).toBe(MISSING);
        } else {
          expect(result.column.missing[r], `row ${r} of ${print(node)}`).toBe(0);
          expectAllClose([result.column.values[r]!], [expected.v], { abs: 0, labels: [print(node)] });
        }
      }
      expect(result.undefinedCount).toBe(undefinedCount);
    },
  );
});
