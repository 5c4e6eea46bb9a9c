// The extractor worker (wrangler.extractor.toml): .docx and PDF → text, for the main worker's
// admin uploads, through the service binding EXTRACTOR. It exists so that mammoth and PDF.js
// (3 MB of script) are compiled only where a file is parsed, not at every cold start of the
// worker that answers questions. Not exposed on workers.dev; the binding is its only caller.
//   POST /parse/docx | /parse/pdf   body: the file's bytes   → Parsed (JSON)
// The parsers apply the limits of src/ingest/extract/limits.ts (pages, inflated size, text,
// time) and answer with their Chinese failure; a body over MAX_UPLOAD_BYTES is not even read.
import { localParsers } from "../ingest/extract/binary-parsers.js";
import { MAX_UPLOAD_BYTES } from "../ingest/extract/limits.js";

const tooLarge = () => Response.json({ error: "too_large", message: `over ${MAX_UPLOAD_BYTES} bytes` }, { status: 413 });

export default {
  async fetch(request: Request): Promise<Response> {
    const kind = /^\/parse\/(docx|pdf)$/.exec(new URL(request.url).pathname)?.[1] as "docx" | "pdf" | undefined;
    if (request.method !== "POST" || !kind) return Response.json({ error: "not_found", message: "POST /parse/docx or /parse/pdf" }, { status: 404 });
    if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES) return tooLarge();
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.length > MAX_UPLOAD_BYTES) return tooLarge();
    return Response.json(await localParsers[kind](bytes));
  },
};
