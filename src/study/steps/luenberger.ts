/**
 * Study step `method: luenberger`: the Luenberger productivity indicator (additive, > 0 = growth) with undesirable
 * outputs and DDF or slacks-based inefficiencies, on a contemporaneous, sequential, global or biennial technology
 * (`technology:`). It shares the gml step's options (less `index` and `super`), tables, figures and warnings.
 */
import { luenbergerStepDefinition } from "./gml.js";
import type { StepDefinition } from "./step.js";

/** The `luenberger` step. */
export const luenbergerStep: StepDefinition = luenbergerStepDefinition;
