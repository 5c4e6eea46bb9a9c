// The retrieval eval: scoring as ../shared/eval/README.md and ../shared/bench/stard/README.md
// define it, question-file parsing, and one run over the seed questions (shape only: the
// engine's figures are not asserted here).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { buildIndex } from "../../src/ingest/build/index.js";
import { readCorpus } from "../../src/ingest/build/corpus.js";
import { readSynonyms } from "../../src/ingest/build/synonyms.js";
import { writeIndex } from "../../src/ingest/build/write-index.js";
import { labelArticles, type Chunk } from "../../src/eval/chunks.js";
import { evaluate } from "../../src/eval/evaluate.js";
import { parseQuestions, QuestionFileError, type EvalQuestion } from "../../src/eval/questions.js";
import { leadOf, missesOf, runEval } from "../../src/eval/run.js";
import { reportJson, reportText } from "../../src/eval/report.js";
import {
  abstention, containsSnippet, hitAt, isArticle, metrics, mrr, normalise, outcomeOf, rankOf, type Answer, type ScoredResult,
} from "../../src/eval/scoring.js";
import type { RetrievalSystem } from "../../src/eval/system.js";
import { evalCommand } from "../../src/cli/eval-command.js";
import { ROOT, SEEDS } from "./helpers.js";

/** A copy of ../shared/eval/questions.public.json, so the test runs in any clone. */
const SEED_QUESTIONS = resolve(ROOT, "test/fixtures/seed-questions.public.json");

const r = (label: string, text: string, title = "某文件"): ScoredResult => ({ title, label, text });
const seedQ = (id: string, snippets: string[], negative = false): EvalQuestion => ({ id, q: id, kind: negative ? "negative" : "direct", negative, snippets, articles: [] });
const answer = (...results: ScoredResult[]): Answer => ({ answered: results.length > 0, results });
const filler = (n: number) => Array.from({ length: n }, (_, i) => r(`(${i + 1})其他事项`, "无关内容。"));

describe("normalise", () => {
  it("applies NFKC and keeps letters and digits only", () => {
    expect(normalise("（一）抓好产业发展，筑牢工业经济主支撑")).toBe("一抓好产业发展筑牢工业经济主支撑");
    expect(normalise("按实际协作配套产品销售额的5%给予补助")).toBe("按实际协作配套产品销售额的5给予补助");
    expect(normalise("ＡＢＣ１２３　B2G")).toBe("ABC123B2G");
    expect(normalise("第五十六条　个体工商户的债务，个人经营的")).toBe("第五十六条个体工商户的债务个人经营的");
  });
});

describe("seed scoring", () => {
  it("matches a snippet in the normalised label + text, across the label/text boundary", () => {
    const clause = r("(一)抓好产业发展,筑牢工业经济主支撑", "落实直购电和富余电量政策。");
    expect(containsSnippet(clause, ["落实直购电和富余电量政策"])).toBe(true);
    expect(containsSnippet(clause, ["主支撑落实直购电"])).toBe(true);
    expect(containsSnippet(clause, ["工业投资计划完成500亿元"])).toBe(false);
    expect(containsSnippet(clause, [""])).toBe(false);
  });

  it("ranks the first returned clause that holds any gold snippet", () => {
    const q = seedQ("q", ["新增投放6亿元", "壮大贷"]);
    expect(rankOf(q, answer(r("1、", "其他"), r("2、", "壮大贷新增投放6亿元。")))).toBe(2);
    expect(rankOf(q, answer(...filler(3), r("4、", "新增投放6亿元")))).toBe(4);
    expect(rankOf(q, answer(...filler(5)))).toBeNull();
    // Results that come with answered=false do not count.
    expect(rankOf(q, { answered: false, results: [r("1、", "新增投放6亿元")] })).toBeNull();
  });
});

