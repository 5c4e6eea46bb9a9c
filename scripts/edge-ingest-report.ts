// npx tsx scripts/edge-ingest-report.ts
// How a document ingested on the edge compares with one built by `npm run index`: each seed is
// left out of an index built with nodejieba, added back with the edge rebuild (TypeScript
// jieba over that index's lexicon), and compared with the nodejieba index built with it. Prints
// the seed questions' hits both ways and how many of the document's clauses got exactly
// nodejieba's words. (test/node/edge-ingest.test.ts asserts the hits; this prints the figures.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../src/cli/paths.js";
import { normalise } from "../src/eval/scoring.js";
import { buildIndex } from "../src/ingest/build/index.js";
import { readCorpus } from "../src/ingest/build/corpus.js";
import { rebuildIndex } from "../src/ingest/build/rebuild.js";
import { clauseTokens } from "../src/ingest/build/records.js";
import { readSynonyms } from "../src/ingest/build/synonyms.js";
import { cutForSearch } from "../src/ingest/segment/nodejieba.js";
import { allClauses } from "../src/search/db.js";
import { search } from "../src/search/engine.js";
import { loadIndexText, type LoadedIndex } from "../src/search/load-index.js";

type Q = { q: string; doc: string; gold?: string[] };
const sources = readCorpus([join(REPO_ROOT, "seeds")]);
const synonyms = readSynonyms(join(REPO_ROOT, "seeds", "synonyms.tsv"));
const questions = JSON.parse(readFileSync(join(REPO_ROOT, "test", "fixtures", "seed-questions.public.json"), "utf8")) as Q[];
const full = loadIndexText((await buildIndex(sources, synonyms)).files);

async function outcome(index: LoadedIndex, q: Q) {
  const response = await search(index, q.q, { k: 5 });
  const gold = (q.gold ?? []).map(normalise);
  const rank = response.answered ? response.results.findIndex((r) => gold.some((g) => normalise(r.text).includes(g))) + 1 : 0;
  return { rank, top5: response.results.map((r) => r.id).join(",") };
}

const t = { questions: 0, hit1: [0, 0], hit5: [0, 0], sameTop5: 0, clauses: 0, sameWords: 0 };
for (const held of sources) {
  const base = loadIndexText((await buildIndex(sources.filter((s) => s !== held), synonyms)).files);
  const edge = loadIndexText((await rebuildIndex(base, { add: [held] })).files);
  for (const c of allClauses(edge.db).filter((c) => c.docId === held.id)) {
    t.clauses++;
    const edgeWords = clauseTokens(c, (x, hmm) => base.segmenter.cutForSearch(x, hmm)).words;
    if (JSON.stringify(edgeWords) === JSON.stringify(clauseTokens(c, cutForSearch).words)) t.sameWords++;
  }
  for (const q of questions.filter((q) => q.doc === held.source && q.gold?.length)) {
    const [a, b] = [await outcome(full, q), await outcome(edge, q)];
    t.questions++;
    if (a.rank === 1) t.hit1[0]++;
    if (b.rank === 1) t.hit1[1]++;
    if (a.rank > 0) t.hit5[0]++;
    if (b.rank > 0) t.hit5[1]++;
    if (a.top5 === b.top5) t.sameTop5++;
  }
}
console.log(`seed questions about the held-out document: ${t.questions}`);
console.log(`hit@1: npm run index ${t.hit1[0]}, edge ${t.hit1[1]}; hit@5: ${t.hit5[0]} / ${t.hit5[1]}; identical top 5: ${t.sameTop5}`);
console.log(`held-out clauses with exactly nodejieba's words on the edge: ${t.sameWords} of ${t.clauses}`);
