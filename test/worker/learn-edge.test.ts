// Learned questions on the edge: an index that carries them loads and answers in workerd, an
// admin's publish (an edge rebuild) keeps them with their clauses, and a malformed learned
// section is refused when the index loads.
import { describe, expect, it } from "vitest";
import { buildPostings } from "../../src/ingest/build/postings.js";
import { rebuildIndex, tokensFromPostings } from "../../src/ingest/build/rebuild.js";
import { serialiseIndex } from "../../src/ingest/build/serialise.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { allClauses, saveClauseDb } from "../../src/search/db.js";
import { search } from "../../src/search/engine.js";
import { loadIndexText, type LoadedIndex } from "../../src/search/load-index.js";
import { QUESTION_WORDS } from "../../src/search/question-words.js";
import { corpusStats } from "../../src/search/stats.js";
import { wordTokens } from "../../src/search/tokens.js";
import { SAMPLE_POLICY } from "../fixtures/sample-policy.js";

/** The bundled index with one learned question, for the clause whose text holds `gold`. */
async function withLearned(base: LoadedIndex, question: string, gold: string) {
  const clauses = allClauses(base.db);
  const answer = clauses.findIndex((c) => c.text.includes(gold));
  const words = wordTokens((t, hmm) => base.segmenter.cutForSearch(t, hmm), question).filter((w) => !QUESTION_WORDS.has(w));
  return serialiseIndex({
    documents: base.documents,
    clauseDb: saveClauseDb(base.db),
    lexicon: base.lexicon,
    synonyms: base.synonyms,
    postings: buildPostings(tokensFromPostings(base.postings), [{ words, clauses: [answer] }]),
    counts: { documents: base.documents.length, clauses: clauses.length, lexiconWords: base.manifest.lexiconWords },
    segmenter: base.manifest.segmenter,
  });
}

describe("learned questions in workerd", () => {
  it("load, answer, and survive an admin's publish", async () => {
    const files = await withLearned(bundledIndex(), "城里的化工厂要搬到园区去吗", "危化品企业搬迁");
    const index = loadIndexText(files);
    expect(corpusStats(index).learnedCount).toBe(1);
    const found = (ix: LoadedIndex) =>
      search(ix, "化工厂什么时候得搬到园区", { k: 5 }).then((r) => r.results.some((x) => x.text.includes("危化品企业搬迁")));
    expect(await found(index)).toBe(true);

    const published = loadIndexText((await rebuildIndex(index, { add: [{ id: "u_sample", source: "sample.txt", text: SAMPLE_POLICY }] })).files);
    const stats = corpusStats(published);
    expect(stats.learnedCount).toBe(1);
    expect(stats.clause(stats.learnedAnswers(0)[0]).text).toContain("危化品企业搬迁");
    expect(await found(published)).toBe(true);
  });

  it("refuses an index whose learned section names a clause that is not there", async () => {
    const files = await withLearned(bundledIndex(), "城里的化工厂要搬到园区去吗", "危化品企业搬迁");
    const postings = JSON.parse(files["postings.json"]);
    postings.learned.answers = "b" + "zz"; // one clause, number 9999-ish: out of range
    const broken = { ...files, "postings.json": JSON.stringify(postings) + "\n" };
    expect(() => corpusStats(loadIndexText(broken))).toThrow(/learned answers do not match/);
  });
});
