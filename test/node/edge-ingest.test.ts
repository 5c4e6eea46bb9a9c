// A document published from the chat is segmented on the edge (TypeScript jieba over the
// live index's lexicon), not by nodejieba. Here each seed is ingested both ways: left out of
// an index built by `npm run index`'s builder, then added on the edge (rebuildIndex), and
// compared with the index nodejieba built with it from the start. The questions about it
// must be answered as well both ways.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIndex } from "../../src/ingest/build/index.js";
import { readCorpus } from "../../src/ingest/build/corpus.js";
import { EDGE_SEGMENTER, rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { readIndexDir } from "../../src/node/index-dir.js";
import { readFileSync } from "node:fs";
import { readSynonyms } from "../../src/ingest/build/synonyms.js";
import { search } from "../../src/search/engine.js";
import { loadIndexText, type LoadedIndex } from "../../src/search/load-index.js";
import { allClauses } from "../../src/search/db.js";
import { normalise } from "../../src/eval/scoring.js";
import questions from "../fixtures/seed-questions.public.json" with { type: "json" };
import { ROOT, SEEDS } from "./helpers.js";

const sources = readCorpus([SEEDS]);
const synonyms = readSynonyms(join(ROOT, "seeds", "synonyms.tsv"));
type Q = { q: string; doc: string; gold?: string[] };

/** 1-based rank of the first result containing a gold snippet in the top 5, or 0. */
async function rank(index: LoadedIndex, q: Q): Promise<number> {
  const response = await search(index, q.q, { k: 5 });
  if (!response.answered) return 0;
  const gold = (q.gold ?? []).map(normalise);
  const i = response.results.findIndex((r) => gold.some((g) => normalise(r.text).includes(g)));
  return i + 1;
}

let full: LoadedIndex;
beforeAll(async () => {
  full = loadIndexText((await buildIndex(sources, synonyms)).files);
}, 120_000);

describe("a document ingested on the edge is found as well as one built by npm run index", () => {
  it.each(sources.map((s) => s.source))(
    "%s: left out, then added on the edge",
    async (file) => {
      const held = sources.find((s) => s.source === file)!;
      const base = loadIndexText((await buildIndex(sources.filter((s) => s !== held), synonyms)).files);
      const edge = loadIndexText((await rebuildIndex(base, { add: [held] })).files);

      // the same clauses and metadata either way
      const clausesOf = (ix: LoadedIndex) => allClauses(ix.db).filter((c) => c.docId === held.id);
      expect(clausesOf(edge)).toEqual(clausesOf(full));
      expect(edge.documentsById.get(held.id)).toEqual(full.documentsById.get(held.id));

      const asked = (questions as Q[]).filter((q) => q.doc === file && q.gold?.length);
      expect(asked.length).toBeGreaterThan(0);
      const ranks = await Promise.all(asked.map(async (q) => ({ q: q.q, node: await rank(full, q), edge: await rank(edge, q) })));
      const hits = (k: number, side: "node" | "edge") => ranks.filter((r) => r[side] > 0 && r[side] <= k).length;
      // every question answered in the top 1 / top 5 by the nodejieba index is, on the edge too
      expect(hits(1, "edge"), JSON.stringify(ranks)).toBeGreaterThanOrEqual(hits(1, "node"));
      expect(hits(5, "edge"), JSON.stringify(ranks)).toBeGreaterThanOrEqual(hits(5, "node"));
      for (const r of ranks) if (r.node > 0) expect(r.edge, r.q).toBeGreaterThan(0);
    },
    120_000,
  );
});

describe("the edge rebuild keeps what is indexed", () => {
  it("rebuilding the committed index with no change gives its files byte for byte (the manifest notes the edge segmenter)", async () => {
    const committed = readIndexDir(join(ROOT, "index"));
    const rebuilt = await rebuildIndex(committed, {});
    for (const name of ["documents.json", "clauses.json", "postings.json", "lexicon.json", "synonyms.json"])
      expect(rebuilt.files[name], name).toBe(readFileSync(join(ROOT, "index", name), "utf8"));
    expect(JSON.parse(rebuilt.files["manifest.json"]).segmenter).toContain(EDGE_SEGMENTER);
  });

  it("withdrawing a document gives the index npm run index builds without it", async () => {
    const id = sources[2].id;
    const withdrawn = await rebuildIndex(full, { remove: [id] });
    const built = await buildIndex(sources.filter((s) => s.id !== id), synonyms);
    for (const name of ["documents.json", "clauses.json", "postings.json", "synonyms.json"]) expect(withdrawn.files[name], name).toBe(built.files[name]);
    await expect(rebuildIndex(full, { remove: ["no-such-doc"] })).rejects.toThrow(/no such document: no-such-doc/);
  });
});
