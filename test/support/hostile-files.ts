// Deterministic generators of hostile (and a few honest) uploads, for the extraction limits'
// tests (in workerd) and benchmarks (in Node). Pure TypeScript and web APIs only (TextEncoder,
// CompressionStream): no Node built-ins, so that the same code runs on both.
//
// Each takes its scale as a parameter. The full sizes of the issue's table:
//   blankPagesPdf(50_000)              ~5 MB PDF of blank pages (crashed Node and workerd)
//   blankPagesPdf(5_000)               ~0.5 MB
//   docxBomb(200 * 1024 * 1024)        ~200 KB .docx whose text inflates to 200 MB
//   docxBomb(1024 * 1024 * 1024)       ~1 MB .docx inflating to 1 GB
//   docxLyingSizes(1024 * 1024 * 1024) the same, with its declared sizes a few bytes
//   repeatedCharTxt(9.9 * 1024 * 1024) 9.9 MB .txt of one repeated character
//   pdfNamedTxt()                      an ASCII PDF with real text, named .txt
// On Node, generating a 1 GB bomb takes ~5 s (deflate and CRC of 1 GB), the 200 MB one ~1 s, the
// rest well under 0.1 s.
import { crc32 } from "../../src/ingest/extract/zip.js";

export interface HostileFile {
  name: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

// ---------------------------------------------------------------- PDF

/** A PDF from its objects (numbered 1…n, object 1 the catalog), with a correct xref table. */
export function pdfOf(objects: string[]): Uint8Array {
  const parts: string[] = ["%PDF-1.4\n"];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(length);
    const text = `${i + 1} 0 obj\n${object}\nendobj\n`;
    parts.push(text);
    length += text.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`];
  for (const offset of offsets) xref.push(`${String(offset).padStart(10, "0")} 00000 n \n`);
  parts.push(xref.join(""), `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  return latin1(parts.join(""));
}

/**
 * A valid PDF of `pages` blank pages in one flat page tree (50,000 pages ≈ 5 MB). `claimedCount`
 * puts another number in the tree's /Count.
 */
export function blankPagesPdf(pages: number, claimedCount = pages): HostileFile {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""];
  const kids: string[] = [];
  for (let i = 0; i < pages; i++) {
    kids.push(`${i + 3} 0 R`);
    objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${claimedCount} >>`;
  return { name: `空白${pages}页.pdf`, bytes: pdfOf(objects) };
}

/** A PDF of Chinese text in a font that is not embedded (STSong-Light, UniGB-UCS2-H): `linesPerPage` lines of `lineChars`, as a 公文 page (22 × 28). */
export function textPdf(text: string, options: { name?: string; linesPerPage?: number; lineChars?: number } = {}): HostileFile {
  const { linesPerPage = 22, lineChars = 28 } = options;
  const lines = text.split("\n").flatMap((line) => {
    const out: string[] = [];
    for (let i = 0; i < line.length; i += lineChars) out.push(line.slice(i, i + lineChars));
    return out.length > 0 ? out : [];
  });
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += linesPerPage) pages.push(lines.slice(i, i + linesPerPage));
  if (pages.length === 0) pages.push([]);
  const fonts = [
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 >>",
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  ];
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", ...fonts];
  const kids: string[] = [];
  for (const page of pages) {
    const content = page.map((line, i) => `BT /F1 15 Tf 60 ${780 - i * 34} Td <${utf16beHex(line)}> Tj ET`).join("\n");
    const pageNumber = objects.length + 1;
    kids.push(`${pageNumber} 0 R`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageNumber + 1} 0 R >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages.length} >>`;
  return { name: options.name ?? "政策文件.pdf", bytes: pdfOf(objects) };
}

/** An ASCII PDF with real text (Helvetica), as a file named .txt (once previewed as 《%PDF-1.4》). */
export function pdfNamedTxt(): HostileFile {
  const lines = [
    "Measures of the City Bureau of Economy and Information Technology",
    "to Support the Digital Transformation of Small and Medium Enterprises",
    "Article 1 These measures apply to enterprises registered in the city.",
    "Article 2 Purchases of industrial software are subsidised at 30 percent.",
    "Article 3 These measures take effect on 1 March 2024 for three years.",
  ];
  const content = lines.map((line, i) => `BT /F1 12 Tf 60 ${780 - i * 20} Td (${line}) Tj ET`).join("\n");
  const bytes = pdfOf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ]);
  return { name: "关于支持中小企业数字化转型的若干措施.txt", bytes };
}

