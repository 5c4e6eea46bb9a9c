// Uploaded document file → plain text, for admins adding policy documents in chat. Runs in
// workerd without nodejs_compat. Text and Markdown are read here; .docx and PDF go to the
// parsers the host passes in (./binary-parsers.ts): in-process on Node and in the extractor
// worker, a service binding from the main worker (./service-parsers.ts), so that the 3 MB of
// mammoth and PDF.js are not compiled at every cold start of the worker that answers
// questions. Never throws: every problem is an `ok: false` result with a message for the admin.
import { decodeText } from "./text.js";
import { EMPTY, fail, readAsNote, tooLarge, tooMuchText, unsupported, wrongContent } from "./failures.js";
import { uploadKind } from "./kind.js";
import { DEFAULT_LIMITS, type ExtractLimits } from "./limits.js";
import { stripMarkdown } from "./markdown.js";
import { hasContent, normalizeText } from "./normalize.js";
import { sniff, ZIP_NOT_DOCX } from "./sniff.js";
import type { BinaryParsers, ExtractResult, Parsed, UploadFile, UploadKind } from "./types.js";

export type { BinaryParsers, ExtractFailure, ExtractResult, Parsed, UploadKind } from "./types.js";
export type { ExtractLimits } from "./limits.js";
export { uploadKind } from "./kind.js";
export { DEFAULT_LIMITS, MAX_DOCX_UNCOMPRESSED_BYTES, MAX_EXTRACT_MS, MAX_PDF_PAGES, MAX_TEXT_CHARS, MAX_UPLOAD_BYTES } from "./limits.js";

export interface ExtractOptions {
  /** The upload size limit (MAX_UPLOAD_BYTES unless given; tests pass small ones). */
  maxBytes?: number;
  parsers?: BinaryParsers;
  /** Other limits than ./limits.ts's (tests); the parsers of a service use their own. */
  limits?: Partial<ExtractLimits>;
}

export async function extractText(file: UploadFile, options: ExtractOptions = {}): Promise<ExtractResult> {
  try {
    const named = uploadKind(file.name, file.mimeType);
    if (!named) return unsupported(file.name);
    const limits: ExtractLimits = { ...DEFAULT_LIMITS, ...options.limits };
    if (options.maxBytes !== undefined) limits.maxUploadBytes = options.maxBytes;
    if (file.bytes.length > limits.maxUploadBytes) return tooLarge(file.bytes.length, limits.maxUploadBytes);

    // The content decides over the name: a PDF or a .docx saved as .txt is read as what it is,
    // and an image or an archive is named as such, whatever the file is called.
    const sniffed = sniff(file.bytes);
    if (sniffed && !sniffed.readable) return wrongContent(file.name, sniffed.what, sniffed.advice);
    const kind = sniffed?.readable ?? named;
    /** The kind the content says, when the name said another. */
    const renamed = sniffed?.readable && sniffed.readable !== named ? sniffed.readable : undefined;

    const parsed = await parse(kind, file.bytes, options.parsers, limits);
    if (!parsed.ok) {
      // A zip in a file not named .docx that is no Word document: say what it is.
      return renamed === "docx" && parsed.code === "unreadable"
        ? wrongContent(file.name, ZIP_NOT_DOCX.what, ZIP_NOT_DOCX.advice)
        : parsed;
    }
    const text = normalizeText(parsed.text);
    if (text.length > limits.maxTextChars) return tooMuchText(limits.maxTextChars, { chars: text.length });
    if (!hasContent(text)) return EMPTY;
    const notes = renamed ? [readAsNote(file.name, renamed), ...parsed.notes] : parsed.notes;
    const result: ExtractResult = { ok: true, kind, text, notes };
    if (parsed.pages !== undefined) result.pages = parsed.pages;
    return result;
  } catch {
    // The parsers catch their own errors; this is the guarantee for anything unforeseen.
    return fail("unreadable", "读取文件时出现意外错误，文件可能已损坏。请重新导出后再上传，或改传 .txt/.docx 文件。");
  }
}

const NO_PARSER = fail("unsupported_type", "这里暂时无法读取 .docx 和 .pdf 文件（没有配置文件解析服务）。请改传 .txt 或 .md 文件。");

async function parse(kind: UploadKind, bytes: Uint8Array, parsers: BinaryParsers | undefined, limits: ExtractLimits): Promise<Parsed> {
  switch (kind) {
    case "txt":
    case "md": {
      // A text far over the cap is refused while decoding, before normalising and stripping.
      const decoded = decodeText(bytes, limits.maxTextChars);
      return decoded.ok && kind === "md" ? { ...decoded, text: stripMarkdown(decoded.text) } : decoded;
    }
    case "docx":
      return parsers ? parsers.docx(bytes, limits) : NO_PARSER;
    case "pdf":
      return parsers ? parsers.pdf(bytes, limits) : NO_PARSER;
  }
}
