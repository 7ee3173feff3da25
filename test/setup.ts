import fc from "fast-check";

// Random seeds explore; FC_SEED (set by .ci/run) makes a run reproducible. A failure prints its seed either way.
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : undefined;
fc.configureGlobal({ numRuns: 100, ...(seed !== undefined && Number.isInteger(seed) ? { seed } : {}) });
