// The baselines' chunks: the same documents split into paragraphs (each non-empty line
// of the cleaned document), titled as our index titles the document.
import type { SourceDocument } from "../ingest/build/corpus.js";
import { clean } from "../ingest/clean/index.js";
import type { DocumentMeta } from "../shared/schema.js";

export interface Chunk {
  id: string;
  docId: string;
  title: string;
  /** Paragraph chunks carry no label. */
  label: string;
  text: string;
}

export interface ChunkSet {
  chunks: Chunk[];
  /** Documents our index does not know (titled by their first paragraph instead). */
  untitled: string[];
}

export function paragraphChunks(docs: SourceDocument[], documentsById: Map<string, DocumentMeta>): ChunkSet {
  const chunks: Chunk[] = [];
  const untitled: string[] = [];
  for (const doc of docs) {
    const paragraphs = clean(doc.text).paragraphs.map((p) => p.trim()).filter((p) => p !== "");
    const known = documentsById.get(doc.id)?.title;
    if (!known) untitled.push(doc.id);
    const title = known ?? paragraphs[0] ?? doc.id;
    paragraphs.forEach((text, i) => chunks.push({ id: `${doc.id}:${i + 1}`, docId: doc.id, title, label: "", text }));
  }
  return { chunks, untitled };
}

const ARTICLE = /^(第[零〇一二三四五六七八九十百千万\d]+条(?:之[一二三四五六七八九十]+)?)(?![的规所、，,至和或及])/;

/**
 * Opt-in (--article-labels): label each paragraph of a statute with the article it belongs
 * to (`第X条` of the last article line above it in its document), so that STARD credits a
 * continuation paragraph of a gold article as our clauses are credited (one clause per
 * article, labelled). Retrieval is unchanged: only what counts as a hit.
 */
export function labelArticles(chunks: Chunk[]): Chunk[] {
  let doc = "";
  let article = "";
  return chunks.map((c) => {
    if (c.docId !== doc) {
      doc = c.docId;
      article = "";
    }
    const m = ARTICLE.exec(c.text);
    if (m) article = m[1];
    return { ...c, label: article };
  });
}
