import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { describeColumn } from "../../src/table/describe.js";
import { numberColumn, stringColumn } from "../../src/table/table.js";

describe("describeColumn", () => {
  it("describeColumn(c) counts missing and extended missing, min, max, mean", () => {
    const c = numberColumn("x", [1, 2, 0, 6], {}, Uint8Array.from([0, 0, 3, 0]));
    expect(describeColumn(c)).toMatchObject({
      count: 4,
      missing: 1,
      extendedMissing: 1,
      min: 1,
      max: 6,
      mean: 3,
    });
    expect(describeColumn(stringColumn("s", ["a", "b", "a", null]))).toMatchObject({
      missing: 1,
      distinct: 2,
    });
    expect(describeColumn(numberColumn("e", [Number.NaN]))).not.toHaveProperty("mean");
  });

  propTest.prop([fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 200 })])(
    "the mean of integers equals the exact BigInt sum divided by n",
    (xs) => {
      const exact = Number(xs.reduce((a, b) => a + BigInt(b), 0n)) / xs.length;
      expect(describeColumn(numberColumn("x", xs)).mean).toBe(exact);
    },
  );
});
