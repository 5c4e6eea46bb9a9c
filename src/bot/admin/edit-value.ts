// /edit 字段 值: which field, and the value checked the way the document schema wants it.
import { METADATA_FIELDS, type MetadataField } from "../../ingest/metadata/overrides.js";
import { DOCUMENT_KINDS } from "../../shared/schema.js";
import { FIELD_LABELS } from "./texts.js";

export type EditParse = { ok: true; field: MetadataField; value: string } | { ok: false; message: string };

const BY_LABEL = new Map<string, MetadataField>([
  ...METADATA_FIELDS.map((f) => [FIELD_LABELS[f], f] as const),
  ["发文单位", "issuer"],
  ["发布机构", "issuer"],
  ["成文日期", "date"],
  ["发文日期", "date"],
  ["种类", "kind"],
  ["期限", "period"],
  ["发文字号", "docNumber"],
]);

export function parseEdit(args: string): EditParse {
  const m = /^\s*(\S+)\s+([\s\S]+?)\s*$/.exec(args);
  if (!m) return { ok: false, message: "" };
  const field = BY_LABEL.get(m[1]) ?? (METADATA_FIELDS as readonly string[]).find((f) => f === m[1]);
  if (!field) return { ok: false, message: `不认识字段“${m[1]}”。可用字段：${Object.values(FIELD_LABELS).join("、")}。` };
  const raw = m[2].normalize("NFKC").trim();
  if (raw.length > 200) return { ok: false, message: `${FIELD_LABELS[field as MetadataField]}太长了（最多200字）。` };
  const value = normalise(field as MetadataField, raw);
  return value === undefined ? { ok: false, message: invalid(field as MetadataField) } : { ok: true, field: field as MetadataField, value };
}

function normalise(field: MetadataField, raw: string): string | undefined {
  switch (field) {
    case "title":
      return raw.replace(/^《(.+)》$/u, "$1") || undefined;
    case "date": {
      const m = /^(\d{4})(?:[-./年](\d{1,2})(?:[-./月](\d{1,2})日?)?月?)?年?$/u.exec(raw);
      if (!m) return undefined;
      const [y, mo, d] = [Number(m[1]), m[2] && Number(m[2]), m[3] && Number(m[3])];
      if (y < 1949 || y > 2100 || (mo && (mo < 1 || mo > 12)) || (d && (d < 1 || d > 31))) return undefined;
      return [String(y), mo && String(mo).padStart(2, "0"), d && String(d).padStart(2, "0")].filter(Boolean).join("-");
    }
    case "kind":
      return (DOCUMENT_KINDS as readonly string[]).includes(raw) ? raw : undefined;
    case "period": {
      const m = /^(\d{4})\s*[-—–~～至]\s*(\d{4})年?$/u.exec(raw);
      return m && Number(m[1]) <= Number(m[2]) ? `${m[1]}-${m[2]}` : undefined;
    }
    case "status":
      return /^(已?废止|失效|已失效)$/u.test(raw) ? "已废止" : /^(有效|现行有效|正式生效)$/u.test(raw) ? "有效" : undefined;
    default:
      return raw;
  }
}

function invalid(field: MetadataField): string {
  if (field === "date") return "日期格式不对，请写成 2018-07-12、2018年7月12日 或 2018年7月。";
  if (field === "kind") return `类型只能是：${DOCUMENT_KINDS.join("、")}。`;
  if (field === "period") return "有效期请写成 2018-2020（起止年份）。";
  if (field === "status") return "状态只能是：已废止、有效。";
  return `${FIELD_LABELS[field]}不能为空。`;
}
