// How the engine treats the way people ask: normalisation, traditional characters,
// question words, synonyms, region, abstention. Over the committed seed index.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { readIndexDir } from "../../src/node/index-dir.js";
import { search } from "../../src/search/engine.js";
import { analyseQuery, SYNONYM_WEIGHT } from "../../src/search/query.js";
import { ROOT } from "./helpers.js";
import { EXAMPLE_QUESTIONS } from "../../src/bot/texts.js";
import { readFileSync } from "node:fs";
import { composeAnswer } from "../../src/answer/compose.js";
import { coverageOf, renderText } from "../../src/answer/render-text.js";

const index = readIndexDir(join(ROOT, "index"));
const ids = async (q: string, k = 5) => (await search(index, q, { k })).results.map((r) => r.id);

describe("normalisation", () => {
  it("folds full-width letters and digits (NFKC) and case", async () => {
    expect(await ids("Ｂ２Ｇ企业服务平台")).toEqual(await ids("b2g企业服务平台"));
  });
  it("finds the same clauses for traditional characters", async () => {
    expect(await ids("技術改造有什麼補貼")).toEqual(await ids("技术改造有什么补贴"));
    expect(await ids("高新技術企業獎勵")).toEqual(await ids("高新技术企业奖励"));
  });
});

describe("question words", () => {
  it("are dropped from the query terms", () => {
    const terms = analyseQuery(index, "我能申请哪些技改补贴吗").terms.filter((t) => t.original).map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(["技改", "补贴", "申请"]));
    for (const w of ["我", "能", "我能", "哪些", "吗"]) expect(terms).not.toContain(w);
  });
  it("do not change the ranking", async () => {
    expect(await ids("我能申请哪些技改补贴")).toEqual(await ids("技改补贴申请"));
    expect(await ids("新认定高新技术企业奖励多少呢")).toEqual(await ids("新认定高新技术企业奖励"));
  });
});

describe("synonyms", () => {
  it("expand at a lower weight than the user's own words", () => {
    const terms = analyseQuery(index, "补贴有哪些").terms;
    expect(terms.find((t) => t.term === "补贴")).toMatchObject({ weight: 1, original: true });
    expect(terms.find((t) => t.term === "补助")).toMatchObject({ weight: SYNONYM_WEIGHT, original: false, of: "补贴" });
    expect(SYNONYM_WEIGHT).toBeLessThan(1);
  });
  it("stand in at full weight for a word of the user's the corpus does not have (高企)", () => {
    const terms = analyseQuery(index, "高企奖励").terms;
    expect(terms.find((t) => t.term === "高企")).toMatchObject({ weight: 1, original: true });
    expect(terms.find((t) => t.term === "高新技术企业")).toMatchObject({ weight: 1, original: false, of: "高企" });
  });
  it("leave out a longer phrase holding the word itself (稳岗 → 稳岗补贴 would add 补贴)", () => {
    const terms = analyseQuery(index, "稳岗").terms;
    expect(terms.filter((t) => t.of === "稳岗").map((t) => t.term)).not.toContain("补贴");
  });
  it("find the clause written in the document's words", async () => {
    const top = (await search(index, "高企有什么奖励", { k: 3 })).results.map((r) => r.text);
    expect(top.some((t) => t.includes("对当年新认定的高新技术企业,给予10万元的一次性奖励"))).toBe(true);
    const social = (await search(index, "给员工交社保压力大有减免吗", { k: 3 })).results.map((r) => r.text);
    expect(social.some((t) => t.includes("阶段性降低社会保险费率"))).toBe(true);
  });
  it("do not drown the user's own words: a clause with the word typed outranks one with only its synonym", async () => {
    // "技改" is typed; clauses saying 技改 outright rank above those that only say 技术改造.
    const results = (await search(index, "技改项目库", { k: 3 })).results;
    expect(results[0].text + results[0].label).toContain("技改");
  });
});

describe("ranking uses heading paths", () => {
  it("finds the —— items under 1、支持工业企业实施技术改造 for a question about 技术改造", async () => {
    const results = (await search(index, "技术改造有什么支持措施", { k: 5 })).results;
    const under = results.filter((r) => r.path.includes("1、支持工业企业实施技术改造"));
    expect(under.length).toBeGreaterThanOrEqual(2);
  });
});

describe("region", () => {
  it("ranks the named region's documents first", async () => {
    const r = await search(index, "六安的专精特新企业有什么扶持");
    expect(r.results[0].docId).toBe("002_58fa80235016e783");
    expect(r.region).toEqual({ asked: ["六安市"], covered: true });
  });
  it("puts a relevant clause of the named city before a better match from elsewhere", async () => {
    const r = await search(index, "我公司在成都，能拿到哪些电费优惠");
    expect(r.results[0].docId).toBe("000_110e3aa23992a0c0");
    expect(r.results.some((x) => x.docId === "003_00eec2e948361586")).toBe(true);
  });
  it.each(["新兴产业有什么支持", "资源综合利用有补贴吗", "公安部门怎么办理"])("does not read everyday words as county names: %s", async (q) => {
    expect((await search(index, q)).region).toBeUndefined();
  });
  it("says when no document is from the region asked", async () => {
    const r = await search(index, "北京的高新技术企业有奖励吗");
    expect(r.answered).toBe(true);
    expect(r.region).toEqual({ asked: ["北京市"], covered: false });
  });
});

