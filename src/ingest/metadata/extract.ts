// Document metadata: what the text states, what rules infer (and from which words), and
// what the admin's catalogue supplies. A stated value always wins; an inferred one is
// listed in `inferred` with its reason, so that nothing inferred passes for stated.
import type { CatalogueEntry, DocumentKind, DocumentMeta, Inferred } from "../../shared/schema.js";
import { dominantCity, findPlaces, regionName, type Place } from "../../shared/regions.js";
import type { Cleaned } from "../clean/index.js";
import { DOC_NUMBER, type Layout } from "../clauses/layout.js";
import { toIsoDate } from "./dates.js";
import { extractStatusFacts } from "./status.js";

type Field = "title" | "docNumber" | "issuer" | "region" | "date" | "kind" | "period";
interface Value {
  value: string;
  /** Words it was inferred from; undefined when the text states it. */
  from?: string;
}
type Found = Partial<Record<Field, Value>>;

export interface MetadataInput {
  id: string;
  source: string;
  cleaned: Cleaned;
  layout: Layout;
  catalogue?: CatalogueEntry;
}

const WRAPPED_TITLE = /^关于(?:对)?《(.+?)》.*(?:公示|征求.*意见|送审稿|草案)/u;
const DRAFT = /征求意见|送审稿|意见稿|草案|公示/u;
const REPORT = /汇报|工作报告|情况的报告|工作总结/u;
const ISSUER_IN_TITLE = /^(.{2,30}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|委员会|管委会|局|厅))关于/u;
const PERIOD = /[(（]\s*(\d{4})\s*[-—–~～至]\s*(\d{4})\s*年?\s*[)）]/u;
const PAGE_TIME = /^(更新时间|发布时间|发布日期|时间)\s*[:：]\s*(\d{4}-\d{1,2}(?:-\d{1,2})?)/u;

export function extractMetadata(input: MetadataInput): DocumentMeta {
  const found: Found = {};
  const stated = (field: Field, value: string | undefined) => {
    if (value && !found[field]) found[field] = { value };
  };
  const inferred = (field: Field, value: string | undefined, from: string) => {
    if (value && !found[field]) found[field] = { value, from };
  };
  const { layout, cleaned } = input;
  const outerTitle = layout.titles[0] ?? "";
  const allTitles = layout.titles.join(" ") + " " + (layout.notice?.innerTitle ?? "");

  // Title: for a notice about a document ("关于对《X》(送审稿)的公示"), the document's name X;
  // else the inner title of a wrapping notice; else the first title line, without 《》.
  const wrapped = WRAPPED_TITLE.exec(outerTitle)?.[1];
  stated("title", wrapped ?? layout.notice?.innerTitle ?? outerTitle.replace(/^《(.+)》$/u, "$1"));

  stated("docNumber", normaliseDocNumber(layout.docNumber ?? cleaned.fields["文号"] ?? cleaned.fields["发文字号"]));

  const signature = layout.signature.org ? layout.signature : layout.notice?.signature ?? {};
  stated("issuer", signature.org);
  stated("issuer", ISSUER_IN_TITLE.exec(found.title?.value ?? "")?.[1]);
  stated("issuer", cleaned.fields["发布机构"] || cleaned.fields["发文机关"] || cleaned.fields["发文机构"]);

  stated("date", toIsoDate(signature.date ?? ""));
  stated("date", toIsoDate(cleaned.fields["成文日期"] ?? cleaned.fields["发文日期"] ?? ""));

  const period = PERIOD.exec(allTitles);
  if (period) stated("period", `${period[1]}-${period[2]}`);

  if (DRAFT.test(allTitles)) stated("kind", "征求意见稿");
  else if (REPORT.test(allTitles)) stated("kind", "工作汇报");

  // From here on, only what the text does not state: the catalogue first, then rules.
  for (const [field, entry] of Object.entries(input.catalogue ?? {}) as [Field, { value: string; from: string }][]) {
    inferred(field, entry.value, entry.from);
  }
  inferFromRules(found, input, inferred);

  const inferredList: Inferred[] = (Object.entries(found) as [Field, Value][])
    .filter(([, v]) => v.from !== undefined)
    .map(([field, v]) => ({ field, from: v.from! }))
    .sort((a, b) => FIELD_ORDER.indexOf(a.field as Field) - FIELD_ORDER.indexOf(b.field as Field));

  const meta: DocumentMeta = {
    id: input.id,
    title: found.title?.value ?? input.source.replace(/\.(txt|md|markdown|docx|pdf)$/i, ""),
    docNumber: found.docNumber?.value,
    issuer: found.issuer?.value,
    region: found.region?.value,
    date: found.date?.value,
    kind: (found.kind?.value ?? "正式文件") as DocumentKind,
    period: found.period?.value,
    incomplete:
      cleaned.hiddenChars !== undefined
        ? { note: `来源网页隐藏了约${cleaned.hiddenChars}字正文，本文件内容不完整`, hiddenChars: cleaned.hiddenChars }
        : undefined,
    inferred: inferredList,
    source: input.source,
  };
  if (!found.title) meta.inferred.unshift({ field: "title", from: `文件名“${input.source}”` });
  const body = [...(layout.notice?.paragraphs ?? []), ...layout.body].join("\n");
  meta.status = extractStatusFacts(meta, allTitles, body);
  return stripUndefined(meta);
}

