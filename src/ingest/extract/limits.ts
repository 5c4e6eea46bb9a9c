// Every limit on an uploaded file, in one place. Each is checked as early as the format allows
// and refused with its own Chinese reason (./failures.ts). The values come from measurements:
// `npx tsx scripts/measure-extract.ts` (hostile files and the largest real documents through
// the parsers) and `npx tsx scripts/measure-ingest-cost.ts` (what a text of a given length costs
// downstream: the preview's ingestDocument and the publish's rebuildIndex).
//
// Real sizes they are set against: the largest of the 1,781 real policy documents in
// ../shared/bench/realdocs is 31,154 characters, the largest of the 133 STARD statutes
// (民法典) 55,117; a 公文-format page (GB/T 9704: 22 lines of 28 characters) holds ~600.

export interface ExtractLimits {
  /** The file as uploaded. */
  maxUploadBytes: number;
  /** Pages of a PDF, read from its page tree before any page is parsed. */
  maxPdfPages: number;
  /** The zip entries of a .docx that mammoth reads, declared and actually inflated. */
  maxDocxUncompressedBytes: number;
  /** Characters of extracted text after normalisation, whatever the format. */
  maxTextChars: number;
  /** Wall time for parsing one file (checked between PDF pages and zip chunks). */
  maxExtractMs: number;
}

/**
 * 10 MB: Telegram lets a bot download files up to 20 MB; a text policy document, even as a PDF
 * with its fonts embedded, is well under 10 MB (the fixtures' 1-page PDF is 63 KB; the largest
 * real document as a 111-page text PDF is 0.3 MB).
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * 300,000 characters (30 万字): 5× the largest real document (民法典, 55,117) and ~10× the
 * largest real policy document (31,154). What such a text costs after extraction, on Node
 * (measure-ingest-cost, real policy text): preview ~30 ms; ingest + rebuild of the bundled index
 * ~1.5 s and +95 MB peak RSS. At 1,000,000 characters it is ~3.9 s and +270 MB, and a text
 * without line breaks or punctuation costs twice the memory of real text of the same length.
 */
export const MAX_TEXT_CHARS = 300_000;

/**
 * 500 pages: a text that fits MAX_TEXT_CHARS fills at most ~500 公文 pages, so a longer PDF
 * would be refused for its text anyway — refusing it from the page count costs nothing. A
 * 490-page text PDF extracts in ~0.8 s (+20 MB on Node, +56 MB in workerd); the 5 MB PDF of
 * 50,000 blank pages that crashed the server is refused in ~0.4 s (+55 MB, PDF.js reading the
 * page tree), before any page is parsed.
 */
export const MAX_PDF_PAGES = 500;

/**
 * 3 MB of the XML parts mammoth reads (document, styles, numbering, notes, comments and their
 * relationships; images and other media are not inflated at all). mammoth's tree costs ~30 MB of
 * heap per MB of XML: a .docx with 3 MB of XML peaks at ~+100 MB in workerd (4 MB: ~+125 MB, at
 * the 128 MB isolate limit). Word writes ~26 bytes of XML per character of a 公文, so the largest
 * real document (民法典) is ~1.4 MB and the largest real policy document ~0.8 MB; plainly
 * formatted, 3 MB holds more than MAX_TEXT_CHARS. The 200 MB and 1 GB "zip bombs" are refused
 * from their declared sizes, and one whose declared sizes lie is stopped once its inflated bytes
 * pass the cap.
 */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 3 * 1024 * 1024;

/**
 * 10 s: the largest files within the other limits (a 490-page text PDF, a .docx with 3 MB of
 * XML) parse in under 1 s on Node and in workerd, so 10 s leaves room for a slower host and is
 * still far below what an admin waits for. The main worker waits for the extractor worker this
 * long plus SERVICE_GRACE_MS. (In workerd the clock only moves across I/O, so there the
 * extractor's own checks are coarse; the service timeout and the platform's CPU limit are not.)
 */
export const MAX_EXTRACT_MS = 10_000;

/** Time for the request to the extractor worker beyond the parse itself (cold start, transfer). */
export const SERVICE_GRACE_MS = 5_000;

export const DEFAULT_LIMITS: ExtractLimits = {
  maxUploadBytes: MAX_UPLOAD_BYTES,
  maxPdfPages: MAX_PDF_PAGES,
  maxDocxUncompressedBytes: MAX_DOCX_UNCOMPRESSED_BYTES,
  maxTextChars: MAX_TEXT_CHARS,
  maxExtractMs: MAX_EXTRACT_MS,
};

/** The wall-time budget of one parse: started when parsing starts, checked where the code can. */
export class Deadline {
  readonly #end: number;
  constructor(readonly ms: number) {
    this.#end = Date.now() + ms;
  }
  /** True once the budget is spent (a budget of 0 is spent at once). */
  passed(): boolean {
    return Date.now() >= this.#end;
  }
}
