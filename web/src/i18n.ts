/**
 * UI language and number formatting of the web app: a dictionary per language that modules register their strings
 * in, `{name}` placeholders, and Intl.NumberFormat for "en" and "zh-CN". Pure: the shell sets the document's
 * language and stores the choice.
 */
import type { Locale, Strings } from "./context.js";

/** The part of the web context that is about language. */
export interface I18n {
  locale(): Locale;
  setLocale(locale: Locale): void;
  t(key: string, values?: Readonly<Record<string, string | number>>): string;
  fmt(value: number | null | undefined, digits?: number): string;
  registerStrings(strings: Strings): void;
  onLocaleChange(listener: (locale: Locale) => void): () => void;
}

/** What a missing or non-finite number shows. */
export const MISSING_NUMBER = "–";

/**
 * The BCP 47 tag of a UI language, as `<html lang>` and Intl take it.
 * @param locale the UI language
 * @returns "en" or "zh-CN"
 */
export function languageTag(locale: Locale): "en" | "zh-CN" {
  return locale === "zh" ? "zh-CN" : "en";
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * A number in the locale's notation with a fixed number of digits after the point (Intl.NumberFormat, grouping on).
 * Reference: ECMA-402 Intl.NumberFormat.
 * @param value the number; null, undefined, NaN and ±Infinity show as "–"
 * @param digits digits after the point, a whole number in [0, 20]
 * @param locale the UI language
 * @returns the formatted text
 * @throws RangeError for digits outside [0, 20]
 * @example
 * formatNumber(1234.5, 2, "en") // => "1,234.50"
 */
export function formatNumber(value: number | null | undefined, digits: number, locale: Locale): string {
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 20))
    throw new RangeError(`formatNumber: digits must be a whole number in [0, 20]; got ${digits}`);
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING_NUMBER;
  const key = `${locale}:${digits}`;
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(languageTag(locale), {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, format);
  }
  return format.format(value);
}

/**
 * Fills `{name}` placeholders; a placeholder without a value stays as written.
 * @param template the text
 * @param values the values by name
 * @returns the text with the values in
 * @example
 * fillPlaceholders("{n} rows", { n: 3 }) // => "3 rows"
 */
export function fillPlaceholders(
  template: string,
  values?: Readonly<Record<string, string | number>>,
): string {
  if (values === undefined) return template;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * The keys one language has and the other lacks (every UI string must exist in both).
 * @param strings a dictionary of both languages
 * @returns keys only in en, keys only in zh, and keys whose text is empty
 */
export function unmatchedKeys(strings: Strings): { enOnly: string[]; zhOnly: string[]; empty: string[] } {
  const en = Object.keys(strings.en);
  const zh = Object.keys(strings.zh);
  return {
    enOnly: en.filter((k) => !(k in strings.zh)),
    zhOnly: zh.filter((k) => !(k in strings.en)),
    empty: [
      ...en.filter((k) => strings.en[k]!.trim() === ""),
      ...zh.filter((k) => strings.zh[k]!.trim() === ""),
    ],
  };
}

/**
 * Creates the language state: dictionaries, the current language and its listeners.
 * Unknown keys translate to the English text, else to the key itself.
 * @param initial the starting language
 * @returns the I18n object
 * @example
 * const i18n = createI18n("zh"); i18n.registerStrings({ en: { a: "A" }, zh: { a: "甲" } }); i18n.t("a") // => "甲"
 */
export function createI18n(initial: Locale): I18n {
  let current: Locale = initial;
  const dictionaries: Record<Locale, Record<string, string>> = { en: {}, zh: {} };
  const listeners = new Set<(locale: Locale) => void>();
  return {
    locale: () => current,
    setLocale(locale) {
      if (!(["en", "zh"] as readonly string[]).includes(locale))
        throw new RangeError(`setLocale: locale must be "en" or "zh"; got ${locale}`);
      if (locale === current) return;
      current = locale;
      for (const listener of [...listeners]) listener(locale);
    },
    t(key, values) {
      const text = dictionaries[current][key] ?? dictionaries.en[key] ?? key;
      return fillPlaceholders(text, values);
    },
    fmt: (value, digits = 4) => formatNumber(value, digits, current),
    registerStrings(strings) {
      Object.assign(dictionaries.en, strings.en);
      Object.assign(dictionaries.zh, strings.zh);
    },
    onLocaleChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
