// npm run publish:index -- [--index DIR] (--url URL | --data DIR) [--note TEXT]
// Publishes an index built with `npm run index` (a large batch prepared offline) as the new
// live version: to a worker through its admin API (deployed, or `npm run dev` locally), or
// straight into the data folder `npm start` serves. Either way the version is checked before
// it goes live, and /rollback (or POST /admin/rollback) goes back.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { readPublicBaseUrl } from "../bot/config.js";
import { openSqliteFile } from "../db/sqlite-file.js";
import { storeReplies } from "../manage/replies.js";
import { noticesAfterPublish } from "../subscriptions/subscriptions.js";
import { memoryLibrary } from "../bot/library.js";
import { INDEX_FILES } from "../ingest/build/serialise.js";
import { publishFiles } from "../manage/publish.js";
import { audit } from "../manage/audit.js";
import { createRefusalCounter } from "../manage/refusals.js";
import { readIndexDir, readIndexFiles } from "../node/index-dir.js";
import { newVersionId, PublishError } from "../store/index-versions.js";
import { pruneTier, switchTier, writeTierVersion } from "../tier/publish.js";
import { fileStore } from "../store/file-store.js";
import { createLiveIndex } from "../store/live-index.js";
import { parseArgs, UsageError } from "./args.js";
import { REPO_ROOT } from "./paths.js";

export const PUBLISH_USAGE = `npm run publish:index -- [--index 目录] (--url 地址 | --data 目录 | --tier 文件[,文件…]) [--note 说明]

把用 npm run index 建好的索引发布为线上的新版本：发到 worker（经它的管理 API），
或直接写进 npm start 使用的数据目录。上线前会先检查这个版本；/rollback（或
POST /admin/rollback）可以回到上一个版本。

选项：
  --index 目录   要发布的索引；默认 index/
  --url 地址     一个 worker（https://….workers.dev，或 npm run dev 时的 http://localhost:8787）；
                 需要环境变量 ADMIN_TOKEN，与 worker 的相同
  --data 目录    npm start 的数据目录（它的 DATA_DIR；默认 data/）
  --tier 文件    检索层（src/tier/）的 SQLite 文件，多个分片用逗号分隔，分片 0 在前；
                 写入新版本后切换过去，保留上一个版本，更早的删除。npm start 设
                 SEARCH_TIER_FILES 为同样的文件时，/api/search 从这里检索
  --note 说明    这个版本是什么，/rollback 时会显示
  -h, --help     显示本说明

--url、--data 和 --tier 必须且只能给一个。

例子：
  npm run publish:index -- --index /tmp/my-index --data data --note "加入 2026 年新文件"
  ADMIN_TOKEN=… npm run publish:index -- --url https://zhengcetong.example.workers.dev`;

/** A publish of a large index takes seconds (written, read back, checked): generous, but not forever. */
const PUBLISH_TIMEOUT_MS = 5 * 60_000;

export async function publishCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ["index", "url", "data", "note", "tier"] });
  const dir = resolve(args.values.index?.[0] ?? join(REPO_ROOT, "index"));
  const url = args.values.url?.[0];
  const data = args.values.data?.[0];
  const tier = args.values.tier?.[0];
  if (args.positionals.length > 0) throw new UsageError(`多余的参数：${args.positionals.join(" ")}（要发布的索引用 --index 目录 给出）`);
  if ([url, data, tier].filter((v) => v !== undefined).length !== 1) throw new UsageError("请给出 --url、--data 或 --tier，只能选一个");
  if (tier !== undefined) return publishToTier(dir, tier.split(",").map((p) => p.trim()).filter(Boolean));
  const note = args.values.note?.[0] ?? `npm run publish:index 从 ${dir} 发布`;
  const files = readIndexFiles(dir);

  if (url !== undefined) {
    const token = process.env.ADMIN_TOKEN;
    if (!token) throw new UsageError("--url 需要环境变量 ADMIN_TOKEN（与 worker 的相同）");
    return publishToUrl(url, token, files, note);
  }

  const store = fileStore(resolve(data!));
  const bundled = readIndexDir(join(REPO_ROOT, "index"));
  const live = createLiveIndex({ store: () => store, bundled: () => bundled });
  try {
    const { entry, index, added } = await publishFiles({ store, live, bundled: () => bundled, now: () => new Date(), refusals: createRefusalCounter() }, files, "cli", note);
    await audit(store, { by: "cli", action: "publish", ok: true, detail: `${entry.id} from ${dir}` });
    console.log(`已发布 ${entry.id} 到 ${resolve(data!)}：${entry.documents} 份文件，${entry.clauses} 条条款（npm start 在 INDEX_CHECK_SECONDS 秒内开始使用它）`);
    // the subscribers (DATA_DIR/db.sqlite, only read here) get their notices through the data folder's outbox, which npm start sends
    const dbFile = join(resolve(data!), "db.sqlite");
    if (existsSync(dbFile) && added.length) {
      const links = readPublicBaseUrl(process.env);
      const queue = storeReplies(store, 30);
      const notified = await noticesAfterPublish({ db: await openSqliteFile(dbFile), queue, library: memoryLibrary(index), now: new Date(), base: links.ok ? links.base : undefined }, added.map((d) => d.id));
      if (notified !== undefined) console.log(notifiedLine(added.length, notified, "npm start 运行时几秒内发出"));
    }
    return 0;
  } catch (e) {
    if (!(e instanceof PublishError)) throw e;
    await audit(store, { by: "cli", action: "publish", ok: false, detail: e.message });
    console.error(`未发布：${publishReason(e)}线上版本没有变化。（详情：${e.step}: ${e.message}）`);
    return 1;
  }
}

