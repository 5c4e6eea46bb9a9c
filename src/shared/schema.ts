// The shapes that cross module and trust boundaries: a document's metadata, a clause,
// the admin-edited catalogue and the index manifest. Edge-safe: zod/mini, whose functions
// tree-shake (the full zod API adds 440 KiB to the worker and most of its startup time).
import * as z from "zod/mini";

export const DOCUMENT_KINDS = ["正式文件", "征求意见稿", "工作汇报"] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** A field whose value the text does not state, and the words it was inferred from. */
export const Inferred = z.object({ field: z.string(), from: z.string() });
export type Inferred = z.infer<typeof Inferred>;

const IsoDay = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
/**
 * The parts of a document's status that do not depend on today, each with the words it came
 * from: a work plan or report, the last day it covers or is valid, the day it takes effect,
 * earlier documents its text repeals, and an admin's statement that it is repealed.
 */
export const StatusFacts = z.object({
  draft: z.optional(z.object({ from: z.string() })),
  genre: z.optional(z.object({ value: z.enum(["工作计划", "工作汇报"]), from: z.string() })),
  until: z.optional(z.object({ value: IsoDay, from: z.string() })),
  effective: z.optional(z.object({ value: IsoDay, from: z.string() })),
  repeals: z.optional(z.array(z.object({ title: z.string(), docNumber: z.optional(z.string()), from: z.string() }))),
  repealed: z.optional(z.object({ from: z.string() })),
});
export type StatusFacts = z.infer<typeof StatusFacts>;

export const DocumentMeta = z.object({
  id: z.string().check(z.minLength(1)),
  title: z.string().check(z.minLength(1)),
  docNumber: z.optional(z.string()),
  issuer: z.optional(z.string()),
  region: z.optional(z.string()),
  /** ISO date, as precise as known: "2017-01-20", "2015", "2024-05". */
  date: z.optional(z.string().check(z.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/))),
  kind: DocumentKind,
  /** Stated period of validity, "2018-2020". */
  period: z.optional(z.string().check(z.regex(/^\d{4}-\d{4}$/))),
  /** Set when part of the text is missing from the source. */
  incomplete: z.optional(z.object({ note: z.string(), hiddenChars: z.optional(z.int()) })),
  inferred: z.array(Inferred),
  /** File the document was read from. */
  source: z.string(),
  /** What its status rests on that does not depend on today (optional: older indexes have none). */
  status: z.optional(StatusFacts),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;

export const CLAUSE_KINDS = [
  "preamble", "attachment", "bian", "zhang", "jie", "tiao", "cn", "cnParen", "num", "numParen", "circled", "dash", "shi", "colon", "passage",
] as const;
export const ClauseKind = z.enum(CLAUSE_KINDS);
export type ClauseKind = z.infer<typeof ClauseKind>;

const DeadlineDue = { action: z.string(), what: z.string(), words: z.string() };
/** Set when the text gave a month and day only and the year is the document's (src/ingest/clauses/deadlines.ts). */
const YearFrom = { yearFrom: z.optional(z.literal("document")) };
/**
 * An application deadline or window a clause states (src/ingest/clauses/deadlines.ts): a date,
 * a recurring date (every year, month or quarter end) or a window; with what is due (the
 * action word and the words after it) and the words it was read from.
 */
export const Deadline = z.union([
  z.object({ kind: z.literal("date"), date: IsoDay, ...DeadlineDue, ...YearFrom }),
  z.object({ kind: z.literal("window"), from: IsoDay, to: IsoDay, ...DeadlineDue, ...YearFrom }),
  z.object({ kind: z.literal("yearly"), month: z.int(), day: z.int(), ...DeadlineDue }),
  z.object({ kind: z.literal("monthly"), day: z.int(), ...DeadlineDue }),
  z.object({ kind: z.literal("quarterly"), ...DeadlineDue }),
]);
export type Deadline = z.infer<typeof Deadline>;

export const Clause = z.object({
  id: z.string(),
  docId: z.string(),
  kind: ClauseKind,
  /** Its own label: "1、支持工业企业实施技术改造", "第五十四条", "前言". */
  label: z.string(),
  /** Labels of its ancestors, outermost first. */
  path: z.array(z.string()),
  /** Its own text (lead-in sentences of a heading included; children's text excluded). */
  text: z.string(),
  /** Own text of its ancestors, outermost first: the conditions that travel with it. */
  context: z.string(),
  /** Number of direct children: a heading with children is not an answer on its own. */
  children: z.int().check(z.nonnegative()),
  /** Position in document order. */
  order: z.int().check(z.nonnegative()),
  /** Application deadlines and windows its text states (optional: older indexes have none). */
  deadlines: z.optional(z.array(Deadline)),
});
export type Clause = z.infer<typeof Clause>;

/** What an admin may state about a document the text does not: each value with its reason. */
const CatalogueValue = z.object({ value: z.string().check(z.minLength(1)), from: z.string().check(z.minLength(1)) });
export const CatalogueEntry = z.strictObject({
  title: z.optional(CatalogueValue),
  docNumber: z.optional(CatalogueValue),
  issuer: z.optional(CatalogueValue),
  region: z.optional(CatalogueValue),
  date: z.optional(CatalogueValue),
  kind: z.optional(CatalogueValue),
  period: z.optional(CatalogueValue),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;
export const Catalogue = z.record(z.string(), CatalogueEntry);
export type Catalogue = z.infer<typeof Catalogue>;

/**
 * A document that left the index (withdrawn by an admin, or replaced by a document the same
 * publish added), kept in the index's withdrawn.json so that every instance, on either host,
 * can tell a link to it from a link to something that never existed. Carried forward by every
 * later rebuild; dropped when the same id comes back.
 */
export const WithdrawnDocument = z.object({
  id: z.string().check(z.minLength(1)),
  title: z.string().check(z.minLength(1)),
  docNumber: z.optional(z.string()),
  /** The day it left (China time): "2026-11-22". A day, not a moment: two builds of the same change agree. */
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  /** The document added in its place by the same publish. */
  replacedBy: z.optional(z.string().check(z.minLength(1))),
});
export type WithdrawnDocument = z.infer<typeof WithdrawnDocument>;
export const WithdrawnDocuments = z.array(WithdrawnDocument);

export const INDEX_FORMAT_VERSION = 1;

export const IndexFile = z.object({ bytes: z.int(), sha256: z.string().check(z.length(64)) });

/** index/manifest.json: what the index holds and a hash of its content. */
export const Manifest = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  /** sha256 over the other files, in name order: changes whenever the index does. */
  contentHash: z.string().check(z.length(64)),
  documents: z.int().check(z.nonnegative()),
  clauses: z.int().check(z.nonnegative()),
  lexiconWords: z.int().check(z.nonnegative()),
  segmenter: z.string(),
  files: z.record(z.string(), IndexFile),
});
export type Manifest = z.infer<typeof Manifest>;
