// What a file's first bytes say it is, whatever its name: a PDF or a zip (read as such), or
// a format nobody can read text from here (named in the refusal).

export type Sniffed =
  | { readable: "pdf" | "docx" }
  | { readable?: undefined; what: string; advice: string };

const IMAGE_ADVICE = "图片里的文字无法读取：请上传 Word/WPS 文档、由它们直接导出的 PDF，或 .txt 文件。";
const ARCHIVE_ADVICE = "请先解压，再逐个上传其中的文件。";

const SIGNATURES: { bytes: (number | undefined)[]; sniffed: Sniffed }[] = [
  { bytes: ascii("%PDF-"), sniffed: { readable: "pdf" } },
  { bytes: [0x50, 0x4b, 0x03, 0x04], sniffed: { readable: "docx" } },
  {
    // OLE2 compound file: .doc/.xls/.ppt, and also a password-protected .docx (Word wraps the
    // encrypted package in OLE).
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    sniffed: {
      what: "旧版 Office 文档（.doc/.xls/.ppt 格式，或设置了打开密码的 Word 文档）",
      advice: "请在 Word 或 WPS 中打开，“另存为”不加密的 .docx 后再上传。",
    },
  },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], sniffed: { what: "PNG 图片", advice: IMAGE_ADVICE } },
  { bytes: [0xff, 0xd8, 0xff], sniffed: { what: "JPEG 图片", advice: IMAGE_ADVICE } },
  { bytes: ascii("GIF87a"), sniffed: { what: "GIF 图片", advice: IMAGE_ADVICE } },
  { bytes: ascii("GIF89a"), sniffed: { what: "GIF 图片", advice: IMAGE_ADVICE } },
  { bytes: [...ascii("RIFF"), undefined, undefined, undefined, undefined, ...ascii("WEBP")], sniffed: { what: "WebP 图片", advice: IMAGE_ADVICE } },
  { bytes: [0x49, 0x49, 0x2a, 0x00], sniffed: { what: "TIFF 图片", advice: IMAGE_ADVICE } },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], sniffed: { what: "TIFF 图片", advice: IMAGE_ADVICE } },
  { bytes: [...ascii("Rar!"), 0x1a, 0x07], sniffed: { what: "RAR 压缩包", advice: ARCHIVE_ADVICE } },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], sniffed: { what: "7z 压缩包", advice: ARCHIVE_ADVICE } },
  { bytes: [0x1f, 0x8b], sniffed: { what: "gzip 压缩包", advice: ARCHIVE_ADVICE } },
];

/** The format the bytes start with, or undefined for anything else (text, corrupt files). */
export function sniff(bytes: Uint8Array): Sniffed | undefined {
  return SIGNATURES.find(({ bytes: signature }) => signature.every((b, i) => b === undefined || bytes[i] === b))?.sniffed;
}

/** A zip that turned out not to be a Word document, in a file not named .docx. */
export const ZIP_NOT_DOCX = { what: "ZIP 压缩包，但不是 Word 文档", advice: ARCHIVE_ADVICE };

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}
