// Query tokens and index tokens in one space: the edge segmenter, built from the lexicon an
// index ships, reproduces nodejieba's words for every clause (label, path, text, context).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentId, ingestDocument } from "../../src/ingest/document.js";
import { exportLexicon } from "../../src/ingest/segment/lexicon-export.js";
import { cutForSearch } from "../../src/ingest/segment/nodejieba.js";
import { readIndexDir } from "../../src/node/index-dir.js";
import { buildPostings } from "../../src/ingest/build/postings.js";
import { clauseTokens } from "../../src/ingest/build/records.js";
import { allClauses } from "../../src/search/db.js";
import { createSegmenter } from "../../src/search/segment/jieba.js";
import { wordTokens } from "../../src/search/tokens.js";
import { titleWords } from "../../src/search/documents.js";
import { ROOT, STARD, ingestSeed, seedFiles } from "./helpers.js";

function agreement(texts: string[], lexiconTexts: string[]) {
  const edge = createSegmenter(exportLexicon(lexiconTexts));
  let same = 0;
  let tokens = 0;
  let sameTokens = 0;
  for (const text of texts) {
    const a = wordTokens(cutForSearch, text);
    const b = wordTokens((t, hmm) => edge.cutForSearch(t, hmm), text);
    if (a.join(" ") === b.join(" ")) same++;
    tokens += a.length;
    sameTokens += a.filter((t, i) => b[i] === t).length;
  }
  return { clauses: texts.length, same, share: same / texts.length, tokens, tokenShare: sameTokens / tokens };
}

const clauseTexts = (clauses: { label: string; path: string[]; text: string; context: string }[]) =>
  clauses.flatMap((c) => [c.text, c.label + " " + c.path.join(" "), c.context]).filter((t) => t !== "");

describe("edge segmentation vs nodejieba, clause by clause", () => {
  it("agrees on every clause of the seeds", () => {
    const texts = clauseTexts(seedFiles().flatMap((f) => ingestSeed(f).clauses));
    const result = agreement(texts, texts);
    console.log(`[segment-clauses] seeds: ${result.same}/${result.clauses} clause fields identical (${(result.share * 100).toFixed(2)}%), tokens ${(result.tokenShare * 100).toFixed(2)}%`);
    expect(result.share).toBe(1);
  });

  it.skipIf(!existsSync(STARD))("agrees on every clause of STARD-mini", () => {
    const clauses = readdirSync(STARD)
      .filter((f) => f.endsWith(".txt"))
      .flatMap((f) => ingestDocument({ id: documentId(f), source: f, text: readFileSync(join(STARD, f), "utf8") }).clauses);
    const texts = clauseTexts(clauses);
    const result = agreement(texts, texts);
    console.log(`[segment-clauses] STARD: ${result.same}/${result.clauses} clause fields identical (${(result.share * 100).toFixed(2)}%), tokens ${(result.tokenShare * 100).toFixed(2)}%`);
    expect(result.share).toBe(1);
  });

  it("the committed index's lexicon reproduces its postings: every clause's words, heading, lead-in and bigrams, and every document's title words", () => {
    const index = readIndexDir(join(ROOT, "index"));
    const edge = (t: string, hmm: boolean) => index.segmenter.cutForSearch(t, hmm);
    const rebuilt = buildPostings(
      allClauses(index.db).map((c) => clauseTokens(c, edge)),
      [],
      index.documents.map((d) => titleWords(edge, d)),
    );
    expect(rebuilt.words.entries.split(" ").length).toBeGreaterThan(2000);
    expect(rebuilt).toEqual(index.postings);
  });
});
