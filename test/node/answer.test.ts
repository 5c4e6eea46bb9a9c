// Answer composition: only the relevant clauses, verbatim sentences, conditions from parents
// (clauses under the same ones together), citations, warnings.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ANSWER_PARAMS, composeAnswer, relevantResults, sameConditions } from "../../src/answer/compose.js";
import { documentWarnings, clauseCitation } from "../../src/answer/document-notes.js";
import { keySentences, splitSentences } from "../../src/answer/sentences.js";
import { readIndexDir } from "../../src/node/index-dir.js";
import { search } from "../../src/search/engine.js";
import { ROOT } from "./helpers.js";

const index = readIndexDir(join(ROOT, "index"));
const now = new Date("2026-11-22T00:00:00Z");

describe("composeAnswer", () => {
  it("shows only sentences the clauses contain, and says when it left some out", async () => {
    const response = await search(index, "我能申请哪些技改补贴", { k: 5 });
    const answer = composeAnswer(response, index.documentsById, { now, queryWords: response.words });
    for (const doc of answer.documents) {
      for (const clause of doc.clauses) {
        const hit = response.results.find((r) => r.id === clause.id)!;
        for (const s of clause.sentences) expect(hit.text).toContain(s);
        for (const c of clause.conditions) expect(hit.context).toContain(c);
        expect(clause.trimmed).toBe(clause.sentences.length < splitSentences(hit.text).length);
      }
    }
    const long = answer.documents.flatMap((d) => d.clauses).find((c) => c.trimmed);
    expect(long).toBeDefined();
  });

  it("groups the relevant clauses by document, documents in rank order, clauses under the same conditions together", async () => {
    for (const question of ["企业技术中心奖励", "我能申请哪些技改补贴", "融资担保风险补偿机制"]) {
      const response = await search(index, question, { k: 5 });
      const answer = composeAnswer(response, index.documentsById, { now });
      const relevant = relevantResults(response.results);
      const ids = answer.documents.flatMap((d) => d.clauses.map((c) => c.id));
      expect(new Set(answer.documents.map((d) => d.id)).size).toBe(answer.documents.length);
      expect([...ids].sort()).toEqual(relevant.map((r) => r.id).sort());
      expect(answer.documents.map((d) => d.id)).toEqual([...new Set(relevant.map((r) => r.docId))]);
      for (const doc of answer.documents) {
        // once a run of clauses under some conditions ends, no later clause has them
        const runs = doc.clauses.filter((c, i) => !sameConditions(doc.clauses[i - 1], c)).map((c) => c.conditions.join("|"));
        expect(new Set(runs).size).toBe(runs.length);
      }
    }
  });

  it("all: every result given (a later page of 更多结果), whatever its score", async () => {
    const response = await search(index, "直购电和富余电量政策", { k: 5 });
    const answer = composeAnswer(response, index.documentsById, { now, all: true });
    expect(answer.documents.flatMap((d) => d.clauses)).toHaveLength(response.results.length);
  });
});

describe("relevance cut", () => {
  it("shows one clause when one is relevant, though the search returns five", async () => {
    const response = await search(index, "直购电和富余电量政策", { k: 5 });
    expect(response.results).toHaveLength(5);
    const [first, ...others] = response.results;
    for (const r of others) expect(r.score).toBeLessThan(ANSWER_PARAMS.minScoreShare * first.score);
    const answer = composeAnswer(response, index.documentsById, { now, queryWords: response.words });
    const clauses = answer.documents.flatMap((d) => d.clauses);
    expect(clauses).toHaveLength(1);
    expect(clauses[0].id).toBe(first.id);
    expect(clauses[0].sentences.join("")).toContain("落实直购电和富余电量政策");
  });

  it("keeps every clause scoring at least the share of the first's, in rank order, at most the k asked", async () => {
    for (const question of ["我能申请哪些技改补贴", "万元工业增加值能耗降低目标", "壮大贷新增投放多少钱", "企业技术中心奖励"]) {
      const response = await search(index, question, { k: 5 });
      const kept = relevantResults(response.results);
      expect(kept.length).toBeLessThanOrEqual(5);
      expect(kept[0]).toBe(response.results[0]);
      expect(kept).toEqual(response.results.filter((r, i) => i === 0 || r.score >= ANSWER_PARAMS.minScoreShare * response.results[0].score));
      const shown = composeAnswer(response, index.documentsById, { now }).documents.flatMap((d) => d.clauses);
      expect(shown).toHaveLength(kept.length);
    }
    // scores close together: all five
    const flat = await search(index, "万元工业增加值能耗降低目标", { k: 5 });
    expect(relevantResults(flat.results)).toHaveLength(5);
    expect(relevantResults([])).toEqual([]);
  });

  it("does not touch the search: /api/search keeps its k results", async () => {
    const response = await search(index, "直购电和富余电量政策", { k: 5 });
    composeAnswer(response, index.documentsById, { now });
    expect(response.results).toHaveLength(5);
  });
});

describe("warnings and citations", () => {
  it("flag a draft whose period has passed, a work report, an incomplete text", () => {
    const draft = index.documentsById.get("003_00eec2e948361586")!;
    expect(documentWarnings(draft, now).join()).toMatch(/征求意见稿.*已经过期/);
    expect(documentWarnings(draft, new Date("2019-06-01T00:00:00Z")).join()).not.toContain("过期");
    const report = index.documentsById.get("004_fea3b02bf23e59f2")!;
    expect(documentWarnings(report, now).join()).toMatch(/工作汇报.*不完整/);
    expect(documentWarnings(index.documentsById.get("000_110e3aa23992a0c0")!, now)).toEqual([]);
  });

  it("cite title, 文号, issuer, date and path, marking inferred values", () => {
    const formal = index.documentsById.get("000_110e3aa23992a0c0")!;
    expect(clauseCitation(formal, ["二、重点任务"], "(五)抓好要素保障,营造工业经济好环境")).toBe(
      "《成都市人民政府办公厅关于做好2017年一季度工业经济“开门红”工作的意见》 成办发〔2017〕6号 · 成都市人民政府办公厅 · 2017年1月20日 › 二、重点任务 › (五)抓好要素保障,营造工业经济好环境",
    );
    const inferred = index.documentsById.get("001_a845484a276ad0be")!;
    expect(clauseCitation(inferred, [], "一、紧盯目标稳增长")).toBe(
      "《许昌市人民政府关于稳定工业经济增长的实施意见》（推断） 许政〔2015〕39号 · 许昌市人民政府（推断） · 2015年（推断） › 一、紧盯目标稳增长",
    );
  });
});

describe("key sentences", () => {
  it("keep a short clause whole and, in a long one, the sentences with amounts, conditions or the question's words", () => {
    expect(keySentences("对当年新认定的高新技术企业,给予10万元的一次性奖励。", [])).toEqual(["对当年新认定的高新技术企业,给予10万元的一次性奖励。"]);
    const long = "加强组织领导,形成工作合力。" + "持续推进各项工作落实。".repeat(12) + "对符合条件的企业给予50万元奖励。";
    expect(keySentences(long, [])).toEqual(["对符合条件的企业给予50万元奖励。"]);
    expect(keySentences(long, ["组织领导"])).toEqual(["加强组织领导,形成工作合力。", "对符合条件的企业给予50万元奖励。"]);
  });
});
