// How long the answers are: for each of the public seed questions (31), the answer as the
// terminal shows it at 80 columns (npm run ask), the bot's reply in Telegram (all the messages
// of the first page, as sendPage sends them) and the inline results (every article offered);
// lines and characters, median and max over the answered questions.
//   npx tsx scripts/answer-length.ts [--index DIR] [--questions FILE] [--each]
// Lines are screen lines at 80 columns: a longer line counts as the lines a terminal wraps it
// into (a CJK character takes two columns), so the figure holds for code that did not wrap.
// Telegram lines are the messages' lines (a phone wraps them again). Characters leave out
// spaces and line breaks (indents are not content). Runs on older code too (a git worktree).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "grammy";
import { composeAnswer } from "../src/answer/compose.js";
import { coverageOf, renderText } from "../src/answer/render-text.js";
import { renderInlineArticle } from "../src/answer/render-telegram.js";
import { sendPage } from "../src/bot/answering.js";
import { readIndexDir } from "../src/node/index-dir.js";
import { search } from "../src/search/engine.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const root = new URL("..", import.meta.url).pathname;
const index = readIndexDir(option("--index") ?? join(root, "index"));
const questions = JSON.parse(readFileSync(option("--questions") ?? join(root, "test/fixtures/seed-questions.public.json"), "utf8")) as { id: string; q: string }[];
const now = new Date("2025-06-01T00:00:00Z");
const COLUMNS = 80;

/** Columns of a character in a terminal: 2 for CJK and fullwidth forms. */
const wide = (c: number) =>
  (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
  (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
  (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
const columns = (line: string) => [...line].reduce((sum, ch) => sum + (wide(ch.codePointAt(0)!) ? 2 : 1), 0);
const screenLines = (text: string) => text.split("\n").reduce((sum, line) => sum + Math.max(1, Math.ceil(columns(line) / COLUMNS)), 0);
const characters = (text: string) => [...text.replace(/\s/g, "")].length;
const visible = (html: string) => html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

interface Row {
  id: string;
  clauses: number;
  text: { printed: number; lines: number; chars: number; over80: number };
  telegram: { messages: number; lines: number; chars: number };
  inline: { results: number; chars: number };
}

const rows: Row[] = [];
for (const { id, q } of questions) {
  const response = await search(index, q, { k: 5 });
  if (!response.answered) continue;
  const answer = composeAnswer(response, index.documentsById, { now, queryWords: response.words });
  // the terminal at 80 columns (older renderText takes no options and ignores them)
  const text = (renderText as (...a: unknown[]) => string)(answer, coverageOf(index.documents), { width: COLUMNS });
  // the bot's reply: sendPage as the bot calls it, with a stand-in for Telegram's reply
  const sent: string[] = [];
  const ctx = { reply: async (html: string) => void sent.push(html) } as unknown as Context;
  const deps = { index: () => index, now: () => now };
  await sendPage(ctx, deps, index, await search(index, q, { k: 12 }));
  const tg = sent.map(visible).join("\n");
  const inline = answer.documents.flatMap((d, i) => d.clauses.map((_, j) => visible(renderInlineArticle(answer, i, j).html)));
  rows.push({
    id,
    clauses: answer.documents.reduce((n, d) => n + d.clauses.length, 0),
    text: { printed: text.split("\n").length, lines: screenLines(text), chars: characters(text), over80: text.split("\n").filter((l) => columns(l) > COLUMNS).length },
    telegram: { messages: sent.length, lines: tg.split("\n").length, chars: characters(tg) },
    inline: { results: inline.length, chars: characters(inline.join("\n")) },
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const figure = (xs: number[]) => `${String(median(xs)).padStart(6)} ${String(Math.max(...xs)).padStart(6)}`;

if (args.includes("--each")) {
  for (const r of rows) console.log(`${r.id} clauses ${r.clauses} | text ${r.text.printed}/${r.text.lines} lines ${r.text.chars} chars | telegram ${r.telegram.messages} msg ${r.telegram.lines} lines ${r.telegram.chars} chars | inline ${r.inline.results} × ${r.inline.chars} chars`);
}
console.log(`answer length over ${rows.length} answered of ${questions.length} questions (index ${index.manifest.documents} documents, ${index.manifest.clauses} clauses)`);
console.log(`                                          median    max`);
console.log(`clauses shown (k=5)                       ${figure(rows.map((r) => r.clauses))}`);
console.log(`terminal, 80 columns: lines printed       ${figure(rows.map((r) => r.text.printed))}`);
console.log(`                      screen lines        ${figure(rows.map((r) => r.text.lines))}`);
console.log(`                      characters          ${figure(rows.map((r) => r.text.chars))}`);
console.log(`                      lines over 80 cols  ${figure(rows.map((r) => r.text.over80))}`);
console.log(`Telegram reply:       messages            ${figure(rows.map((r) => r.telegram.messages))}`);
console.log(`                      lines               ${figure(rows.map((r) => r.telegram.lines))}`);
console.log(`                      characters          ${figure(rows.map((r) => r.telegram.chars))}`);
console.log(`inline query:         results             ${figure(rows.map((r) => r.inline.results))}`);
console.log(`                      characters, all     ${figure(rows.map((r) => r.inline.chars))}`);
