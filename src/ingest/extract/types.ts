// The public shapes of text extraction (re-exported by index.ts).

export type UploadKind = "txt" | "md" | "docx" | "pdf";

export type ExtractFailure = "unsupported_type" | "too_large" | "empty" | "unreadable" | "scanned" | "encoding";

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

/** The parsers of binary formats, passed in by the host (./binary-parsers.ts, ./service-parsers.ts). */
export interface BinaryParsers {
  docx(bytes: Uint8Array): Promise<Parsed>;
  pdf(bytes: Uint8Array): Promise<Parsed>;
}
