// Clauses and documents by position in the loaded index (what button data refers to).
import type { SearchHit } from "../search/engine.js";
import type { LoadedIndex } from "../search/load-index.js";
import { corpusStats } from "../search/stats.js";

const byId = new WeakMap<LoadedIndex, Map<string, number>>();

export function clausePosition(index: LoadedIndex, id: string): number | undefined {
  let map = byId.get(index);
  if (!map) {
    const stats = corpusStats(index);
    map = new Map(Array.from({ length: stats.size }, (_, i) => [stats.clause(i).id, i]));
    byId.set(index, map);
  }
  return map.get(id);
}

/** The clause at a position, shaped as a search hit (score 0: it was not ranked now). */
export function hitAt(index: LoadedIndex, position: number): SearchHit | undefined {
  const stats = corpusStats(index);
  if (!(position >= 0 && position < stats.size)) return undefined;
  const c = stats.clause(position);
  return { id: c.id, docId: c.docId, title: index.documentsById.get(c.docId)?.title ?? c.docId, label: c.label, path: c.path, text: c.text, context: c.context, score: 0 };
}

export const documentPosition = (index: LoadedIndex, docId: string) => index.documents.findIndex((d) => d.id === docId);
