// The answer's relevance cut (src/answer/compose.ts, relevantResults): for each share of the
// first clause's score, on each half of the public seed questions and of STARD, how many of the
// top 5 an answer shows, and how often a gold clause the top 5 held is cut. /api/search and the
// hit@k figures are not touched by the cut: it only decides what an answer shows.
//   npm run index -- --input ../shared/bench/stard/corpus --out /tmp/stard-index
//   npx tsx scripts/relevance-cut.ts [--stard-index /tmp/stard-index] [--shares 0.3,0.4,0.5]
// The share was chosen on half a (seeds and STARD): the largest before the gold lost grows,
// less a step; half b checks it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ANSWER_PARAMS, relevantResults } from "../src/answer/compose.js";
import { halfOf } from "../src/eval/halves.js";
import { readQuestionFile } from "../src/eval/questions.js";
import { isGold } from "../src/eval/scoring.js";
import { readIndexDir } from "../src/node/index-dir.js";
import { search, type SearchHit } from "../src/search/engine.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const root = new URL("..", import.meta.url).pathname;
const stardIndex = option("--stard-index") ?? "/tmp/stard-index";
const stardQuestions = join(root, "../shared/bench/stard/queries.public.json");
const shares = (option("--shares") ?? "0,0.3,0.35,0.4,0.45,0.5,0.55,0.6,0.7").split(",").map(Number);

interface Answered {
  half: "a" | "b";
  results: SearchHit[];
  gold: Set<string>;
}

async function answered(questionFile: string, indexDir: string): Promise<Answered[]> {
  const index = readIndexDir(indexDir);
  const out: Answered[] = [];
  for (const q of readQuestionFile(questionFile).questions) {
    if (q.negative) continue;
    const response = await search(index, q.q, { k: 5 });
    if (!response.answered) continue;
    out.push({ half: halfOf(q.id), results: response.results, gold: new Set(response.results.filter((r) => isGold(r, q)).map((r) => r.id)) });
  }
  return out;
}

const sets: [string, Answered[]][] = [["seeds", await answered(join(root, "test/fixtures/seed-questions.public.json"), join(root, "index"))]];
if (existsSync(stardIndex) && existsSync(stardQuestions)) sets.push(["STARD", await answered(stardQuestions, stardIndex)]);
else console.log(`(no STARD index at ${stardIndex}, or no ${stardQuestions}: seeds only)`);

console.log(`share of the first clause's score a shown clause needs (now ${ANSWER_PARAMS.minScoreShare}); per half: clauses shown (mean of the top 5), answers of one clause, gold cut / gold in the top 5`);
for (const share of shares) {
  const cells = sets.flatMap(([name, rows]) =>
    (["a", "b"] as const).map((half) => {
      const mine = rows.filter((r) => r.half === half);
      let shown = 0;
      let one = 0;
      let had = 0;
      let lost = 0;
      for (const r of mine) {
        const kept = relevantResults(r.results, share);
        shown += kept.length;
        if (kept.length === 1) one++;
        if (r.gold.size > 0) {
          had++;
          if (!kept.some((h) => r.gold.has(h.id))) lost++;
        }
      }
      return `${name} ${half}: ${(shown / mine.length).toFixed(2)} shown, ${one}/${mine.length} one, lost ${lost}/${had}`;
    }),
  );
  console.log(`${share.toFixed(2).padStart(4)} | ${cells.join(" | ")}`);
}
