// `/q?q=…`: the composed answer, the same as the bot's (src/answer/compose.ts): clauses grouped
// by document under its citation and warnings, for each the sentences that matter, the
// conditions its parents set, its full citation, its whole text behind <details> (no script
// needed) and a link to its own page; the region and `uncovered` notes; when nothing is found,
// says so and lists what the library holds.
import { composeAnswer, SAME_CONDITIONS, sameConditions, type Answer, type AnswerClause } from "../answer/compose.js";
import type { SearchHit, SearchResponse } from "../search/engine.js";
import { h, paragraphs, type Html } from "./html.js";
import type { PageLibrary } from "./library.js";
import { copyLink, page, searchForm } from "./layout.js";
import { answerPath, clausePath, documentPath, type BaseUrl } from "./links.js";
import { documentList, holdingsSummary, statusBadge } from "./parts.js";

/** Documents listed when nothing is found: the newest, after the summary of what the library holds. */
export const NOTHING_DOCUMENTS = 10;

export const NOTHING_FOUND = "没有找到与这个问题相关的政策条款。";
const TRY_AGAIN = "可以换个说法再问，例如写出具体的支持事项（技术改造、贷款贴息、高新技术企业奖励）或所在城市。";
const EMPTY_TEXT = "（本条款只有标题，没有正文）";

export async function answerPage(library: PageLibrary, response: SearchResponse, base: BaseUrl | undefined, now: Date): Promise<Html> {
  const answer = composeAnswer(response, response.documents, { now, queryWords: response.words });
  const hits = new Map(response.results.map((hit) => [hit.id, hit]));
  const path = answerPath(answer.query);
  const body = h`<h1>${answer.query}</h1>
${answer.answered ? answered(answer, hits) : await nothing(library, now)}
${copyLink(base, path)}
${searchForm(answer.query, "换个问题")}`;
  return page({ title: answer.query, description: description(answer), path, noindex: true, script: true }, base, body);
}

function answered(answer: Answer, hits: Map<string, SearchHit>): Html {
  return h`${answer.statusNote ? h`<p class="status-note">${answer.statusNote}</p>\n` : ""}${answer.regionNote ? h`<p class="region">${answer.regionNote}</p>\n` : ""}${answer.uncoveredNote ? h`<p class="uncovered">${answer.uncoveredNote}</p>\n` : ""}${answer.documents.map(
    (doc, i) => h`<section class="doc">
<h2><a class="doc-link" href="${documentPath(doc.id)}">【${i + 1}】${doc.citation}</a></h2>
${statusBadge(doc.status)}
${doc.warnings.map((w) => h`<p class="warning">⚠ ${w}</p>\n`)}${doc.clauses.map((clause, j) => clauseBlock(clause, doc.clauses[j - 1], hits.get(clause.id)))}
</section>
`,
  )}`;
}

function clauseBlock(clause: AnswerClause, before: AnswerClause | undefined, hit: SearchHit | undefined): Html {
  const conditions = clause.conditions.length === 0 ? "" : sameConditions(before, clause) ? SAME_CONDITIONS : `适用条件：${clause.conditions.join("")}`;
  const text = hit?.text.trim() ? hit.text : EMPTY_TEXT;
  return h`<article class="clause">
<h3><a class="clause-link" href="${clausePath(clause.id)}">${clause.heading}</a></h3>
${conditions ? h`<p class="conditions">${conditions}</p>\n` : ""}${clause.sentences.length ? h`<ul class="sentences">${clause.sentences.map((s) => h`<li>${s}</li>`)}</ul>\n` : ""}${(clause.deadlines ?? []).map((d) => h`<p class="deadline">${d}</p>\n`)}<details class="full-text"><summary>${clause.trimmed ? "展开条款全文（上面是摘录）" : "展开条款全文"}</summary>
${paragraphs(text)}
</details>
<p class="citation">出处：${clause.citation}</p>
</article>
`;
}

async function nothing(library: PageLibrary, now: Date): Promise<Html> {
  const [held, newest] = await Promise.all([library.holdings(), library.newest(NOTHING_DOCUMENTS)]);
  return h`<p class="nothing">${NOTHING_FOUND}${TRY_AGAIN}</p>
<section class="library">
<h2>目前收录的文件</h2>
<p>${holdingsSummary(held).join("；")}。</p>
${documentList(newest, held.documents, now)}</section>`;
}

/** For link previews: the first sentence of the answer and where it is from, after any note a hurried reader must see first. */
function description(answer: Answer): string {
  if (!answer.answered) return `${NOTHING_FOUND}${TRY_AGAIN}`;
  const notes: string[] = [];
  if (answer.regionNote && !answer.regionNote.startsWith("已优先")) notes.push(answer.regionNote);
  if (answer.uncovered?.length) notes.push(`没有找到完全对应问题的条款（都没有提到${answer.uncovered.map((w) => `“${w}”`).join("、")}）。`);
  const doc = answer.documents[0];
  const first = doc?.clauses[0];
  const sentence = first?.sentences[0] ?? first?.heading;
  return [...notes, sentence ? `${sentence}（${doc.citation.split(" · ")[0]}）` : ""].join("");
}
