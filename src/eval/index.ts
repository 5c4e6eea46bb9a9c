// The retrieval eval: our engine and two off-the-shelf baselines on the same questions.
export * from "./questions.js";
export * from "./scoring.js";
export * from "./system.js";
export * from "./chunks.js";
export * from "./run.js";
export * from "./report.js";
export { oramaBaseline, ORAMA_BASELINE_NAME } from "./baselines/orama.js";
export { miniSearchBaseline, MINISEARCH_BASELINE_NAME } from "./baselines/minisearch.js";
export * from "./evaluate.js";
