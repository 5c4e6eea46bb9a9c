// The questions `npm run bench -- --corpus DIR` asks a library that comes without any: its own
// clause headings, numbering stripped, one per document, the same for the same folder.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { corpusQuestions, headingQuestion, headingQuestions } from "../../src/bench/corpus-questions.js";
import { bundledIndex } from "../../src/search/bundled-index.js";

const dir = mkdtempSync(join(tmpdir(), "zct-corpus-q-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("questions made from a library's headings", () => {
  it("strips numbering and end punctuation, and keeps 4–24 mostly Chinese characters", () => {
    expect(headingQuestion("第五条 支持企业技术改造")).toBe("支持企业技术改造");
    expect(headingQuestion("（三）支持工业企业转型升级：")).toBe("支持工业企业转型升级");
    expect(headingQuestion("1、支持工业企业实施技术改造")).toBe("支持工业企业实施技术改造");
    expect(headingQuestion("二、")).toBeUndefined();
    expect(headingQuestion("附则")).toBeUndefined();
    expect(headingQuestion("Article 5 Scope of application")).toBeUndefined();
    expect(headingQuestion("一、" + "支持".repeat(13))).toBeUndefined();
  });

  it("takes at most one heading per document, the same ones for the same seed key", () => {
    const index = bundledIndex();
    const a = headingQuestions(index, 10, "key");
    expect(a.length).toBeGreaterThan(0);
    expect(a.length).toBeLessThanOrEqual(index.documents.length);
    expect(headingQuestions(index, 10, "key")).toEqual(a);
    expect(new Set(a.map((q) => q.q)).size).toBe(a.length);
    expect(headingQuestions(index, 2, "key")).toHaveLength(2);
  });

  it("asks a folder's own questions.json instead, when it has one", () => {
    writeFileSync(join(dir, "questions.json"), JSON.stringify([{ id: "x1", q: "技改补贴" }, { q: "企业上市" }, { q: "" }]));
    const { queries, source } = corpusQuestions(dir, bundledIndex());
    expect(queries).toEqual([
      { id: "x1", q: "技改补贴" },
      { id: "q2", q: "企业上市" },
    ]);
    expect(source).toContain("questions.json");
  });
});
