// A confirmed pair changing the next publish's ranking, end to end inside workerd through the real
// webhook route, D1, R2 and the Bot API stand-in: a user's 👍, the admin's 确认为正确答案 on the
// answer's second clause in /stats, nothing changed until the next publish, /learn publishes,
// and the same question now puts the confirmed clause first.
import { env, SELF } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { decodeButton } from "../../src/bot/callback-data.js";
import { hitAt } from "../../src/bot/positions.js";
import { r2Store } from "../../src/store/r2-store.js";
import { readLive } from "../../src/store/index-versions.js";
import { NOTHING_TO_LEARN } from "../../src/bot/admin/texts.js";
import { ADMIN, buttonsOf, calls, post, press, reset, sentTexts, text, USER } from "../support/telegram-updates.js";
import { audited, captureLogs } from "../support/logs.js";
import { CONFIRMED_QUESTION, runnerUp } from "../fixtures/confirmed-checks.js";

const DB = (env as unknown as { DB: D1Database }).DB;
const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);

async function clearStore() {
  const keys = (await store.list("")).map((e) => e.key);
  if (keys.length) await store.delete(keys);
}

/** Asks as USER; the ids of the clauses the answer shows, in order, and its 👍 button. */
async function ask(question: string) {
  await reset();
  expect((await post(text(USER, question))).status).toBe(200);
  const answer = (await calls("sendMessage")).at(-1)!;
  const buttons = buttonsOf(answer);
  const shown = buttons.flatMap((b) => {
    const d = decodeButton(b.callback_data);
    return d.ok && d.action.kind === "clause" ? [d.action.clause] : [];
  });
  return { buttons, shown, up: buttons.find((b) => b.text === "👍 有用")?.callback_data };
}

beforeAll(async () => {
  await clearStore();
  for (const table of ["feedback", "answers", "confirmed_pairs"]) await DB.prepare(`DELETE FROM ${table}`).run();
});
afterAll(clearStore);

describe("a confirmed pair at the next publish (workerd)", () => {
  it("changes the question's first clause after /learn, not before, and only once", async () => {
    const logs = captureLogs();
    const index = bundledIndex();
    const { first, second } = await runnerUp(index, CONFIRMED_QUESTION);
    const idOf = (position: number) => hitAt(index, position)!.id;
    const textOf = (id: string) => hitAt(index, [...Array(index.manifest.clauses).keys()].find((p) => idOf(p) === id)!)!.text;

    const before = await ask(CONFIRMED_QUESTION);
    expect(before.shown.map(idOf).slice(0, 2)).toEqual([first, second]);
    await post(press(USER, before.up!));

    // the admin confirms the second clause of that answer in /stats
    await reset();
    await post(text(ADMIN, "/stats"));
    const liked = (await calls("sendMessage")).find((c) => String(c.params.text).startsWith("<b>被点 👍 的回答</b>"))!;
    expect(liked.params.text).toContain("发送 /learn");
    await post(press(ADMIN, buttonsOf(liked).find((b) => b.text === "确认为正确答案 1②")!.callback_data));
    expect((await sentTexts()).at(-1)).toContain("想马上生效请发送 /learn");

    // confirmed, not yet applied: the answer is as it was
    expect((await ask(CONFIRMED_QUESTION)).shown.map(idOf)[0]).toBe(first);

    await reset();
    await post(text(ADMIN, "/learn"));
    const reply = (await sentTexts()).at(-1)!;
    expect(reply).toContain("✅ 已重建资料库索引。");
    expect(reply).toContain("已用于检索的确认问法：1 个");
    const applied = await DB.prepare("SELECT applied_version FROM confirmed_pairs").all<{ applied_version: string | null }>();
    expect(applied.results).toHaveLength(1);
    expect(applied.results[0].applied_version).toBe((await readLive(store, bundledIndex)).current.id);

    // the next answer puts the confirmed clause first: in the API's ids, and in the bot's answer text
    const api = await (await SELF.fetch(`https://example.com/api/search?q=${encodeURIComponent(CONFIRMED_QUESTION)}&k=3`)).json<{ results: { id: string }[] }>();
    expect(api.results.map((r) => r.id).slice(0, 2)).toEqual([second, first]);
    await ask(CONFIRMED_QUESTION);
    const answer = (await sentTexts()).at(-1)!;
    const start = (id: string) => answer.indexOf(textOf(id).slice(0, 12));
    expect(start(second)).toBeGreaterThanOrEqual(0);
    expect(start(second)).toBeLessThan(start(first) < 0 ? Infinity : start(first));

    // nothing left to apply
    await reset();
    await post(text(ADMIN, "/learn"));
    expect((await sentTexts()).at(-1)).toBe(NOTHING_TO_LEARN);
    expect(audited(logs).map((a) => [a.action, a.ok])).toEqual([["confirm answer", true], ["learn", true]]);
  });
});
