// An admin's file → a pending upload and its preview: text extracted (txt, md, docx, pdf),
// ingested exactly as `npm run index` ingests (clean, clauses, metadata), the original kept
// in the store. Nothing changes for users until the admin confirms.
import { ingestDocument, type IngestInput, type Ingested } from "../ingest/document.js";
import { sha256Hex } from "../ingest/build/serialise.js";
import { extractText } from "../ingest/extract/index.js";
import { METADATA_FIELDS, type MetadataField, type MetadataOverrides } from "../ingest/metadata/overrides.js";
import type { LoadedIndex } from "../search/load-index.js";
import type { DocumentMeta } from "../shared/schema.js";
import type { ManageDeps } from "./deps.js";
import { newPendingId, savePending, type Pending } from "./pending.js";

export type PrepareResult = { ok: true; pending: Pending; preview: Preview } | { ok: false; code: string; message: string };

export interface Preview {
  ingested: Ingested;
  /** Fields neither detected nor given by the admin. */
  missing: MetadataField[];
  /** Live documents with the same 文号 or title: the upload offers to replace them. */
  duplicates: DocumentMeta[];
}

/** The live documents an upload may duplicate (a superset; duplicatesOf decides): the index in the isolate's, or the search tier's. */
export type DuplicateCandidates = (doc: DocumentMeta) => Promise<DocumentMeta[]>;

export const memoryDuplicates =
  (index: LoadedIndex): DuplicateCandidates =>
  async () =>
    index.documents;

/** `live`: where the library is (default: the index in this isolate). */
export async function prepareUpload(deps: ManageDeps, file: { name: string; bytes: Uint8Array; mimeType?: string }, admin: number, live?: DuplicateCandidates): Promise<PrepareResult> {
  const extracted = await extractText(file, { parsers: deps.parsers });
  if (!extracted.ok) return { ok: false, code: extracted.code, message: extracted.message };
  const hash = await sha256Hex(file.bytes);
  const pending: Pending = {
    id: newPendingId(),
    by: admin,
    createdAt: deps.now().toISOString(),
    fileName: file.name,
    kind: extracted.kind,
    originalKey: `originals/${hash}.${extracted.kind}`,
    text: extracted.text,
    docId: `u_${(await sha256Hex(extracted.text)).slice(0, 16)}`,
    overrides: {},
    notes: extracted.notes,
  };
  const preview = await previewOf(pending, live ?? memoryDuplicates(await deps.live.get()));
  if (preview.ingested.clauses.length === 0)
    return { ok: false, code: "no_clauses", message: "读出了文字，但没有识别出任何条款（正文太短或没有可用的段落），资料库没有变化。请检查文件内容。" };
  // docId: the sweep keeps the original while a kept version holds its document
  await deps.store.put(pending.originalKey, file.bytes, { name: file.name.slice(0, 200), by: String(admin), docId: pending.docId });
  await savePending(deps.store, pending);
  return { ok: true, pending, preview };
}

/** The pending upload as ingestion input: what the preview shows and what 确认上线 publishes. */
export const pendingInput = (pending: Pending): IngestInput => ({
  id: pending.docId,
  source: pending.fileName,
  text: pending.text,
  overrides: pending.overrides as MetadataOverrides,
  overridesFrom: `管理员 ${pending.by} 填写`,
});

export async function previewOf(pending: Pending, live: DuplicateCandidates): Promise<Preview> {
  const ingested = ingestDocument(pendingInput(pending));
  const doc = ingested.document;
  const missing = METADATA_FIELDS.filter((f) => f !== "period" && f !== "kind" && f !== "status" && doc[f] === undefined);
  return { ingested, missing, duplicates: duplicatesOf(doc, await live(doc)) };
}

const squash = (s: string | undefined) => (s ?? "").normalize("NFKC").replace(/[\s《》〔〕\[\]()（）【】"“”]/g, "");

export function duplicatesOf(doc: DocumentMeta, live: DocumentMeta[]): DocumentMeta[] {
  return live.filter(
    (d) => d.id === doc.id || (doc.docNumber && squash(d.docNumber) === squash(doc.docNumber)) || squash(d.title) === squash(doc.title),
  );
}
