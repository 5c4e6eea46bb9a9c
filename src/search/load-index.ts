// Loads a built index on the edge (or in Node): validates the manifest and the document
// catalogue, brings back the clause database and builds the query segmenter from the
// lexicon. No Node built-ins, no nodejieba.
import { count } from "@orama/orama";
import { z } from "zod";
import { DocumentMeta, Manifest } from "../shared/schema.js";
import { loadClauseDb, type ClauseDb } from "./db.js";
import { assertLexicon } from "./segment/lexicon.js";
import type { StatsData } from "./stats.js";
import { createSegmenter, type Segmenter } from "./segment/jieba.js";

export interface IndexFiles {
  manifest: unknown;
  documents: unknown;
  clauses: unknown;
  lexicon: unknown;
  synonyms: unknown;
  stats: unknown;
}

export interface LoadedIndex {
  manifest: Manifest;
  documents: DocumentMeta[];
  documentsById: Map<string, DocumentMeta>;
  db: ClauseDb;
  segmenter: Segmenter;
  synonyms: string[][];
  stats: StatsData;
}

export class IndexLoadError extends Error {}

/** Shape of stats.json; its two large maps are checked to be objects, not entry by entry. */
const StatsSchema = z.object({
  clauses: z.number().int().nonnegative(),
  avg: z.object({ words: z.number(), heading: z.number(), context: z.number(), grams: z.number() }),
  wordDf: z.custom<Record<string, number>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "expected an object"),
  gramPostings: z.custom<Record<string, number[]>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "expected an object"),
});

export function loadIndex(files: IndexFiles): LoadedIndex {
  const manifest = parse(Manifest, files.manifest, "manifest.json");
  const documents = parse(z.array(DocumentMeta), files.documents, "documents.json");
  const synonyms = parse(z.array(z.array(z.string().min(1)).min(2)), files.synonyms, "synonyms.json");
  const stats = parse(StatsSchema, files.stats, "stats.json") as StatsData;
  assertLexicon(files.lexicon);
  const db = loadClauseDb(files.clauses as Parameters<typeof loadClauseDb>[0]);
  const clauses = count(db) as number;
  if (documents.length !== manifest.documents || clauses !== manifest.clauses || stats.clauses !== clauses) {
    throw new IndexLoadError(
      `index does not match its manifest: ${documents.length} documents / ${clauses} clauses, manifest says ${manifest.documents} / ${manifest.clauses}`,
    );
  }
  return {
    manifest,
    documents,
    documentsById: new Map(documents.map((d) => [d.id, d])),
    db,
    segmenter: createSegmenter(files.lexicon),
    synonyms,
    stats,
  };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new IndexLoadError(`${name}: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return result.data;
}