/** `--tier FILES`: the index written into the tier's SQLite files as a new version, switched to, older ones pruned. */
async function publishToTier(dir: string, paths: string[]): Promise<number> {
  if (paths.length === 0) throw new UsageError("--tier 需要至少一个文件");
  const index = readIndexDir(dir);
  const shards = await Promise.all(paths.map((p) => openSqliteFile(resolve(p))));
  const now = new Date();
  const version = newVersionId(now, index.manifest.contentHash).replace(/-/g, "_");
  await writeTierVersion(shards, index, version);
  await switchTier(shards[0], version, now);
  const dropped = await pruneTier(shards);
  console.log(`已发布 ${version} 到检索层（${paths.length} 个分片：${paths.map((p) => resolve(p)).join("、")}）：${index.manifest.documents} 份文件，${index.manifest.clauses} 条条款${dropped.length ? `；删除了 ${dropped.length} 个旧版本` : ""}`);
  return 0;
}

const notifiedLine = (changed: number, notified: number, how: string) =>
  changed === 0 ? "没有新增或改动的文件，不通知订阅者。" : `${changed} 份新增或改动的文件，已排队通知订阅者：${notified} 人（${how}）`;

interface LiveAnswer {
  current?: { id: string; contentHash: string; documents: number; clauses: number };
}

/** POST /admin/index; when the answer is lost, GET /admin/index tells whether the switch happened. */
async function publishToUrl(url: string, token: string, files: Record<string, string>, note: string): Promise<number> {
  const authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(new URL("/admin/index", url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: JSON.stringify({ files, note }),
      signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
    });
  } catch (e) {
    return afterLostAnswer(url, authorization, files, `连接失败（${(e as Error).name}）`);
  }
  const body = (await response.json().catch(() => undefined)) as
    | { version?: { id: string; documents: number; clauses: number }; changed?: string[]; notified?: number; error?: string; message?: string }
    | undefined;
  if (response.ok && body?.version) {
    console.log(`已发布 ${body.version.id} 到 ${url}：${body.version.documents} 份文件，${body.version.clauses} 条条款`);
    if (body.notified !== undefined) console.log(notifiedLine(body.changed?.length ?? 0, body.notified, "经 worker 的发送队列发出"));
    return 0;
  }
  if (body === undefined || response.status >= 500) return afterLostAnswer(url, authorization, files, `HTTP ${response.status}${body?.message ? `（${body.message}）` : ""}`);
  const why = response.status === 401 ? "ADMIN_TOKEN 不对。" : response.status === 429 ? "认证失败次数太多，请稍后再试。" : "";
  console.error(`未发布（HTTP ${response.status}${body.error ? ` ${body.error}` : ""}）：${why}${body.message ? `服务器说：${body.message}。` : ""}线上版本没有变化。`);
  return 1;
}

async function afterLostAnswer(url: string, authorization: string, files: Record<string, string>, what: string): Promise<number> {
  const sent = (JSON.parse(files[INDEX_FILES.manifest]) as { contentHash?: string }).contentHash;
  let live: LiveAnswer | undefined;
  try {
    const r = await fetch(new URL("/admin/index", url), { headers: { authorization }, signal: AbortSignal.timeout(30_000) });
    live = r.ok ? ((await r.json()) as LiveAnswer) : undefined;
  } catch {
    live = undefined;
  }
  if (live?.current && live.current.contentHash === sent) {
    console.log(`已发布 ${live.current.id} 到 ${url}：${live.current.documents} 份文件，${live.current.clauses} 条条款（${what}，但线上版本正是这个索引）`);
    return 0;
  }
  if (live?.current) {
    console.error(`未发布：${what}；线上版本是 ${live.current.id}，不是这个索引`);
    return 1;
  }
  console.error(`不确定是否已发布：${what}，GET /admin/index 也没有回答；再次发布前请先用它确认线上版本`);
  return 1;
}

/** Why a publish to the data folder did not go live, in a sentence (the store's own message follows as detail). */
function publishReason(e: PublishError): string {
  switch (e.step) {
    case "unchanged":
      return "这个索引已经是线上版本，不需要再发布。";
    case "check":
      return "索引文件不完整，或与 manifest.json 不符：请重新运行 npm run index。";
    case "verify":
      return "新版本自检没有通过（用其中一份文件的原文检索没有找到它，或写入后读回不一致）。";
    case "conflict":
      return "发布期间线上版本被换成了别的版本，请重试。";
    case "broken":
    case "rollback":
      return "线上版本无法读取，请先回退（/rollback 或 POST /admin/rollback）再发布。";
    default:
      return "写入数据目录或切换版本时出错。";
  }
}
