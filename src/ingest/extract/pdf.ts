// PDF → text with unpdf (PDF.js built for serverless runtimes: no worker thread, no Node
// built-ins), loaded by `import()` so that its ~1.6 MB only load when a PDF arrives.
//
// The page count is checked as soon as PDF.js has read the page tree, before any page is parsed;
// pages are then read one at a time, each page's text streamed, with the time budget and the
// text read so far checked as it comes, so a hostile file stops early instead of exhausting memory.
import { scanned, timedOut, tooManyPages, tooMuchText, unreadablePdf, type Failure } from "./failures.js";
import { DEFAULT_LIMITS, Deadline, type ExtractLimits } from "./limits.js";
import { contentLength, normalizeText } from "./normalize.js";
import { SyntheticCMapFactory } from "./pdf-cmaps.js";
import type { Parsed } from "./types.js";

/** Fewer letters/digits than this in the whole file: no text layer (a scan). */
const MIN_TOTAL_CHARS = 20;
/** A page with fewer letters/digits than this counts as a page without text. */
const MIN_PAGE_CHARS = 15;
/**
 * Inside one page, raw text (before normalisation) this many times the text cap stops the
 * page: normalisation only trims line ends, so such a page is over the cap whatever it holds.
 */
const RAW_PAGE_FACTOR = 2;

type PdfDocument = Awaited<ReturnType<typeof import("unpdf").getDocumentProxy>>;
type PdfPage = Awaited<ReturnType<PdfDocument["getPage"]>>;

/** PDF.js's text items: `str` is absent on marked-content markers. */
interface TextChunk {
  items: { str?: string; hasEOL?: boolean }[];
}

export async function parsePdf(bytes: Uint8Array, limits: ExtractLimits = DEFAULT_LIMITS): Promise<Parsed> {
  const deadline = new Deadline(limits.maxExtractMs);
  if (!hasPdfHeader(bytes)) return unreadablePdf(false);
  let pages: string[];
  try {
    const { getDocumentProxy } = await import("unpdf");
    // PDF.js takes over (detaches) the buffer it is given: hand it a copy. CJK CMaps for fonts
    // that are not embedded come from pdf-cmaps.ts, as text (cMapPacked: false).
    const pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0, cMapPacked: false, BinaryDataFactory: SyntheticCMapFactory });
    try {
      // PDF.js has checked that the last page of the tree exists (else it counted the pages),
      // so a page tree that claims a huge /Count is not believed.
      if (pdf.numPages > limits.maxPdfPages) return tooManyPages(pdf.numPages, limits.maxPdfPages);
      const read = await readPages(pdf, limits, deadline);
      if (!Array.isArray(read)) return read;
      pages = read;
    } finally {
      await pdf.destroy();
    }
  } catch (error) {
    return unreadablePdf((error as { name?: string } | null)?.name === "PasswordException");
  }

  const counts = pages.map(contentLength);
  const total = counts.reduce((a, b) => a + b, 0);
  if (pages.length === 0) return unreadablePdf(false);
  if (total < MIN_TOTAL_CHARS || total / pages.length < MIN_PAGE_CHARS) return scanned(pages.length);

  const notes: string[] = [];
  const blank = counts.flatMap((n, i) => (n < MIN_PAGE_CHARS ? [i + 1] : []));
  if (blank.length > 0) {
    const list = blank.length > 10 ? `${blank.slice(0, 10).join("、")} 等 ${blank.length} 页` : `${blank.join("、")} 页`;
    notes.push(`第 ${list}几乎没有文字（可能是扫描图片或空白页），这些页的内容没有读到`);
  }
  return { ok: true, text: pages.join("\n"), pages: pages.length, notes };
}

/** Each page's text, one page at a time, under the time budget and the text cap. */
async function readPages(pdf: PdfDocument, limits: ExtractLimits, deadline: Deadline): Promise<string[] | Failure> {
  const pages: string[] = [];
  let chars = 0;
  for (let number = 1; number <= pdf.numPages; number++) {
    if (deadline.passed()) return timedOut(limits.maxExtractMs);
    const page = await pdf.getPage(number);
    let text: string;
    try {
      text = await pageText(page, limits.maxTextChars * RAW_PAGE_FACTOR - chars, deadline);
    } finally {
      page.cleanup();
    }
    if (text === "over_cap") return tooMuchText(limits.maxTextChars, { page: number });
    if (text === "timeout") return timedOut(limits.maxExtractMs);
    // As the joined pages will be normalised: the cap is on the text the admin would get.
    chars += normalizeText(text).length + (number > 1 ? 1 : 0);
    if (chars > limits.maxTextChars) return tooMuchText(limits.maxTextChars, { page: number });
    pages.push(text);
  }
  return pages;
}

/** As unpdf's extractText: the items' strings, a line end after each item that ends a line. */
async function pageText(page: PdfPage, maxRawChars: number, deadline: Deadline): Promise<string | "over_cap" | "timeout"> {
  const reader = (page.streamTextContent() as ReadableStream<TextChunk>).getReader();
  const parts: string[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const item of value.items) {
      if (item.str == null) continue;
      const part = item.hasEOL ? `${item.str}\n` : item.str;
      parts.push(part);
      length += part.length;
    }
    const stop = length > maxRawChars ? "over_cap" : deadline.passed() ? "timeout" : undefined;
    if (stop) {
      await reader.cancel().catch(() => undefined);
      return stop;
    }
  }
  return parts.join("");
}

/** "%PDF-" within the first kilobyte, where PDF readers look for it. */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let i = head.indexOf(0x25); i >= 0 && i + 5 <= head.length; i = head.indexOf(0x25, i + 1)) {
    if (head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}
