// The seed documents end to end: every sentence of each body lands in exactly one clause,
// in order, and no page furniture or metadata line lands in any.
import { describe, expect, it } from "vitest";
import { PREAMBLE_LABEL, NOTICE_LABEL, ATTACHMENT_LABEL } from "../../src/ingest/clauses/tree.js";
import { ingestSeed, norm, readSeed, seedFiles } from "./helpers.js";

/**
 * Lines that are not body text, listed by hand from reading each file (page furniture,
 * title block, signature, header table). Kept independent of the cleaner's own rules.
 */
const NOT_BODY: Record<string, string[]> = {
  "000_110e3aa23992a0c0.txt": [
    "成办发〔2017〕6号《成都市人民政府办公厅关于做好2017年一季度工业经济“开门红”工作的意见》",
    "浏览量:", "《成都市人民政府办公厅关于做好2017年一季度工业经济“开门红”工作的意见》", "成办发〔2017〕6号",
    "成都市人民政府办公厅", "2017年1月20日", "jackpotjoy", "扫描二维码 关注我们", "本文链接:", "本文关键词:",
  ],
  "001_a845484a276ad0be.txt": ["许政[2015]39号"],
  "002_58fa80235016e783.txt": ["Copyright ©", "工信部备案号", "公安局备案号", "本站为C2C"],
  "003_00eec2e948361586.txt": [
    "关于对《十堰市推进工业经济稳增长快转型高质量发展若干政策意见(2018-2020)》(送审稿)的公示",
    "索引号", "011081002/2020-16303", "主题分类", "政务公开", "发文日期", "2018年07月12日 08:30:00", "发布机构",
    "十堰市经济和信息化委员会", "文号", "2018年7月12日", "十堰市推进工业经济稳增长快转型高质量发展", "若干政策意见(2018-2020)(送审稿)",
  ],
  "004_fea3b02bf23e59f2.txt": ["关于区域制造中心建设情况的汇报", "更新时间:", "---此处隐藏5003字,下载后查看---"],
};

const FURNITURE = ["浏览量", "jackpotjoy", "二维码", "关注我们", "本文链接", "本文关键词", "Copyright", "ICP备", "公网安备", "本站为", "此处隐藏", "更新时间", "索引号", "主题分类"];
const SYNTHETIC_LABELS = new Set([PREAMBLE_LABEL, NOTICE_LABEL, ATTACHMENT_LABEL]);

/** The body as a reader sees it in the raw file, normalised like the eval does. */
function expectedBody(file: string): string {
  let lines = readSeed(file).replace(/\r/g, "").split("\n").map((l) => l.replace(/[\s\u00a0\u2002\u3000]+/g, " ").trim());
  if (file.startsWith("002_")) {
    // PDF page numbers "N、" glued to line starts; the first line repeats the title twice.
    const joined = lines.join("\n").replace(/^1、/, "").replace(/\n\d{1,2}、/g, "");
    lines = joined.split("\n");
    lines[0] = lines[0].replace(/^(2019 年全市工业经济工作要点){2}/, "");
  }
  const skip = NOT_BODY[file];
  return norm(lines.filter((l) => l !== "" && !skip.some((s) => l === s || l.startsWith(s))).join(""));
}

describe.each(seedFiles())("seed %s", (file) => {
  const { clauses } = ingestSeed(file);

  it("partitions the body into clauses: every sentence in exactly one, in order, nothing lost", () => {
    const fromClauses = clauses
      .map((c) => norm(((SYNTHETIC_LABELS.has(c.label) || c.kind === "passage") && c.kind !== "colon" ? "" : c.label) + c.text))
      .join("");
    const expected = expectedBody(file);
    if (fromClauses !== expected) {
      let i = 0;
      while (fromClauses[i] === expected[i]) i++;
      expect(fromClauses.slice(Math.max(0, i - 20), i + 40)).toBe(expected.slice(Math.max(0, i - 20), i + 40));
    }
    expect(fromClauses.length).toBeGreaterThan(500);
  });

  it("lets no furniture into any clause", () => {
    for (const c of clauses) {
      for (const f of FURNITURE) expect(c.label + c.text + c.context, `${c.id} contains ${f}`).not.toContain(f);
    }
  });

  it("gives every clause a stable, unique id", () => {
    const ids = clauses.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ingestSeed(file).clauses.map((c) => c.id)).toEqual(ids);
  });
});

