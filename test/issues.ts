import { expect } from "vitest";
import { isNqpfInputError, type InputIssue } from "../src/errors.js";

/** Runs `f` and returns the issues of the NqpfInputError it throws; fails when it throws anything else or nothing. */
export function issuesOf(f: () => unknown): readonly InputIssue[] {
  try {
    f();
  } catch (error) {
    if (isNqpfInputError(error)) return error.issues;
    throw error;
  }
  return expect.fail("expected an NqpfInputError");
}

/** Awaits `promise` and returns the issues of the NqpfInputError it rejects with; fails otherwise. */
export async function issuesOfAsync(promise: Promise<unknown>): Promise<readonly InputIssue[]> {
  try {
    await promise;
  } catch (error) {
    if (isNqpfInputError(error)) return error.issues;
    throw error;
  }
  return expect.fail("expected an NqpfInputError");
}
