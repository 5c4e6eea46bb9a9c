// exactPostings reads Orama's inverted index directly: it must agree with Orama's own
// exact lookup for every indexed word, and find nothing for absent ones.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readIndexDir } from "../../src/node/index-dir.js";
import { allClauses, exactPostings } from "../../src/search/db.js";
import { ROOT } from "./helpers.js";

const index = readIndexDir(join(ROOT, "index"));
type Tree = { find(p: { term: string; exact: boolean }): Record<string, number[] | Set<number>> };
const trees = (index.db.data.index as unknown as { indexes: Record<string, { node: Tree }> }).indexes;

describe("exactPostings", () => {
  it.each([
    ["words", 2000],
    ["headingWords", 300],
  ] as const)("agrees with Orama's exact find on every word of %s", (field, atLeast) => {
    const words = Object.keys(trees[field].node.find({ term: "", exact: false }));
    expect(words.length).toBeGreaterThan(atLeast);
    for (const word of words) {
      const orama = [...(trees[field].node.find({ term: word, exact: true })[word] ?? [])].map((id) => id - 1);
      expect(exactPostings(index.db, field, word), word).toEqual(orama);
    }
  });

  it("finds nothing for absent words and prefixes of words", () => {
    for (const w of ["不存在的词", "技改项", "zzz", ""]) expect(exactPostings(index.db, "words", w)).toEqual([]);
  });

  it("returns positions that point at clauses holding the word", () => {
    const clauses = allClauses(index.db);
    const positions = exactPostings(index.db, "words", "技改");
    expect(positions.length).toBeGreaterThan(3);
    for (const i of positions) expect(clauses[i].words.split(" ")).toContain("技改");
  });
});