describe("seed structure", () => {
  it("002: repairs PDF page numbers glued to line starts", () => {
    const text = ingestSeed("002_58fa80235016e783.txt").clauses.map((c) => c.label + c.text).join("\n");
    expect(text).toContain("全年10亿元企业突破15户");
    expect(text).toContain("省级专精特新企业30家");
    expect(text).toContain("规模扩大至1亿元");
    expect(text).toContain("六安大学科技园二期工程");
    expect(text).not.toMatch(/\d、\d|[^\d]\d、[^\s\d]*企/);
    const labels = ingestSeed("002_58fa80235016e783.txt").clauses.map((c) => c.label);
    expect(labels.filter((l) => /^\d+、/.test(l))).toEqual([]);
    expect(labels.slice(0, 3)).toEqual(["前言", "一、民营经济提升行动", "二、龙头企业壮大行动"]);
  });

  it("003: each —— item of 三、(三)1、 is its own clause, carrying both lead-ins as context", () => {
    const clauses = ingestSeed("003_00eec2e948361586.txt").clauses;
    const items = clauses.filter((c) => c.path.at(-1) === "1、支持工业企业实施技术改造");
    expect(items.map((c) => c.label)).toEqual([
      "——支持工业重大技改项目建设",
      "——支持工业企业实施智能化改造",
      "——鼓励工业企业实施信息化改造",
    ]);
    for (const item of items) {
      expect(item.path).toEqual(["三、政策措施", "(三)支持工业企业转型升级", "1、支持工业企业实施技术改造"]);
      expect(item.context).toContain("以下支持范围除指定领域外均限主城区工业企业申报");
      expect(item.context).toContain("投资1000万元以上且在三年建设有效期内的技术改造项目");
    }
    expect(items[0].text).toContain("给予50%的贴息补助");
    const heading = clauses.find((c) => c.label === "(三)支持工业企业转型升级")!;
    expect(heading.children).toBe(5);
    expect(heading.text).toContain("以下支持范围除指定领域外均限主城区工业企业申报");
  });

  it("003: the call for comments is a preamble clause with its e-mail address, apart from the draft's own preamble", () => {
    const clauses = ingestSeed("003_00eec2e948361586.txt").clauses;
    expect(clauses[0].label).toBe(NOTICE_LABEL);
    expect(clauses[0].text).toContain("电子邮箱:syjxwtzk@163.com");
    expect(clauses[1].label).toBe(PREAMBLE_LABEL);
    expect(clauses[1].text).toMatch(/^为深入贯彻/);
    expect(clauses[2].label).toBe("一、总体思路和主要目标");
  });

  it("003: unnumbered 'X成本:' items under 3、 are clauses of their own", () => {
    const clauses = ingestSeed("003_00eec2e948361586.txt").clauses;
    const under = clauses.filter((c) => c.path.at(-1) === "3、降低企业资源要素成本").map((c) => c.label);
    expect(under).toEqual(["降低企业用电成本", "降低企业用气、用热成本", "降低企业用地成本"]);
  });

  it("004: splits 一是…二是…三是… into items under their heading", () => {
    const clauses = ingestSeed("004_fea3b02bf23e59f2.txt").clauses;
    const items = clauses.filter((c) => c.path.at(-1) === "(五)聚焦生产抓服务保障");
    expect(items.map((c) => c.label)).toEqual(["一是强化政策扶持", "二是全力助企纾困", "三是抓实要素保障"]);
    expect(items[2].text).toContain("制惠贷");
  });

  it("000: the attachment line is its own clause, the signature is not a clause", () => {
    const clauses = ingestSeed("000_110e3aa23992a0c0.txt").clauses;
    expect(clauses.at(-1)!.label).toBe(ATTACHMENT_LABEL);
    expect(clauses.at(-1)!.text).toBe("附件:2017年一季度区(市)县工业主要指标目标");
    expect(clauses.some((c) => c.text.includes("2017年1月20日"))).toBe(false);
  });
});
