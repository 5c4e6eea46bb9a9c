// Which parser a file goes to: its extension first, the MIME type when the name says nothing.
import { extension } from "./failures.js";
import type { UploadKind } from "./types.js";

const BY_EXTENSION: Record<string, UploadKind> = {
  txt: "txt",
  text: "txt",
  md: "md",
  markdown: "md",
  docx: "docx",
  pdf: "pdf",
};

const BY_MIME: Record<string, UploadKind> = {
  "text/plain": "txt",
  "text/markdown": "md",
  "text/x-markdown": "md",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/pdf": "pdf",
};

/**
 * A known extension decides; another real extension (".doc", ".png") is not overridden by the
 * MIME type. Only a name without one ("通知", "通知2024.1.5") falls back to the MIME type.
 */
export function uploadKind(fileName: string, mimeType?: string): UploadKind | undefined {
  const ext = extension(fileName);
  if (Object.hasOwn(BY_EXTENSION, ext)) return BY_EXTENSION[ext];
  if (/^(?=.*[a-z])[a-z0-9]{1,8}$/.test(ext)) return undefined;
  const mime = mimeType?.split(";")[0].trim().toLowerCase();
  return mime && Object.hasOwn(BY_MIME, mime) ? BY_MIME[mime] : undefined;
}
