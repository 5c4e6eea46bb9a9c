// postings.json: the encoding round-trips, the committed index's postings agree with its
// clauses, and a damaged file is refused with a clear error.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readIndexDir } from "../../src/node/index-dir.js";
import { loadIndex } from "../../src/search/load-index.js";
import { decodeVarints, encodePostingList, encodeVarint, PostingReader } from "../../src/search/postings.js";
import { corpusStats } from "../../src/search/stats.js";
import { readFileSync } from "node:fs";
import { ROOT } from "./helpers.js";

describe("postings encoding", () => {
  it("round-trips numbers of every size", () => {
    const numbers = [0, 1, 31, 32, 33, 1023, 1024, 65535, 2 ** 31 - 1, 2 ** 40 + 7];
    const text = numbers.map(encodeVarint).join("");
    expect(decodeVarints(text, 0, text.length)).toEqual(numbers);
    expect(() => encodeVarint(-1)).toThrow();
    expect(() => encodeVarint(1.5)).toThrow();
  });

  it("reads back every term's postings and nothing for absent terms", () => {
    const byTerm = new Map<string, number[][]>();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let t = 0; t < 500; t++) {
      const term = `词${t.toString(36)}${"字".repeat(t % 3)}`;
      const clauses = [...new Set(Array.from({ length: 1 + (next() % 40) }, () => next() % 5000))].sort((a, b) => a - b);
      byTerm.set(term, clauses.map((c) => [c, next() % 3, next() % 70, next() % 2]));
    }
    const list = encodePostingList(byTerm);
    const reader = new PostingReader(list, 4);
    expect(reader.allTerms()).toEqual([...byTerm.keys()].sort());
    for (const [term, entries] of byTerm) expect(reader.read(term), term).toEqual(entries.flat());
    for (const absent of ["", "词", "词zz", "zzz"]) expect(reader.read(absent)).toEqual([]);
  });

  it("refuses terms it cannot store and clauses out of order", () => {
    expect(() => encodePostingList(new Map([["a b", [[1, 1]]]]))).toThrow(/bad term/);
    expect(() => encodePostingList(new Map([["ab", [[2, 1], [1, 1]]]]))).toThrow(/ascending/);
  });
});

describe("the committed index's postings", () => {
  const index = readIndexDir(join(ROOT, "index"));
  const stats = corpusStats(index);

  it("count, for every clause, as many words, heading words, lead-in words and bigrams as its lengths say", () => {
    const sums = Array.from({ length: stats.size }, () => [0, 0, 0, 0]);
    const words = new PostingReader(index.postings.words, 4);
    for (const term of words.allTerms()) {
      const p = stats.word(term);
      expect(p.clauses.length, term).toBeGreaterThan(0);
      p.clauses.forEach((i, k) => {
        sums[i][0] += p.words[k];
        sums[i][1] += p.heading[k];
        sums[i][2] += p.context[k];
      });
    }
    for (const gram of new PostingReader(index.postings.grams, 2).allTerms()) stats.gram(gram).clauses.forEach((i, k) => (sums[i][3] += stats.gram(gram).counts[k]));
    sums.forEach((s, i) => {
      const l = stats.lengths(i);
      expect(s, stats.clause(i).id).toEqual([l.words, l.heading, l.context, l.grams]);
    });
  });

  it("point at clauses that hold the word", () => {
    const p = stats.word("技改");
    expect(p.df).toBeGreaterThan(3);
    for (const i of p.clauses) {
      const c = stats.clause(i);
      expect([...c.path, c.label, c.text, c.context].join(" ")).toContain("技改");
    }
    expect(stats.word("不存在的词").clauses.length).toBe(0);
    expect(stats.gramDf("技改")).toBeGreaterThanOrEqual(p.df);
  });

  it("a damaged postings.json is refused with a message that names it", () => {
    const read = (name: string) => JSON.parse(readFileSync(join(ROOT, "index", name), "utf8"));
    const files = {
      manifest: read("manifest.json"),
      documents: read("documents.json"),
      clauses: read("clauses.json"),
      lexicon: read("lexicon.json"),
      synonyms: read("synonyms.json"),
    };
    const postings = read("postings.json");
    expect(() => loadIndex({ ...files, postings: { ...postings, format: "other" } })).toThrow(/postings\.json: format/);
    expect(() => loadIndex({ ...files, postings: { ...postings, words: { ...postings.words, width: 0 } } })).toThrow(/postings\.json: words: bad width/);
    expect(() => loadIndex({ ...files, postings: { ...postings, clauses: postings.clauses + 1 } })).toThrow(/does not match its manifest/);
    const last = new PostingReader(postings.words, 4).allTerms().at(-1)!;
    const cut = { ...postings, words: { ...postings.words, postings: postings.words.postings.slice(0, -3) } };
    expect(() => corpusStats(loadIndex({ ...files, postings: cut })).word(last)).toThrow(/^postings: bad (run|offsets)/);
    const spaced = { ...postings, words: { ...postings.words, entries: " " + postings.words.entries } };
    expect(() => corpusStats(loadIndex({ ...files, postings: spaced }))).toThrow(/postings: empty entry/);
  });
});
