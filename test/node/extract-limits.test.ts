// The upload limits on Node, where src/node.ts runs the .docx and PDF parsers in-process: Node's
// DecompressionStream applies backpressure where workerd's does not (src/ingest/extract/inflate.ts
// handles both), so the .docx cases run here too. The full suite is test/worker/extract-limits.test.ts.
import { describe, expect, it } from "vitest";
import { localParsers } from "../../src/ingest/extract/binary-parsers.js";
import { extractText, MAX_DOCX_UNCOMPRESSED_BYTES, MAX_PDF_PAGES, type ExtractResult } from "../../src/ingest/extract/index.js";
import { inflateRaw } from "../../src/ingest/extract/inflate.js";
import { Deadline } from "../../src/ingest/extract/limits.js";
import { uploadFixture } from "../fixtures/uploads/fixtures.js";
import * as hostile from "../support/hostile-files.js";

const MB = 1024 * 1024;

const extract = (file: hostile.HostileFile) => extractText(file, { parsers: localParsers });

function code(result: ExtractResult): string {
  return result.ok ? "ok" : result.code;
}

async function deflated(bytes: Uint8Array): Promise<Uint8Array> {
  const out = await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer();
  return new Uint8Array(out);
}

describe("inflate under a cap (Node's DecompressionStream)", () => {
  const deadline = () => new Deadline(60_000);

  it("inflates exactly, in many slices", async () => {
    const data = new Uint8Array(3 * MB);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24; // incompressible
    const result = await inflateRaw(await deflated(data), 4 * MB, deadline());
    expect(result.ok && Buffer.from(result.data).equals(Buffer.from(data))).toBe(true);
  });

  it("stops at the cap, and calls broken data corrupt", async () => {
    const bomb = await deflated(new Uint8Array(64 * MB));
    expect(await inflateRaw(bomb, MB, deadline())).toEqual({ ok: false, reason: "over_cap" });
    expect(await inflateRaw(new Uint8Array([0xff, 0xff, 0xff, 0xff]), MB, deadline())).toEqual({ ok: false, reason: "corrupt" });
    expect(await inflateRaw(bomb.subarray(0, 100), 128 * MB, deadline())).toEqual({ ok: false, reason: "corrupt" });
  });
});

describe("hostile uploads on Node", () => {
  it("refuses the .docx bombs and reads real .docx structures", async () => {
    expect(code(await extract(await hostile.docxBomb(MAX_DOCX_UNCOMPRESSED_BYTES + MB)))).toBe("decompressed_too_large");
    expect(code(await extract(await hostile.docxLyingSizes(MAX_DOCX_UNCOMPRESSED_BYTES + MB)))).toBe("decompressed_too_large");
    const text = "一、总则\n第一条 为了规范管理，制定本办法。";
    for (const options of [{}, { zip64: true }, { dataDescriptor: true }, { stored: true }]) {
      const result = await extract(await hostile.docxOf(text, options));
      expect(result.ok && result.text).toBe(text);
    }
    const fixture = await extract({ name: "a.docx", bytes: uploadFixture("policy.docx") });
    expect(fixture.ok && fixture.notes.length).toBe(1);
  });

  it("refuses the 50,000-page PDF from its page count, and the 9.9 MB repeated character for its length", async () => {
    expect(code(await extract(hostile.blankPagesPdf(50_000)))).toBe("too_many_pages");
    expect(code(await extract(hostile.blankPagesPdf(MAX_PDF_PAGES + 1)))).toBe("too_many_pages");
    expect(code(await extract(hostile.repeatedCharTxt(9.9 * MB)))).toBe("too_much_text");
  });

  it("reads a PDF named .txt as a PDF", async () => {
    const result = await extract(hostile.pdfNamedTxt());
    expect(result.ok && result.kind).toBe("pdf");
  });
});
