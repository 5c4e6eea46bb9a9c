// The .docx and PDF parsers in this process (Node, the extractor worker, tests), each loaded
// by `import()` when the first such file arrives.
import type { BinaryParsers } from "./types.js";

export const localParsers: BinaryParsers = {
  docx: async (bytes, limits) => (await import("./docx.js")).parseDocx(bytes, limits),
  pdf: async (bytes, limits) => (await import("./pdf.js")).parsePdf(bytes, limits),
};
