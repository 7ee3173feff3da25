import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  createI18n,
  fillPlaceholders,
  formatNumber,
  languageTag,
  unmatchedKeys,
} from "../../web/src/i18n.js";
import { dataStrings } from "../../web/src/pages/strings/data.js";
import { homeStrings } from "../../web/src/pages/strings/home.js";
import { methodsStrings } from "../../web/src/pages/strings/methods.js";
import { runStrings } from "../../web/src/pages/strings/run.js";
import { shellStrings } from "../../web/src/pages/strings/shell.js";
import { systemStrings } from "../../web/src/pages/strings/system.js";

const modules = { shellStrings, homeStrings, dataStrings, systemStrings, methodsStrings, runStrings };

describe("UI strings", () => {
  for (const [name, strings] of Object.entries(modules))
    it(`unmatchedKeys(${name}): every en key has a zh text and vice versa, none empty`, () => {
      expect(unmatchedKeys(strings)).toEqual({ enOnly: [], zhOnly: [], empty: [] });
    });

  it("no two modules define the same key", () => {
    const seen = new Map<string, string>();
    for (const [name, strings] of Object.entries(modules))
      for (const key of Object.keys(strings.en)) {
        expect(seen.get(key), key).toBeUndefined();
        seen.set(key, name);
      }
  });

  it("placeholders are the same in both languages", () => {
    const names = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    for (const strings of Object.values(modules))
      for (const key of Object.keys(strings.en))
        expect(names(strings.zh[key]!), key).toEqual(names(strings.en[key]!));
  });

  it("every string key the pages name literally exists (or is the prefix of keys completed at run time)", () => {
    const en = Object.assign({}, ...Object.values(modules).map((m) => m.en)) as Record<string, string>;
    const keys = Object.keys(en);
    const dir = new URL("../../web/src/pages/", import.meta.url);
    const files = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith(".ts"))
        .map((f) => new URL(f, dir)),
      new URL("../../web/src/main.ts", import.meta.url),
    ];
    const literal = /"((?:app|nav|lang|common|status|issue|home|data|system|methods|run)\.[\w.-]+)"/g;
    const unknown: string[] = [];
    for (const file of files)
      for (const [, key] of readFileSync(file, "utf8").matchAll(literal))
        if (!(key! in en) && !keys.some((k) => k.startsWith(`${key!}.`))) unknown.push(key!);
    expect(unknown).toEqual([]);
    for (const status of ["queued", "running", "done", "failed", "cancelled"])
      expect(en).toHaveProperty([`status.${status}`]);
  });

  it("unmatchedKeys finds a key missing in zh", () => {
    expect(unmatchedKeys({ en: { a: "A", b: "B" }, zh: { a: "甲", c: " " } })).toEqual({
      enOnly: ["b"],
      zhOnly: ["c"],
      empty: ["c"],
    });
  });
});

describe("formatNumber", () => {
  // Expected texts: CLDR number patterns for en and zh-CN (both "#,##0.###", group ",", decimal "."), as any
  // ECMA-402 implementation gives them; NaN and missing values show as an en dash.
  it("formatNumber(1234.5, 2, 'en') is 1,234.50 and in zh-CN the same", () => {
    expect(formatNumber(1234.5, 2, "en")).toBe("1,234.50");
    expect(formatNumber(1234.5, 2, "zh")).toBe("1,234.50");
  });

  it("formatNumber rounds to the digits and shows negative numbers with a minus", () => {
    expect(formatNumber(-0.123456, 4, "en")).toBe("-0.1235");
    expect(formatNumber(1e6, 0, "zh")).toBe("1,000,000");
  });

  it("formatNumber of null, undefined, NaN and Infinity is –", () => {
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY])
      expect(formatNumber(value, 2, "en")).toBe("–");
  });

  it("formatNumber with digits outside [0, 20] throws RangeError", () => {
    expect(() => formatNumber(1, -1, "en")).toThrow(/^formatNumber: digits/);
    expect(() => formatNumber(1, 1.5, "en")).toThrow(RangeError);
  });
});

describe("createI18n", () => {
  it("t translates in the current language, falls back to English, then to the key", () => {
    const i18n = createI18n("en");
    i18n.registerStrings({
      en: { hello: "Hello {name}", only: "English only" },
      zh: { hello: "你好 {name}" },
    });
    expect(i18n.t("hello", { name: "Ann" })).toBe("Hello Ann");
    i18n.setLocale("zh");
    expect(i18n.t("hello", { name: "安" })).toBe("你好 安");
    expect(i18n.t("only")).toBe("English only");
    expect(i18n.t("unknown.key")).toBe("unknown.key");
  });

  it("setLocale tells the listeners once per change, and unsubscribing stops it", () => {
    const i18n = createI18n("en");
    const heard: string[] = [];
    const off = i18n.onLocaleChange((l) => heard.push(l));
    i18n.setLocale("zh");
    i18n.setLocale("zh");
    off();
    i18n.setLocale("en");
    expect(heard).toEqual(["zh"]);
  });

  it("fmt uses the current language and 4 digits by default", () => {
    expect(createI18n("zh").fmt(0.5)).toBe("0.5000");
  });

  it("languageTag and fillPlaceholders", () => {
    expect([languageTag("en"), languageTag("zh")]).toEqual(["en", "zh-CN"]);
    expect(fillPlaceholders("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});
