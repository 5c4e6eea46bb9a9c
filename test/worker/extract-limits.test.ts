// The limits on an upload (src/ingest/extract/limits.ts), inside workerd: each hostile file of
// test/support/hostile-files.ts is refused with its own code and a Chinese reason naming the
// limit, before the expensive part (no page read, nothing inflated past the cap); content
// sniffing; and the real fixtures extract exactly as they did before the limits.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { localParsers } from "../../src/ingest/extract/binary-parsers.js";
import {
  DEFAULT_LIMITS,
  extractText as extractWith,
  MAX_DOCX_UNCOMPRESSED_BYTES,
  MAX_EXTRACT_MS,
  MAX_PDF_PAGES,
  MAX_TEXT_CHARS,
  type ExtractLimits,
  type ExtractResult,
} from "../../src/ingest/extract/index.js";
import { parseDocx } from "../../src/ingest/extract/docx.js";
import { parsePdf } from "../../src/ingest/extract/pdf.js";
import { serviceParsers, type ServiceFetcher } from "../../src/ingest/extract/service-parsers.js";
import { readZipDirectory } from "../../src/ingest/extract/zip.js";
import { uploadFixture, type UploadFixture } from "../fixtures/uploads/fixtures.js";
import * as hostile from "../support/hostile-files.js";

const MB = 1024 * 1024;

function extract(file: hostile.HostileFile, limits?: Partial<ExtractLimits>): Promise<ExtractResult> {
  return extractWith(file, { parsers: localParsers, limits });
}

function ok(result: ExtractResult): Extract<ExtractResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result;
}

function failure(result: ExtractResult | { ok: boolean; code?: string; message?: string }, code: string): string {
  if (result.ok) throw new Error(`expected ${code}, got text`);
  expect(result.code, result.message).toBe(code);
  expect(result.message).toMatch(/\p{Script=Han}/u);
  return result.message!;
}

/** Real policy text: the fixture seed, as many times as needed. */
function policyText(chars: number): string {
  const seed = new TextDecoder().decode(uploadFixture("policy-utf8.txt"));
  return seed.repeat(Math.ceil(chars / seed.length)).slice(0, chars);
}

/** The same without line breaks or spaces: textPdf fills every line (28 characters) and page (22 lines). */
function pagesOfText(pages: number): string {
  return policyText(pages * 28 * 22 * 2).replace(/\s/g, "").slice(0, pages * 28 * 22);
}

describe("PDF pages", () => {
  it("refuses the 5 MB PDF of 50,000 blank pages from its page count (it crashed the server)", async () => {
    const file = hostile.blankPagesPdf(50_000);
    expect(file.bytes.length).toBeGreaterThan(4.5 * MB);
    const message = failure(await extract(file), "too_many_pages");
    expect(message).toContain("有 50000 页");
    expect(message).toContain(`${MAX_PDF_PAGES} 页的上限`);
    expect(message).toContain("拆成");
  });

  it("counts pages before reading any: a PDF over the page cap whose pages would pass the text cap is refused for its pages", async () => {
    const file = hostile.textPdf(pagesOfText(3));
    const limits = { maxPdfPages: 2, maxTextChars: 700 };
    failure(await extract(file, limits), "too_many_pages");
    // Read page by page, the same file stops at the text cap, on the page that passes it.
    expect(failure(await extract(file, { maxTextChars: 700 }), "too_much_text")).toContain("读到第 2 页时");
  });

  it("does not believe a page tree's /Count: 3 pages claiming a billion are read as 3", async () => {
    expect(failure(await extract(hostile.blankPagesPdf(3, 1_000_000_000)), "scanned")).toContain("（3 页）");
  });

  it("refuses a page tree that repeats one child to claim 10^10 pages, without walking it", async () => {
    failure(await extract(hostile.pageTreeDagPdf(10, 10)), "too_many_pages");
  });

  it("accepts exactly the page cap", async () => {
    const file = hostile.textPdf(pagesOfText(3));
    expect(ok(await extract(file, { maxPdfPages: 3 })).pages).toBe(3);
  });
});

