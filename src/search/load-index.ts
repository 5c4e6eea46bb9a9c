// Loads a built index on the edge (or in Node): validates the manifest and the document
// catalogue (zod), checks the shape of the postings and the lexicon, brings back the clause
// store and builds the query segmenter. No Node built-ins, no nodejieba.
import { count } from "@orama/orama";
import * as z from "zod/mini";
import { DocumentMeta, Manifest, WithdrawnDocuments, type WithdrawnDocument } from "../shared/schema.js";
import { OPTIONAL_INDEX_FILES } from "../ingest/build/serialise.js";
import { loadClauseDb, type ClauseDb } from "./db.js";
import { assertLexicon, type Lexicon } from "./segment/lexicon.js";
import { assertPostings, type PostingsData } from "./postings.js";
import { createSegmenter, type Segmenter } from "./segment/jieba.js";

export interface IndexFiles {
  manifest: unknown;
  documents: unknown;
  clauses: unknown;
  lexicon: unknown;
  synonyms: unknown;
  postings: unknown;
  /** withdrawn.json, when the index has one (older indexes and `npm run index` builds do not). */
  withdrawn?: unknown;
}

/** The optional withdrawn.json: listed in the manifest whenever an index has it. */
const WITHDRAWN_FILE = OPTIONAL_INDEX_FILES.withdrawn;

export interface LoadedIndex {
  manifest: Manifest;
  documents: DocumentMeta[];
  documentsById: Map<string, DocumentMeta>;
  db: ClauseDb;
  segmenter: Segmenter;
  /** The lexicon the segmenter was built from (carried into an index rebuilt on the edge). */
  lexicon: Lexicon;
  synonyms: string[][];
  postings: PostingsData;
  /** Documents that left the index by earlier publishes (links to them say so), oldest first; [] when none. */
  withdrawn: WithdrawnDocument[];
}

export class IndexLoadError extends Error {}

export interface LoadOptions {
  /**
   * "full" (default): every document's metadata through its zod schema, as an index read from
   * the store or a folder must be. "bundled": the index compiled into the worker, built by
   * `npm run index` and checked in full by the tests (test/node/index-build.test.ts); its
   * documents get a shape check only (an array of objects with an id and a title), which saves
   * ~50 ms of a cold start on a library of 1,781 documents.
   */
  check?: "full" | "bundled";
}

export function loadIndex(files: IndexFiles, { check = "full" }: LoadOptions = {}): LoadedIndex {
  const manifest = parse(Manifest, files.manifest, "manifest.json");
  const documents = check === "full" ? parse(z.array(DocumentMeta), files.documents, "documents.json") : documentShape(files.documents);
  const listed = Object.hasOwn(manifest.files, WITHDRAWN_FILE);
  if (listed !== (files.withdrawn !== undefined))
    throw new IndexLoadError(listed ? `${WITHDRAWN_FILE} is missing (the manifest lists it)` : `${WITHDRAWN_FILE} is not listed in the manifest`);
  const withdrawn = files.withdrawn === undefined ? [] : parse(WithdrawnDocuments, files.withdrawn, WITHDRAWN_FILE);
  const synonyms = parse(z.array(z.array(z.string().check(z.minLength(1))).check(z.minLength(2))), files.synonyms, "synonyms.json");
  assertPostings(files.postings);
  const postings = files.postings;
  assertLexicon(files.lexicon);
  const db = loadClauseDb(files.clauses as Parameters<typeof loadClauseDb>[0]);
  const clauses = count(db) as number;
  if (documents.length !== manifest.documents || clauses !== manifest.clauses || postings.clauses !== clauses) {
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
    lexicon: files.lexicon,
    synonyms,
    postings,
    withdrawn,
  };
}

/** An index from its files as text, by name (manifest.json, documents.json, …, withdrawn.json when there is one). */
export function loadIndexText(text: Record<string, string>): LoadedIndex {
  const json = (name: string) => {
    if (typeof text[name] !== "string") throw new IndexLoadError(`${name} is missing`);
    try {
      return JSON.parse(text[name]) as unknown;
    } catch (e) {
      throw new IndexLoadError(`${name} is not JSON: ${(e as Error).message}`);
    }
  };
  return loadIndex({
    manifest: json("manifest.json"),
    documents: json("documents.json"),
    clauses: json("clauses.json"),
    lexicon: json("lexicon.json"),
    synonyms: json("synonyms.json"),
    postings: json("postings.json"),
    ...(typeof text[WITHDRAWN_FILE] === "string" ? { withdrawn: json(WITHDRAWN_FILE) } : {}),
  });
}

function documentShape(value: unknown): DocumentMeta[] {
  if (!Array.isArray(value) || !value.every((d) => typeof d === "object" && d !== null && typeof d.id === "string" && d.id !== "" && typeof d.title === "string")) {
    throw new IndexLoadError("documents.json: expected an array of documents with an id and a title");
  }
  return value as DocumentMeta[];
}

function parse<T>(schema: z.ZodMiniType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new IndexLoadError(`${name}: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return result.data;
}