/**
 * A page tree whose every Kids array repeats one child `fanout` times, `depth` levels deep,
 * over a single page: it claims fanout^depth pages but holds one (a DAG, not a tree).
 */
export function pageTreeDagPdf(depth: number, fanout: number): HostileFile {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>"];
  for (let level = 0; level < depth; level++) {
    const child = level + 3;
    const parent = level === 0 ? "" : ` /Parent ${level + 1} 0 R`;
    objects.push(`<< /Type /Pages${parent} /Kids [${Array(fanout).fill(`${child} 0 R`).join(" ")}] /Count ${fanout ** (depth - level)} >>`);
  }
  objects.push(`<< /Type /Page /Parent ${depth + 1} 0 R /MediaBox [0 0 595 842] >>`);
  return { name: "页面树.pdf", bytes: pdfOf(objects) };
}

// ---------------------------------------------------------------- zip and .docx

export interface ZipPart {
  name: string;
  /** The entry's content, as chunks (one chunk may repeat: a 1 GB entry need not be in memory). */
  chunks: Uint8Array[];
  /** 8 deflated (default) or 0 stored. */
  method?: 0 | 8;
  /** What the headers claim the entry inflates to (default: the truth). */
  declaredSize?: number;
  /** Set the "encrypted" flag (the data stays as it is). */
  encrypted?: boolean;
}

export interface ZipOptions {
  /** Zip64 sizes and offsets (0xFFFFFFFF in the classic fields), zip64 end records. */
  zip64?: boolean;
  /** Sizes and CRC after the data (flag bit 3), zero in the local headers. */
  dataDescriptor?: boolean;
}

/** A zip archive; deflated with CompressionStream("deflate-raw"). */
export async function zipOf(parts: ZipPart[], options: ZipOptions = {}): Promise<Uint8Array> {
  const out = new ByteWriter();
  const central = new ByteWriter();
  for (const part of parts) {
    const method = part.method ?? 8;
    let size = 0;
    let crc = 0;
    for (const chunk of part.chunks) {
      size += chunk.length;
      crc = crc32(chunk, crc);
    }
    const data = method === 8 ? await deflateRaw(part.chunks) : concat(part.chunks);
    const declared = part.declaredSize ?? size;
    const flags = 0x0800 | (part.encrypted ? 1 : 0) | (options.dataDescriptor ? 8 : 0);
    const name = encoder.encode(part.name);
    const offset = out.length;
    const zip64Extra = (withOffset: boolean) => {
      const extra = new ByteWriter();
      extra.u16(1).u16(withOffset ? 24 : 16).u64(declared).u64(data.length);
      if (withOffset) extra.u64(offset);
      return extra.bytes();
    };
    const localExtra = options.zip64 ? zip64Extra(false) : new Uint8Array(0);
    const inLocal = (value: number) => (options.dataDescriptor ? 0 : options.zip64 ? 0xffffffff : value);
    out.u32(0x04034b50).u16(options.zip64 ? 45 : 20).u16(flags).u16(method).u16(0).u16(0x5821);
    out.u32(options.dataDescriptor ? 0 : crc).u32(inLocal(data.length)).u32(inLocal(declared)).u16(name.length).u16(localExtra.length);
    out.put(name).put(localExtra).put(data);
    if (options.dataDescriptor) {
      out.u32(0x08074b50).u32(crc);
      if (options.zip64) out.u64(data.length).u64(declared);
      else out.u32(data.length).u32(declared);
    }
    const centralExtra = options.zip64 ? zip64Extra(true) : new Uint8Array(0);
    const big = (value: number) => (options.zip64 ? 0xffffffff : value);
    central.u32(0x02014b50).u16(options.zip64 ? 45 : 20).u16(options.zip64 ? 45 : 20).u16(flags).u16(method).u16(0).u16(0x5821);
    central.u32(crc).u32(big(data.length)).u32(big(declared)).u16(name.length).u16(centralExtra.length).u16(0);
    central.u16(0).u16(0).u32(0).u32(big(offset)).put(name).put(centralExtra);
  }
  const centralOffset = out.length;
  const centralBytes = central.bytes();
  out.put(centralBytes);
  if (options.zip64) {
    const record = out.length;
    out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0);
    out.u64(parts.length).u64(parts.length).u64(centralBytes.length).u64(centralOffset);
    out.u32(0x07064b50).u32(0).u64(record).u32(1);
    out.u32(0x06054b50).u16(0).u16(0).u16(0xffff).u16(0xffff).u32(0xffffffff).u32(0xffffffff).u16(0);
  } else {
    out.u32(0x06054b50).u16(0).u16(0).u16(parts.length).u16(parts.length).u32(centralBytes.length).u32(centralOffset).u16(0);
  }
  return out.bytes();
}

