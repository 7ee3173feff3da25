import { describe, expect, it } from "vitest";
import { RESULTS_STRINGS } from "../../../web/src/results/strings.js";

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe("RESULTS_STRINGS", () => {
  it("has the same keys in English and Chinese", () => {
    expect(Object.keys(RESULTS_STRINGS.zh).sort()).toEqual(Object.keys(RESULTS_STRINGS.en).sort());
  });

  it("has no empty string and the same placeholders in both languages", () => {
    for (const [key, en] of Object.entries(RESULTS_STRINGS.en)) {
      const zh = RESULTS_STRINGS.zh[key]!;
      expect(en, key).not.toBe("");
      expect(zh, key).not.toBe("");
      expect(placeholders(zh), key).toEqual(placeholders(en));
    }
  });

  it("keeps every key under results.", () => {
    for (const key of Object.keys(RESULTS_STRINGS.en)) expect(key.startsWith("results.")).toBe(true);
  });
});
