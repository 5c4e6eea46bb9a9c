// What the bot sends for a fixed set of conversations, as the Bot API stand-in recorded it:
// a private question, each of its buttons pressed, a question nothing answers, a group /ask,
// /start, an inline query, and a question whose answer takes several messages (over an index
// with a long document added). test/worker/bot-web-links.test.ts runs them with and without
// PUBLIC_BASE_URL. Runs inside workerd (no Node imports).
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { loadIndexText, type LoadedIndex } from "../../src/search/load-index.js";
import { standIn, TEST_BOT_USER } from "./bot-api-stand-in.js";

export interface Sent {
  method: string;
  params: Record<string, any>;
}

export interface Button {
  text: string;
  callback_data?: string;
  url?: string;
}

/** Posts one update to the webhook (with the secret); the response is the webhook's. */
export type Poster = (update: Record<string, unknown>) => Promise<Response>;

export const USER = { id: 1001, is_bot: false, first_name: "张三", language_code: "zh-hans" };
export const PRIVATE = { id: 1001, type: "private", first_name: "张三" };
export const GROUP = { id: -100200300, type: "supergroup", title: "园区企业服务群" };

let nextUpdateId = Math.floor(Math.random() * 1e6) * 100 + 70;
let nextMessageId = 1;

export const updateId = () => nextUpdateId++;

export function textUpdate(text: string, chat: object = PRIVATE) {
  const command = /^\/\w+(@\w+)?/.exec(text)?.[0];
  return {
    update_id: nextUpdateId++,
    message: { message_id: nextMessageId++, date: 1763800000, chat, from: USER, text, ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}) },
  };
}

/** A press of a button on a message the bot sent (Telegram hands back its text and keyboard). */
export function pressUpdate(data: string, on?: Sent) {
  const message = { message_id: 9, date: 1, chat: PRIVATE, text: on ? visibleText(on.params.text) : "x", ...(on?.params.reply_markup ? { reply_markup: on.params.reply_markup } : {}) };
  return { update_id: nextUpdateId++, callback_query: { id: `cb${nextUpdateId}`, from: USER, chat_instance: "1", data, message } };
}

export const inlineUpdate = (query: string) => ({ update_id: nextUpdateId++, inline_query: { id: `iq${nextUpdateId}`, from: USER, query, offset: "" } });

/** The text of an HTML message as Telegram shows it (what a callback query's message holds). */
export const visibleText = (html: string) =>
  html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|quot|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', amp: "&" })[e]!);

/**
 * Calls with the answer ids of 👍/👎 buttons (f:<id>:…, a database row id, new for every answer)
 * made the same, for comparing two runs of a conversation.
 */
export const sameAnswerIds = <T>(calls: T): T =>
  JSON.parse(JSON.stringify(calls).replace(/"f:[0-9a-z]+:([ud0-3])"/g, '"f:#:$1"').replace(/"s:a:[0-9a-z]+"/g, '"s:a:#"')) as T;

export const buttonsOf = (call: Sent): Button[] => (call.params.reply_markup?.inline_keyboard ?? []).flat();

/** Posts, then returns what the bot sent; fails if the webhook or the stand-in refused anything. */
export async function step(post: Poster, update: Record<string, unknown>): Promise<Sent[]> {
  await standIn.reset();
  const res = await post(update);
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  const calls = await standIn.calls();
  const refused = calls.filter((c) => !c.ok);
  if (refused.length > 0) throw new Error(`the stand-in refused: ${refused.map((c) => `${c.method}: ${c.description}`).join("; ")}`);
  return calls.filter((c) => c.method !== "getMe").map((c) => ({ method: c.method, params: c.params as Record<string, any> }));
}

export const QUESTION = "我能申请哪些技改补贴";
export const INLINE_QUERY = "技改补贴";
export const LONG_QUESTION = "数字化改造补贴";

/** Every conversation of the set, by name: what the bot sent for each. */
export async function runScenarios(post: Poster): Promise<Record<string, Sent[]>> {
  const out: Record<string, Sent[]> = {};
  out.answer = await step(post, textUpdate(QUESTION));
  const last = out.answer.at(-1)!;
  for (const [i, b] of buttonsOf(last).entries()) if (b.callback_data) out[`press ${i} ${b.text}`] = await step(post, pressUpdate(b.callback_data, last));
  out.inline = await step(post, inlineUpdate(INLINE_QUERY));
  out.nothing = await step(post, textUpdate("今天天气怎么样"));
  out.group = await step(post, textUpdate(`/ask@${TEST_BOT_USER.username} 高新技术企业奖励`, GROUP));
  out.start = await step(post, textUpdate("/start"));
  return out;
}

/** The conversations over the index with the long document: an answer in several messages, and its buttons. */
export async function runLongScenarios(post: Poster): Promise<Record<string, Sent[]>> {
  const out: Record<string, Sent[]> = {};
  out.long = await step(post, textUpdate(LONG_QUESTION));
  const last = out.long.at(-1)!;
  for (const [i, b] of buttonsOf(last).entries()) if (b.callback_data) out[`long press ${i} ${b.text}`] = await step(post, pressUpdate(b.callback_data, last));
  out["long inline"] = await step(post, inlineUpdate(LONG_QUESTION));
  return out;
}

const DISTRICTS = ["茅箭区", "张湾区", "郧阳区", "郧西县", "竹山县", "竹溪县", "房县", "丹江口市", "武当山特区", "经济开发区", "高新区", "东风区", "城区", "西城区", "东城区", "北城区", "南城区", "新区"];

/** An article (kept whole, unlike a long numbered item) long enough that two fill a message: every sentence a measure about 数字化改造. */
const longArticle = (n: number, what: string) =>
  ["设备", "软件"]
    .flatMap((kind, k) => DISTRICTS.map((d, i) => `对${d}${what}的工业企业实施数字化改造的，按${kind}投资额的${5 + ((i + n + k) % 10)}%给予补贴，单个企业最高${100 + 10 * i + n + k}万元。`))
    .join("");

/** A policy with three long articles on 数字化改造补贴 (test-only text, not a real document). */
export const LONG_POLICY = `十堰市人民政府关于推进企业数字化改造的若干措施（测试用）
十政发〔2099〕1号
各县（市、区）人民政府，市政府各部门：
为推进企业数字化改造，制定以下措施。
第一条 ${longArticle(1, "年度投资超过500万元")}
第二条 ${longArticle(2, "新认定为省级智能工厂")}
第三条 ${longArticle(3, "新认定为数字化车间")}
十堰市人民政府
2099年1月1日`;

let longIndex: Promise<LoadedIndex> | undefined;

/** The bundled index with LONG_POLICY added (id long_policy), built once. */
export function indexWithLongPolicy(): Promise<LoadedIndex> {
  return (longIndex ??= rebuildIndex(bundledIndex(), { add: [{ id: "long_policy", source: "long-policy.txt", text: LONG_POLICY }] }).then((r) => loadIndexText(r.files)));
}
