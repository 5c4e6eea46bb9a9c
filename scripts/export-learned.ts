// npm run export:learned [-- --out FILE] [--db PATH | --d1-json FILE]
// The question → clause pairs admins confirmed (/stats → 确认为正确答案) as seed questions,
// {id, q, doc: null, gold: [the clause's first words], kind: "paraphrase"}, for
//   npm run index -- --learn FILE
// From Node's database (DATA_DIR/db.sqlite, default data/db.sqlite), or from the edge's D1 via
//   npx wrangler d1 execute zhengcetong --remote --json --command "SELECT id, question, snippet FROM confirmed_pairs ORDER BY id" > rows.json
//   npm run export:learned -- --d1-json rows.json --out learned.json
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "../src/cli/args.js";
import { REPO_ROOT } from "../src/cli/paths.js";
import { openSqliteFile } from "../src/db/sqlite-file.js";
import { exportConfirmed, learnedQuestions, type ConfirmedRow } from "../src/feedback/confirmed.js";

const USAGE = "用法：npm run export:learned [-- --out 文件] [--db 数据库文件 | --d1-json wrangler d1 execute --json 的输出]";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs(process.argv.slice(2), { values: ["out", "db", "d1-json"] });
} catch (e) {
  fail(`${(e as Error).message}\n${USAGE}`);
}
const d1Json = args.values["d1-json"]?.[0];
let questions;
if (d1Json) {
  const parsed = JSON.parse(readFileSync(d1Json, "utf8")) as { results?: ConfirmedRow[] }[] | ConfirmedRow[];
  const rows = Array.isArray(parsed) && parsed.length > 0 && "results" in parsed[0] ? (parsed as { results: ConfirmedRow[] }[]).flatMap((r) => r.results) : (parsed as ConfirmedRow[]);
  questions = learnedQuestions(rows);
} else {
  const path = resolve(args.values.db?.[0] ?? join(process.env.DATA_DIR ?? resolve(REPO_ROOT, "data"), "db.sqlite"));
  if (!existsSync(path)) fail(`没有数据库文件 ${path}（npm start 运行过吗？或用 --db 指定）\n${USAGE}`);
  const db = await openSqliteFile(path);
  try {
    questions = await exportConfirmed(db);
  } catch (e) {
    fail(`读不出确认过的问法：${(e as Error).message}`);
  } finally {
    db.close();
  }
}
const json = `${JSON.stringify(questions, null, 2)}\n`;
const out = args.values.out?.[0];
if (out) {
  writeFileSync(out, json);
  console.error(`${questions.length} 个问题写入 ${out}；学习：npm run index -- --learn ${out}`);
} else process.stdout.write(json);
