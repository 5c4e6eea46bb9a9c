// The documents an answer from the tier reads (src/tier/source.ts): each hit's document and the
// documents that repeal it, each list in library order, merged so that documentStatus over them
// finds, for every hit, the repealer it finds over the whole library.
import { describe, expect, it } from "vitest";
import { documentStatus } from "../../src/shared/document-status.js";
import type { DocumentMeta } from "../../src/shared/schema.js";
import { repealersIndex } from "../../src/tier/rows.js";
import { inOrder } from "../../src/tier/library-reads.js";

const doc = (id: string, extra: Partial<DocumentMeta> = {}): DocumentMeta => ({ id, title: `文件${id}`, kind: "正式文件", inferred: [], ...extra }) as DocumentMeta;
const repealing = (id: string, ...docNumbers: string[]) => doc(id, { status: { repeals: docNumbers.map((n) => ({ docNumber: n, title: `被废止${n}`, from: `${id}废止${n}` })) } } as Partial<DocumentMeta>);
const ids = (docs: DocumentMeta[]) => docs.map((d) => d.id);

describe("inOrder", () => {
  it("keeps the order of every list, whatever order the lists come in", () => {
    expect(ids(inOrder([[doc("c")], [doc("b"), doc("c")], [doc("a"), doc("b")]]))).toEqual(["a", "b", "c"]);
    expect(ids(inOrder([[doc("x")], [doc("y")]]))).toEqual(["x", "y"]);
    // a document on several lists comes once
    expect(ids(inOrder([[doc("a"), doc("b")], [doc("a"), doc("b")], [doc("b")]]))).toEqual(["a", "b"]);
  });

  it("refuses lists that no one order keeps", () => {
    expect(() => inOrder([[doc("a"), doc("b")], [doc("b"), doc("a")]])).toThrow(/not in one library order/);
  });

  it("gives each document the status it has in the whole library, when two documents repeal it and one of them another", () => {
    // library order: r1 repeals A and B, r2 repeals B (the later one is B's replacement over the whole library)
    const a = doc("A", { docNumber: "甲1号" });
    const b = doc("B", { docNumber: "乙1号" });
    const r2 = repealing("r2", "乙1号");
    const r1 = repealing("r1", "甲1号", "乙1号");
    const library = [a, b, r2, r1];
    const whole = new Map(library.map((d) => [d.id, d]));
    const repealers = repealersIndex(library);
    // A's list is [r1], B's [r2, r1]: listing A's first must not put r1 before r2
    const merged = new Map(inOrder([[a], [b], repealers(a), repealers(b)]).map((d) => [d.id, d]));
    const now = new Date("2026-11-30T00:00:00Z");
    for (const d of [a, b]) expect(documentStatus(d, now, merged), d.id).toEqual(documentStatus(d, now, whole));
    expect(documentStatus(b, now, whole).replacedBy?.id).toBe("r1");
  });
});
