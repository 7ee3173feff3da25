/**
 * What a study run produces: per step, its tables (the numbers, with their meaning in the table metadata),
 * figure specifications (what to draw, with the data to draw it; rendering is an adapter's job), notes on
 * method and convention, and warnings such as units whose LPs were infeasible. Everything here is plain data,
 * so the CLI, the server and the browser can write, render or show it.
 */

import type { Table } from "../table/table.js";

/** A value on a map: region code (China: adcode; world: ISO3), display name and value (null = no data). */
export interface MapValue {
  readonly code: string;
  readonly name: string;
  readonly value: number | null;
}

/** A named series of values aligned with the figure's periods or categories (null = missing). */
export interface FigureSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

/** Figure specifications; `id` is unique within a study run and names the output files (`<id>.svg`, `<id>.png`). */
export type FigureSpec =
  | {
      readonly kind: "choropleth";
      readonly id: string;
      readonly title: string;
      readonly map: "china" | "world";
      readonly values: readonly MapValue[];
      readonly unit?: string;
    }
  | {
      readonly kind: "time-series";
      readonly id: string;
      readonly title: string;
      readonly periods: readonly number[];
      readonly series: readonly FigureSeries[];
      readonly yLabel?: string;
    }
  | {
      readonly kind: "density-surface";
      readonly id: string;
      readonly title: string;
      readonly years: readonly number[];
      readonly grid: readonly number[];
      /** years × grid densities. */
      readonly density: readonly (readonly number[])[];
    }
  | {
      readonly kind: "stacked-bar";
      readonly id: string;
      readonly title: string;
      readonly categories: readonly string[];
      readonly series: readonly FigureSeries[];
      /** Show the series as shares of each category's total. */
      readonly percent?: boolean;
    }
  | {
      readonly kind: "heatmap";
      readonly id: string;
      readonly title: string;
      readonly rows: readonly string[];
      readonly columns: readonly string[];
      /** rows × columns. */
      readonly values: readonly (readonly number[])[];
      /** Digits shown in the cells. */
      readonly digits?: number;
    }
  | {
      readonly kind: "rank-chart";
      readonly id: string;
      readonly title: string;
      readonly periods: readonly number[];
      readonly units: readonly { readonly name: string; readonly ranks: readonly (number | null)[] }[];
    }
  | {
      readonly kind: "moran-scatter";
      readonly id: string;
      readonly title: string;
      readonly z: readonly number[];
      readonly wz: readonly number[];
      readonly labels: readonly string[];
      /** LISA class per unit: "HH" | "LL" | "HL" | "LH" | "ns" (not significant). */
      readonly classes: readonly string[];
      /** Global Moran's I (the slope of Wz on z). */
      readonly slope: number;
    };

/** The result of one study step. */
export interface StepResult {
  /** The step's id in the study file (unique). */
  readonly id: string;
  /** The method, e.g. "index", "dea", "gml", "gini". */
  readonly method: string;
  /** A one-line title for reports. */
  readonly title: string;
  readonly tables: readonly Table[];
  readonly figures: readonly FigureSpec[];
  /** Method notes with references and conventions, for the report. */
  readonly notes: readonly string[];
  /** Things the reader must know, e.g. "infeasible cross-period LPs: Tibet 2014–2015 (…)". */
  readonly warnings: readonly string[];
}

/** Everything a study run produced, in step order. */
export interface StudyRunResult {
  readonly title: string;
  readonly steps: readonly StepResult[];
  /** Data sources as loaded: name, where from (bundled dataset or file path), rows, provenance line. */
  readonly sources: readonly {
    readonly name: string;
    readonly from: string;
    readonly rows: number;
    readonly provenance?: string;
  }[];
  /** Seeds used by randomised steps (permutation inference), by step id. */
  readonly seeds: Readonly<Record<string, number>>;
}