describe("extracted text", () => {
  it("refuses the 9.9 MB .txt of one repeated character for its length", async () => {
    const file = hostile.repeatedCharTxt(9.9 * MB);
    const message = failure(await extract(file), "too_much_text");
    // Decoding stopped once the text was far over the cap (4×): the rest was never decoded.
    expect(message).toMatch(/读出的文字多于 1[2-9]\d(\.\d)? 万字/);
    expect(message).toContain(`${MAX_TEXT_CHARS / 10000} 万字的上限`);
  });

  it("takes a text of exactly the cap and refuses one more character, after normalisation", async () => {
    const name = "a.txt";
    const at = new TextEncoder().encode("政".repeat(MAX_TEXT_CHARS));
    expect(ok(await extract({ name, bytes: at })).text.length).toBe(MAX_TEXT_CHARS);
    // Trailing spaces and blank lines do not count: they are gone before the check.
    const padded = new TextEncoder().encode(`${"政".repeat(MAX_TEXT_CHARS)}   \n\n\n\n`);
    ok(await extract({ name, bytes: padded }));
    failure(await extract({ name, bytes: new TextEncoder().encode("政".repeat(MAX_TEXT_CHARS + 1)) }), "too_much_text");
  });

  it("decodes a large text in pieces without splitting a character between them", async () => {
    const limits = { maxTextChars: 2_000_000 };
    const utf8 = `a${"政策".repeat(600_000)}`; // 3.6 MB: pieces of 1 MB end inside characters
    expect(ok(await extract({ name: "a.txt", bytes: new TextEncoder().encode(utf8) }, limits)).text).toBe(utf8);
    const gbk = new Uint8Array(1 + 2 * 700_000).fill(0x61, 0, 1); // "a" then 政 (D5 FE) × 700,000
    for (let i = 1; i < gbk.length; i += 2) gbk.set([0xd5, 0xfe], i);
    const result = ok(await extract({ name: "a.txt", bytes: gbk }, limits));
    expect(result.text).toBe(`a${"政".repeat(700_000)}`);
    expect(result.notes.join("")).toContain("GB18030");
  });

  it("applies to Markdown (refused before stripping) and to .docx", async () => {
    const md = { name: "a.md", bytes: new TextEncoder().encode("# 标题\n\n" + "政".repeat(MAX_TEXT_CHARS * 4)) };
    failure(await extract(md), "too_much_text");
    const docx = await hostile.docxOf(policyText(2000));
    expect(failure(await extract(docx, { maxTextChars: 1000 }), "too_much_text")).toMatch(/读出的文字有 \d+ 字，超过了 1000 字的上限/);
  });
});

describe(".docx sizes", () => {
  it("refuses a zip bomb from the sizes its directory declares, before inflating it", async () => {
    const file = await hostile.docxBomb(MAX_DOCX_UNCOMPRESSED_BYTES + 2 * MB);
    expect(file.bytes.length).toBeLessThan(50 * 1024);
    const message = failure(await extract(file), "decompressed_too_large");
    expect(message).toContain("解压后有 5 MB");
    expect(message).toContain(`${MAX_DOCX_UNCOMPRESSED_BYTES / MB} MB 的上限`);
    expect(message).toContain("拆成");
  });

  it("stops inflating at the cap when the declared sizes lie", async () => {
    const file = await hostile.docxLyingSizes(MAX_DOCX_UNCOMPRESSED_BYTES + 2 * MB);
    const declared = readZipDirectory(file.bytes)!.find((e) => e.name === "word/document.xml")!;
    expect(declared.uncompressedSize).toBe(1024);
    expect(failure(await extract(file), "decompressed_too_large")).toContain(`解压后超过了 ${MAX_DOCX_UNCOMPRESSED_BYTES / MB} MB 的上限`);
  });

  it("counts only the parts mammoth reads: a large image does not count", async () => {
    const image = new Uint8Array(2 * MB).fill(7);
    const file = await hostile.docxOf(policyText(500), { extraParts: [{ name: "word/media/image1.png", bytes: image }] });
    ok(await extract(file, { maxDocxUncompressedBytes: MB }));
    const plain = await hostile.docxOf(policyText(500));
    expect(ok(await extract(file)).text).toBe(ok(await extract(plain)).text);
  });
});

