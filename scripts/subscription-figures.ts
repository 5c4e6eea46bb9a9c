// Subscriptions' figures (npm run bench ends with them; --skip-subscriptions leaves them out):
//   1. matching one publish against 10,000 subscriptions: a document added to the seed index,
//      every subscription's topic searched once per distinct (topic, region) as a question (the
//      same engine and abstention as an answer), the new document's relevant clauses kept
//      (src/subscriptions/subscriptions.ts matchPublish); with the database read (SQLite, sql.js).
//   2. the delivery rate of the reply queue: N notices queued with the pacing a publish uses,
//      delivered from Node's outbox/ (a folder, as npm start does) to a Bot API that answers at
//      once, so the figure is the pacing's and the outbox's, not Telegram's.
//   npx tsx scripts/subscription-figures.ts [--subscriptions N] [--notices N] [--index DIR]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Api } from "grammy";
import { parseArgs } from "../src/cli/args.js";
import { REPO_ROOT } from "../src/cli/paths.js";
import { migrate, openSqliteFile, readMigrations } from "../src/db/sqlite-file.js";
import { rebuildIndex } from "../src/ingest/build/rebuild.js";
import { drainStoreReplies, NOTICES_PER_SECOND, storeReplies } from "../src/manage/replies.js";
import { readIndexDir } from "../src/node/index-dir.js";
import { loadIndexText } from "../src/search/load-index.js";
import { fileStore } from "../src/store/file-store.js";
import { allSubscriptions, enqueueNotices, matchPublish } from "../src/subscriptions/subscriptions.js";
import seedQuestions from "../test/fixtures/seed-questions.public.json" with { type: "json" };

const args = parseArgs(process.argv.slice(2), { values: ["subscriptions", "notices", "index"], flags: [] });
const N = Number(args.values.subscriptions?.[0] ?? 10_000);
const NOTICES = Number(args.values.notices?.[0] ?? 100);
const base = readIndexDir(resolve(args.values.index?.[0] ?? join(REPO_ROOT, "index")));
const now = new Date("2026-11-29T12:00:00Z");

const POLICY = `戊市关于支持中小企业数字化改造的若干措施
戊政〔2026〕3号
一、对实施数字化改造的中小企业，按改造投入的20%给予补助，最高50万元。
二、申报程序。企业应于每年6月30日前报送上一年度数字化改造项目申报材料。
三、资金拨付。各区每月10日前将审核合格的补助资料送交市财政局。
四、首批申报时间为2027年3月1日至4月30日。
六、本措施自2026年1月1日起施行，有效期5年。
戊市人民政府
2025年12月20日`;

const rebuilt = await rebuildIndex(base, { add: [{ id: "u_bench", source: "bench.txt", text: POLICY }] }, { now });
const index = loadIndexText(rebuilt.files);
const added = rebuilt.added.map((a) => a.document.id);

// topics: the public seed questions, and two-word topics from policy vocabulary; regions: none or a city
const WORDS = ["技改", "数字化改造", "智能化改造", "补贴", "奖励", "上市", "贷款贴息", "研发", "人才", "税收", "用地", "专精特新", "稳岗", "招商", "科技创新", "融资", "担保", "工业设计", "首台套", "绿色制造"];
const REGIONS = ["", "", "", "十堰市", "成都市", "许昌市", "六安市"];
let r = 1;
const rand = (n: number) => ((r = (r * 1103515245 + 12345) % 2 ** 31), r % n);
const topics = [...seedQuestions.map((q) => q.q), ...WORDS, ...WORDS.flatMap((a) => WORDS.filter((b) => b !== a).map((b) => `${a} ${b}`))];

const db = await openSqliteFile(undefined);
await migrate(db, readMigrations(join(REPO_ROOT, "migrations")));
const insert = [];
for (let i = 0; i < N; i++) {
  insert.push(db.prepare("INSERT INTO subscriptions (user_id, chat_id, topic, region, created_at) VALUES (?, ?, ?, ?, ?)").bind(i + 1, i + 1, topics[rand(topics.length)], REGIONS[rand(REGIONS.length)], now.toISOString()));
}
await db.batch(insert);

const t0 = performance.now();
const subs = await allSubscriptions(db);
const t1 = performance.now();
const matches = await matchPublish(index, subs, added, now);
const t2 = performance.now();
const distinct = new Set(subs.map((s) => `${s.region}\u0000${s.topic}`)).size;

console.log("");
console.log("## Subscriptions");
console.log("");
console.log(`Matching one publish (1 new document) against ${N.toLocaleString("en")} subscriptions (${distinct} distinct topic + region, each searched once), Node ${process.version}:`);
console.log("");
console.log("| step | time |");
console.log("| --- | ---: |");
console.log(`| read the subscriptions (SQLite, sql.js) | ${(t1 - t0).toFixed(0)} ms |`);
console.log(`| search and match | ${(t2 - t1).toFixed(0)} ms (${((t2 - t1) / distinct).toFixed(2)} ms a distinct topic) |`);
console.log(`| subscriptions notified | ${matches.length} |`);

// delivery: NOTICES notices through Node's outbox to a Bot API that answers at once
const dir = mkdtempSync(join(tmpdir(), "zct-notices-"));
try {
  const store = fileStore(dir);
  let clock = Date.now();
  const queue = storeReplies(store, 30, () => clock);
  let sent = 0;
  const api = { raw: { sendMessage: async () => void sent++ } } as unknown as Api;
  await enqueueNotices(
    queue,
    Array.from({ length: NOTICES }, (_, i) => ({ chatId: i + 1, calls: [{ method: "sendMessage", payload: { chat_id: i + 1, text: "通知" } }] })),
  );
  const start = performance.now();
  // the outbox is drained as npm start does, its due times passed at once: the pacing is what holds it back
  clock = Date.now() + 3600_000;
  await drainStoreReplies(store, api, queue, clock);
  const seconds = (performance.now() - start) / 1000;
  console.log(`| delivery from the outbox, ${sent} notices | ${seconds.toFixed(2)} s: ${(sent / seconds).toFixed(1)} a second (limit ${NOTICES_PER_SECOND}) |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
db.close();
