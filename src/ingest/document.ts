// One document through the stages: clean → layout → clause tree → clauses + metadata.
import type { CatalogueEntry, Clause, DocumentMeta } from "../shared/schema.js";
import { clean, type Cleaned } from "./clean/index.js";
import { extractDeadlines } from "./clauses/deadlines.js";
import { flattenTree } from "./clauses/flatten.js";
import { layout as readLayout, type Layout } from "./clauses/layout.js";
import { buildTree, type ClauseNode } from "./clauses/tree.js";
import { extractMetadata } from "./metadata/extract.js";
import { applyOverrides, type MetadataOverrides } from "./metadata/overrides.js";

export interface IngestInput {
  /** Stable document id (the file name without extension). */
  id: string;
  /** File name it came from. */
  source: string;
  text: string;
  catalogue?: CatalogueEntry;
  /** An admin's corrections, which win over what is detected; `overridesFrom` says who set them. */
  overrides?: MetadataOverrides;
  overridesFrom?: string;
}

export interface Ingested {
  document: DocumentMeta;
  clauses: Clause[];
  tree: ClauseNode[];
  cleaned: Cleaned;
  layout: Layout;
}

export function ingestDocument(input: IngestInput): Ingested {
  const cleaned = clean(input.text);
  const layout = readLayout(cleaned.paragraphs);
  const tree = buildTree(layout);
  const detected = extractMetadata({ id: input.id, source: input.source, cleaned, layout, catalogue: input.catalogue });
  const document = applyOverrides(detected, input.overrides, input.overridesFrom ?? "管理员填写");
  // a month and day without a year take the document's (its date as read, or as the admin corrected it)
  const clauses = flattenTree(input.id, tree).map((c) => {
    const deadlines = extractDeadlines(`${c.label}\n${c.text}`, document.date);
    return deadlines.length > 0 ? { ...c, deadlines } : c;
  });
  return { document, clauses, tree, cleaned, layout };
}

/** "003_00eec2e948361586.txt" → "003_00eec2e948361586". */
export function documentId(fileName: string): string {
  return fileName.replace(/\.(txt|md)$/i, "");
}