describe("STARD scoring", () => {
  const gold = { law: "中华人民共和国民法典", article: "第五十六条", snippet: "个体工商户的债务个人经营的以个人财产承担家庭经营" };

  it("accepts the gold law + article label", () => {
    expect(isArticle(r("第五十六条", "（另一个版本的文字）", "中华人民共和国民法典"), gold)).toBe(true);
  });

  it("rejects the right label in another law, or another label in the right law", () => {
    expect(isArticle(r("第五十六条", "其他", "中华人民共和国公司法"), gold)).toBe(false);
    expect(isArticle(r("第五十七条", "其他", "中华人民共和国民法典"), gold)).toBe(false);
  });

  it("accepts any clause whose normalised text contains the snippet", () => {
    expect(isArticle(r("", "第五十六条　个体工商户的债务，个人经营的，以个人财产承担；家庭经营的…", "某文件"), gold)).toBe(true);
    expect(isArticle(r("", "个体工商户的债务", "中华人民共和国民法典"), gold)).toBe(false);
  });

  it("ranks against any of several gold articles", () => {
    const q: EvalQuestion = {
      id: "s", q: "s", kind: "stard", negative: false, snippets: [],
      articles: [gold, { law: "中华人民共和国刑法", article: "第一百七十五条之一", snippet: "以欺骗手段取得银行或者其他金融机构贷款" }],
    };
    expect(rankOf(q, answer(r("第一条", "x", "中华人民共和国刑法"), r("第一百七十五条之一", "y", "中华人民共和国刑法")))).toBe(2);
  });
});

describe("hit@k, MRR, abstention", () => {
  const questions = [
    seedQ("top", ["甲"]),
    seedQ("fourth", ["乙"]),
    seedQ("missed", ["丙"]),
    seedQ("abstained", ["丁"]),
    seedQ("neg-abstained", [], true),
    seedQ("neg-answered", [], true),
  ];
  const answers: Answer[] = [
    answer(r("1", "甲")),
    answer(...filler(3), r("4", "乙")),
    answer(...filler(5)),
    { answered: false, results: [] },
    { answered: false, results: [] },
    answer(r("1", "股票")),
  ];
  const outcomes = questions.map((q, i) => outcomeOf(q, answers[i]));

  it("counts over non-negative questions only, abstaining as a miss", () => {
    expect(hitAt(outcomes, 1)).toBe(1 / 4);
    expect(hitAt(outcomes, 3)).toBe(1 / 4);
    expect(hitAt(outcomes, 5)).toBe(2 / 4);
    expect(mrr(outcomes)).toBeCloseTo((1 + 1 / 4) / 4, 10);
  });

  it("scores abstention on negatives, and counts wrong abstentions", () => {
    expect(abstention(outcomes)).toBe(1 / 2);
    const m = metrics(outcomes);
    expect(m).toMatchObject({ questions: 4, negatives: 2, wronglyAbstained: 1, abstention: 0.5 });
  });

  it("an answer with no results is an abstention", () => {
    expect(outcomeOf(seedQ("n", [], true), { answered: true, results: [] }).abstained).toBe(true);
  });

  it("has no abstention figure without negatives", () => {
    expect(abstention(outcomes.filter((o) => !o.negative))).toBeNull();
  });

  it("reports the lead over the best baseline and the misses at rank 1", async () => {
    const fixed = (name: string, byQuestion: Answer[]): RetrievalSystem => {
      let i = 0;
      return { name, search: async () => byQuestion[i++] };
    };
    const none = questions.map(() => answer(...filler(5)));
    const set = { format: "seeds" as const, questions };
    const run = await runEval(set, [{ system: fixed("ours", answers) }, { system: fixed("b1", none) }, { system: fixed("b2", [answer(r("", "甲")), ...none.slice(1)]) }], 5);
    expect(leadOf(run)).toEqual({ versus: "b2", hit1: 1, hit5: 2 });
    const { misses, negativesAnswered } = missesOf(run);
    expect(misses.map((m) => m.id)).toEqual(["fourth", "missed", "abstained"]);
    expect(negativesAnswered.map((m) => m.id)).toEqual(["neg-answered"]);
    expect(reportText(run, { verbose: true })).toContain("fourth");
  });
});

describe("question files", () => {
  it("detects and validates both formats", () => {
    expect(parseQuestions([{ id: "q1", q: "问", doc: null, gold: ["答"], kind: "direct" }]).format).toBe("seeds");
    const stard = parseQuestions([{ id: "s1", q: "问", gold: [{ law: "法", article: "第一百七十五条之一", snippet: "答" }] }]);
    expect(stard.format).toBe("stard");
    expect(stard.questions[0]).toMatchObject({ negative: false, articles: [{ law: "法" }] });
  });

  it("rejects malformed files with a clear error", () => {
    expect(() => parseQuestions({})).toThrow(QuestionFileError);
    expect(() => parseQuestions([{ id: "q1", q: "问", doc: null, gold: ["答"], kind: "other" }])).toThrow(/问题文件格式错误（按种子问题格式读）/);
    expect(() => parseQuestions([{ id: "q1", q: "问", doc: null, gold: [], kind: "direct" }])).toThrow(/问题 q1 不是 negative，却没有 gold/);
    expect(() => parseQuestions([{ id: "s1", q: "问", gold: [{ law: "法", article: "五十六" }] }])).toThrow(/问题文件格式错误（按 STARD 格式读）/);
  });
});

