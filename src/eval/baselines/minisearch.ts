// Baseline: MiniSearch (BM25+) with nodejieba's cutForSearch as the tokenizer for both
// indexing and queries, default search options otherwise (OR, no prefix, no fuzzy).
import MiniSearch from "minisearch";
import { cutForSearch } from "../../ingest/segment/nodejieba.js";
import type { Chunk } from "../chunks.js";
import type { RetrievalSystem } from "../system.js";

export const MINISEARCH_BASELINE_NAME = "MiniSearch + jieba";

// MiniSearch calls tokenize(text, fieldName) when indexing and tokenize(query) when
// searching: passing cutForSearch itself would read the field name as its `hmm` flag and
// index with HMM on but search with it off. One argument only.
const tokenize = (text: string) => cutForSearch(text);

export async function miniSearchBaseline(chunks: Chunk[]): Promise<RetrievalSystem> {
  const index = new MiniSearch<Chunk>({
    fields: ["text"],
    storeFields: ["title", "label", "text"],
    tokenize,
    searchOptions: { tokenize },
  });
  index.addAll(chunks);
  return {
    name: MINISEARCH_BASELINE_NAME,
    async search(q, k) {
      const results = index.search(q).slice(0, k).map((r) => ({ title: r.title as string, label: r.label as string, text: r.text as string }));
      return { answered: results.length > 0, results };
    },
  };
}