const FIELD_ORDER: Field[] = ["title", "docNumber", "issuer", "region", "date", "kind", "period"];

function inferFromRules(
  found: Found,
  input: MetadataInput,
  inferred: (field: Field, value: string | undefined, from: string) => void,
) {
  const { layout, cleaned } = input;
  const title = found.title?.value ?? "";
  const docNumber = found.docNumber?.value;
  const bodyText = [...(layout.notice?.paragraphs ?? []), ...layout.body].join("\n");

  // Issuer from the 文号's prefix: "许政" with 许昌 named in the text → 许昌市人民政府.
  if (docNumber && !found.issuer) {
    const issuer = issuerFromDocNumber(docNumber, title + bodyText);
    if (issuer) inferred("issuer", issuer.name, `文号“${docNumber}”的发文机关代字“${issuer.prefix}”与正文中的“${issuer.city}”`);
  }

  // Region: the place in a stated issuer or title; else the city the text names most; else
  // the place in an inferred issuer or title.
  const named = (stated: boolean) =>
    [found.issuer, found.title]
      .filter((v): v is Value => v !== undefined && (v.from === undefined) === stated)
      .flatMap((v) => placesIn(v.value).map((p) => ({ p, v })))[0];
  const fromStated = named(true);
  const city = fromStated ? undefined : dominantCity(bodyText);
  const fromInferred = fromStated || city ? undefined : named(false);
  if (fromStated) {
    inferred("region", regionName(fromStated.p.place), `“${fromStated.v.value}”中的“${fromStated.p.word}”（省市据行政区划补全）`);
  } else if (city) {
    inferred("region", regionName(city.place), `正文提到的地名“${city.words.join("”“")}”`);
  } else if (fromInferred) {
    inferred("region", regionName(fromInferred.p.place), `推断的“${fromInferred.v.value}”`);
  }

  // Date: the year in the 文号 or the title, else the web page's own timestamp.
  const numberYear = docNumber ? /[〔\[［(（【]\s*(\d{4})/u.exec(docNumber)?.[1] : undefined;
  if (numberYear) inferred("date", numberYear, `文号“${docNumber}”中的年份`);
  const titleYear = /^(\d{4})年/u.exec(title)?.[1];
  if (titleYear) inferred("date", titleYear, `标题“${title}”中的年份`);
  for (const removed of cleaned.removed) {
    const m = PAGE_TIME.exec(removed.line);
    if (m) inferred("date", toIsoDate(m[2]), `网页的“${m[1]}:${m[2]}”（非成文日期）`);
  }

  if (!found.kind) inferred("kind", "正式文件", docNumber ? `有文号“${docNumber}”` : "标题未标注征求意见稿或汇报");
}

function placesIn(text: string) {
  const mentions = findPlaces(text, { shortForms: false });
  return mentions.filter((m) => m.place.level !== "county" || mentions.length === 1);
}

const PREFIX_SUFFIXES: [RegExp, string][] = [
  [/^(.)政办发?$/u, "人民政府办公室"],
  [/^(.)办发$/u, "人民政府办公厅"],
  [/^(.)政发?$/u, "人民政府"],
];

function issuerFromDocNumber(docNumber: string, text: string) {
  const prefix = /^([\p{Script=Han}]+)[〔\[［(（【]/u.exec(docNumber)?.[1];
  if (!prefix) return undefined;
  for (const [re, suffix] of PREFIX_SUFFIXES) {
    const m = re.exec(prefix);
    if (!m) continue;
    const cities = new Set(
      findPlaces(text, { shortForms: false })
        .filter((p) => p.place.level === "city" && p.place.city!.startsWith(m[1]))
        .map((p) => p.place.city!),
    );
    if (cities.size !== 1) return undefined;
    const city = [...cities][0];
    return { name: city + suffix, prefix, city };
  }
  return undefined;
}

/** 文号 with the standard 〔〕 brackets: "许政[2015]39号" → "许政〔2015〕39号". */
export function normaliseDocNumber(text: string | undefined): string | undefined {
  const m = text ? DOC_NUMBER.exec(text) : null;
  if (!m) return undefined;
  return m[0].replace(/\s+/g, "").replace(/[\[［(（【]/u, "〔").replace(/[\]］)）】]/u, "〕");
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
