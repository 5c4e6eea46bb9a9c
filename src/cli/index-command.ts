// npm run index [-- --input PATH …] [--out DIR] [--check]
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildIndex } from "../ingest/build/index.js";
import { readCorpus } from "../ingest/build/corpus.js";
import { readSynonyms } from "../ingest/build/synonyms.js";
import { writeIndex } from "../ingest/build/write-index.js";
import { writeTierSql } from "../ingest/build/tier-sql.js";
import { tablesOf } from "../tier/schema.js";
import { learnFrom } from "../eval/learn.js";
import { parseHalf } from "../eval/halves.js";
import { CliError, parseArgs, UsageError, type ParsedArgs } from "./args.js";
import { REPO_ROOT, shownPath } from "./paths.js";

export const INDEX_USAGE = `npm run index -- [--input 路径 …] [--out 目录] [--synonyms 文件] [--learn 问题文件 …] [--learn-half a|b] [--check]
npm run index -- --input 文件夹 … --tier-sql 目录 [--shards N] [--version 版本] [--switch]

把政策文件（.txt/.md）切成条款，建成检索索引：默认读 seeds/，写到 index/。

选项：
  --input 路径       一个文件夹（读其中所有 .txt/.md 文件，以及可选的 catalogue.json），
                     或单个 .txt/.md 文件；可重复给出；默认 seeds/。
                     文本可以是 UTF-8、带 BOM 的 UTF-16 或 GB18030（GBK）编码
  --out 目录         索引写到哪里；默认 index/
  --synonyms 文件    同义词表；默认 seeds/synonyms.tsv
  --learn 问题文件   已确认的问题（npm run eval 的格式：种子问题或 STARD），每道题作为
                     回答它的条款的“常见问法”编入索引；可重复给出
  --learn-half a|b   只从问题的固定一半学习（另一半用 npm run eval -- --half 检验）
  --check            只在内存中构建，与 --out 中的索引比较：不一致时退出码为 1
  --tier-sql 目录    不建索引文件，而是逐份文件直接写成检索层（src/tier/）的 SQL：每个分片
                     一个 shard-N.sql（可用 wrangler d1 execute --file 导入 D1，或 sqlite3
                     导入本地文件）。内存只随批次增长，适合几十万到上百万条条款的库
  --shards N         检索层分片数（按文件 id 哈希分配）；默认 1
  --version 版本     检索层版本号（表名的一部分）；默认按时间生成
  --switch           在分片 0 的 SQL 末尾把线上指针切换到这个版本
  -h, --help         显示本说明

例子：
  npm run index
  npm run index -- --input ~/政策文件 --out /tmp/my-index
  npm run index -- --input 通知.txt --out /tmp/one-index
  npm run index -- --input ~/全省政策 --tier-sql /tmp/tier --shards 4 --switch`;

export async function indexCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ["input", "out", "synonyms", "learn", "learn-half", "tier-sql", "shards", "version"], flags: ["check", "switch"] });
  const inputs = (args.values.input ?? [join(REPO_ROOT, "seeds")]).map((d) => resolve(d));
  const out = resolve(args.values.out?.at(-1) ?? join(REPO_ROOT, "index"));
  const started = performance.now();
  let half;
  try {
    half = parseHalf(args.values["learn-half"]?.at(-1), "--learn-half");
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (half && !args.values.learn) throw new UsageError("--learn-half 需要同时给出 --learn 问题文件");
  const synonymsFile = resolve(args.values.synonyms?.at(-1) ?? join(REPO_ROOT, "seeds", "synonyms.tsv"));
  if (!existsSync(synonymsFile)) throw new CliError(`找不到同义词表 ${synonymsFile}（--synonyms 文件）`);
  const synonyms = readSynonyms(synonymsFile);
  const learnFiles = (args.values.learn ?? []).map((f) => resolve(f));
  const learn = learnFiles.length
    ? learnFrom(learnFiles, half, (r) =>
        console.log(
          `学习了 ${r.questions} 道问题${half ? `（half ${half}）` : ""}：${r.pairs} 个“问题 → 条款”对；其中 ${r.unmatched} 道在这批文件里没有回答它的条款`,
        ),
      )
    : undefined;
  const tierSql = args.values["tier-sql"]?.at(-1);
  if (tierSql !== undefined) return tierSqlCommand(args, inputs, resolve(tierSql), synonyms, !!learn, started);
  const sources = readCorpus(inputs);
  if (sources.length === 0) throw new CliError(`输入里没有 .txt 或 .md 文件：${inputs.join("、")}`);
  for (const source of sources) for (const note of source.notes ?? []) console.log(`注意：${shownPath(source.path)} ${note}`);
  const built = await buildIndex(sources, synonyms, learn);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  if (args.flags.has("check")) {
    const stale = Object.entries(built.files).filter(([name, data]) => {
      const file = join(out, name);
      return !existsSync(file) || readFileSync(file, "utf8") !== data;
    });
    if (stale.length > 0) {
      console.error(`索引已过期：${stale.map(([n]) => n).join("、")} 与 ${out} 中的不一致。请运行 npm run index 重建（index/ 重建后请一并提交）。`);
      return 1;
    }
    console.log(`索引是最新的（${out}）`);
    return 0;
  }
  writeIndex(out, built.files);
  const bytes = Object.values(built.files).reduce((n, d) => n + Buffer.byteLength(d), 0);
  console.log(`已建索引：${built.documents.length} 份文件，${built.clauses.length} 条条款 → ${out}（${(bytes / 1024).toFixed(0)} KiB，用时 ${seconds} 秒）`);
  return 0;
}

async function tierSqlCommand(args: ParsedArgs, inputs: string[], out: string, synonyms: string[][], learning: boolean, started: number): Promise<number> {
  if (learning || args.flags.has("check")) throw new UsageError("--tier-sql 不能与 --learn 或 --check 一起用");
  for (const input of inputs) if (!existsSync(input) || !statSync(input).isDirectory()) throw new UsageError(`--tier-sql 的 --input 要是文件夹：${input}`);
  const shards = Number(args.values.shards?.at(-1) ?? "1");
  if (!Number.isInteger(shards) || shards < 1 || shards > 36) throw new UsageError("--shards 要是 1 到 36 的整数");
  const version = args.values.version?.at(-1) ?? `s${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}`;
  try {
    tablesOf(version);
  } catch {
    throw new UsageError(`--version 只能用字母、数字、_ 和 -（最多 64 个）：${version}`);
  }
  const result = await writeTierSql({ inputs, out, shards, version, synonyms, ...(args.flags.has("switch") ? { switchAt: new Date() } : {}), log: (m) => console.log(m) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`已写检索层 SQL：${result.documents} 份文件，${result.clauses} 条条款，版本 ${version} → ${result.files.map((f, s) => `${shownPath(f)}（${(result.bytes[s] / 2 ** 20).toFixed(1)} MiB）`).join("、")}，用时 ${seconds} 秒`);
  return 0;
}
