import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/table/format-cells.js";

describe("displayWidth", () => {
  it("displayWidth(text) counts East Asian wide characters (UAX #11 W/F) as two cells", () => {
    expect(displayWidth("GDP 地区")).toBe(8);
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("北京市")).toBe(6);
    expect(displayWidth("한국")).toBe(4); // Hangul syllables
    expect(displayWidth("ＧＤＰ")).toBe(6); // full-width Latin
    expect(displayWidth("Ａ1")).toBe(3);
    expect(displayWidth("")).toBe(0);
  });
});
