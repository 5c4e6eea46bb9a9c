// The terminal rendering: each document's citation and warnings once, each clause by its path,
// shared conditions stated once; lines wrapped to the width with a hanging indent, a CJK
// character counted as two columns.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeAnswer, SAME_CONDITIONS, type Answer } from "../../src/answer/compose.js";
import { coverageOf, renderText } from "../../src/answer/render-text.js";
import { columnsOf, displayWidth, terminalWidth, wrapText } from "../../src/answer/wrap.js";
import { readIndexDir } from "../../src/node/index-dir.js";
import { search } from "../../src/search/engine.js";
import { ROOT } from "./helpers.js";

const index = readIndexDir(join(ROOT, "index"));
const now = new Date("2025-06-01T00:00:00Z");
const DRAFT = "003_00eec2e948361586";
const QUESTIONS = ["我能申请哪些技改补贴", "十堰市技改补贴有哪些", "企业技术中心奖励", "南充区域制造中心建设情况", "对政策意见稿有建议怎么反馈", "技术改造补贴对航天火箭企业有吗"];

async function answerFor(question: string): Promise<Answer> {
  const response = await search(index, question, { k: 5 });
  return composeAnswer(response, index.documentsById, { now, queryWords: response.words });
}

const coverage = coverageOf(index.documents);
const count = (text: string, needle: string) => text.split(needle).length - 1;
/** The text without line breaks and spaces (a break takes the space it replaces): what the reader reads. */
const flat = (text: string) => text.replace(/\s+/g, "");

describe("renderText: citation and conditions once per document", () => {
  it("states the document's citation once and each clause's path under it, with no 出处 line per clause", async () => {
    const answer = await answerFor("我能申请哪些技改补贴");
    const draft = answer.documents.find((d) => d.id === DRAFT)!;
    expect(draft.clauses.length).toBeGreaterThanOrEqual(2);
    const text = renderText(answer, coverage, { width: Infinity });
    expect(count(text, draft.citation)).toBe(1);
    expect(text).toContain(`【1】${draft.citation}\n`);
    for (const clause of draft.clauses) {
      expect(text).toContain(`\n  ${clause.heading}\n`);
      // the clause's full citation is its document's and its path
      expect(clause.citation).toBe(`${draft.citation} › ${clause.heading}`);
    }
    expect(text).not.toContain("出处：");
    for (const w of draft.warnings) expect(count(text, w)).toBe(1);
  });

  it("states conditions shared by clauses of a document once, and 同上 under the next", async () => {
    const answer = await answerFor("我能申请哪些技改补贴");
    const draft = answer.documents.find((d) => d.id === DRAFT)!;
    const shared = draft.clauses.filter((c) => c.conditions.length > 0);
    expect(shared.length).toBeGreaterThanOrEqual(2);
    const text = renderText(answer, coverage, { width: Infinity });
    expect(count(text, `适用条件：${shared[0].conditions.join("")}`)).toBe(1);
    expect(count(text, SAME_CONDITIONS)).toBe(shared.length - 1);
    // 同上 right under the heading of a clause that follows one with the same conditions
    const lines = text.split("\n");
    for (const [i, line] of lines.entries()) if (line === `  ${SAME_CONDITIONS}`) expect(shared.map((c) => `  ${c.heading}`)).toContain(lines[i - 1]);
  });
});

describe("renderText: nothing found", () => {
  it("lists the library's documents, and says how many there are when only the first are listed", async () => {
    const answer = await answerFor("股票明天会涨吗");
    expect(answer.answered).toBe(false);
    const whole = renderText(answer, coverage, { width: Infinity });
    for (const d of index.documents) expect(whole).toContain(`  · 《${d.title}》`);
    expect(whole).not.toContain("……等共");
    const first = renderText(answer, coverageOf(index.documents.slice(0, 2), 95_777), { width: Infinity });
    expect(first).toContain(`  · 《${index.documents[1].title}》`);
    expect(first).not.toContain(index.documents[2].title);
    expect(first.endsWith("\n  ……等共95777份文件")).toBe(true);
  });
});

