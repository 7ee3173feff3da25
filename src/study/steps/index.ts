/**
 * The registry of study steps: one module per method (steps/<method>.ts; the composite index is
 * steps/composite-index.ts, since this file is the registry), each with its option schema, checks and run.
 */
import { capitalStockStep } from "./capital-stock.js";
import { compositeIndexStep } from "./composite-index.js";
import { convergenceStep } from "./convergence.js";
import { deaStep } from "./dea.js";
import { giniStep } from "./gini.js";
import { gmlStep } from "./gml.js";
import { growthAccountingStep } from "./growth-accounting.js";
import { kdeStep } from "./kde.js";
import { luenbergerStep } from "./luenberger.js";
import { malmquistStep } from "./malmquist.js";
import { markovStep } from "./markov.js";
import { moranStep } from "./moran.js";
import type { StepDefinition, StudyMethod } from "./step.js";
import { theilStep } from "./theil.js";

/** Every method's step module, by method name. */
export const STEP_DEFINITIONS: Readonly<Record<StudyMethod, StepDefinition>> = {
  index: compositeIndexStep,
  dea: deaStep,
  malmquist: malmquistStep,
  gml: gmlStep,
  luenberger: luenbergerStep,
  "growth-accounting": growthAccountingStep,
  "capital-stock": capitalStockStep,
  gini: giniStep,
  theil: theilStep,
  kde: kdeStep,
  markov: markovStep,
  convergence: convergenceStep,
  moran: moranStep,
};