describe("article labels (opt-in)", () => {
  it("labels a statute's continuation paragraphs with their article", () => {
    const c = (docId: string, text: string): Chunk => ({ id: text, docId, title: docId, label: "", text });
    const labelled = labelArticles([c("法", "法"), c("法", "第二条中华人民共和国…"), c("法", "续段"), c("法", "第三条规定的情形…"), c("乙", "续段")]);
    expect(labelled.map((x) => x.label)).toEqual(["", "第二条", "第二条", "第二条", ""]);
  });
});

describe("eval over the seed questions", () => {
  let indexDir: string;
  beforeAll(async () => {
    indexDir = mkdtempSync(join(tmpdir(), "eval-index-"));
    const built = await buildIndex(readCorpus([SEEDS]), readSynonyms(join(SEEDS, "synonyms.tsv")));
    writeIndex(indexDir, built.files);
  });
  afterEach(() => vi.restoreAllMocks());

  it("runs our engine and both baselines on the same questions", async () => {
    const warn = vi.fn();
    const run = await evaluate({ questionFile: SEED_QUESTIONS, indexDir, corpusDir: SEEDS, k: 5, warn });
    expect(warn).not.toHaveBeenCalled();
    expect(run.format).toBe("seeds");
    expect(run.systems.map((s) => s.name)).toEqual(["政策通", "Orama + mandarin tokenizer", "MiniSearch + jieba"]);
    const json = reportJson(run);
    expect(json.questions).toBe(run.questions.length);
    for (const s of json.systems) {
      for (const key of ["hit1", "hit3", "hit5", "mrr", "abstention"] as const) {
        expect(s[key], `${s.name} ${key}`).toBeGreaterThanOrEqual(0);
        expect(s[key], `${s.name} ${key}`).toBeLessThanOrEqual(1);
      }
      expect(s.hit1).toBeLessThanOrEqual(s.hit3);
      expect(s.hit3).toBeLessThanOrEqual(s.hit5);
      expect(s.wronglyAbstained).toBeGreaterThanOrEqual(0);
      expect(s.wronglyAbstained).toBeLessThanOrEqual(s.questions);
      expect(s.msPerQuery).toBeGreaterThanOrEqual(0);
    }
    expect(json.systems[0].negatives).toBeGreaterThan(0);
    expect(json.lead).toBeDefined();
    const text = reportText(run);
    for (const h of ["hit@1", "hit@3", "hit@5", "MRR", "应弃答时弃答", "误弃答", "平均毫秒/题", "政策通"]) expect(text).toContain(h);
  });

  it("the command exits 0 on the seed questions and non-zero on bad input", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await evalCommand([SEED_QUESTIONS, "--index", indexDir, "--json", "--no-baselines"])).toBe(0);
    const printed = JSON.parse(log.mock.calls[0][0] as string);
    expect(printed.systems).toHaveLength(1);

    expect(await evalCommand([join(tmpdir(), "no-such-questions.json"), "--index", indexDir])).not.toBe(0);
    expect(error.mock.calls.at(-1)?.[0]).toMatch(/找不到问题文件/);
    const bad = join(mkdtempSync(join(tmpdir(), "eval-bad-")), "q.json");
    writeFileSync(bad, "[{\"id\": 1}");
    expect(await evalCommand([bad, "--index", indexDir])).not.toBe(0);
    expect(error.mock.calls.at(-1)?.[0]).toMatch(/问题文件不是合法的 JSON/);
    expect(await evalCommand([SEED_QUESTIONS, "--k", "0"])).not.toBe(0);
    expect(await evalCommand([SEED_QUESTIONS, "--index", join(tmpdir(), "no-such-index")])).not.toBe(0);
    expect(error.mock.calls.at(-1)?.[0]).toMatch(/找不到索引目录 .*no-such-index/);
  });
});
