// Numbering levels, the heading-vs-body rule, and how clauses nest, on small documents.
import { describe, expect, it } from "vitest";
import { ingestDocument } from "../../src/ingest/document.js";
import { readNumbering } from "../../src/ingest/clauses/numbering.js";
import { splitHeading } from "../../src/ingest/clauses/heading.js";
import { MAX_CLAUSE_CHARS } from "../../src/ingest/clauses/passages.js";
import { ONE_LINE_POLICY, ONE_LINE_POLICY_OUTLINE, UNNUMBERED_RELEASE } from "../fixtures/one-line-policy.js";

const ingest = (text: string) => ingestDocument({ id: "t", source: "t.txt", text }).clauses;
const outline = (text: string) => ingest(text).map((c) => [...c.path, c.label].join(" › "));

describe("numbering levels", () => {
  it.each([
    ["一、总体目标", "cn", "一、", 1],
    ["十二、其他", "cn", "十二、", 12],
    ["(一)总体思路", "cnParen", "(一)", 1],
    ["（十一）开展活动", "cnParen", "（十一）", 11],
    ["1、支持工业企业实施技术改造", "num", "1、", 1],
    ["2.加强企业家培育", "num", "2.", 2],
    ["3．培植人才", "num", "3．", 3],
    ["(1)申报条件", "numParen", "(1)", 1],
    ["（2）申报材料", "numParen", "（2）", 2],
    ["③其他事项", "circled", "③", 3],
    ["——支持工业重大技改项目建设。针对…", "dash", "——", 0],
    ["第一编　总则", "bian", "第一编", 1],
    ["第三章 法律责任", "zhang", "第三章", 3],
    ["第二节　一般规定", "jie", "第二节", 2],
    ["第五十四条　当事人", "tiao", "第五十四条", 54],
    ["第一百零五条 法人", "tiao", "第一百零五条", 105],
  ])("%s", (paragraph, kind, token, value) => {
    expect(readNumbering(paragraph)).toEqual({ kind, token, value });
  });

  it.each(["1.5个百分点以上", "2019年全市工业", "十堰市推进工业经济", "一是深入企业调查研究", "5G基站建设", "(含报装费)", "三品工作"])(
    "%s is not numbered",
    (paragraph) => expect(readNumbering(paragraph)).toBeUndefined(),
  );
});

describe("heading vs body", () => {
  it("a short line is a heading", () => {
    expect(splitHeading("num", "支持工业企业实施技术改造")).toEqual({ title: "支持工业企业实施技术改造", body: "" });
  });
  it("a heading followed by its body on the same line is split at the first full stop", () => {
    expect(splitHeading("cnParen", "抓好产业发展,筑牢工业经济主支撑。落实《成都制造2025规划》。")).toEqual({
      title: "抓好产业发展,筑牢工业经济主支撑",
      body: "落实《成都制造2025规划》。",
    });
  });
  it("a long first sentence is body text, not a heading", () => {
    const rest = "建立政府性融资担保机构资本金常态化注入和风险补偿机制,引导政府性融资担保机构加大对工业企业融资担保服务力度。";
    expect(splitHeading("num", rest)).toEqual({ title: "", body: rest });
  });
  it("a long line without a full stop is body text", () => {
    const rest = "对符合国家、省产业政策和我市主导产业发展规划的技术改造项目按实际投资额的一定比例给予奖补支持";
    expect(splitHeading("num", rest)).toEqual({ title: "", body: rest });
  });
  it("in a document, the same rule gives label and text", () => {
    const clauses = ingest("一、重点任务\n(一)抓好产业发展,筑牢工业经济主支撑。落实规划。\n(二)" + "很长的正文".repeat(10) + "。");
    expect(clauses.map((c) => [c.label, c.text])).toEqual([
      ["一、重点任务", ""],
      ["(一)抓好产业发展,筑牢工业经济主支撑", "落实规划。"],
      ["(二)", "很长的正文".repeat(10) + "。"],
    ]);
  });
});

