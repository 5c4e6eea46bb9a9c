// Cleaning: spaces, page furniture, hidden-text markers, header tables, PDF page numbers.
import { describe, expect, it } from "vitest";
import { clean } from "../../src/ingest/clean/index.js";
import { repairPageNumbers } from "../../src/ingest/clean/page-numbers.js";

describe("spaces", () => {
  it("folds ideographic, non-breaking and en spaces and drops stray spaces inside numbers and words", () => {
    const { paragraphs } = clean("\u3000\u3000规模扩大至1 亿元,新增 15 户。\n\u2002\u2002十亿 企业成长, 力争完成。\u00a0\n");
    expect(paragraphs).toEqual(["规模扩大至1亿元,新增15户。", "十亿企业成长,力争完成。"]);
  });
  it("keeps spaces between Latin words", () => {
    expect(clean("采用 IPv6 与 New Energy 技术。").paragraphs).toEqual(["采用IPv6与New Energy技术。"]);
  });
  it("restores paragraph breaks that a sentence end followed by spaces stands for", () => {
    expect(clean("新增规模工业企业 80 户。 一、民营经济提升行动。全面贯彻。").paragraphs).toEqual([
      "新增规模工业企业80户。",
      "一、民营经济提升行动。全面贯彻。",
    ]);
  });
  it("collapses runs of blank lines and removes zero-width characters", () => {
    expect(clean("\ufeff第一段。\n\n\n\n\n第\u200b二段。\r\n").paragraphs).toEqual(["第一段。", "第二段。"]);
  });
});

describe("furniture", () => {
  it.each([
    ["浏览量:          时间:2018-11-13 13:17:57", "view counter"],
    ["扫描二维码 关注我们", "QR-code prompt"],
    ["本文链接:/rule/44599.html", "article link/keywords"],
    ["本文关键词: 成都市, 成都市人民政府, 成办发", "article link/keywords"],
    ["Copyright © 2018-2021 Wenke99.com All rights reserved", "copyright"],
    ["工信部备案号:浙ICP备20026746号-2", "ICP/filing"],
    ["公安局备案号:浙公网安备33038302330469号", "ICP/filing"],
    ["本站为C2C交文档易平台,即用户上传的文档直接卖给下载用户。", "site disclaimer"],
    ["jackpotjoy", "stray words"],
    ["更新时间:2024-05 来源:网友投稿", "page timestamp"],
  ])("removes %s", (line, reason) => {
    const cleaned = clean(`正文第一句。\n${line}\n正文第二句。`);
    expect(cleaned.paragraphs).toEqual(["正文第一句。", "正文第二句。"]);
    expect(cleaned.removed.map((r) => r.reason)).toEqual([reason]);
  });
  it("keeps body lines that merely mention such words", () => {
    const body = "鼓励企业开展网上工业品博览会等线上销售活动,扫描二维码即可参与申报的平台由市经信委统一建设和维护。";
    expect(clean(body).paragraphs).toEqual([body]);
  });
  it("drops the hidden-text marker and records how much is missing", () => {
    const cleaned = clean("第一部分。\n---此处隐藏5003字,下载后查看---\n第二部分。");
    expect(cleaned.paragraphs).toEqual(["第一部分。", "第二部分。"]);
    expect(cleaned.hiddenChars).toBe(5003);
  });
});

describe("header table", () => {
  it("reads key/value lines above the text into fields, an empty 文号 included", () => {
    const cleaned = clean("标题\n索引号\n011081002/2020-16303\n发文日期\n2018年07月12日 08:30:00\n发布机构\n十堰市经济和信息化委员会\n文号\n\n根据市政府工作安排,现征求意见。");
    expect(cleaned.fields).toEqual({
      索引号: "011081002/2020-16303",
      发文日期: "2018年07月12日08:30:00",
      发布机构: "十堰市经济和信息化委员会",
      文号: "",
    });
    expect(cleaned.paragraphs).toEqual(["标题", "根据市政府工作安排,现征求意见。"]);
  });
});

describe("PDF page numbers", () => {
  const page = (n: number, text: string) => `${n}、${text}`;
  const filler = "推动企业技术改造和转型升级加快培育新动能".repeat(6);

  it("removes N、 page markers and rejoins words and numbers they split", () => {
    const lines = [page(1, filler + "全年 1"), page(2, "0 亿元企业突破 15 户," + filler + "省级专精特新企"), page(3, "业 30 家。" + filler)];
    const { paragraphs, pageMarkers } = clean(lines.join("\n"));
    expect(pageMarkers).toBe(3);
    expect(paragraphs.join("")).toContain("全年10亿元企业突破15户");
    expect(paragraphs.join("")).toContain("省级专精特新企业30家。");
  });

  it("leaves a real numbered list alone: its items end their sentences", () => {
    const lines = [page(1, filler + "。"), page(2, filler + "。"), page(3, filler + "。")];
    expect(repairPageNumbers(lines)).toEqual({ lines, removed: 0 });
  });

  it("leaves short numbered headings alone", () => {
    const lines = ["1、总体目标", "2、重点任务", "3、工作要求"];
    expect(repairPageNumbers(lines).removed).toBe(0);
  });
});