describe("renderText: wrapping", () => {
  it("keeps every line within the width, counting a CJK character as two columns", async () => {
    for (const question of QUESTIONS) {
      const answer = await answerFor(question);
      const whole = renderText(answer, coverage, { width: Infinity });
      for (const width of [40, 60, 80, 100]) {
        const text = renderText(answer, coverage, { width });
        for (const line of text.split("\n")) expect(displayWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
        // nothing lost or added but line breaks and indents
        expect(flat(text)).toBe(flat(whole));
      }
    }
    // the unanswered question's list of documents too
    const none = renderText(await answerFor("股票明天会涨吗"), coverage, { width: 40 });
    for (const line of none.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(40);
  });

  it("indents the lines a clause's heading, conditions and sentences wrap into (hanging indent)", async () => {
    for (const question of QUESTIONS) {
      const answer = await answerFor(question);
      const whole = renderText(answer, coverage, { width: Infinity }).split("\n");
      const lines = renderText(answer, coverage, { width: 60 }).split("\n");
      expect(lines.length).toBeGreaterThan(whole.length);
      const items = (ls: string[]) => ls.filter((l) => /^ {2}\S/.test(l));
      // each heading, warning, condition, sentence and note starts one line two spaces in, as unwrapped…
      expect(items(lines).map((l) => l.slice(0, 6))).toEqual(items(whole).map((l) => l.slice(0, 6)));
      // …and goes on four spaces in, never flush left or at the item's own indent
      for (const [i, line] of lines.entries()) {
        if (/^ {2}\S/.test(line) || line === "" || !/^ /.test(line)) continue;
        expect(line, line).toMatch(/^ {4}\S/.test(line) ? /^ {4}/ : /^ {5}\S/);
        expect(lines[i - 1]).not.toBe("");
      }
    }
    const lines = renderText(await answerFor("我能申请哪些技改补贴"), coverage, { width: 60 }).split("\n");
    // a sentence that wraps, and the citation that goes on under the text after 【1】
    expect(lines.some((l, i) => l.startsWith("  · ") && /^ {4}\S/.test(lines[i + 1] ?? ""))).toBe(true);
    const head = lines.findIndex((l) => l.startsWith("【1】"));
    expect(lines[head + 1]).toMatch(new RegExp(`^ {${displayWidth("【1】")}}\\S`));
  });

  it("wraps to the terminal's width when output goes to one, else 80", () => {
    const stdout = process.stdout as { isTTY?: boolean; columns?: number };
    const kept = { isTTY: stdout.isTTY, columns: stdout.columns };
    try {
      stdout.isTTY = false;
      expect(terminalWidth()).toBe(80);
      stdout.isTTY = true;
      stdout.columns = 57;
      expect(terminalWidth()).toBe(57);
    } finally {
      stdout.isTTY = kept.isTTY;
      stdout.columns = kept.columns;
    }
  });
});

describe("wrapText", () => {
  it("counts CJK and fullwidth characters as two columns, Latin as one", () => {
    expect(displayWidth("技改补贴")).toBe(8);
    expect(displayWidth("（１）")).toBe(6);
    expect(displayWidth("2018-2020")).toBe(9);
    expect(columnsOf("。".codePointAt(0)!)).toBe(2);
    expect(columnsOf("a".codePointAt(0)!)).toBe(1);
  });

  it("breaks Chinese text anywhere but keeps closing marks off the start of a line and Latin runs whole", () => {
    const text = "对当年设备投资200万元以上的企业给予补贴，单个企业最高50万元。电子邮箱:syjxwtzk@163.com。";
    for (let width = 12; width <= 50; width++) {
      const lines = wrapText(text, width, { first: "  · ", rest: "    " });
      expect(lines[0].startsWith("  · ")).toBe(true);
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      lines.slice(1).forEach((line, i) => {
        expect(line.startsWith("    ")).toBe(true);
        // a closing mark starts a line only when a Latin run too long to share a line with it ends the one before
        if (!/[A-Za-z0-9]$/.test(lines[i])) expect(line.slice(4)).not.toMatch(/^[，。、；：）]/);
      });
      expect(lines.map((l) => l.slice(4)).join("")).toBe(text);
      if (width >= 24) expect(lines.some((l) => l.includes("syjxwtzk@163.com"))).toBe(true);
    }
    expect(wrapText("一二三四五六七八九十", 10)).toEqual(["一二三四五", "六七八九十"]);
  });
});