describe("nesting", () => {
  it("nests 一、 › (一) › 1、 › (1) › —— and closes levels when a higher one returns", () => {
    const doc = [
      "为促进发展,提出如下意见。",
      "一、政策措施",
      "(一)支持转型升级",
      "以下支持范围均限主城区企业申报:",
      "1、支持技术改造",
      "(1)支持智能化改造",
      "——鼓励机器换人。对设备投资给予补贴。",
      "——鼓励数字化车间。给予奖励。",
      "(2)支持信息化改造",
      "2、支持创新",
      "(二)降低成本",
      "二、组织保障",
    ].join("\n");
    expect(outline(doc)).toEqual([
      "前言",
      "一、政策措施",
      "一、政策措施 › (一)支持转型升级",
      "一、政策措施 › (一)支持转型升级 › 1、支持技术改造",
      "一、政策措施 › (一)支持转型升级 › 1、支持技术改造 › (1)支持智能化改造",
      "一、政策措施 › (一)支持转型升级 › 1、支持技术改造 › (1)支持智能化改造 › ——鼓励机器换人",
      "一、政策措施 › (一)支持转型升级 › 1、支持技术改造 › (1)支持智能化改造 › ——鼓励数字化车间",
      "一、政策措施 › (一)支持转型升级 › 1、支持技术改造 › (2)支持信息化改造",
      "一、政策措施 › (一)支持转型升级 › 2、支持创新",
      "一、政策措施 › (二)降低成本",
      "二、组织保障",
    ]);
    const dash = ingest(doc).find((c) => c.label === "——鼓励机器换人")!;
    expect(dash.text).toBe("对设备投资给予补贴。");
    expect(dash.context).toBe("以下支持范围均限主城区企业申报:");
  });

  it("a number that does not continue the open list is body text", () => {
    const clauses = ingest("一、任务\n1、甲项\n2、乙项\n1、这一段以数字开头但不是新条款的开始因为前面已经有了同级的第二项。");
    expect(clauses.map((c) => c.label)).toEqual(["一、任务", "1、甲项", "2、乙项"]);
    expect(clauses[2].text).toContain("1、这一段以数字开头");
  });

  it("third-level items skip levels when the document does (一、 › 1、)", () => {
    expect(outline("一、目标\n1、甲\n2、乙\n二、任务")).toEqual(["一、目标", "一、目标 › 1、甲", "一、目标 › 2、乙", "二、任务"]);
  });

  it("splits 一是…二是…三是… when each opens a sentence", () => {
    const clauses = ingest("(一)健全机制。一是重视程度空前。制定方案。二是攻坚态势空前。建立专班。三是支持力度空前。兑现资金。");
    expect(clauses.map((c) => [c.label, c.text])).toEqual([
      ["(一)健全机制", ""],
      ["一是重视程度空前", "制定方案。"],
      ["二是攻坚态势空前", "建立专班。"],
      ["三是支持力度空前", "兑现资金。"],
    ]);
  });

  it("leaves 一是…;二是… inside one sentence whole (a sentence is never cut)", () => {
    const clauses = ingest("——支持重大技改项目。对入库企业采取以下措施:一是提供低息贷款;二是提供担保服务;三是给予贴息补助。");
    expect(clauses).toHaveLength(1);
    expect(clauses[0].text).toContain("一是提供低息贷款;二是提供担保服务");
  });

  it("keeps the items of a statute article inside the article", () => {
    const clauses = ingest("合同法\n第五十二条　有下列情形之一的，合同无效：\n（一）一方以欺诈、胁迫的手段订立合同；\n（二）恶意串通。\n第五十四条　下列合同可以变更：");
    expect(clauses.map((c) => c.label)).toEqual(["第五十二条", "第五十四条"]);
    expect(clauses[0].text).toContain("（二）恶意串通。");
  });

  it("nests articles under chapters and sections", () => {
    expect(outline("某法\n第一章 总则\n第一条 目的\n第二节 定义\n第二条 定义\n第二章 附则\n第三条 施行")).toEqual([
      "第一章 总则",
      "第一章 总则 › 第一条",
      "第一章 总则 › 第二节 定义",
      "第一章 总则 › 第二节 定义 › 第二条",
      "第二章 附则",
      "第二章 附则 › 第三条",
    ]);
  });
});

describe("text without line structure", () => {
  it("finds the numbering inside one long line: sections, their items, in order", () => {
    expect(outline(ONE_LINE_POLICY)).toEqual(ONE_LINE_POLICY_OUTLINE);
  });

  it("does not take a cited document, its 文号 or an article it cites for numbering, nor '一、二、三级' for items", () => {
    const clauses = ingest(ONE_LINE_POLICY);
    expect(clauses[0].text).toContain("《关于推动房地产市场平稳健康发展若干政策措施的指导意见》（赣房商联〔2024〕34号）第三条的规定");
    expect(clauses.find((c) => c.label.includes("积极发展高品质住房项目"))!.text).toContain("一、二、三级资质企业均可申报");
    expect(clauses.every((c) => c.label !== "附件")).toBe(true);
  });

  it("cuts a long unnumbered text at sentence ends into passages of bounded size, losing nothing", () => {
    const clauses = ingest(UNNUMBERED_RELEASE);
    const passages = clauses.filter((c) => c.kind === "passage");
    expect(passages.length).toBeGreaterThan(2);
    expect(passages.map((c) => c.label)).toEqual(passages.map((_, i) => `第${i + 1}段`));
    for (const p of passages) {
      expect(p.path).toEqual(["前言"]);
      expect(p.text.length).toBeLessThanOrEqual(MAX_CLAUSE_CHARS);
      expect(p.text.endsWith("。")).toBe(true);
    }
    expect(passages.map((c) => c.text).join("")).toBe(UNNUMBERED_RELEASE.split("\n")[1]);
  });

  it("keeps a statute article whole, however long", () => {
    const article = `第一条 ${"当事人应当按照约定全面履行自己的义务。".repeat(40)}`;
    const clauses = ingest(`某法\n${article}\n第二条 当事人应当遵循诚信原则。`);
    expect(clauses.map((c) => c.label)).toEqual(["第一条", "第二条"]);
    expect(clauses[0].text.length).toBeGreaterThan(MAX_CLAUSE_CHARS);
  });
});
