// src/tier/candidates.ts against src/search/candidates.ts: on random libraries, questions, title
// factors and places, the candidates found from bounds, some lists and look-ups are exactly those
// found from every list; and a question whose threshold is high leaves its long lists unread.
import { describe, expect, it } from "vitest";
import { candidateSet, type CandidateQuery, type QueryPostings } from "../../src/search/candidates.js";
import type { PreparedQuery } from "../../src/search/rank.js";
import { toGramPostings, toWordPostings, type WordPostings } from "../../src/search/stats.js";
import { tierCandidates, type CandidateLists, type WordLists } from "../../src/tier/candidates.js";

/** A seeded generator (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Library {
  size: number;
  full: QueryPostings;
  query: CandidateQuery;
  documentStarts: number[];
  localDocuments?: number[];
}

function library(seed: number): Library {
  const r = random(seed);
  const size = 200 + Math.floor(r() * 3000);
  const words = 1 + Math.floor(r() * 7);
  const grams = Math.floor(r() * 8);
  // a few common lists, many rare ones; weights from idf-like values, some equal (ties)
  const share = () => (r() < 0.3 ? 0.3 + r() * 0.6 : r() * 0.05);
  const fullWords = Array.from({ length: words }, () => {
    const p = share();
    const values: number[] = [];
    for (let i = 0; i < size; i++) if (r() < p) values.push(i, r() < 0.7 ? 1 + Math.floor(r() * 3) : 0, r() < 0.3 ? 1 : 0, r() < 0.2 ? 1 : 0);
    return toWordPostings(values);
  });
  const fullGrams = Array.from({ length: grams }, () => {
    const p = share();
    const values: number[] = [];
    for (let i = 0; i < size; i++) if (r() < p) values.push(i, 1 + Math.floor(r() * 2));
    return toGramPostings(values);
  });
  const weight = () => [1, 0.5, 0.8][Math.floor(r() * 3)];
  const idf = () => (r() < 0.2 ? 2 : Math.round(r() * 60) / 10 + 0.1);
  const prepared = {
    terms: fullWords.map((_, j) => ({ term: `w${j}`, original: true, weight: weight(), idf: idf() })),
    grams: fullGrams.map((_, j) => ({ gram: `g${j}`, idf: idf() })),
    topic: [],
    inCorpusShare: 1,
  } as unknown as PreparedQuery;
  const docOf = (i: number) => Math.floor(i / 7);
  const factors = new Map<number, number>();
  if (r() < 0.6) for (let d = 0; d < size / 7; d++) if (r() < 0.1) factors.set(d, 1 + Math.round(r() * 10) / 10);
  const local = r() < 0.5 ? new Set(Array.from({ length: Math.ceil(size / 7) }, (_, d) => d).filter(() => r() < 0.2)) : undefined;
  const query: CandidateQuery = {
    prepared,
    counts: { words: 30, grams: 15, region: 15 },
    ...(factors.size > 0 ? { factor: (i: number) => factors.get(docOf(i)) ?? 1, documentFactors: factors } : {}),
    maxFactor: Math.max(1, ...factors.values()),
    ...(local ? { local: (i: number) => local.has(docOf(i)) } : {}),
  };
  const documents = Math.ceil(size / 7);
  return { size, full: { words: fullWords, grams: fullGrams }, query, documentStarts: Array.from({ length: documents }, (_, d) => d * 7), ...(local ? { localDocuments: [...local].sort((a, b) => a - b) } : {}) };
}

/** A word's postings as the tier holds them: the clauses with it in their text, and in their heading. */
function wordLists(p: WordPostings): WordLists {
  return { text: p.clauses.filter((_, k) => p.words[k] > 0), heading: p.clauses.filter((_, k) => p.heading[k] > 0) };
}

