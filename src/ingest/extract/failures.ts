// The failure results and their messages for the admin (simplified Chinese).
import type { ExtractFailure, ExtractResult } from "./types.js";

export type Failure = Extract<ExtractResult, { ok: false }>;

export const ACCEPTED_TYPES = "纯文本 .txt、Markdown .md、Word .docx、带文字层的 PDF";

export function fail(code: ExtractFailure, message: string): Failure {
  return { ok: false, code, message };
}

export function unsupported(fileName: string): Failure {
  const ext = extension(fileName);
  if (ext === "doc" || ext === "wps") {
    return fail(
      "unsupported_type",
      `不支持旧版 Word（.${ext}）文件。请在 Word 或 WPS 中“另存为” .docx 后再上传。支持的格式：${ACCEPTED_TYPES}。`,
    );
  }
  const what = ext ? `.${ext} 文件` : "没有扩展名的文件";
  return fail("unsupported_type", `不支持${what}（图片、表格、压缩包等无法读取）。支持的格式：${ACCEPTED_TYPES}。`);
}

export function tooLarge(size: number, maxBytes: number): Failure {
  return fail("too_large", `文件太大（${megabytes(size)}），上限是 ${megabytes(maxBytes)}。请删去附件、图片后再上传，或拆成几个文件。`);
}

export const EMPTY = fail("empty", "文件里没有读到任何文字（空文件，或只有空白和标点）。请检查文件内容后重新上传。");

export const ENCODING = fail(
  "encoding",
  "无法识别这个文本文件的编码（不是 UTF-8、UTF-16 或 GB18030 文本，也可能不是文本文件）。请用记事本或 WPS 另存为“UTF-8”编码的 .txt 后重新上传。",
);

export const GB18030_UNAVAILABLE = fail(
  "encoding",
  "这个文本文件不是 UTF-8 编码（可能是 GBK/GB18030），当前环境无法读取。请用记事本或 WPS 另存为“UTF-8”编码的 .txt 后重新上传。",
);

export function unreadableDocx(): Failure {
  return fail("unreadable", "无法打开这个 .docx 文件：文件已损坏，或并不是 Word 文档。请在 Word/WPS 中打开确认后重新另存为 .docx 再上传。");
}

export function unreadablePdf(encrypted: boolean): Failure {
  return encrypted
    ? fail("unreadable", "这个 PDF 设置了打开密码，无法读取。请上传未加密的 PDF，或改传 .docx/.txt 文件。")
    : fail("unreadable", "无法打开这个 PDF 文件：文件已损坏或不是有效的 PDF。请重新导出 PDF 后上传，或改传 .docx/.txt 文件。");
}

export function scanned(pages: number): Failure {
  return fail(
    "scanned",
    `这个 PDF（${pages} 页）几乎没有可读取的文字，看起来是扫描件或图片，没有文字层。请上传由 Word/WPS 直接导出的 PDF，或改传 .docx/.txt 文件。`,
  );
}

export function tooManyPages(pages: number, maxPages: number): Failure {
  return fail(
    "too_many_pages",
    `这个 PDF 有 ${pages} 页，超过了 ${maxPages} 页的上限，没有读取。一份政策文件通常不会这么长：请只保留政策正文（去掉汇编、附表等），或拆成几个不超过 ${maxPages} 页的 PDF 分别上传。`,
  );
}

/**
 * `chars`: the text's length; `atLeast`: how much was read when reading stopped (a text far over
 * the cap); `page`: the PDF page on which the text passed the cap.
 */
export function tooMuchText(maxChars: number, found: { chars: number } | { atLeast: number } | { page: number }): Failure {
  const what =
    "chars" in found
      ? `读出的文字有 ${characters(found.chars)}，超过了 ${characters(maxChars)}的上限，没有读取。`
      : "atLeast" in found
        ? `读出的文字多于 ${characters(found.atLeast)}，超过了 ${characters(maxChars)}的上限，没有读取。`
        : `读到第 ${found.page} 页时，文字已超过 ${characters(maxChars)}的上限，已停止读取。`;
  return fail("too_much_text", `${what}一份政策文件通常不会这么长：请确认上传的是单个文件而不是汇编，或拆成几个文件分别上传。`);
}

/** `declared`: the total the zip declares, when that alone is over the cap; else inflating passed it. */
export function decompressedTooLarge(maxBytes: number, declared?: number): Failure {
  const what = declared !== undefined ? `解压后有 ${megabytes(declared)}，超过了` : "解压后超过了";
  return fail(
    "decompressed_too_large",
    `这个 .docx 文件（Word 文档本身是压缩包）的正文和格式数据${what} ${megabytes(maxBytes)} 的上限，没有读取。请删去不需要的内容后重新另存为 .docx，或拆成几个文件分别上传。`,
  );
}

export function timedOut(maxMs: number): Failure {
  return fail(
    "timeout",
    `读取这个文件超过了 ${Math.round(maxMs / 100) / 10} 秒的时间上限，已停止。文件可能过大或结构异常：请拆成几个文件分别上传，或改传 .docx/.txt 文件。`,
  );
}

export function encryptedDocx(): Failure {
  return fail("unreadable", "这个 .docx 文件设置了密码（加密），无法读取。请在 Word/WPS 中取消密码后重新另存为 .docx 再上传。");
}

/** `what`: what the bytes are ("PNG 图片"); `advice`: what to do instead. */
export function wrongContent(fileName: string, what: string, advice: string): Failure {
  const ext = extension(fileName);
  const named = ext ? `的扩展名是 .${ext}，但内容` : "的内容";
  const space = /^[A-Za-z0-9]/.test(what) ? " " : "";
  return fail("wrong_content", `这个文件${named}是${space}${what}，无法读取。${advice}支持的格式：${ACCEPTED_TYPES}。`);
}

/** The note for a file read by its content rather than its name. */
export function readAsNote(fileName: string, kind: "pdf" | "docx"): string {
  const ext = extension(fileName);
  const [what, as] = kind === "pdf" ? ["PDF", "PDF "] : ["Word 文档（.docx）", "Word 文档"];
  return ext ? `文件扩展名是 .${ext}，但内容是 ${what}，已按 ${as}读取` : `文件内容是 ${what}，已按 ${as}读取`;
}

/** 300000 → "30 万字", 9876543 → "987.7 万字", 8000 → "8000 字". */
function characters(n: number): string {
  return n >= 10000 ? `${Math.round(n / 1000) / 10} 万字` : `${n} 字`;
}

/** "a.Tar.GZ" → "gz"; no dot → "". */
export function extension(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot < 0 ? "" : fileName.slice(dot + 1).trim().toLowerCase();
}

/** 10485760 → "10 MB", 1572864 → "1.5 MB"; limits under 0.1 MB (tests) in KB. */
function megabytes(bytes: number): string {
  const mb = Math.round((bytes / 1048576) * 10) / 10;
  return mb >= 0.1 ? `${mb} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