const W_NS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`;
const XML_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;

function contentTypes(mainPath: string): string {
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/${mainPath}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
}

function packageRels(mainPath: string): string {
  return `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${mainPath}"/></Relationships>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A paragraph as Word writes a 公文 (仿宋_GB2312 三号, fixed line spacing, revision ids on every
 * paragraph and run, a run every 15 characters as editing leaves them): ~20 bytes of XML per
 * character, like real government .docx files.
 */
function wordParagraph(text: string, i: number): string {
  const rsid = (n: number) => (0x00a1b2c3 + n * 7919).toString(16).toUpperCase().padStart(8, "0").slice(-8);
  const fonts = `<w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:cs="仿宋_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/>`;
  const runs: string[] = [];
  for (let at = 0; at < text.length; at += 15) {
    runs.push(`<w:r w:rsidRPr="${rsid(i + at)}"><w:rPr>${fonts}</w:rPr><w:t xml:space="preserve">${escapeXml(text.slice(at, at + 15))}</w:t></w:r>`);
  }
  return `<w:p w:rsidR="${rsid(i)}" w:rsidRDefault="${rsid(i)}" w:rsidP="${rsid(i + 1)}"><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:rPr>${fonts}</w:rPr></w:pPr>${runs.join("")}</w:p>`;
}

function plainParagraph(text: string): string {
  return `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
}

export interface DocxOptions extends ZipOptions {
  name?: string;
  /** "plain": one run a paragraph; "word": the markup Word writes (~20 bytes a character). */
  markup?: "plain" | "word";
  /** Where the main document part lives (named by _rels/.rels). */
  mainPath?: string;
  /** Store the entries instead of deflating them. */
  stored?: boolean;
  /** More parts (an image, …). */
  extraParts?: { name: string; bytes: Uint8Array }[];
}

/** A .docx with these paragraphs, one a line of `text`. */
export async function docxOf(text: string, options: DocxOptions = {}): Promise<HostileFile> {
  const mainPath = options.mainPath ?? "word/document.xml";
  const paragraphs = text.split("\n").map((line, i) => (options.markup === "word" ? wordParagraph(line, i) : plainParagraph(line)));
  const document = `${XML_HEAD}<w:document ${W_NS}><w:body>${paragraphs.join("")}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
  const method: 0 | 8 = options.stored ? 0 : 8;
  const parts: ZipPart[] = [
    { name: "[Content_Types].xml", chunks: [encoder.encode(contentTypes(mainPath))], method },
    { name: "_rels/.rels", chunks: [encoder.encode(packageRels(mainPath))], method },
    { name: mainPath, chunks: [encoder.encode(document)], method },
    ...(options.extraParts ?? []).map((part) => ({ name: part.name, chunks: [part.bytes], method })),
  ];
  return { name: options.name ?? "政策文件.docx", bytes: await zipOf(parts, options) };
}

