// Writes the index folder: documents, clause store, postings, lexicon, synonyms, and a manifest with the
// content hash. Output is byte-identical for the same input: sorted inputs, no
// timestamps, no random ids, JSON written the same way every time.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { INDEX_FORMAT_VERSION, type Manifest } from "../../shared/schema.js";

export const INDEX_FILES = {
  documents: "documents.json",
  clauses: "clauses.json",
  lexicon: "lexicon.json",
  synonyms: "synonyms.json",
  postings: "postings.json",
  manifest: "manifest.json",
} as const;

export interface IndexContent {
  documents: unknown[];
  clauseDb: unknown;
  lexicon: unknown;
  synonyms: string[][];
  postings: unknown;
  counts: { documents: number; clauses: number; lexiconWords: number };
  segmenter: string;
}

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");

/** The files of an index, by name, as they are written to disk. */
export function serialiseIndex(content: IndexContent): Record<string, string> {
  const files: Record<string, string> = {
    [INDEX_FILES.documents]: JSON.stringify(content.documents, null, 1) + "\n",
    [INDEX_FILES.clauses]: JSON.stringify(content.clauseDb) + "\n",
    [INDEX_FILES.lexicon]: JSON.stringify(content.lexicon) + "\n",
    [INDEX_FILES.synonyms]: JSON.stringify(content.synonyms) + "\n",
    [INDEX_FILES.postings]: JSON.stringify(content.postings) + "\n",
  };
  const names = Object.keys(files).sort();
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    contentHash: sha256(names.map((n) => `${n}\n${sha256(files[n])}\n`).join("")),
    documents: content.counts.documents,
    clauses: content.counts.clauses,
    lexiconWords: content.counts.lexiconWords,
    segmenter: content.segmenter,
    files: Object.fromEntries(names.map((n) => [n, { bytes: Buffer.byteLength(files[n]), sha256: sha256(files[n]) }])),
  };
  files[INDEX_FILES.manifest] = JSON.stringify(manifest, null, 1) + "\n";
  return files;
}

/** Replaces the index files in `dir` (other files there are left alone). */
export function writeIndex(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (Object.values(INDEX_FILES).includes(name as never) && !(name in files)) rmSync(join(dir, name));
  }
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
}
