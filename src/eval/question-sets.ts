// Where the question sets are. The public seed questions ship with the repository as a test
// fixture (a copy of ../shared/eval/questions.public.json), so that `npm run eval` and
// `npm run bench` work in a fresh clone; STARD and the real documents are only in ../shared.
import { join } from "node:path";
import { REPO_ROOT } from "../cli/paths.js";

/** The 31 public seed questions, shipped: the default of `npm run eval`. */
export const SEED_QUESTIONS_FIXTURE = join(REPO_ROOT, "test", "fixtures", "seed-questions.public.json");
/** The same questions where the assignment keeps them (absent in a fresh clone). */
export const SHARED_SEED_QUESTIONS = join(REPO_ROOT, "..", "shared", "eval", "questions.public.json");
/** STARD's legal queries (1,234), over its own corpus: ../shared/bench/stard/corpus. */
export const STARD_QUERIES = join(REPO_ROOT, "..", "shared", "bench", "stard", "queries.public.json");
export const STARD_CORPUS = join(REPO_ROOT, "..", "shared", "bench", "stard", "corpus");
/** The 1,781 real documents scripts/realdocs-naming.ts asks about. */
export const REALDOCS = join(REPO_ROOT, "..", "shared", "bench", "realdocs", "docs");
