// STARD-mini statutes, a format the seeds do not use: one clause per article.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentId, ingestDocument } from "../../src/ingest/document.js";
import { STARD } from "./helpers.js";

const files = existsSync(STARD) ? readdirSync(STARD).filter((f) => f.endsWith(".txt")).sort() : [];

describe.skipIf(files.length === 0)("STARD-mini corpus", () => {
  it("has its 133 laws", () => expect(files).toHaveLength(133));

  it("yields exactly one clause per article, labelled 第X条, with the law's name as title", () => {
    let articles = 0;
    for (const file of files) {
      const text = readFileSync(join(STARD, file), "utf8");
      const expected = [...text.matchAll(/^第[零〇一二两三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?/gmu)].map((m) => m[0]);
      const { document, clauses } = ingestDocument({ id: documentId(file), source: file, text });
      expect(clauses.map((c) => c.label), file).toEqual(expected);
      expect(clauses.every((c) => c.kind === "tiao" && c.text.length > 0), file).toBe(true);
      expect(document.title, file).toBe(text.split("\n")[0].trim());
      articles += clauses.length;
    }
    expect(articles).toBe(1445);
  });

  it("keeps an article's numbered items and paragraphs inside its text", () => {
    const file = "中华人民共和国民法典.txt";
    const { clauses } = ingestDocument({ id: "m", source: file, text: readFileSync(join(STARD, file), "utf8") });
    const multi = clauses.filter((c) => c.text.includes("\n"));
    expect(multi.length).toBeGreaterThan(10);
    expect(clauses.some((c) => /（一）/.test(c.text))).toBe(true);
  });
});
