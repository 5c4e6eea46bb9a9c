// npx tsx scripts/edge-ingest-report.ts [--corpus DIR --questions FILE] [--hold N]
// How a document ingested on the edge compares with one built by `npm run index`: a document
// is left out of an index built with nodejieba, added back with the edge rebuild (TypeScript
// jieba over that index's lexicon), and compared with the nodejieba index built with it.
// Prints the questions' hits about the held-out documents both ways, and how many of their
// clauses got exactly nodejieba's words. Default: every seed, with the seed questions
// (test/node/edge-ingest.test.ts asserts these). With --corpus and --questions (STARD: a law
// per document, questions naming their law), the N documents with the most questions.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "../src/cli/args.js";
import { REPO_ROOT } from "../src/cli/paths.js";
import { parseQuestions, type EvalQuestion } from "../src/eval/questions.js";
import { rankOf } from "../src/eval/scoring.js";
import { buildIndex } from "../src/ingest/build/index.js";
import { readCorpus, type SourceDocument } from "../src/ingest/build/corpus.js";
import { rebuildIndex } from "../src/ingest/build/rebuild.js";
import { clauseTokens } from "../src/ingest/build/records.js";
import { readSynonyms } from "../src/ingest/build/synonyms.js";
import { cutForSearch } from "../src/ingest/segment/nodejieba.js";
import { allClauses } from "../src/search/db.js";
import { search } from "../src/search/engine.js";
import { loadIndexText, type LoadedIndex } from "../src/search/load-index.js";

const args = parseArgs(process.argv.slice(2), { values: ["corpus", "questions", "hold"] });
const corpus = resolve(args.values.corpus?.[0] ?? join(REPO_ROOT, "seeds"));
const questionFile = resolve(args.values.questions?.[0] ?? join(REPO_ROOT, "test", "fixtures", "seed-questions.public.json"));
const raw = JSON.parse(readFileSync(questionFile, "utf8")) as { id: string; doc?: string | null }[];
const { questions } = parseQuestions(raw);
const seedDoc = new Map(raw.map((q) => [q.id, q.doc ?? undefined]));

const sources = readCorpus([corpus]);
const synonyms = readSynonyms(join(REPO_ROOT, "seeds", "synonyms.tsv"));
const full = loadIndexText((await buildIndex(sources, synonyms)).files);

/** The questions whose answer is in this document. */
const about = (source: SourceDocument) => {
  const title = full.documentsById.get(source.id)?.title;
  return questions.filter((q) => !q.negative && (seedDoc.get(q.id) === source.source || q.articles.some((a) => a.law === title)));
};
const hold = Number(args.values.hold?.[0] ?? sources.length);
const held = [...sources].sort((a, b) => about(b).length - about(a).length).slice(0, hold);

async function outcome(index: LoadedIndex, q: EvalQuestion) {
  const response = await search(index, q.q, { k: 5 });
  return { rank: rankOf(q, response) ?? 0, top5: response.results.map((r) => r.id).join(",") };
}

const t = { documents: 0, questions: 0, hit1: [0, 0], hit5: [0, 0], sameTop5: 0, clauses: 0, sameWords: 0 };
for (const source of held) {
  const base = loadIndexText((await buildIndex(sources.filter((s) => s !== source), synonyms)).files);
  const edge = loadIndexText((await rebuildIndex(base, { add: [source] })).files);
  t.documents++;
  for (const c of allClauses(edge.db).filter((c) => c.docId === source.id)) {
    t.clauses++;
    const edgeWords = clauseTokens(c, (x, hmm) => base.segmenter.cutForSearch(x, hmm)).words;
    if (JSON.stringify(edgeWords) === JSON.stringify(clauseTokens(c, cutForSearch).words)) t.sameWords++;
  }
  for (const q of about(source)) {
    const [a, b] = [await outcome(full, q), await outcome(edge, q)];
    t.questions++;
    if (a.rank === 1) t.hit1[0]++;
    if (b.rank === 1) t.hit1[1]++;
    if (a.rank > 0) t.hit5[0]++;
    if (b.rank > 0) t.hit5[1]++;
    if (a.top5 === b.top5) t.sameTop5++;
  }
  process.stderr.write(`· ${source.source}: ${about(source).length} questions\n`);
}
console.log(`${t.documents} documents held out of ${sources.length} (${corpus}); ${t.questions} questions about them`);
console.log(`hit@1: npm run index ${t.hit1[0]}, edge ${t.hit1[1]}; hit@5: ${t.hit5[0]} / ${t.hit5[1]}; identical top 5: ${t.sameTop5}`);
console.log(`held-out clauses with exactly nodejieba's words on the edge: ${t.sameWords} of ${t.clauses}`);
