/**
 * The study templates bundled in data/studies/ (`nqpf init [template]` copies one): name and a short description.
 * The files are read by the CLI adapter; this list is pure data.
 */

/** A bundled study template. */
export interface StudyTemplate {
  /** Name of the template; the file is data/studies/<name>.yaml. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

/** The bundled study templates, the default first. */
export const STUDY_TEMPLATES: readonly StudyTemplate[] = [
  {
    name: "china-provinces-nqpf",
    title: "New quality productive forces in China's provinces, 2012–2019",
    description:
      "Three-element entropy index 2012–2019 on china-provinces-panel; SBM-GML green TFP 2012–2018 with a perpetual-inventory capital stock (δ 0.096), employment and energy → real GDP (2012 prices), CO2 undesirable; Dagum Gini by NBS region, kernel densities by year, Markov chain (quartiles), β-convergence (two-way fixed effects) and Moran's I with queen contiguity (Hainan linked to Guangdong) on the index",
  },
  {
    name: "world-pwt",
    title: "Growth accounting and Malmquist TFP on the Penn World Table, 1990–2019",
    description:
      "PWT 10.01 for a set of countries: growth accounting with PWT's recipe (Y = rgdpna, K = rkna, L = emp·avh·hc, Törnqvist labour shares labsh) and a Malmquist TFP index (inputs rkna and emp·hc, output rgdpna) with a world map of cumulative TFP change",
  },
];
