// Ingestion on the edge (an admin's upload is ingested in the worker): text without line
// structure gets the same clauses as under `npm run index`, and its passages are searchable.
import { describe, expect, it } from "vitest";
import { ingestDocument } from "../../src/ingest/document.js";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { search } from "../../src/search/engine.js";
import { loadIndexText } from "../../src/search/load-index.js";
import { ONE_LINE_POLICY, ONE_LINE_POLICY_OUTLINE, UNNUMBERED_RELEASE } from "../fixtures/one-line-policy.js";

const outline = (text: string) => ingestDocument({ id: "t", source: "t.txt", text }).clauses.map((c) => [...c.path, c.label].join(" › "));

describe("text without line structure, in workerd", () => {
  it("finds the numbering inside one long line", () => {
    expect(outline(ONE_LINE_POLICY)).toEqual(ONE_LINE_POLICY_OUTLINE);
  });

  it("cuts an unnumbered release into passages, and a question finds the one it is about", async () => {
    const rebuilt = await rebuildIndex(bundledIndex(), { add: [{ id: "u_release", source: "release.txt", text: UNNUMBERED_RELEASE }] });
    const index = loadIndexText(rebuilt.files);
    const r = await search(index, "住房公积金贷款额度提高到每户71万元", { k: 3 });
    expect(r.answered).toBe(true);
    expect(r.results[0]).toMatchObject({ docId: "u_release", path: ["前言"] });
    expect(r.results[0].label).toMatch(/^第\d+段$/);
    expect(r.results[0].text).toContain("71万元");
    expect(r.results[0].text.length).toBeLessThanOrEqual(500);
  });
});
