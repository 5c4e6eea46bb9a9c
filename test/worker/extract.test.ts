// Uploaded files → plain text, inside workerd (no nodejs_compat): real .txt/.md/.docx/PDF
// fixtures from test/fixtures/uploads/ (embedded as base64 by scripts/gen-upload-fixtures.ts).
import { describe, expect, it } from "vitest";
import { localParsers } from "../../src/ingest/extract/binary-parsers.js";
import { extractText as extractWith, MAX_UPLOAD_BYTES, uploadKind, type ExtractResult } from "../../src/ingest/extract/index.js";

/** The parsers run here, in workerd, as they do in the extractor worker. */
const extractText: typeof extractWith = (file, options) => extractWith(file, { parsers: localParsers, ...options });
import { uploadFixture, type UploadFixture } from "../fixtures/uploads/fixtures.js";

function extract(name: UploadFixture, as: string = name, options?: { maxBytes?: number }): Promise<ExtractResult> {
  return extractText({ name: as, bytes: uploadFixture(name) }, options);
}

function ok(result: ExtractResult): Extract<ExtractResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result;
}

function failure(result: ExtractResult): Extract<ExtractResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got text: ${result.text.slice(0, 80)}`);
  expect(result.message).toMatch(/\p{Script=Han}/u);
  return result;
}

/** PDF text wraps lines and spaces out numbers: compare without whitespace. */
const compact = (text: string): string => text.replace(/\s+/g, "");

describe("upload kinds", () => {
  it("runs in workerd", () => {
    expect((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent).toBe("Cloudflare-Workers");
  });

  it("takes the kind from the extension, case-insensitively, then from the MIME type", () => {
    expect(uploadKind("通知.TXT")).toBe("txt");
    expect(uploadKind("a.Markdown")).toBe("md");
    expect(uploadKind("措施.DOCX", "application/octet-stream")).toBe("docx");
    expect(uploadKind("措施.pdf")).toBe("pdf");
    expect(uploadKind("措施", "application/pdf")).toBe("pdf");
    expect(uploadKind("措施2024.1.5", "text/plain; charset=utf-8")).toBe("txt");
    expect(uploadKind("措施.doc", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).toBeUndefined();
    expect(uploadKind("扫描.png", "image/png")).toBeUndefined();
    expect(uploadKind("措施")).toBeUndefined();
    expect(MAX_UPLOAD_BYTES).toBe(10 * 1024 * 1024);
  });

  it("refuses an old .doc, suggesting .docx", async () => {
    const result = failure(await extract("old-format.doc", "关于印发若干措施的通知.doc"));
    expect(result.code).toBe("unsupported_type");
    expect(result.message).toContain(".docx");
    expect(result.message).toContain("另存为");
  });

  it("refuses an image, listing what is accepted", async () => {
    const result = failure(await extractText({ name: "scan.png", bytes: uploadFixture("photo.png"), mimeType: "image/png" }));
    expect(result.code).toBe("unsupported_type");
    for (const accepted of [".txt", ".md", ".docx", "PDF"]) expect(result.message).toContain(accepted);
  });

  it("refuses a file over the limit before parsing it, saying the limit in MB", async () => {
    // corrupt.pdf would be "unreadable" if it were parsed.
    const result = failure(await extract("corrupt.pdf", "big.pdf", { maxBytes: 4000 }));
    expect(result.code).toBe("too_large");
    expect(result.message).toContain("上限是 4 KB");
    const small = failure(await extract("policy-utf8.txt", "policy.txt", { maxBytes: 1024 }));
    expect(small.code).toBe("too_large");
    const huge = failure(await extractText({ name: "huge.txt", bytes: new Uint8Array(MAX_UPLOAD_BYTES + 1) }));
    expect(huge.code).toBe("too_large");
    expect(huge.message).toContain("上限是 10 MB");
  });
});

describe("plain text", () => {
  it("reads a UTF-8 seed: normalised, nothing lost", async () => {
    const result = ok(await extract("policy-utf8.txt"));
    expect(result.kind).toBe("txt");
    expect(result.notes).toEqual([]);
    expect(result.pages).toBeUndefined();
    expect(result.text.startsWith("成办发〔2017〕6号《成都市人民政府办公厅关于做好2017年一季度工业经济“开门红”工作的意见》")).toBe(true);
    expect(result.text).toContain("为贯彻落实中央、省委经济工作会议和市委工作会议精神");
    expect(result.text).not.toMatch(/[ \t]$|\r|\n{3}/m);
  });

  it("reads GB18030 (GBK) text and says so (workerd has the gb18030 decoder)", async () => {
    expect(new TextDecoder("gb18030").decode(new Uint8Array([0xd5, 0xfe, 0xb2, 0xdf]))).toBe("政策");
    const utf8 = ok(await extract("policy-utf8.txt"));
    const result = ok(await extract("policy-gb18030.txt"));
    expect(result.text).toBe(utf8.text);
    expect(result.notes.join("")).toContain("GB18030");
  });

  it("reads UTF-16 with a byte order mark", async () => {
    const utf8 = ok(await extract("policy-utf8.txt"));
    const result = ok(await extract("policy-utf16.txt"));
    expect(result.text).toBe(utf8.text);
    expect(result.notes.join("")).toContain("UTF-16");
  });

  it("strips a UTF-8 BOM, control characters and trailing spaces; unifies line ends", async () => {
    const body = new TextEncoder().encode("一、总则  \r\n（一）适用\u0000范围\u0007。\t\r第二行\u3000\r\n");
    const result = ok(await extractText({ name: "a.txt", bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...body]) }));
    expect(result.text).toBe("一、总则\n（一）适用范围。\n第二行");
    expect(result.notes).toEqual([]);
  });

  it("calls an empty file and a whitespace-and-punctuation file empty", async () => {
    expect(failure(await extract("empty.txt")).code).toBe("empty");
    expect(failure(await extract("blank.txt")).code).toBe("empty");
  });

  it("calls binary content in a .txt an encoding problem, asking for UTF-8", async () => {
    const result = failure(await extract("corrupt.docx", "通知.txt"));
    expect(result.code).toBe("encoding");
    expect(result.message).toContain("UTF-8");
  });

  it("names an image in a .txt for what it is (its first bytes say PNG)", async () => {
    const result = failure(await extract("photo.png", "通知.txt"));
    expect(result.code).toBe("wrong_content");
    expect(result.message).toContain("扩展名是 .txt，但内容是 PNG 图片");
  });

  it("reads a PDF or a .docx saved as .txt as what it is, and says so", async () => {
    const pdf = ok(await extract("policy.pdf", "若干措施.txt"));
    expect(pdf.kind).toBe("pdf");
    expect(pdf.notes).toEqual(["文件扩展名是 .txt，但内容是 PDF，已按 PDF 读取"]);
    expect(compact(pdf.text)).toBe(compact(ok(await extract("policy.pdf")).text));
    const docx = ok(await extract("policy.docx", "若干措施.txt"));
    expect(docx.kind).toBe("docx");
    expect(docx.notes[0]).toBe("文件扩展名是 .txt，但内容是 Word 文档（.docx），已按 Word 文档读取");
    expect(docx.text).toBe(ok(await extract("policy.docx")).text);
  });
});

describe("markdown", () => {
  it("drops the syntax, keeps the words and every Chinese number", async () => {
    const result = ok(await extract("notice.md"));
    expect(result.kind).toBe("md");
    expect(result.text.split("\n")).toEqual([
      "某市促进软件产业发展的若干政策",
      "",
      "某软发〔2024〕3号",
      "",
      "一、适用范围",
      "",
      "本政策适用于在本市注册的软件和信息技术服务企业，详见市经信局网站。",
      "",
      "（一）支持方向",
      "",
      "1、对首次通过 CMMI 三级 评估的企业，给予一次性奖励20万元。",
      "2、对年度软件业务收入首次突破1亿元的企业，给予奖励50万元。",
      "（二）人才支持：按规定享受人才公寓政策。",
      "",
      "1. 申报时间为每年3月。",
      "2. 申报方式见下：",
      "",
      "登录“某市政务服务网”→“企业服务”→ 在线申报",
      "",
      "二、其他",
      "本政策自2024年1月1日起施行。",
    ]);
  });
});

describe("docx", () => {
  it("reads a Word document: one paragraph a line, typed numbering kept", async () => {
    const result = ok(await extract("policy.docx", "若干措施.docx"));
    expect(result.kind).toBe("docx");
    const lines = result.text.split("\n");
    expect(lines.slice(0, 10)).toEqual([
      "某市经济和信息化局关于支持中小企业数字化转型的若干措施",
      "某经信发〔2024〕12号",
      "各区（市）县经济和信息化主管部门，各有关单位：",
      "为加快推进全市中小企业数字化转型，结合本市实际，制定以下措施。",
      "一、支持对象",
      "（一）在本市依法登记注册、具有独立法人资格的中小企业。",
      "（二）近三年内未发生重大安全生产事故。",
      "二、支持措施",
      // Three runs, one paragraph.
      "（一）对企业购买工业软件、云服务的，按实际投入的30%给予补助，最高不超过50万元。",
      "1、申报材料包括营业执照复印件、软件采购合同及发票。",
    ]);
    // A line break inside a paragraph, then the table's cells, one a line.
    expect(lines.slice(10)).toEqual([
      "2、补助资金实行先建后补，",
      "由市财政一次性拨付。",
      "支持事项",
      "补助标准",
      "工业软件",
      "实际投入的30%",
      "附则",
      "本措施自2024年3月1日起施行，有效期三年。",
    ]);
  });

  it("warns that Word's automatic numbering (here \"三、\") cannot be read", async () => {
    const result = ok(await extract("policy.docx"));
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toContain("1 段使用了 Word 自动编号");
  });

  it("calls random bytes named .docx unreadable", async () => {
    const result = failure(await extract("corrupt.docx"));
    expect(result.code).toBe("unreadable");
    expect(result.message).toContain(".docx");
  });

  it("calls a zip that is not a Word document unreadable", async () => {
    expect(failure(await extract("not-word.docx")).code).toBe("unreadable");
  });
});

describe("pdf", () => {
  it("reads a Chinese text PDF exported by LibreOffice, with its page count", async () => {
    const result = ok(await extract("policy.pdf", "若干措施.pdf"));
    expect(result.kind).toBe("pdf");
    expect(result.pages).toBe(1);
    expect(result.notes).toEqual([]);
    const text = compact(result.text);
    for (const sentence of [
      "某市经济和信息化局关于支持中小企业数字化转型的若干措施",
      "某经信发〔2024〕12号",
      "一、支持对象",
      "（一）在本市依法登记注册、具有独立法人资格的中小企业。",
      "（二）近三年内未发生重大安全生产事故。",
      "（一）对企业购买工业软件、云服务的，按实际投入的30%给予补助，最高不超过50万元。",
      "1、申报材料包括营业执照复印件、软件采购合同及发票。",
      "2、补助资金实行先建后补，由市财政一次性拨付。",
      // Rendered by Word numbering in the PDF, so here it is there.
      "三、附则",
      "本措施自2024年3月1日起施行，有效期三年。",
    ]) {
      expect(text).toContain(sentence);
    }
    expect(result.text.split("\n")).toContain("一、支持对象");
  });

  it("reads Chinese set in a font that is not embedded (predefined CMaps, no cMapUrl in a worker)", async () => {
    for (const name of ["font-not-embedded-ucs2.pdf", "font-not-embedded-gbk.pdf"] as const) {
      const result = ok(await extract(name));
      expect(result.text.split("\n").map(compact), name).toEqual(["一、支持对象", "（一）在本市依法登记注册的中小企业，给予补助50万元。"]);
    }
  });

  it("calls an image-only (scanned) PDF scanned, suggesting a text PDF or .docx", async () => {
    const result = failure(await extract("scanned.pdf"));
    expect(result.code).toBe("scanned");
    expect(result.message).toContain("扫描");
    expect(result.message).toContain(".docx");
  });

  it("calls a corrupt PDF and a non-PDF named .pdf unreadable", async () => {
    expect(failure(await extract("corrupt.pdf")).code).toBe("unreadable");
    expect(failure(await extract("empty.txt", "policy.pdf")).code).toBe("unreadable");
    expect(failure(await extract("policy-utf8.txt", "policy.pdf")).code).toBe("unreadable");
  });

  it("reads a Word document named .pdf as a .docx (its bytes are a zip), saying so", async () => {
    const result = ok(await extract("policy.docx", "policy.pdf"));
    expect(result.kind).toBe("docx");
    expect(result.notes[0]).toContain("文件扩展名是 .pdf，但内容是 Word 文档");
  });

  it("calls a password-protected PDF unreadable, saying it is encrypted", async () => {
    const result = failure(await extract("encrypted.pdf"));
    expect(result.code).toBe("unreadable");
    expect(result.message).toContain("密码");
  });

  it("reads a PDF that only forbids copying (owner password, no open password)", async () => {
    const result = ok(await extract("copy-protected.pdf"));
    expect(compact(result.text)).toContain("（一）在本市依法登记注册、具有独立法人资格的中小企业。");
  });

  it("leaves the caller's bytes usable (PDF.js detaches the buffer it is given)", async () => {
    const bytes = uploadFixture("policy.pdf");
    ok(await extractText({ name: "a.pdf", bytes }));
    expect(bytes.length).toBeGreaterThan(1000);
    expect(ok(await extractText({ name: "a.pdf", bytes })).pages).toBe(1);
  });
});

describe("without binary parsers (a host with no extractor service)", () => {
  it("reads .txt but says plainly that .docx and .pdf cannot be read here", async () => {
    expect((await extractWith({ name: "a.txt", bytes: uploadFixture("policy-utf8.txt") })).ok).toBe(true);
    for (const name of ["policy.docx", "policy.pdf"] as const) {
      const result = failure(await extractWith({ name, bytes: uploadFixture(name) }));
      expect(result.code).toBe("unsupported_type");
      expect(result.message).toContain("没有配置文件解析服务");
    }
  });
});
