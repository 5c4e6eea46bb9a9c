// Raw and gzip bytes of the files of an index folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { INDEX_FILES } from "../ingest/build/write-index.js";

export interface FileSize {
  bytes: number;
  gzipBytes: number;
}

export interface IndexSizes extends FileSize {
  files: Record<string, FileSize>;
  contentHash: string;
  documents: number;
  clauses: number;
}

export function indexSizes(dir: string): IndexSizes {
  const files: Record<string, FileSize> = {};
  for (const name of Object.values(INDEX_FILES).sort()) {
    const data = readFileSync(join(dir, name));
    files[name] = { bytes: data.length, gzipBytes: gzipSync(data).length };
  }
  const manifest = JSON.parse(readFileSync(join(dir, INDEX_FILES.manifest), "utf8")) as { contentHash: string; documents: number; clauses: number };
  const sum = (k: keyof FileSize) => Object.values(files).reduce((n, f) => n + f[k], 0);
  return { files, bytes: sum("bytes"), gzipBytes: sum("gzipBytes"), contentHash: manifest.contentHash, documents: manifest.documents, clauses: manifest.clauses };
}
