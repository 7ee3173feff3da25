/**
 * Option pieces several step modules share: the group column (a column, or false for none, default the study's
 * first group column) and the variable uses of column lists.
 */
import { z } from "zod";
import { columnName, expected, listOf } from "../problems.js";
import type { StepCheckContext, VariableUse } from "./step.js";

/** `group:` a column whose values label groups, or false for no groups; default the study's first group column. */
export const groupOption = z
  .union([columnName, z.literal(false)], {
    error: expected("a column name or false", "write e.g. group: region_nbs4 (or group: false for none)"),
  })
  .optional();

/**
 * The group column a step uses: the one it names, none for false, else the study's default group column.
 * @param group the step's `group` option
 * @param ctx the step's context
 * @returns the column, or undefined
 */
export function resolveGroup(
  group: string | false | undefined,
  ctx: Pick<StepCheckContext, "defaultGroup">,
): string | undefined {
  if (group === false) return undefined;
  return group ?? ctx.defaultGroup;
}

/**
 * The variable uses of a group option (only when the step names a column; the default is checked with the data).
 * @param group the step's `group` option
 * @returns zero or one use
 */
export function groupUse(group: string | false | undefined): VariableUse[] {
  return typeof group === "string" ? [{ path: ["group"], name: group, kind: "category" }] : [];
}

/**
 * The variable uses of a column list option, one per name, with the list index in the path when the study wrote
 * a list.
 * @param key the option key, e.g. "inputs"
 * @param value the option as written (a list or a comma-separated text)
 * @param kind what the columns must be
 * @returns the uses
 */
export function listUses(
  key: string,
  value: string | readonly string[] | undefined,
  kind: VariableUse["kind"] = "number",
): VariableUse[] {
  if (value === undefined) return [];
  const names = listOf(value);
  return names.map((name, i) => ({ path: typeof value === "string" ? [key] : [key, i], name, kind }));
}

/**
 * The variable use of a single-column option.
 * @param key the option key
 * @param name the column (undefined: none)
 * @param kind what it must be
 * @returns zero or one use
 */
export function oneUse(
  key: string,
  name: string | undefined,
  kind: VariableUse["kind"] = "number",
): VariableUse[] {
  return name !== undefined ? [{ path: [key], name, kind }] : [];
}