describe("abstention", () => {
  it.each(["北京市积分落户需要什么条件", "今天天气怎么样", "股票明天会涨吗", "个人所得税专项附加扣除怎么填", "如何办理护照", "新冠疫苗在哪里打", "医保报销比例是多少", "什么", "你好"])(
    "answers nothing for %s",
    async (q) => {
      expect(await search(index, q)).toMatchObject({ answered: false, results: [] });
    },
  );
  it.each(["我能申请哪些技改补贴", "贷款利息政府能帮忙出一部分吗", "企业想上市有什么支持", "对政策意见稿有建议怎么反馈"])("answers %s", async (q) => {
    expect((await search(index, q)).answered).toBe(true);
  });
});

describe("the example questions /start offers", () => {
  // Each example is pressed by people who have not asked anything yet: its first answer
  // must be about what it asks. (企业上市有哪些奖励 once answered with 奖励 clauses that
  // never mention 上市, which no seed rewards.)
  const about: Record<string, string> = {
    我能申请哪些技改补贴: "技术改造",
    新认定的高新技术企业有什么奖励: "高新技术企业",
    十堰的企业贷款贴息怎么申请: "贴息",
    企业上市有什么支持: "上市",
  };
  it.each(EXAMPLE_QUESTIONS)("%s: the first clause is about it", async (q) => {
    const response = await search(index, q, { k: 3 });
    expect(response.answered).toBe(true);
    expect(about[q], `no expectation for the example ${q}`).toBeDefined();
    expect(response.results[0].text).toContain(about[q]);
  });
});

describe("topic first", () => {
  const holds = (r: { label: string; text: string; path: string[] }, word: string) => [r.label, r.text, ...r.path].join("").includes(word);

  it("puts the clauses holding the question's most specific word before those that only match how it asks", async () => {
    // 上市 is in a few clauses, 奖励 and 企业 in dozens: the question is about 上市
    const r = await search(index, "十堰的企业上市能拿多少奖励", { k: 5 });
    expect(r.answered).toBe(true);
    expect(holds(r.results[0], "上市")).toBe(true);
    // and what none of the shown clauses speaks of is said
    const shownAll = r.results.some((x) => holds(x, "奖励"));
    expect(r.uncovered?.includes("奖励")).toBe(!shownAll);
  });

  it("takes a compound's parts for the compound (贷款贴息: 贷款 and 贴息)", async () => {
    const r = await search(index, "贷款贴息怎么申请", { k: 3 });
    expect(r.answered).toBe(true);
    expect(holds(r.results[0], "贴息")).toBe(true);
    expect(r.uncovered ?? []).not.toContain("贷款贴息");
  });
});

describe("uncovered", () => {
  const text = (r: { label: string; text: string; path: string[] }) => [r.label, r.text, ...r.path].join("");

  it("names the question's words that no returned clause holds, in the question's order", async () => {
    const r = await search(index, "技术改造补贴对航天火箭企业有吗", { k: 5 });
    expect(r.answered).toBe(true);
    expect(r.uncovered).toEqual(expect.arrayContaining(["航天", "火箭"]));
    expect(r.uncovered!.indexOf("航天")).toBeLessThan(r.uncovered!.indexOf("火箭"));
  });

  it("never names a word a returned clause holds, nor a filler fragment, over every public seed question", async () => {
    const questions = JSON.parse(readFileSync(join(ROOT, "test/fixtures/seed-questions.public.json"), "utf8")) as { q: string }[];
    for (const { q } of questions) {
      const r = await search(index, q, { k: 5 });
      for (const w of r.uncovered ?? []) {
        expect([...w].length, `${q}: ${w}`).toBeGreaterThanOrEqual(2);
        for (const hit of r.results) expect(text(hit), `${q}: ${w}`).not.toContain(w);
      }
      if (!r.answered) expect(r.uncovered).toBeUndefined();
    }
  });

  it("opens the composed answer with a line saying so", async () => {
    const r = await search(index, "技术改造补贴对航天火箭企业有吗", { k: 5 });
    const answer = composeAnswer(r, index.documentsById, { queryWords: r.words });
    expect(answer.uncovered).toEqual(r.uncovered);
    expect(answer.uncoveredNote).toContain("“航天”、“火箭”");
    expect(renderText(answer, coverageOf(index.documents), { width: Infinity })).toContain(answer.uncoveredNote!);
  });
});
