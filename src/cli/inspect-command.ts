// npm run inspect -- [--json] FILE: how a document was understood, before it goes live.
import { resolve } from "node:path";
import { readSourceFile } from "../ingest/build/corpus.js";
import { ingestDocument, type Ingested } from "../ingest/document.js";
import type { DocumentMeta } from "../shared/schema.js";
import { parseArgs, UsageError } from "./args.js";

export const INSPECT_USAGE = `npm run inspect -- [--json] 文件

在文件上线之前看看它被理解成了什么：元数据（标题、文号、发文机关、地区、日期……）
和条款树。文件为 .txt 或 .md，编码可以是 UTF-8、带 BOM 的 UTF-16 或 GB18030（GBK）。

选项：
  --json       输出 JSON：{ "document": {…}, "clauses": [ { "id", "label", "path", "text", "context" } ] }
  -h, --help   显示本说明

例子：
  npm run inspect -- seeds/001_a845484a276ad0be.txt
  npm run inspect -- --json ~/政策文件/通知.txt`;

export function inspectCommand(argv: string[]): number {
  const args = parseArgs(argv, { flags: ["json"] });
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? "请给出要查看的文件" : "一次只能查看一个文件");
  const source = readSourceFile(resolve(args.positionals[0]));
  for (const note of source.notes ?? []) console.error(`注意：${args.positionals[0]} ${note}`);
  const ingested = ingestDocument(source);
  if (args.flags.has("json")) {
    const clauses = ingested.clauses.map(({ id, label, path, text, context }) => ({ id, label, path, text, context }));
    console.log(JSON.stringify({ document: ingested.document, clauses }, null, 2));
  } else {
    console.log(renderInspection(ingested));
  }
  return 0;
}

const FIELD_NAMES: [keyof DocumentMeta, string][] = [
  ["title", "标题"], ["docNumber", "文号"], ["issuer", "发文机关"], ["region", "地区"],
  ["date", "日期"], ["kind", "类型"], ["period", "有效期"],
];

export function renderInspection({ document, clauses, cleaned }: Ingested): string {
  const lines: string[] = [`文件 ${document.source}  (id ${document.id})`, ""];
  for (const [field, name] of FIELD_NAMES) {
    const value = document[field];
    const inferred = document.inferred.find((i) => i.field === field);
    const shown = value === undefined ? "（未能确定）" : String(value);
    lines.push(`  ${name.padEnd(5, "　")} ${shown}${inferred ? `   ← 推断：${inferred.from}` : ""}`);
  }
  if (document.incomplete) lines.push(`  不完整　 ${document.incomplete.note}`);
  lines.push("");
  if (cleaned.removed.length > 0 || cleaned.pageMarkers > 0) {
    lines.push("清理");
    if (cleaned.pageMarkers > 0) lines.push(`  去除 PDF 页码 ${cleaned.pageMarkers} 处并接回断行`);
    for (const r of cleaned.removed) lines.push(`  去除 [${r.reason}] ${truncate(r.line, 50)}`);
    lines.push("");
  }
  lines.push(`条款 ${clauses.length} 条（缩进表示层级；[n] 为下级条款数）`);
  for (const c of clauses) {
    const indent = "  ".repeat(c.path.length + 1);
    const number = c.id.slice(c.id.lastIndexOf(":") + 1);
    const children = c.children > 0 ? ` [${c.children}]` : "";
    const text = c.text ? `  ${truncate(c.text.replace(/\n/g, " ⏎ "), 40)}（${c.text.length}字）` : "";
    lines.push(`${indent}${number} ${c.label}${children}${text}`);
  }
  return lines.join("\n");
}

function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? chars.slice(0, n).join("") + "…" : s;
}
