// Where the body of a document starts and ends: the title block above it (title, 文号),
// the signature below it (issuing body, date, attachments), and, for a notice that wraps
// a document (a 公示 of a draft), the notice's own text and signature before the inner
// title.
import { readNumbering } from "./numbering.js";

export const DOC_NUMBER = /[\p{Script=Han}]{1,12}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*(?:第\s*)?\d+\s*号/u;
const DOC_NUMBER_ONLY = new RegExp(`^${DOC_NUMBER.source}$`, "u");
const NUMBER_AND_TITLE = new RegExp(`^(${DOC_NUMBER.source})?\\s*《(.+)》$`, "u");
const DATE_LINE = /^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$/u;
const ORG_SUFFIX = /(人民政府|政府|办公厅|办公室|委员会|管委会|管理委员会|委|局|厅|部|署|院|中心|银行|协会|联合会|商会|集团|公司)$/u;
const ATTACHMENT = /^附件\s*\d*\s*(?:[:：].*)?$/u;
const PUBLICATION_NOTE = /^[(（](此件|本件).{0,20}[)）]$/u;
const TITLE_SUFFIX = /(要点|意见|通知|通告|公告|办法|方案|规定|细则|决定|计划|报告|汇报|纲要|规划|措施|条例|指南|目录|批复|函)$/u;
const MAX_HEAD_LINES = 5;

export interface Signature {
  org?: string;
  date?: string;
}

export interface Layout {
  /** Title lines as printed (duplicates removed), outer first. */
  titles: string[];
  /** 文号 line printed above the body. */
  docNumber?: string;
  /** A wrapping notice: its paragraphs, its signature, and the title of the document it wraps. */
  notice?: { paragraphs: string[]; signature: Signature; innerTitle: string };
  body: string[];
  attachments: string[];
  signature: Signature;
}

export const isDateLine = (p: string) => DATE_LINE.test(p);
export const isOrgLine = (p: string) => p.length <= 40 && !/[。，,；;：:！？!?、]/.test(p) && ORG_SUFFIX.test(p) && !readNumbering(p);
const isTitleLike = (p: string) =>
  p.length <= 80 && !/[。，,；;：:！？!?]/.test(p) && !readNumbering(p) && !isDateLine(p) && !DOC_NUMBER_ONLY.test(p);

export function layout(paragraphs: string[]): Layout {
  const titles: string[] = [];
  let docNumber: string | undefined;
  let i = 0;
  for (; i < Math.min(MAX_HEAD_LINES, paragraphs.length); i++) {
    const p = paragraphs[i];
    const framed = NUMBER_AND_TITLE.exec(p);
    if (DOC_NUMBER_ONLY.test(p)) {
      docNumber ??= p;
    } else if (framed) {
      if (framed[1]) docNumber ??= framed[1];
      addTitle(titles, framed[0].slice(framed[1]?.length ?? 0).trim());
    } else if (isTitleLike(p) && !isOrgLine(p)) {
      addTitle(titles, p);
    } else {
      break;
    }
  }
  const rest = paragraphs.slice(i);
  const doubled = rest.length > 0 && titles.length === 0 ? splitDoubledTitle(rest[0]) : undefined;
  if (doubled) {
    titles.push(doubled.title);
    if (doubled.rest) rest[0] = doubled.rest;
    else rest.shift();
  }
  const { body: withNotice, attachments, signature } = splitTail(rest);
  const { notice, body } = splitNotice(withNotice);
  return { titles, docNumber, notice, body, attachments, signature };
}

function addTitle(titles: string[], line: string) {
  const bare = line.replace(/^《(.+)》$/, "$1");
  if (!titles.some((t) => t.replace(/^《(.+)》$/, "$1") === bare)) titles.push(line);
}

/** "2019年…工作要点2019年…工作要点2019年是…": a page header and the title glued to the text. */
function splitDoubledTitle(p: string): { title: string; rest: string } | undefined {
  for (let len = 4; len <= Math.min(60, p.length / 2); len++) {
    const head = p.slice(0, len);
    if (TITLE_SUFFIX.test(head) && p.startsWith(head, len)) return { title: head, rest: p.slice(2 * len) };
  }
  return undefined;
}

function splitTail(paragraphs: string[]): { body: string[]; attachments: string[]; signature: Signature } {
  const signature: Signature = {};
  const attachments: string[] = [];
  let end = paragraphs.length;
  while (end > 1) {
    const p = paragraphs[end - 1];
    if (isDateLine(p) && !signature.date && !signature.org) signature.date = p;
    else if (isOrgLine(p) && !signature.org) signature.org = p;
    else if (ATTACHMENT.test(p)) attachments.unshift(p);
    else if (PUBLICATION_NOTE.test(p)) attachments.unshift(p);
    else break;
    end--;
  }
  return { body: paragraphs.slice(0, end), attachments, signature };
}

function splitNotice(paragraphs: string[]): { notice?: Layout["notice"]; body: string[] } {
  const firstHeading = paragraphs.findIndex((p) => readNumbering(p));
  const preambleEnd = firstHeading < 0 ? paragraphs.length : firstHeading;
  for (let k = 1; k + 1 < preambleEnd; k++) {
    if (!isOrgLine(paragraphs[k]) || !isDateLine(paragraphs[k + 1])) continue;
    let t = k + 2;
    const titleLines: string[] = [];
    while (t < preambleEnd && isTitleLike(paragraphs[t]) && titleLines.length < 3) titleLines.push(paragraphs[t++]);
    if (titleLines.length === 0) continue;
    return {
      notice: {
        paragraphs: paragraphs.slice(0, k),
        signature: { org: paragraphs[k], date: paragraphs[k + 1] },
        innerTitle: titleLines.join(""),
      },
      body: paragraphs.slice(t),
    };
  }
  return { body: paragraphs };
}
