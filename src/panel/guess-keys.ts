/**
 * Guesses which columns key a panel: the time column by name (year, 年份, period, …) with whole
 * numbers in a plausible range, the entity column by name (adcode, countrycode, id, province, firm,
 * dmu, …) or else the first string column. A guess is only a default; users can always name them.
 */
import type { Column, Table } from "../table/table.js";

const TIME_NAMES = ["year", "years", "年份", "年度", "年", "period", "time", "t", "date", "yr"];
const ENTITY_NAMES = [
  "adcode",
  "地区代码",
  "行政区划代码",
  "countrycode",
  "iso3",
  "iso_a3",
  "country_code",
  "code",
  "id",
  "entity",
  "unit",
  "dmu",
  "dmus",
  "firm",
  "province",
  "province_en",
  "省份",
  "地区",
  "city",
  "城市",
  "country",
  "name",
  "states",
  "region",
];

export interface PanelKeys {
  readonly entity: string | undefined;
  readonly time: string | undefined;
}

/** The likely entity and time columns of a table (undefined where none fits). */
export function guessPanelKeys(t: Table): PanelKeys {
  const byName = (names: readonly string[], accept: (c: Column) => boolean): string | undefined => {
    for (const name of names) {
      const column = t.columns.find((c) => c.name.toLowerCase() === name && accept(c));
      if (column) return column.name;
    }
    return undefined;
  };
  const time = byName(TIME_NAMES, looksLikePeriods);
  const entity =
    byName(ENTITY_NAMES, (c) => c.name !== time) ??
    t.columns.find((c) => c.type === "string" && c.name !== time)?.name;
  return { entity, time };
}

function looksLikePeriods(column: Column): boolean {
  if (column.type === "string") {
    return column.values.every((v) => v === null || /^\s*\d{1,4}\s*$/.test(v));
  }
  for (let i = 0; i < column.values.length; i++) {
    if (column.missing[i] !== 0) continue;
    const v = column.values[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 3000) return false;
  }
  return true;
}
