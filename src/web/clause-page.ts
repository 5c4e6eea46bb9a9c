// `/c/<clauseId>`: one clause — its path in the document, its whole text, the lead-in its parent
// clauses set (clause.context), the document's citation, status and warnings, the clauses before
// and after it, and its document. A clause whose document left the index says so (./notices.ts).
import { splitSentences } from "../answer/sentences.js";
import { clauseCitation } from "../answer/document-notes.js";
import { h, paragraphs, type Html } from "./html.js";
import { copyLink, page, searchForm } from "./layout.js";
import type { PageLibrary } from "./library.js";
import { clauseDocId } from "../shared/clause-id.js";
import { clausePath, documentPath, type BaseUrl } from "./links.js";
import { departedPage, notFoundPage, type Rendered } from "./notices.js";
import { deadlineLine } from "../shared/deadlines.js";
import { badgeOf, statusOf, warningsOf } from "./parts.js";

export async function clausePage(library: PageLibrary, clauseId: string, base: BaseUrl | undefined, now: Date): Promise<Rendered> {
  // a clause id is its document's id and its numbers: the document first, then its clauses
  const docId = clauseDocId(clauseId);
  const found = docId === undefined ? undefined : await library.document(docId);
  const siblings = found ? await library.clausesOf(found.meta.id) : [];
  const at = siblings.findIndex((c) => c.id === clauseId);
  const clause = siblings[at];
  if (!found || !clause) {
    const gone = docId === undefined ? undefined : await library.departure(docId);
    if (gone) return departedPage(gone, "clause", clausePath(clauseId), base);
    return notFoundPage(base, clausePath(clauseId), found ? { missingClauseOf: found.meta } : {});
  }
  const doc = found.meta;
  const prev = siblings[at - 1];
  const next = siblings[at + 1];
  const children = siblings.filter((c) => c.path.length === clause.path.length + 1 && c.id.startsWith(`${clause.id}.`));
  const heading = [...clause.path, clause.label].join(" › ");
  const path = clausePath(clause.id);
  const first = splitSentences(clause.text)[0];
  // on a phone the clause's own text comes first after its heading and the document's warnings;
  // the conditions its parents set, the full citation and the status follow
  const body = h`<p class="in-document">文件：<a class="doc-link" href="${documentPath(doc.id)}">《${doc.title}》</a></p>
<h1>${heading}</h1>
${badgeOf(doc, now, found.library)}
${warningsOf(doc, now)}
${(clause.deadlines ?? []).map((d) => h`<p class="deadline">${deadlineLine(d)}</p>
`)}<h2>条款原文</h2>
<div class="clause-text">
${clause.text.trim() ? paragraphs(clause.text) : h`<p class="muted">（本条款只有标题，没有正文${children.length ? "，内容见下设条款" : ""}）</p>`}
</div>
${clause.context.trim() ? h`<section class="context">\n<h2>上级条款（适用于本条的前提和条件）</h2>\n${paragraphs(clause.context)}\n</section>\n` : ""}<p class="citation">出处：${clauseCitation(doc, clause.path, clause.label)}</p>
<p class="meta-note">文件状态：${statusOf(doc, now)}</p>
${children.length ? h`<h2>下设条款</h2>\n<ol class="children">${children.map((c) => h`<li><a href="${clausePath(c.id)}">${c.label}</a></li>`)}</ol>\n` : ""}<nav class="neighbours" aria-label="前后条款">
${prev ? h`<a rel="prev" href="${clausePath(prev.id)}">上一条：${prev.label}</a>\n` : ""}${next ? h`<a rel="next" href="${clausePath(next.id)}">下一条：${next.label}</a>\n` : ""}</nav>
${copyLink(base, path)}
${searchForm()}`;
  return {
    status: 200,
    html: page({ title: `${clause.label}｜${doc.title}`, ogTitle: doc.title, description: first ?? heading, path, script: true }, base, body),
  };
}
