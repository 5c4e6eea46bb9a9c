// The bot's welcome (/start) from the library's summary: how many documents, their places (the
// first few, then how many), the newest date; the summary read from documents.
import { describe, expect, it } from "vitest";
import { welcomeHtml } from "../../src/bot/texts.js";
import { summaryOf } from "../../src/search/source.js";

describe("welcomeHtml", () => {
  it("names the places of a small library, and counts those of a large one", () => {
    const small = welcomeHtml({ total: 5, regions: ["湖北省十堰市", "四川省南充市"], newest: "2025-03-01", kinds: [] });
    expect(small).toContain("目前收录 5 份文件，涉及湖北省十堰市、四川省南充市，最新一份的日期是2025年3月1日。");
    const regions = Array.from({ length: 343 }, (_, i) => `第${i}市`);
    const large = welcomeHtml({ total: 95_777, regions, kinds: [] });
    expect(large).toContain(`目前收录 95777 份文件，涉及${regions.slice(0, 8).join("、")}等343个地区。`);
    expect(large).not.toContain("第8市");
    expect(welcomeHtml({ total: 0, regions: [], kinds: [] })).toContain("目前收录 0 份文件。");
  });

  it("summarises documents: count, places once in order of first appearance, the latest and earliest dates, kinds", () => {
    const docs = [
      { region: "乙市", date: "2024-05-01", kind: "正式文件" as const },
      { region: undefined, date: undefined, kind: "征求意见稿" as const },
      { region: "甲市", date: "2025-01-02", kind: "正式文件" as const },
      { region: "乙市", date: "2023-01-01", kind: "正式文件" as const },
      { region: "", date: "", kind: "工作汇报" as const },
    ];
    expect(summaryOf(docs)).toEqual({
      total: 5,
      regions: ["乙市", "甲市"],
      newest: "2025-01-02",
      oldest: "2023-01-01",
      kinds: [
        { kind: "正式文件", count: 3 },
        { kind: "征求意见稿", count: 1 },
        { kind: "工作汇报", count: 1 },
      ],
    });
    expect(summaryOf([])).toEqual({ total: 0, regions: [], kinds: [] });
  });
});
