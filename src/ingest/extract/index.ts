// Uploaded document file → plain text, for admins adding policy documents in chat. Runs in
// workerd without nodejs_compat. Text and Markdown are read here; .docx and PDF go to the
// parsers the host passes in (./binary-parsers.ts): in-process on Node and in the extractor
// worker, a service binding from the main worker (./service-parsers.ts), so that the 3 MB of
// mammoth and PDF.js are not compiled at every cold start of the worker that answers
// questions. Never throws: every problem is an `ok: false` result with a message for the admin.
import { decodeText } from "./text.js";
import { EMPTY, fail, tooLarge, unsupported } from "./failures.js";
import { uploadKind } from "./kind.js";
import { stripMarkdown } from "./markdown.js";
import { hasContent, normalizeText } from "./normalize.js";
import type { BinaryParsers, ExtractResult, Parsed, UploadFile, UploadKind } from "./types.js";

export type { BinaryParsers, ExtractFailure, ExtractResult, Parsed, UploadKind } from "./types.js";
export { uploadKind } from "./kind.js";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export async function extractText(file: UploadFile, options: { maxBytes?: number; parsers?: BinaryParsers } = {}): Promise<ExtractResult> {
  try {
    const kind = uploadKind(file.name, file.mimeType);
    if (!kind) return unsupported(file.name);
    const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
    if (file.bytes.length > maxBytes) return tooLarge(file.bytes.length, maxBytes);

    const parsed = await parse(kind, file.bytes, options.parsers);
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

const NO_PARSER = fail("unsupported_type", "这里暂时无法读取 .docx 和 .pdf 文件（没有配置文件解析服务）。请改传 .txt 或 .md 文件。");

async function parse(kind: UploadKind, bytes: Uint8Array, parsers: BinaryParsers | undefined): Promise<Parsed> {
  switch (kind) {
    case "txt":
      return decodeText(bytes);
    case "md": {
      const decoded = decodeText(bytes);
      return decoded.ok ? { ...decoded, text: stripMarkdown(decoded.text) } : decoded;
    }
    case "docx":
      return parsers ? parsers.docx(bytes) : NO_PARSER;
    case "pdf":
      return parsers ? parsers.pdf(bytes) : NO_PARSER;
  }
}
