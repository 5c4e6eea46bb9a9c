// Uploaded document file → plain text, for admins adding policy documents in chat. Runs in
// workerd without nodejs_compat: the .docx and PDF parsers are loaded by `import()` only when
// such a file arrives. Never throws: every problem is an `ok: false` result with a message for
// the admin.
import { decodeText } from "./text.js";
import { EMPTY, fail, tooLarge, unsupported } from "./failures.js";
import { uploadKind } from "./kind.js";
import { stripMarkdown } from "./markdown.js";
import { hasContent, normalizeText } from "./normalize.js";
import type { ExtractResult, Parsed, UploadFile, UploadKind } from "./types.js";

export type { ExtractFailure, ExtractResult, UploadKind } from "./types.js";
export { uploadKind } from "./kind.js";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export async function extractText(file: UploadFile, options: { maxBytes?: number } = {}): Promise<ExtractResult> {
  try {
    const kind = uploadKind(file.name, file.mimeType);
    if (!kind) return unsupported(file.name);
    const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
    if (file.bytes.length > maxBytes) return tooLarge(file.bytes.length, maxBytes);

    const parsed = await parse(kind, file.bytes);
    if (!parsed.ok) return parsed;
    const text = normalizeText(parsed.text);
    if (!hasContent(text)) return EMPTY;
    const result: ExtractResult = { ok: true, kind, text, notes: parsed.notes };
    if (parsed.pages !== undefined) result.pages = parsed.pages;
    return result;
  } catch {
    // The parsers catch their own errors; this is the guarantee for anything unforeseen.
    return fail("unreadable", "读取文件时出现意外错误，文件可能已损坏。请重新导出后再上传，或改传 .txt/.docx 文件。");
  }
}

async function parse(kind: UploadKind, bytes: Uint8Array): Promise<Parsed> {
  switch (kind) {
    case "txt":
      return decodeText(bytes);
    case "md": {
      const decoded = decodeText(bytes);
      return decoded.ok ? { ...decoded, text: stripMarkdown(decoded.text) } : decoded;
    }
    case "docx":
      return (await import("./docx.js")).parseDocx(bytes);
    case "pdf":
      return (await import("./pdf.js")).parsePdf(bytes);
  }
}
