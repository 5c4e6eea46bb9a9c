// `/d/<docId>`: one document — its metadata (each value the text does not state marked 推断,
// with the words it was inferred from), status and warnings, and its clause tree, each entry
// linking to the clause's page. A document that left the index says so (./notices.ts).
import { chineseDate, documentCitation, FIELD_NAMES } from "../answer/document-notes.js";
import type { StoredClause } from "../search/db.js";
import type { DocumentMeta } from "../shared/schema.js";
import { h, shorten, type Html } from "./html.js";
import { copyLink, page, searchForm } from "./layout.js";
import type { PageLibrary } from "./library.js";
import { clausePath, documentPath, type BaseUrl } from "./links.js";
import { departedPage, notFoundPage, type Rendered } from "./notices.js";
import { badgeOf, periodText, statusOf, warningsOf } from "./parts.js";

const NAMES: Record<string, string> = FIELD_NAMES;

export async function documentPage(library: PageLibrary, docId: string, base: BaseUrl | undefined, now: Date): Promise<Rendered> {
  const found = await library.document(docId);
  if (!found) {
    const gone = await library.departure(docId);
    return gone ? departedPage(gone, "document", documentPath(docId), base) : notFoundPage(base, documentPath(docId));
  }
  const doc = found.meta;
  const clauses = await library.clausesOf(doc.id);
  const path = documentPath(doc.id);
  const body = h`<h1>${doc.title}</h1>
<p class="citation">${documentCitation(doc)}</p>
${badgeOf(doc, now, found.library)}
${warningsOf(doc, now)}
<dl class="meta">
${metaRows(doc, now)}
</dl>
<h2>条款目录（共 ${clauses.length} 条）</h2>
${tree(doc.id, clauses)}
${copyLink(base, path)}
${searchForm()}`;
  const description = [documentCitation(doc), statusOf(doc, now), `共 ${clauses.length} 条条款`].join("；");
  return { status: 200, html: page({ title: doc.title, description, path, script: true }, base, body) };
}

function metaRows(doc: DocumentMeta, now: Date): Html[] {
  const reasons = new Map<string, string[]>();
  for (const i of doc.inferred) reasons.set(i.field, [...(reasons.get(i.field) ?? []), i.from]);
  const row = (field: string, value: string | undefined) => {
    const from = reasons.get(field);
    return h`<dt>${NAMES[field] ?? field}</dt>
<dd>${value ?? "未注明"}${from ? "（推断）" : ""}${from ? from.map((f) => h`<br><span class="inferred-from">推断依据：${f}</span>`) : ""}</dd>
`;
  };
  const rows = [
    row("title", `《${doc.title}》`),
    row("docNumber", doc.docNumber),
    row("issuer", doc.issuer),
    row("region", doc.region),
    row("date", doc.date && chineseDate(doc.date)),
    row("kind", doc.kind),
  ];
  if (doc.period || reasons.has("period")) rows.push(row("period", doc.period && periodText(doc.period)));
  // inferred fields without a row of their own (none today) still say where they came from
  for (const [field, from] of reasons)
    if (!["title", "docNumber", "issuer", "region", "date", "kind", "period"].includes(field))
      rows.push(h`<dt>${NAMES[field] ?? field}</dt>\n<dd>${from.map((f) => h`<span class="inferred-from">推断依据：${f}</span>`)}</dd>\n`);
  rows.push(h`<dt>状态</dt>\n<dd>${statusOf(doc, now)}</dd>\n`);
  if (doc.incomplete) rows.push(h`<dt>原文情况</dt>\n<dd>${doc.incomplete.note}</dd>\n`);
  rows.push(h`<dt>原文文件</dt>\n<dd>${doc.source}</dd>\n`);
  return rows;
}

/** The clause tree as nested lists: a clause's children are the clauses whose id extends its own. */
function tree(docId: string, clauses: StoredClause[]): Html {
  const children = new Map<string, StoredClause[]>();
  for (const c of clauses) {
    const numbers = c.id.slice(docId.length + 1); // "<docId>:3.2.1" → "3.2.1"
    const parent = numbers.includes(".") ? `${docId}:${numbers.slice(0, numbers.lastIndexOf("."))}` : "";
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const list = (parent: string, top: boolean): Html => {
    const items = children.get(parent) ?? [];
    return h`<ol${top ? h` class="tree"` : ""}>${items.map(
      (c) => h`<li><a href="${clausePath(c.id)}">${c.label}</a>${c.kind === "passage" && c.text ? h` <span class="muted">${shorten(c.text, 24)}</span>` : ""}${children.has(c.id) ? list(c.id, false) : ""}</li>`,
    )}</ol>`;
  };
  return list("", true);
}
