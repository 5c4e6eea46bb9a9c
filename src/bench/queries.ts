// The fixed question list the latency figures run: every public seed question (31, shipped in
// test/fixtures, so a fresh clone has them) and an evenly spaced sample of the STARD legal
// queries (questions this corpus mostly cannot answer, so the abstaining path is timed too),
// when ../shared is beside the repository. What was left out is said, not skipped quietly.
import { existsSync, readFileSync } from "node:fs";
import { shownPath } from "../cli/paths.js";
import { SEED_QUESTIONS_FIXTURE, STARD_QUERIES } from "../eval/question-sets.js";

export { SEED_QUESTIONS_FIXTURE, STARD_QUERIES };

export interface BenchQuery {
  id: string;
  q: string;
}

export interface BenchQueries {
  queries: BenchQuery[];
  /** What the queries are, and from which file. */
  sources: string[];
  /** The sets that were not found, and what that leaves the figures measured on. */
  missing: string[];
}

function read(file: string): BenchQuery[] {
  return (JSON.parse(readFileSync(file, "utf8")) as { id: string; q: string }[]).map(({ id, q }) => ({ id, q }));
}

export function benchQueries(stardSample = 30, files: { seeds: string; stard: string } = { seeds: SEED_QUESTIONS_FIXTURE, stard: STARD_QUERIES }): BenchQueries {
  if (!existsSync(files.seeds)) throw new Error(`the seed questions are missing: ${files.seeds} (they ship with the repository)`);
  const seeds = read(files.seeds);
  const sources = [`${seeds.length} seed questions (${shownPath(files.seeds)})`];
  if (!existsSync(files.stard)) {
    return {
      queries: seeds,
      sources,
      missing: [
        `STARD queries not found (${shownPath(files.stard)}): latency is measured on the ${seeds.length} seed questions only, ` +
          `not on ${seeds.length} + ${stardSample} STARD queries as in the README's figures`,
      ],
    };
  }
  const stard = read(files.stard);
  const step = Math.max(1, Math.floor(stard.length / stardSample));
  const sample = stard.filter((_, i) => i % step === 0).slice(0, stardSample);
  sources.push(`${sample.length} STARD queries (one in ${step} of ${shownPath(files.stard)})`);
  return { queries: [...seeds, ...sample], sources, missing: [] };
}