describe(".docx structure", () => {
  const text = "一、总则\n第一条 为了规范管理，制定本办法。";

  it.each([
    ["zip64 records and sizes", { zip64: true }],
    ["data descriptors", { dataDescriptor: true }],
    ["zip64 with data descriptors", { zip64: true, dataDescriptor: true }],
    ["stored entries", { stored: true }],
    ["the main part elsewhere, named by _rels/.rels", { mainPath: "word/document2.xml" }],
  ] as const)("reads a .docx with %s", async (_, options) => {
    expect(ok(await extract(await hostile.docxOf(text, options))).text).toBe(text);
  });

  it("refuses a .docx whose entries are encrypted, saying so", async () => {
    const parts = [
      { name: "[Content_Types].xml", chunks: [new TextEncoder().encode("<Types/>")] },
      { name: "word/document.xml", chunks: [new TextEncoder().encode("<w:document/>")], encrypted: true },
    ];
    const file = { name: "加密.docx", bytes: await hostile.zipOf(parts) };
    expect(failure(await extract(file), "unreadable")).toContain("密码");
  });

  it("calls a truncated .docx unreadable", async () => {
    const bytes = uploadFixture("policy.docx");
    failure(await extract({ name: "a.docx", bytes: bytes.subarray(0, bytes.length - 100) }), "unreadable");
    failure(await extract({ name: "a.docx", bytes: bytes.subarray(0, 1000) }), "unreadable");
  });
});

describe("time budget", () => {
  it("stops a PDF and a .docx past the budget, with a timeout reason", async () => {
    const spent = { ...DEFAULT_LIMITS, maxExtractMs: 0 };
    expect(failure(await parsePdf(uploadFixture("policy.pdf"), spent), "timeout")).toContain("0 秒的时间上限");
    failure(await parseDocx(uploadFixture("policy.docx"), spent), "timeout");
  });

  it("gives up on an extractor worker that does not answer, with a timeout reason", async () => {
    const stuck: ServiceFetcher = {
      fetch: (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))),
    };
    const parsers = serviceParsers(stuck, { timeoutMs: 20 });
    expect(failure(await parsers.pdf(uploadFixture("policy.pdf")), "timeout")).toContain("秒");
    expect(MAX_EXTRACT_MS).toBeGreaterThan(0);
  });

  it("the extractor worker applies the limits behind the service binding", async () => {
    const parsers = serviceParsers((env as { EXTRACTOR: ServiceFetcher }).EXTRACTOR);
    failure(await parsers.pdf(hostile.blankPagesPdf(MAX_PDF_PAGES + 1).bytes), "too_many_pages");
    failure(await parsers.docx((await hostile.docxLyingSizes(MAX_DOCX_UNCOMPRESSED_BYTES + MB)).bytes), "decompressed_too_large");
  });
});

