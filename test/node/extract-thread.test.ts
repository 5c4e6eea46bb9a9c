// Node parses .docx and PDF in a worker thread with a heap cap and a deadline: a file that
// needs more of either is refused with a reason, the process lives on, and a file within the
// limits reads exactly as in-process.
import { describe, expect, it } from "vitest";
import { localParsers } from "../../src/ingest/extract/binary-parsers.js";
import { DEFAULT_LIMITS } from "../../src/ingest/extract/limits.js";
import { threadParsers } from "../../src/node/extract-thread.js";
import { uploadFixture } from "../fixtures/uploads/fixtures.js";
import { blankPagesPdf } from "../support/hostile-files.js";

describe("parsing in a worker thread", () => {
  it("reads a PDF and a .docx exactly as in-process", async () => {
    const parsers = threadParsers();
    for (const [kind, name] of [["pdf", "policy.pdf"], ["docx", "policy.docx"]] as const) {
      const bytes = uploadFixture(name);
      expect(await parsers[kind](bytes)).toEqual(await localParsers[kind](bytes));
    }
  });

  it("refuses, with the page limit's reason, the PDF of 50,000 blank pages", async () => {
    const result = await threadParsers().pdf(blankPagesPdf(50_000).bytes);
    expect(result).toMatchObject({ ok: false, code: "too_many_pages" });
  });

  it("a parse that outgrows its thread's heap is refused, and this process goes on", async () => {
    const result = await threadParsers({ maxHeapMb: 4 }).pdf(uploadFixture("policy.pdf"));
    expect(result).toMatchObject({ ok: false, code: "too_large" });
    expect((result as { message: string }).message).toContain("内存");
  });

  it("a parse past its deadline is stopped and refused", async () => {
    const result = await threadParsers({ graceMs: 0 }).pdf(uploadFixture("policy.pdf"), { ...DEFAULT_LIMITS, maxExtractMs: 1 });
    expect(result).toMatchObject({ ok: false, code: "timeout" });
  });
});
