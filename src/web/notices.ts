// Pages that are not what was asked for: a document (or a clause of one) that left the index
// (410, saying when, and linking to its replacement when one took its place), an address that
// never existed (a friendly 404), and a question the API would refuse (400, in Chinese, with
// the search box to try again).
import { chineseDate } from "../answer/document-notes.js";
import { h, type Html } from "./html.js";
import { page, searchForm } from "./layout.js";
import type { Departure } from "./library.js";
import { documentPath, type BaseUrl } from "./links.js";
import type { DocumentMeta } from "../shared/schema.js";

export interface Rendered {
  status: 200 | 400 | 404 | 410 | 503;
  html: Html;
}

/** The library cannot be read now (the search tier down): say so, in Chinese, and that it is temporary. */
export function unavailablePage(base: BaseUrl | undefined, path: string): Rendered {
  const message = "政策库暂时无法查询，请稍后再试。";
  const body = h`<h1>暂时无法查询</h1>
<p class="error">${message}</p>
<p><a href="/">回到首页</a></p>`;
  return { status: 503, html: page({ title: "暂时无法查询", description: message, path, noindex: true }, base, body) };
}

export function departedPage({ record, replacement }: Departure, what: "document" | "clause", path: string, base: BaseUrl | undefined): Rendered {
  const name = `《${record.title}》${record.docNumber ? `（${record.docNumber}）` : ""}`;
  const subject = what === "document" ? `这份文件${name}` : `这个条款所在的文件${name}`;
  const message = replacement
    ? `${subject}已于${chineseDate(record.date)}被新文件替换，资料库不再收录旧文件，回答也不再引用它。`
    : `${subject}已于${chineseDate(record.date)}下线，资料库不再收录，回答也不再引用它。`;
  const body = h`<h1>${what === "document" ? record.title : `《${record.title}》中的条款`}</h1>
<p class="withdrawn">${message}</p>
${replacement ? h`<p>请看替换它的文件：<a class="replacement" href="${documentPath(replacement.id)}">《${replacement.title}》${replacement.docNumber ? ` ${replacement.docNumber}` : ""}</a></p>\n` : ""}<p><a href="/">回到首页</a>，或者直接提问：</p>
${searchForm()}`;
  return { status: 410, html: page({ title: what === "document" ? `${record.title}（已${replacement ? "替换" : "下线"}）` : "条款所在文件已下线", description: message, path, noindex: true }, base, body) };
}

export function notFoundPage(base: BaseUrl | undefined, path: string, { missingClauseOf }: { missingClauseOf?: DocumentMeta } = {}): Rendered {
  const body = missingClauseOf
    ? h`<h1>找不到这个条款</h1>
<p class="error">《${missingClauseOf.title}》里没有这个编号的条款，文件的内容可能已经更新。</p>
<p>请在文件的条款目录里查找：<a class="doc-link" href="${documentPath(missingClauseOf.id)}">《${missingClauseOf.title}》</a></p>
${searchForm()}`
    : h`<h1>找不到这个页面</h1>
<p class="error">这个链接指向的文件或条款不在资料库里：可能是链接不完整（转发时被截断）、地址写错了，或者文件已经撤下。</p>
<p><a href="/">回到首页</a>，或者直接提问：</p>
${searchForm()}`;
  return { status: 404, html: page({ title: missingClauseOf ? "找不到这个条款" : "找不到这个页面", description: "链接指向的内容不在资料库里。", path, noindex: true }, base, body) };
}

export function badQueryPage(base: BaseUrl | undefined, message: string, value: string): Rendered {
  const body = h`<h1>无法查询这个问题</h1>
<p class="error">${message}</p>
${searchForm(value, "请重新输入你的问题")}`;
  return { status: 400, html: page({ title: "无法查询这个问题", description: message, path: "/q", noindex: true }, base, body) };
}
