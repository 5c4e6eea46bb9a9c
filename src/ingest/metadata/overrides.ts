// An admin's corrections to the metadata detected in an uploaded document. Unlike the
// catalogue (which only fills what the text does not state), a correction wins over what was
// detected. The value did not come from the text, so it is listed as inferred, with who set it.
import type { DocumentMeta } from "../../shared/schema.js";

export const METADATA_FIELDS = ["title", "docNumber", "issuer", "region", "date", "kind", "period", "status"] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];
export type MetadataOverrides = Partial<Record<MetadataField, string>>;

export function applyOverrides(meta: DocumentMeta, overrides: MetadataOverrides | undefined, from: string): DocumentMeta {
  if (!overrides) return meta;
  const out: DocumentMeta = { ...meta, inferred: [...meta.inferred] };
  for (const field of METADATA_FIELDS) {
    const value = overrides[field];
    if (value === undefined) continue;
    if (field === "status") {
      // 已废止: the admin says so; 有效: the admin says it is in force (what the title or text suggested is set aside)
      out.status = value === "已废止" ? { ...out.status, repealed: { from } } : undefined;
      if (!out.status) delete out.status;
    } else (out as Record<string, unknown>)[field] = value;
    out.inferred = out.inferred.filter((i) => i.field !== field);
    out.inferred.push({ field, from });
  }
  out.inferred.sort((a, b) => METADATA_FIELDS.indexOf(a.field as MetadataField) - METADATA_FIELDS.indexOf(b.field as MetadataField));
  return out;
}
