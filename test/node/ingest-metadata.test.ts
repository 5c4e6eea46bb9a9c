// Document metadata: stated values, inferred values with their words, the catalogue.
import { describe, expect, it } from "vitest";
import { ingestDocument } from "../../src/ingest/document.js";
import { toIsoDate } from "../../src/ingest/metadata/dates.js";
import { normaliseDocNumber } from "../../src/ingest/metadata/extract.js";
import { ingestSeed } from "./helpers.js";

const inferredFields = (d: { inferred: { field: string }[] }) => d.inferred.map((i) => i.field);

describe("seed metadata", () => {
  it("000: everything stated in the text", () => {
    const d = ingestSeed("000_110e3aa23992a0c0.txt").document;
    expect(d).toMatchObject({
      title: "成都市人民政府办公厅关于做好2017年一季度工业经济“开门红”工作的意见",
      docNumber: "成办发〔2017〕6号",
      issuer: "成都市人民政府办公厅",
      region: "四川省成都市",
      date: "2017-01-20",
      kind: "正式文件",
    });
    expect(d.period).toBeUndefined();
    expect(d.incomplete).toBeUndefined();
    expect(inferredFields(d)).not.toContain("date");
    expect(inferredFields(d)).not.toContain("issuer");
  });

  it("001: title from the catalogue, issuer and year inferred from the 文号, each marked inferred", () => {
    const d = ingestSeed("001_a845484a276ad0be.txt").document;
    expect(d).toMatchObject({ docNumber: "许政〔2015〕39号", issuer: "许昌市人民政府", region: "河南省许昌市", date: "2015" });
    expect(inferredFields(d)).toEqual(expect.arrayContaining(["title", "issuer", "region", "date"]));
    expect(d.inferred.find((i) => i.field === "issuer")!.from).toContain("许政");
    expect(d.inferred.find((i) => i.field === "title")!.from).toContain("原文未载标题");
  });

  it("002: title from the glued page header, region from the places named", () => {
    const d = ingestSeed("002_58fa80235016e783.txt").document;
    expect(d).toMatchObject({ title: "2019年全市工业经济工作要点", region: "安徽省六安市", date: "2019", issuer: "六安市人民政府" });
    expect(d.docNumber).toBeUndefined();
    expect(inferredFields(d)).toEqual(expect.arrayContaining(["issuer", "region", "date"]));
  });

  it("003: a draft under public comment, with its period, and no 文号 taken from documents it cites", () => {
    const d = ingestSeed("003_00eec2e948361586.txt").document;
    expect(d).toMatchObject({
      title: "十堰市推进工业经济稳增长快转型高质量发展若干政策意见(2018-2020)",
      issuer: "十堰市经济和信息化委员会",
      region: "湖北省十堰市",
      date: "2018-07-12",
      kind: "征求意见稿",
      period: "2018-2020",
    });
    expect(d.docNumber).toBeUndefined();
  });

  it("004: a work report, incomplete, date marked as the web page's", () => {
    const d = ingestSeed("004_fea3b02bf23e59f2.txt").document;
    expect(d).toMatchObject({ title: "关于区域制造中心建设情况的汇报", kind: "工作汇报", region: "四川省南充市" });
    expect(d.incomplete).toMatchObject({ hiddenChars: 5003 });
    expect(d.inferred.find((i) => i.field === "date")!.from).toContain("非成文日期");
    expect(d.inferred.find((i) => i.field === "region")!.from).toContain("仪陇");
  });
});

describe("rules", () => {
  it("a stated value wins over the catalogue", () => {
    const d = ingestDocument({
      id: "x",
      source: "x.txt",
      text: "成办发〔2017〕6号\n为推进工作,提出如下意见。\n一、任务\n成都市人民政府办公厅\n2017年1月20日",
      catalogue: { docNumber: { value: "别的文号", from: "管理员" }, title: { value: "管理员标题", from: "管理员拟定" } },
    }).document;
    expect(d.docNumber).toBe("成办发〔2017〕6号");
    expect(d.title).toBe("管理员标题");
    expect(d.inferred).toContainEqual({ field: "title", from: "管理员拟定" });
    expect(inferredFields(d)).not.toContain("docNumber");
  });

  it("a document with nothing to go on falls back to its file name, marked inferred", () => {
    const d = ingestDocument({ id: "y", source: "y.txt", text: "为推进工作,提出如下意见。" }).document;
    expect(d.title).toBe("y");
    expect(d.inferred[0]).toEqual({ field: "title", from: "文件名“y.txt”" });
  });

  it.each([
    ["2017年1月20日", "2017-01-20"],
    ["2018年07月12日 08:30:00", "2018-07-12"],
    ["二〇一七年一月二十日", "2017-01-20"],
    ["二○二三年十月", "2023-10"], // ○ for 〇, as in 「政府自二○二三年十月成立『解決劏房問題』工作組」
    ["2024-05", "2024-05"],
    ["2019年13月1日", undefined],
  ])("date %s", (text, iso) => expect(toIsoDate(text)).toBe(iso));

  it.each([
    ["许政[2015]39号", "许政〔2015〕39号"],
    ["成办发〔2017〕6号", "成办发〔2017〕6号"],
    ["鄂政发（2018）16 号", "鄂政发〔2018〕16号"],
    ["没有文号", undefined],
  ])("文号 %s", (text, normalised) => expect(normaliseDocNumber(text)).toBe(normalised));
});
