// The committed index loads and answers inside workerd, with no nodejieba and no Node
// built-ins: the query is segmented by the TypeScript segmenter from the shipped lexicon.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { corpusStats } from "../../src/search/stats.js";
import { wordTokens } from "../../src/search/tokens.js";

describe("bundled index in workerd", () => {
  it("runs in workerd", () => {
    expect((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent).toBe("Cloudflare-Workers");
  });

  it("loads: manifest, documents, clause store and postings agree", () => {
    const index = bundledIndex();
    expect(index.manifest.documents).toBe(5);
    expect(index.documents.map((d) => d.id)).toHaveLength(5);
    expect(index.manifest.clauses).toBeGreaterThan(100);
    expect(corpusStats(index).size).toBe(index.manifest.clauses);
  });

  it("segments a question on the edge into the index's token space and finds the clause", async () => {
    const index = bundledIndex();
    const tokens = wordTokens((t, hmm) => index.segmenter.cutForSearch(t, hmm), "新认定高新技术企业奖励多少2017年B2G");
    expect(tokens).toEqual(expect.arrayContaining(["高新技术企业", "认定", "奖励", "2017", "b2g"]));
    const stats = corpusStats(index);
    const holding = [...stats.word("高新技术企业").clauses].filter((i) => stats.word("奖励").clauses.includes(i));
    expect(holding.map((i) => stats.clause(i).text).some((t) => t.includes("对当年新认定的高新技术企业,给予10万元的一次性奖励"))).toBe(true);
  });

  it("serves the manifest on /healthz", async () => {
    const response = await SELF.fetch("https://example.com/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", index: { formatVersion: 1, documents: 5 } });
  });
});
