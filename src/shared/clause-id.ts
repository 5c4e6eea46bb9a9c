// A clause's id is its document's id and its position, "docId:3.2.1" (src/ingest/clauses/flatten.ts).
// Edge-safe.

/** "000_110e3aa23992a0c0:3.2.1" → its document's id, or undefined when the id is not shaped like a clause id. */
export function clauseDocId(clauseId: string): string | undefined {
  return /^(.+):\d+(\.\d+)*$/.exec(clauseId)?.[1];
}
