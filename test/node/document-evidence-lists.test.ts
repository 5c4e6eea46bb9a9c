// documentEvidence merges each topic word's title lists (its own, its synonyms', and the
// documents holding all its parts) and the words' lists together. Checked here against a plain
// definition over sets, on random lists: ascending number[] as the in-memory index gives them,
// and Int32Array as the tier decodes them.
import { describe, expect, it } from "vitest";
import { documentEvidence, DOCUMENT_PARAMS } from "../../src/search/documents.js";
import type { PreparedQuery } from "../../src/search/rank.js";

function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** The evidence by definition: a topic word is held by a title that holds it, a synonym of it, or every one of its parts. */
function byDefinition(docsOf: (w: string) => ArrayLike<number>, q: PreparedQuery, documents: number) {
  const has = (w: string, n: number) => Array.from(docsOf(w)).includes(n);
  const total = q.topic.reduce((sum, t) => sum + t.info, 0);
  const found = new Map<number, { factor: number; holds: string[] }>();
  for (let n = 0; n < documents; n++) {
    const holds = q.topic.filter((t) => has(t.term, n) || q.terms.some((s) => !s.original && s.of === t.term && has(s.term, n)) || (t.parts.length > 1 && t.parts.every((p) => has(p, n))));
    let share = 0;
    for (const t of holds) share += t.info;
    share /= total;
    if (holds.length > 0 && share >= DOCUMENT_PARAMS.minCoverage) found.set(n, { factor: 1 + DOCUMENT_PARAMS.weight * share, holds: holds.map((t) => t.term) });
  }
  return found;
}

describe("documentEvidence", () => {
  it("is the plain definition on 300 random libraries, whether the title lists are arrays or Int32Arrays", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const documents = 1 + Math.floor(next() * 40);
      const vocabulary = ["a", "b", "c", "d", "e", "f", "g", "h"];
      // each word's documents, ascending, some with none
      const lists = new Map(vocabulary.map((w) => [w, Array.from({ length: documents }, (_, n) => n).filter(() => next() < 0.3)]));
      const pick = () => vocabulary[Math.floor(next() * vocabulary.length)];
      const topic = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, k) => ({
        term: `${pick()}${k}`,
        info: 1 + Math.floor(next() * 10),
        grams: [],
        parts: next() < 0.5 ? [pick(), pick(), ...(next() < 0.3 ? [pick()] : [])] : [],
        inCorpus: true,
        specificity: 1,
      }));
      // a topic word's own list is a word's of the vocabulary; some have a synonym too
      const own = new Map(topic.map((t) => [t.term, lists.get(t.term[0])!]));
      const terms = topic.flatMap((t) => (next() < 0.4 ? [{ term: pick(), original: false, of: t.term }] : []));
      const q = { topic, terms } as unknown as PreparedQuery;
      const docsOf = (w: string) => own.get(w) ?? lists.get(w) ?? [];
      const expected = byDefinition(docsOf, q, documents);
      expect(documentEvidence(docsOf, q), `seed ${seed}`).toEqual(expected);
      expect(documentEvidence((w) => Int32Array.from(docsOf(w)), q), `seed ${seed}, Int32Array`).toEqual(expected);
    }
  });
});
