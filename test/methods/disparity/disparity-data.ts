/**
 * The 12-unit example of methods.md §3.1 (Dagum Gini) and §3.2 (Theil): values and NBS regions, shared by the
 * method tests and the CLI tests of gini and theil.
 */

/** The 12 values y of the example, unit by unit. */
export const METHODS_Y: readonly number[] = [
  0.6, 0.45, 0.52, 0.38, 0.3, 0.25, 0.33, 0.2, 0.28, 0.15, 0.22, 0.18,
];

/** The region of each unit of {@link METHODS_Y}: four East, three Central, five West. */
export const METHODS_G: readonly string[] = [
  "East",
  "East",
  "East",
  "East",
  "Central",
  "Central",
  "Central",
  "West",
  "West",
  "West",
  "West",
  "West",
];
