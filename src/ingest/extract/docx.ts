// .docx → text with mammoth, one paragraph a line.
//
// mammoth is loaded by `import()` so that its ~400 kB only load when a .docx arrives, and from
// its browser build: the package's main entry requires fs, path and os, which a worker without
// nodejs_compat does not have. The browser build is self-contained (its own jszip, no Node
// built-ins), and behaves the same in workerd, wrangler's bundle and Node.
//
// mammoth never sees the upload itself: ./docx-package.ts reads the zip, checks the sizes it
// declares and inflates only the parts mammoth reads, under MAX_DOCX_UNCOMPRESSED_BYTES.
import { packageForMammoth } from "./docx-package.js";
import { unreadableDocx } from "./failures.js";
import { DEFAULT_LIMITS, Deadline, type ExtractLimits } from "./limits.js";
import type { Parsed } from "./types.js";

/** The parts of mammoth's document tree (lib/documents.js) that carry text. */
interface DocElement {
  type: string;
  value?: string;
  breakType?: string;
  numbering?: { isOrdered?: boolean } | null;
  children?: DocElement[];
}

export async function parseDocx(bytes: Uint8Array, limits: ExtractLimits = DEFAULT_LIMITS): Promise<Parsed> {
  const deadline = new Deadline(limits.maxExtractMs);
  // A .docx is a zip archive: anything else is not worth handing to the parser.
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return unreadableDocx();
  const packaged = await packageForMammoth(bytes, limits, deadline);
  if (!packaged.ok) return packaged;
  let document: DocElement | undefined;
  try {
    const loaded = await import("mammoth/mammoth.browser.js");
    const mammoth = loaded.default ?? loaded;
    // convertToHtml rather than extractRawText, to see the document tree: it says which
    // paragraphs are auto-numbered. The tree handed back is emptied, so no HTML is built.
    await mammoth.convertToHtml(
      { arrayBuffer: packaged.zip.buffer as ArrayBuffer },
      {
        transformDocument: (root: DocElement) => {
          document = root;
          return { ...root, children: [] };
        },
      },
    );
  } catch {
    return unreadableDocx();
  }
  if (!document) return unreadableDocx();
  const text = rawText(document).replace(/\n{2,}/g, "\n");
  const numbered = countNumbered(document);
  const notes =
    numbered > 0
      ? [
          `有 ${numbered} 段使用了 Word 自动编号，编号本身（如“一、”“（一）”“1.”）读取不到，这些段落前的编号会缺失；如需保留，请把自动编号改成手动输入的文字后重新上传`,
        ]
      : [];
  return { ok: true, text, notes };
}

/** As mammoth's extractRawText (lib/raw-text.js), but line breaks inside a paragraph become line ends. */
function rawText(element: DocElement): string {
  switch (element.type) {
    case "text":
      return element.value ?? "";
    case "tab":
      return "\t";
    case "break":
      return element.breakType === "column" ? " " : "\n";
    default: {
      const inner = (element.children ?? []).map(rawText).join("");
      return element.type === "paragraph" ? `${inner}\n\n` : inner;
    }
  }
}

function countNumbered(element: DocElement): number {
  const own = element.type === "paragraph" && element.numbering?.isOrdered ? 1 : 0;
  return (element.children ?? []).reduce((sum, child) => sum + countNumbered(child), own);
}
