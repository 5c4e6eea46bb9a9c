// An index as files: documents, clause store, postings, lexicon, synonyms, the documents that
// left it (when any), and a manifest with the content hash. Edge-safe (Web Crypto), so the
// worker can build an index when an admin uploads a document. Output is byte-identical for the same input: no timestamps, no
// random ids, JSON written the same way every time.
import { INDEX_FORMAT_VERSION, type Manifest } from "../../shared/schema.js";

export const INDEX_FILES = {
  documents: "documents.json",
  clauses: "clauses.json",
  lexicon: "lexicon.json",
  synonyms: "synonyms.json",
  postings: "postings.json",
  manifest: "manifest.json",
} as const;

/**
 * Files an index has only when it has something to say in them; the manifest lists (and
 * hashes) each one present, so older indexes without them still load and check.
 */
export const OPTIONAL_INDEX_FILES = {
  /** Documents that left the index (./rebuild.ts), so links to them say so. */
  withdrawn: "withdrawn.json",
} as const;

/** The names of an index's files: the required ones, and each optional one `present` says is there. */
export function indexFileNames(present: (name: string) => boolean): string[] {
  return [...Object.values(INDEX_FILES), ...Object.values(OPTIONAL_INDEX_FILES).filter(present)];
}

export interface IndexContent {
  documents: unknown[];
  clauseDb: unknown;
  lexicon: unknown;
  synonyms: string[][];
  postings: unknown;
  /** Documents withdrawn or replaced by earlier publishes: withdrawn.json, written only when there are some. */
  withdrawn?: unknown[];
  counts: { documents: number; clauses: number; lexiconWords: number };
  segmenter: string;
}

const encoder = new TextEncoder();

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** sha256 over the data files, in name order, as the manifest states it. */
export async function contentHashOf(files: Record<string, { sha256: string }>): Promise<string> {
  const names = Object.keys(files).sort();
  return sha256Hex(names.map((n) => `${n}\n${files[n].sha256}\n`).join(""));
}

/** The files of an index, by name, as they are written to disk or to the store. */
export async function serialiseIndex(content: IndexContent): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    [INDEX_FILES.documents]: JSON.stringify(content.documents, null, 1) + "\n",
    [INDEX_FILES.clauses]: JSON.stringify(content.clauseDb) + "\n",
    [INDEX_FILES.lexicon]: JSON.stringify(content.lexicon) + "\n",
    [INDEX_FILES.synonyms]: JSON.stringify(content.synonyms) + "\n",
    [INDEX_FILES.postings]: JSON.stringify(content.postings) + "\n",
  };
  if (content.withdrawn?.length) files[OPTIONAL_INDEX_FILES.withdrawn] = JSON.stringify(content.withdrawn, null, 1) + "\n";
  const names = Object.keys(files).sort();
  const described: Record<string, { bytes: number; sha256: string }> = {};
  for (const n of names) described[n] = { bytes: encoder.encode(files[n]).length, sha256: await sha256Hex(files[n]) };
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    contentHash: await contentHashOf(described),
    documents: content.counts.documents,
    clauses: content.counts.clauses,
    lexiconWords: content.counts.lexiconWords,
    segmenter: content.segmenter,
    files: described,
  };
  files[INDEX_FILES.manifest] = JSON.stringify(manifest, null, 1) + "\n";
  return files;
}