/** word/document.xml: one paragraph, one run of "政" repeated to about `expandedBytes` bytes. */
function bombParts(expandedBytes: number, declaredSize?: number): ZipPart[] {
  const chunk = encoder.encode("政".repeat(349_525)); // 1,048,575 bytes
  const head = encoder.encode(`${XML_HEAD}<w:document ${W_NS}><w:body><w:p><w:r><w:t>`);
  const tail = encoder.encode(`</w:t></w:r></w:p></w:body></w:document>`);
  const chunks: Uint8Array[] = [head];
  let left = Math.max(0, expandedBytes - head.length - tail.length);
  for (; left >= chunk.length; left -= chunk.length) chunks.push(chunk);
  chunks.push(chunk.subarray(0, left - (left % 3)), tail);
  return [
    { name: "[Content_Types].xml", chunks: [encoder.encode(contentTypes("word/document.xml"))] },
    { name: "_rels/.rels", chunks: [encoder.encode(packageRels("word/document.xml"))] },
    { name: "word/document.xml", chunks, declaredSize },
  ];
}

/** A real .docx whose word/document.xml inflates to about `expandedBytes` (~1000× its size), sizes declared honestly. */
export async function docxBomb(expandedBytes: number): Promise<HostileFile> {
  return { name: `解压${Math.round(expandedBytes / 1048576)}MB.docx`, bytes: await zipOf(bombParts(expandedBytes)) };
}

/** The same bomb, but its headers declare word/document.xml to be 1 KB. */
export async function docxLyingSizes(expandedBytes = 200 * 1024 * 1024): Promise<HostileFile> {
  return { name: "声明大小不实.docx", bytes: await zipOf(bombParts(expandedBytes, 1024)) };
}

// ---------------------------------------------------------------- text and magic bytes

/** `bytes` of one character repeated ("政", 3 bytes in UTF-8), named .txt. */
export function repeatedCharTxt(bytes: number): HostileFile {
  return { name: "重复字符.txt", bytes: encoder.encode("政".repeat(Math.floor(bytes / 3))) };
}

/** A file of `name` that starts with the signature of another format (and a few bytes after it). */
export function magicFile(name: string, signature: number[] | string): HostileFile {
  const head = typeof signature === "string" ? latin1(signature) : new Uint8Array(signature);
  const bytes = new Uint8Array(head.length + 64);
  bytes.set(head);
  for (let i = head.length; i < bytes.length; i++) bytes[i] = (i * 37) & 0xff;
  return { name, bytes };
}

// ---------------------------------------------------------------- helpers

function latin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function utf16beHex(text: string): string {
  let hex = "";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, "0");
  return hex;
}

async function deflateRaw(chunks: Uint8Array[]): Promise<Uint8Array> {
  const stream = new CompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const collected = collect(stream.readable);
  // Copies: a stream may take over (detach) what it is given, and a chunk may repeat.
  for (const chunk of chunks) await writer.write(chunk.slice());
  await writer.close();
  return collected;
}

async function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks);
    chunks.push(value);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Little-endian bytes, appended. */
class ByteWriter {
  #chunks: Uint8Array[] = [];
  length = 0;
  put(bytes: Uint8Array): this {
    this.#chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }
  u16(value: number): this {
    return this.put(new Uint8Array([value & 0xff, (value >>> 8) & 0xff]));
  }
  u32(value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
    return this.put(bytes);
  }
  u64(value: number): this {
    return this.u32(value % 2 ** 32).u32(Math.floor(value / 2 ** 32));
  }
  bytes(): Uint8Array {
    return concat(this.#chunks);
  }
}
