// Learning from confirmed questions: `npm run index -- --learn FILE` keeps questions with the
// clauses that answered them; a new question alike one of them finds its clause, learned
// questions never push a clause above the best clause's own score by more than a tenth, and an
// edge rebuild carries them to their clauses' new positions.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildIndex } from "../../src/ingest/build/index.js";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { readCorpus } from "../../src/ingest/build/corpus.js";
import { readSynonyms } from "../../src/ingest/build/synonyms.js";
import { learnFrom } from "../../src/eval/learn.js";
import { halfOf } from "../../src/eval/halves.js";
import { search } from "../../src/search/engine.js";
import { loadIndexText } from "../../src/search/load-index.js";
import { corpusStats } from "../../src/search/stats.js";
import { LEARNED_PARAMS } from "../../src/search/learned.js";
import { ROOT, SEEDS } from "./helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "zct-learn-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Confirmed questions in the seed format: users' own words, and the text a right answer shows.
const QUESTIONS = [
  { id: "l1", q: "城里的化工厂要搬到园区去吗", doc: null, gold: ["危化品企业搬迁"], kind: "paraphrase" },
  { id: "l2", q: "今年打算让多少家厂子把业务放到云上", doc: null, gold: ["新增上云企业100户"], kind: "paraphrase" },
];
const file = join(tmp, "confirmed.json");
writeFileSync(file, JSON.stringify(QUESTIONS));
const synonyms = readSynonyms(join(SEEDS, "synonyms.tsv"));
const sources = readCorpus([SEEDS]);

const plain = loadIndexText((await buildIndex(sources, synonyms)).files);
const learnedBuild = await buildIndex(sources, synonyms, learnFrom([file]));
const learned = loadIndexText(learnedBuild.files);

describe("an index learned from confirmed questions", () => {
  it("keeps each question with the clauses that answer it", () => {
    const stats = corpusStats(learned);
    expect(stats.learnedCount).toBe(2);
    for (let q = 0; q < 2; q++) for (const c of stats.learnedAnswers(q)) expect(stats.clause(c).text + stats.clause(c).label).toContain(QUESTIONS[q].gold[0]);
    expect(corpusStats(plain).learnedCount).toBe(0);
  });

  it("finds the clause for a new question alike a learned one, in users' words the clause does not use", async () => {
    const question = "化工厂什么时候得搬到园区";
    const before = await search(plain, question, { k: 5 });
    const after = await search(learned, question, { k: 5 });
    const rank = (r: typeof after) => r.results.findIndex((x) => (x.label + x.text).includes("危化品企业搬迁"));
    expect(rank(after)).toBeGreaterThanOrEqual(0);
    expect(rank(before) < 0 || rank(after) <= rank(before)).toBe(true);
  });

  it("adds at most weight × neighbours of the best own score: a question the clauses answer in their own words keeps its order", async () => {
    for (const q of ["我能申请哪些技改补贴", "壮大贷新增投放多少钱", "新认定高新技术企业奖励多少"]) {
      const a = (await search(plain, q, { k: 3 })).results.map((r) => r.id);
      const b = (await search(learned, q, { k: 3 })).results.map((r) => r.id);
      expect(b[0], q).toBe(a[0]);
    }
    expect(LEARNED_PARAMS.weight).toBeLessThanOrEqual(0.1);
  });

  it("carries its questions through an edge rebuild to their clauses' new positions, and drops those whose clauses left", async () => {
    const answersOf = (ix: typeof learned) => {
      const stats = corpusStats(ix);
      return Array.from({ length: stats.learnedCount }, (_, q) => stats.learnedAnswers(q).map((c) => stats.clause(c).id));
    };
    const [first, second] = answersOf(learned);
    const docOf = (id: string) => id.split(":")[0];
    expect(docOf(first[0])).not.toBe(docOf(second[0]));
    // another document withdrawn: clause positions shift, the questions follow their clauses
    const other = learned.documents.map((d) => d.id).find((d) => d !== docOf(first[0]) && d !== docOf(second[0]))!;
    const shifted = loadIndexText((await rebuildIndex(learned, { remove: [other] })).files);
    expect(answersOf(shifted)).toEqual([first, second]);
    const r = await search(shifted, "化工厂什么时候得搬到园区", { k: 5 });
    expect(r.results.some((x) => (x.label + x.text).includes("危化品企业搬迁"))).toBe(true);
    // the document that answers the first question withdrawn: that question goes with it
    const without = loadIndexText((await rebuildIndex(learned, { remove: [docOf(first[0])] })).files);
    expect(answersOf(without)).toEqual([second]);
  });
});

describe("npm run index -- --learn and npm run eval -- --half", () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], { encoding: "utf8", cwd: ROOT });

  it("learns from one half, scores the other, and says so", () => {
    const questions = join(ROOT, "test/fixtures/seed-questions.public.json");
    const out = join(tmp, "index-a");
    const built = cli("index", "--out", out, "--learn", questions, "--learn-half", "a");
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/学习了 \d+ 道问题（half a）：\d+ 个“问题 → 条款”对；其中 0 道在这批文件里没有回答它的条款/);
    const evald = cli("eval", questions, "--index", out, "--half", "b", "--no-baselines");
    expect(evald.status, evald.stderr).toBe(0);
    const n = (JSON.parse(spawnSync("cat", [questions], { encoding: "utf8" }).stdout) as { id: string }[]).filter((q) => halfOf(q.id) === "b").length;
    expect(evald.stdout).toContain(`种子问题：${n} 题`);
    expect(evald.stdout).toContain("，half b，");
  });

  it("refuses a half that is not a or b, and --learn-half without --learn", () => {
    expect(cli("eval", join(ROOT, "test/fixtures/seed-questions.public.json"), "--half", "c").status).toBe(2);
    const bad = cli("index", "--out", join(tmp, "x"), "--learn-half", "a");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--learn-half 需要同时给出 --learn 问题文件");
  });
});
