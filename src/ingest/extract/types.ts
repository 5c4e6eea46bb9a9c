// The public shapes of text extraction (re-exported by index.ts).
import type { ExtractLimits } from "./limits.js";

export type UploadKind = "txt" | "md" | "docx" | "pdf";

export type ExtractFailure =
  | "unsupported_type"
  | "too_large"
  | "empty"
  | "unreadable"
  | "scanned"
  | "encoding"
  /** A PDF over MAX_PDF_PAGES (src/ingest/extract/limits.ts), refused before any page is read. */
  | "too_many_pages"
  /** Extracted text over MAX_TEXT_CHARS. */
  | "too_much_text"
  /** A .docx whose parts inflate (or declare they inflate) past MAX_DOCX_UNCOMPRESSED_BYTES. */
  | "decompressed_too_large"
  /** Parsing ran past MAX_EXTRACT_MS, or the extractor worker did not answer in time. */
  | "timeout"
  /** The bytes are something else than any accepted format (an image, an archive, an old .doc). */
  | "wrong_content";

export type ExtractResult =
  /** `notes`: things the admin should know, in Chinese (e.g. "已按 GB18030 编码读取"). */
  | { ok: true; kind: UploadKind; text: string; pages?: number; notes: string[] }
  /** `message`: simplified Chinese, for the admin in chat: what is wrong and what to do. */
  | { ok: false; code: ExtractFailure; message: string };

export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  mimeType?: string;
}

/** What one parser hands back before the shared normalisation and the emptiness check. */
export type Parsed = { ok: true; text: string; pages?: number; notes: string[] } | Extract<ExtractResult, { ok: false }>;

/**
 * The parsers of binary formats, passed in by the host (./binary-parsers.ts, ./service-parsers.ts).
 * `limits`: ./limits.ts's unless given (tests); a service applies its own.
 */
export interface BinaryParsers {
  docx(bytes: Uint8Array, limits?: ExtractLimits): Promise<Parsed>;
  pdf(bytes: Uint8Array, limits?: ExtractLimits): Promise<Parsed>;
}
