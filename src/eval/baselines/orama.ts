// Baseline: Orama with the official Mandarin tokenizer (@orama/tokenizers/mandarin, which
// segments with Intl.Segmenter("zh-CN")), set up as its README shows, default search.
import { create, insertMultiple, search } from "@orama/orama";
import { createTokenizer } from "@orama/tokenizers/mandarin";
import type { Chunk } from "../chunks.js";
import type { RetrievalSystem } from "../system.js";

export const ORAMA_BASELINE_NAME = "Orama + mandarin tokenizer";

export async function oramaBaseline(chunks: Chunk[]): Promise<RetrievalSystem> {
  const db = create({
    schema: { text: "string" } as const,
    components: { tokenizer: await createTokenizer() },
  });
  // Only `text` is in the schema (indexed); the other fields are stored with the document.
  await insertMultiple(db, chunks);
  return {
    name: ORAMA_BASELINE_NAME,
    async search(q, k) {
      const found = await search(db, { term: q, limit: k });
      const results = found.hits.map((h) => {
        const c = h.document as unknown as Chunk;
        return { title: c.title, label: c.label, text: c.text };
      });
      return { answered: results.length > 0, results };
    },
  };
}
