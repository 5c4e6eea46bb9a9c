// PDF → text with unpdf (PDF.js built for serverless runtimes: no worker thread, no Node
// built-ins), loaded by `import()` so that its ~1.6 MB only load when a PDF arrives.
import { scanned, unreadablePdf } from "./failures.js";
import { contentLength } from "./normalize.js";
import { SyntheticCMapFactory } from "./pdf-cmaps.js";
import type { Parsed } from "./types.js";

/** Fewer letters/digits than this in the whole file: no text layer (a scan). */
const MIN_TOTAL_CHARS = 20;
/** A page with fewer letters/digits than this counts as a page without text. */
const MIN_PAGE_CHARS = 15;

export async function parsePdf(bytes: Uint8Array): Promise<Parsed> {
  if (!hasPdfHeader(bytes)) return unreadablePdf(false);
  let pages: string[];
  try {
    const { getDocumentProxy, extractText } = await import("unpdf");
    // PDF.js takes over (detaches) the buffer it is given: hand it a copy. CJK CMaps for fonts
    // that are not embedded come from pdf-cmaps.ts, as text (cMapPacked: false).
    const pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0, cMapPacked: false, BinaryDataFactory: SyntheticCMapFactory });
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
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

/** "%PDF-" within the first kilobyte, where PDF readers look for it. */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let i = head.indexOf(0x25); i >= 0 && i + 5 <= head.length; i = head.indexOf(0x25, i + 1)) {
    if (head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}