describe("content sniffing", () => {
  it("reads an ASCII PDF named .txt as a PDF, not as 《%PDF-1.4》", async () => {
    const result = ok(await extract(hostile.pdfNamedTxt()));
    expect(result.kind).toBe("pdf");
    expect(result.notes).toEqual(["文件扩展名是 .txt，但内容是 PDF，已按 PDF 读取"]);
    expect(result.text).toContain("Article 1 These measures apply");
    expect(result.text).not.toContain("%PDF");
  });

  it("names a zip that is no Word document, in a file not named .docx", async () => {
    const message = failure(await extract({ name: "通知.txt", bytes: uploadFixture("not-word.docx") }), "wrong_content");
    expect(message).toContain("扩展名是 .txt，但内容是 ZIP 压缩包，但不是 Word 文档");
  });

  it.each([
    ["通知.docx", [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "旧版 Office 文档"],
    ["通知.pdf", [0xff, 0xd8, 0xff, 0xe0], "JPEG 图片"],
    ["通知.md", "GIF89a", "GIF 图片"],
    ["通知.txt", "RIFF\x00\x00\x00\x00WEBP", "WebP 图片"],
    ["通知.pdf", "II*\x00", "TIFF 图片"],
    ["通知.txt", "Rar!\x1a\x07\x00", "RAR 压缩包"],
    ["通知.docx", [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], "7z 压缩包"],
    ["通知.txt", [0x1f, 0x8b, 0x08], "gzip 压缩包"],
  ] as const)("refuses %s whose bytes are %s, naming what it is", async (name, signature, what) => {
    const message = failure(await extract(hostile.magicFile(name, signature as number[] | string)), "wrong_content");
    expect(message).toContain(`但内容是${/^[A-Za-z0-9]/.test(what) ? " " : ""}${what}`);
  });

  it("keeps a .docx or .pdf whose bytes are plain text unreadable, as before", async () => {
    failure(await extract({ name: "a.docx", bytes: uploadFixture("policy-utf8.txt") }), "unreadable");
    failure(await extract({ name: "a.pdf", bytes: uploadFixture("policy-utf8.txt") }), "unreadable");
  });
});

/** What every fixture gave before the limits (computed with the code of the commit before them). */
const BEFORE: Record<UploadFixture, { kind: string; pages?: number; notes: number; sha256: string } | { code: string; message: string }> = {
  "blank.txt": { code: "empty", message: "文件里没有读到任何文字（空文件，或只有空白和标点）。请检查文件内容后重新上传。" },
  "copy-protected.pdf": { kind: "pdf", pages: 1, notes: 0, sha256: "675879f03e87a635d4fb31129111046b0fe6ba0cd178eb496c82126ef968c028" },
  "corrupt.docx": { code: "unreadable", message: "无法打开这个 .docx 文件：文件已损坏，或并不是 Word 文档。请在 Word/WPS 中打开确认后重新另存为 .docx 再上传。" },
  "corrupt.pdf": { code: "unreadable", message: "无法打开这个 PDF 文件：文件已损坏或不是有效的 PDF。请重新导出 PDF 后上传，或改传 .docx/.txt 文件。" },
  "empty.txt": { code: "empty", message: "文件里没有读到任何文字（空文件，或只有空白和标点）。请检查文件内容后重新上传。" },
  "encrypted.pdf": { code: "unreadable", message: "这个 PDF 设置了打开密码，无法读取。请上传未加密的 PDF，或改传 .docx/.txt 文件。" },
  "font-not-embedded-gbk.pdf": { kind: "pdf", pages: 1, notes: 0, sha256: "43facfd510c5b59c2a59a70afef7418bf210fa9466febb7978c45df3a1fcfa67" },
  "font-not-embedded-ucs2.pdf": { kind: "pdf", pages: 1, notes: 0, sha256: "43facfd510c5b59c2a59a70afef7418bf210fa9466febb7978c45df3a1fcfa67" },
  "not-word.docx": { code: "unreadable", message: "无法打开这个 .docx 文件：文件已损坏，或并不是 Word 文档。请在 Word/WPS 中打开确认后重新另存为 .docx 再上传。" },
  "notice.md": { kind: "md", notes: 0, sha256: "778f468405281aa1e5ad580398f6eef582cd677e99fcf63da43749ead9933204" },
  "old-format.doc": {
    code: "unsupported_type",
    message: "不支持旧版 Word（.doc）文件。请在 Word 或 WPS 中“另存为” .docx 后再上传。支持的格式：纯文本 .txt、Markdown .md、Word .docx、带文字层的 PDF。",
  },
  "photo.png": { code: "unsupported_type", message: "不支持.png 文件（图片、表格、压缩包等无法读取）。支持的格式：纯文本 .txt、Markdown .md、Word .docx、带文字层的 PDF。" },
  "policy-gb18030.txt": { kind: "txt", notes: 1, sha256: "ac7d70a5a7283bf0228a52c3716139efef3f0db76f42aaa666b76ea64b96ebee" },
  "policy-utf16.txt": { kind: "txt", notes: 1, sha256: "ac7d70a5a7283bf0228a52c3716139efef3f0db76f42aaa666b76ea64b96ebee" },
  "policy-utf8.txt": { kind: "txt", notes: 0, sha256: "ac7d70a5a7283bf0228a52c3716139efef3f0db76f42aaa666b76ea64b96ebee" },
  "policy.docx": { kind: "docx", notes: 1, sha256: "a2a9269bc9c9c443b44772bab3f96e8990b312589c5994041b96f4ee0a6ba17c" },
  "policy.pdf": { kind: "pdf", pages: 1, notes: 0, sha256: "675879f03e87a635d4fb31129111046b0fe6ba0cd178eb496c82126ef968c028" },
  "scanned.pdf": { code: "scanned", message: "这个 PDF（1 页）几乎没有可读取的文字，看起来是扫描件或图片，没有文字层。请上传由 Word/WPS 直接导出的 PDF，或改传 .docx/.txt 文件。" },
};

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("real fixtures", () => {
  it.each(Object.keys(BEFORE) as UploadFixture[])("%s extracts exactly as before the limits", async (name) => {
    const result = await extract({ name, bytes: uploadFixture(name) });
    const got = result.ok
      ? { kind: result.kind, ...(result.pages !== undefined ? { pages: result.pages } : {}), notes: result.notes.length, sha256: await sha256(result.text) }
      : { code: result.code, message: result.message };
    expect(got).toEqual(BEFORE[name]);
  });
});
