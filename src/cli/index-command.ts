// npm run index [-- --input PATH …] [--out DIR] [--check]
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildIndex } from "../ingest/build/index.js";
import { readCorpus } from "../ingest/build/corpus.js";
import { readSynonyms } from "../ingest/build/synonyms.js";
import { writeIndex } from "../ingest/build/write-index.js";
import { learnFrom } from "../eval/learn.js";
import { parseHalf } from "../eval/halves.js";
import { CliError, parseArgs, UsageError } from "./args.js";
import { REPO_ROOT, shownPath } from "./paths.js";

export const INDEX_USAGE = `npm run index -- [--input 路径 …] [--out 目录] [--synonyms 文件] [--learn 问题文件 …] [--learn-half a|b] [--check]

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
  -h, --help         显示本说明

例子：
  npm run index
  npm run index -- --input ~/政策文件 --out /tmp/my-index
  npm run index -- --input 通知.txt --out /tmp/one-index`;

export async function indexCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ["input", "out", "synonyms", "learn", "learn-half"], flags: ["check"] });
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