/** The lists as a tier holds them: those up to `short` postings read, the rest on request; look-ups from the full lists. */
function tierLists({ size, full, documentStarts, localDocuments }: Library, short: number, log: { read: number; lookedUp: number }): CandidateLists {
  const lists: CandidateLists = {
    size,
    documentStarts,
    ...(localDocuments ? { localDocuments } : {}),
    words: full.words.map((l) => (l.clauses.length <= short ? wordLists(l) : undefined)),
    grams: full.grams.map((l) => (l.clauses.length <= short ? l.clauses : undefined)),
    count: (kind, j) => full[kind][j].clauses.length,
    read: async (words, grams) => {
      for (const j of words) lists.words[j] = wordLists(full.words[j]);
      for (const j of grams) lists.grams[j] = full.grams[j].clauses;
      log.read += words.length + grams.length;
    },
    lookUp: async (clauses) => {
      log.lookedUp += clauses.length;
      const asked = new Set(clauses);
      return (i) => {
        if (!asked.has(i)) throw new Error(`clause ${i} was not looked up`);
        return {
          words: (j) => {
            const l = full.words[j];
            const k = l.clauses.indexOf(i);
            return k < 0 ? 0 : (l.words[k] > 0 ? 1 : 0) | (l.heading[k] > 0 ? 2 : 0);
          },
          grams: (j) => full.grams[j].clauses.includes(i),
        };
      };
    },
  };
  return lists;
}

describe("the tier's candidates (src/tier/candidates.ts)", () => {
  it("are the in-memory engine's on 300 random libraries and questions, whatever lists are short", async () => {
    let lookedUp = 0;
    let skipped = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const lib = library(seed);
      const expected = [...candidateSet(lib.size, lib.full, lib.query)].sort((a, b) => a - b);
      // look-ups as cheap as a posting (so that these small libraries use them), and at their real cost
      for (const [short, lookupCost] of [[0, 1], [50, 1], [400, 1], [Infinity, 1], [0, undefined], [50, undefined]]) {
        const log = { read: 0, lookedUp: 0 };
        const lists = tierLists(lib, short!, log);
        const unread = lists.words.filter((l) => !l).length + lists.grams.filter((l) => !l).length;
        const found = [...(await tierCandidates(lib.query, lists, lookupCost ? { lookupCost } : {}))].sort((a, b) => a - b);
        expect(found, `seed ${seed}, short lists up to ${short}, look-up cost ${lookupCost}`).toEqual(expected);
        lookedUp += log.lookedUp;
        if (log.read < unread) skipped++;
      }
    }
    // the bounds did their work: lists left unread, clauses looked up instead
    expect(skipped).toBeGreaterThan(100);
    expect(lookedUp).toBeGreaterThan(1000);
  });

  it("leaves a common word's list unread when rarer words already give 30 clauses it cannot overtake", async () => {
    const size = 400_000;
    const rare = toWordPostings(Array.from({ length: 40 }, (_, k) => [k * 100, 1, 0, 0]).flat());
    const common = toWordPostings(Array.from({ length: size / 2 }, (_, k) => [k * 2, 1, 0, 0]).flat());
    const prepared = { terms: [{ term: "rare", original: true, weight: 1, idf: 6 }, { term: "common", original: true, weight: 1, idf: 0.7 }], grams: [], topic: [], inCorpusShare: 1 } as unknown as PreparedQuery;
    const query: CandidateQuery = { prepared, counts: { words: 30, grams: 15, region: 15 }, maxFactor: 1 };
    const log = { read: 0, lookedUp: 0 };
    const lib: Library = { size, full: { words: [rare, common], grams: [] }, query, documentStarts: Array.from({ length: size / 10 }, (_, d) => d * 10) };
    const found = await tierCandidates(query, tierLists(lib, 100, log));
    expect([...found].sort((a, b) => a - b)).toEqual([...candidateSet(size, lib.full, query)].sort((a, b) => a - b));
    expect(log.read).toBe(0);
    // the 40 clauses of the rare word are in doubt (on the common list or not): looked up, not read
    expect(log.lookedUp).toBe(40);
  });
});
