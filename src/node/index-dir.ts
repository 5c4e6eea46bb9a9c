// Node: reads a built index folder (index/ or any --out DIR) and loads it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { INDEX_FILES } from "../ingest/build/write-index.js";
import { loadIndex, type LoadedIndex } from "../search/load-index.js";

export function readIndexDir(dir: string): LoadedIndex {
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"));
  return loadIndex({
    manifest: read(INDEX_FILES.manifest),
    documents: read(INDEX_FILES.documents),
    clauses: read(INDEX_FILES.clauses),
    lexicon: read(INDEX_FILES.lexicon),
    synonyms: read(INDEX_FILES.synonyms),
    postings: read(INDEX_FILES.postings),
  });
}
