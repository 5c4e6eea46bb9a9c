// Document metadata: what the text states, what rules infer (and from which words), and
// what the admin's catalogue supplies. A stated value always wins; an inferred one is
// listed in `inferred` with its reason, so that nothing inferred passes for stated.
import type { CatalogueEntry, DocumentKind, DocumentMeta, Inferred } from "../../shared/schema.js";
import { dominantCity, findPlaces, regionName, type Mention, type Place } from "../../shared/regions.js";
import type { Cleaned } from "../clean/index.js";
import { DOC_NUMBER, isOrgLine, type Layout } from "../clauses/layout.js";
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
/**
 * A web page's time: 「发布时间:2023-07-05」, the label opening the line or among the page's other
 * labels on it (「来源:房产处浏览次数:185发布时间:2023-03-2816:12」「文章来源:…发布日期:2023-04-18」).
 */
const PAGE_TIME = /(?:^(时间)|(更新时间|发布时间|发布日期))\s*[:：]\s*(\d{4}(?:-\d{1,2}(?:-\d{1,2})?|\/\d{1,2}(?:\/\d{1,2})?|\.\d{1,2}(?:\.\d{1,2})?|\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?))/u;
/** A line of a page's labels, not of the text: short, no sentence in it. */
const isLabelLine = (line: string) => line.length <= 80 && !/[。，,；;]/u.test(line);
const FULL_DATE = String.raw`(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)`;
/** A date on a line of its own, as a 落款 or a press release prints it, a weekday after it or not: 「2024年12月18日」「2025年6月20日(星期五)」. */
const DATE_ALONE = new RegExp(String.raw`^(${FULL_DATE})\s*(?:[(（]\s*(?:星期|周)[一二三四五六日天]\s*[)）])?$`, "u");
/** A date printed right under the title: 「2023年9月20日」「(2025年11月28日中国共产党…全体会议通过)」. */
const HEAD_DATE = new RegExp(String.raw`^(?:${FULL_DATE}|[(（]\s*${FULL_DATE}[^()（）]{0,60}(?:通过|发布|印发|公布|修订|修正|批准)\s*[)）])$`, "u");
/** A 落款 the layout did not split off: 「大同市住房公积金管理中心2024年12月9日」「2024年11月28日印发」. */
const TAIL_DATE = new RegExp(String.raw`^(.{0,40}?)\s*(${FULL_DATE})\s*(?:印发|发布)?$`, "u");
/** A timestamp line at the head of a web page: 「2020-12-25 00:00:00」「2023-02-04作者:点击数:1218」. */
const HEAD_TIMESTAMP = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d{3})\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?=$|作者|来源|点击|浏览|发布)/u;
/** 「本通知自2024年10月7日起施行」「上述政策自2025年5月7日起施行」「此项政策自2024年9月30日起执行」: the day this document (or its measures) takes effect. */
const EFFECTIVE = new RegExp(
  String.raw`(?:本|该|以上|上述|此项|此次)[^。；;，,市省区县]{0,6}?(?:通知|办法|规定|意见|措施|细则|方案|决定|公告|通告|政策|实施意见|若干措施|调整)[^。；;]{0,10}?(?:自|于|从)\s*(${FULL_DATE})\s*(?:零时)?(?:起)?(?:正式)?(?:开始)?(?:施行|执行|实施|生效|试行)`,
  "u",
);
/** A news item's lead: 「2022年11月21日，人民银行、银保监会联合召开…」. */
const NEWS_LEAD = new RegExp(String.raw`^(${FULL_DATE})(?:起)?[,，]`, "u");
/** 「【河南省郑州市】关于…」「【天津市住房公积金管理中心】关于…」: a listing's tag before the title, naming the place or the issuer. */
const TITLE_TAG = /^【([^【】]{2,80})】\s*(?=\S)/u;
/** A central body (with no place in its name): what it issues is national, whatever places the text names. */
const CENTRAL_BODY = /^(?:中共中央|国务院|全国|中华人民共和国|国家|中国|央行|国新办)|(?:部|银保监会|证监会|人民银行)$/u;

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
  // A tag before the title (「【河南省郑州市】」) is the listing's, not the document's: it is kept
  // apart, for the issuer and the region below.
  const tag = TITLE_TAG.exec(outerTitle) ?? TITLE_TAG.exec(cleaned.paragraphs[0] ?? "");
  const titleLine = tag ? outerTitle.slice(tag[0].length) : outerTitle;
  const wrapped = WRAPPED_TITLE.exec(titleLine)?.[1];
  // a publication note or an attachment label glued before it is not part of it: 「(此件公开发布)南京市…」「附件山东省…」
  const bareTitle = (t: string | undefined) => t?.replace(/^(?:[(（](?:此件|本件)[^()（）]{0,10}[)）]|附件\s*\d*\s*[:：]?)\s*(?=\S{4})/u, "");
  stated("title", bareTitle(wrapped ?? layout.notice?.innerTitle ?? titleLine.replace(/^《(.+)》$/u, "$1")));

  stated("docNumber", normaliseDocNumber(layout.docNumber ?? cleaned.fields["文号"] ?? cleaned.fields["发文字号"]));

  const signature = layout.signature.org || layout.signature.date ? layout.signature : layout.notice?.signature ?? {};
  stated("issuer", signature.org);
  stated("issuer", ISSUER_IN_TITLE.exec(found.title?.value ?? "")?.[1]);
  stated("issuer", cleaned.fields["发布机构"] || cleaned.fields["发文机关"] || cleaned.fields["发文机构"]);

  stated("date", toIsoDate(signature.date ?? ""));
  stated("date", toIsoDate(cleaned.fields["成文日期"] ?? cleaned.fields["发文日期"] ?? ""));
  const opening = [...layout.titles.slice(1), ...[...(layout.notice?.paragraphs ?? []), ...layout.body].slice(0, 2)];
  stated("date", toIsoDate(opening.find((p) => HEAD_DATE.test(p)) ?? ""));
  for (const p of layout.body.slice(-3).reverse()) {
    const m = TAIL_DATE.exec(p);
    if (m && (m[1] === "" || isOrgLine(m[1]))) {
      stated("date", toIsoDate(m[2]));
      break;
    }
  }
  // A date alone on its line anywhere else: the 落款 of a notice followed by what it issues or by its
  // interpretation (「…现印发给你们，请遵照执行。」「2024年12月18日」「天津市灵活就业人员…管理办法」),
  // or a press release's date line. The first is the document's own; later ones are its attachments'.
  const alone = [...(layout.notice?.paragraphs ?? []), ...layout.body].map((p) => DATE_ALONE.exec(p.trim())).find((m) => m);
  if (alone) stated("date", toIsoDate(alone[1]));

  const period = PERIOD.exec(allTitles);
  if (period) stated("period", `${period[1]}-${period[2]}`);

  if (DRAFT.test(allTitles)) stated("kind", "征求意见稿");
  else if (REPORT.test(allTitles)) stated("kind", "工作汇报");

  // From here on, only what the text does not state: the catalogue first, then rules.
  for (const [field, entry] of Object.entries(input.catalogue ?? {}) as [Field, { value: string; from: string }][]) {
    inferred(field, entry.value, entry.from);
  }
  inferFromRules(found, input, inferred, tag?.[1]);

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
  tag: string | undefined,
) {
  const { layout, cleaned } = input;
  const title = found.title?.value ?? "";
  const docNumber = found.docNumber?.value;
  const bodyText = [...(layout.notice?.paragraphs ?? []), ...layout.body].join("\n");

  // The tag before the title: an issuer (「【天津市住房公积金管理中心】」) unless it only names places.
  const tagPlaces = tag ? findPlaces(tag) : [];
  const tagIsPlace = tag !== undefined && tagPlaces.reduce((rest, m) => rest.replace(m.word, ""), tag).replace(/[省市县区州、\s]/gu, "") === "";
  if (tag && !tagIsPlace && !found.issuer && /(?:人民政府办?|政府|办公厅|办公室|委员会|管委会|委|局|厅|部|署|院|中心|银行|办)$/u.test(tag)) {
    inferred("issuer", tag, `标题前标注的“【${tag}】”`);
  }

  // Issuer from the 文号's prefix: "许政" with 许昌 named in the text → 许昌市人民政府.
  if (docNumber && !found.issuer) {
    const issuer = issuerFromDocNumber(docNumber, title + bodyText);
    if (issuer) inferred("issuer", issuer.name, `文号“${docNumber}”的发文机关代字“${issuer.prefix}”与正文中的“${issuer.city}”`);
  }

  // Region: the place in a stated issuer, the title's tag or the title (a city they name wins over
  // its province: 「【湖北省十堰市】」「河南省郑州市住房保障和房地产管理局」); else none for a central
  // body's document; else the city the text names most; else the place in an inferred issuer or title.
  const issuerStated = found.issuer && found.issuer.from === undefined;
  const named: { place: Place; word: string; value: string }[] = [];
  if (issuerStated) named.push(...placeIn(found.issuer!.value).map((p) => ({ ...p, value: found.issuer!.value })));
  if (tag) named.push(...placeIn(tag, tagIsPlace).map((p) => ({ ...p, value: `【${tag}】` })));
  if (found.title && found.title.from === undefined) named.push(...placeIn(found.title.value).map((p) => ({ ...p, value: found.title!.value })));
  // 「【全国】」: the listing says the document is national, whatever place its title names
  const chosen = tag === "全国" ? undefined : mostSpecific(named);
  const titleOrg = /^(.{2,30}?)关于/u.exec(title)?.[1];
  const central = !chosen && [tag, found.issuer?.value, titleOrg].some((v) => v !== undefined && isCentral(v));
  const city = chosen || central ? undefined : dominantCity(bodyText) ?? ownPlace(bodyText);
  const fromInferred =
    chosen || central || city
      ? undefined
      : mostSpecific([found.issuer, found.title].filter((v): v is Value => v !== undefined && v.from !== undefined).flatMap((v) => placeIn(v.value).map((p) => ({ ...p, value: v.value }))));
  if (chosen) {
    inferred("region", regionName(chosen.place), `“${chosen.value}”中的“${chosen.word}”（省市据行政区划补全）`);
  } else if (city) {
    inferred("region", regionName(city.place), `正文提到的地名“${city.words.join("”“")}”`);
  } else if (fromInferred) {
    inferred("region", regionName(fromInferred.place), `推断的“${fromInferred.value}”`);
  }

  // Date: the year in the 文号 or the title, else the web page's own timestamp.
  const numberYear = docNumber ? /[〔\[［(（【]\s*(\d{4})/u.exec(docNumber)?.[1] : undefined;
  if (numberYear) inferred("date", numberYear, `文号“${docNumber}”中的年份`);
  const titleYear = /^(\d{4})年/u.exec(title)?.[1];
  if (titleYear) inferred("date", titleYear, `标题“${title}”中的年份`);
  // the page's time: in a line the cleaning took off as the page's, or in a line of labels at the
  // head or in a header field (「信息来源: 市住房和城乡建设委发布时间:2023年06月07日」)
  const labelLines = [
    ...cleaned.removed.map((r) => r.line),
    ...[...layout.titles, ...cleaned.paragraphs.slice(0, 4), ...Object.entries(cleaned.fields).map(([k, v]) => `${k}:${v}`)].filter(isLabelLine),
  ];
  for (const line of labelLines) {
    const m = PAGE_TIME.exec(line);
    if (m) inferred("date", toIsoDate(m[3].replace(/[/.]/gu, "-")), `网页的“${m[1] ?? m[2]}:${m[3]}”（非成文日期）`);
  }
  for (const line of [...layout.titles, ...cleaned.paragraphs.slice(0, 3)]) {
    const m = HEAD_TIMESTAMP.exec(line);
    if (m) inferred("date", toIsoDate(`${m[1]}-${m[2]}-${m[3]}`), `网页标题处的时间“${m[0].trim()}”（非成文日期）`);
  }
  const effective = EFFECTIVE.exec(bodyText);
  if (effective) inferred("date", toIsoDate(effective[1]), `正文“${effective[0]}”（施行日期，非成文日期）`);
  const lead = layout.body.slice(0, 2).map((p) => NEWS_LEAD.exec(p)).find((m) => m);
  if (lead) inferred("date", toIsoDate(lead[1]), `正文开头的“${lead[0]}”（新闻导语的日期，非成文日期）`);

  if (!found.kind) inferred("kind", "正式文件", docNumber ? `有文号“${docNumber}”` : "标题未标注征求意见稿或汇报");
}

/**
 * The place a name or title is about: its first place name with the names written right after it
 * (「湖北省十堰市」「湖北省荆州市监利市」 are one place, written with its parents), the most specific
 * of them; a county only with its province or city named, or alone (a county's name is often
 * shared). Short forms (「江西赣州」) only where the text is known to be places (a tag).
 */
function placeIn(text: string, shortForms = false): { place: Place; word: string }[] {
  const all = findPlaces(text, { countyShortForms: shortForms });
  const follows = (m: Mention, last: Mention) =>
    /^(?:省|市|自治区)?$/u.test(text.slice(last.index + last.word.length, m.index)) && m.place.province === last.place.province;
  // full names; short forms where the text is known to be places, or in the names that open it
  // (「成都住房公积金管理中心」「山东临沂阶段性上调…」)
  const accepted: Mention[] = [];
  let opening = true;
  for (const m of all) {
    const last = accepted[accepted.length - 1];
    opening &&= last ? follows(m, last) : m.index === 0;
    if (m.word === m.place.name || shortForms || opening) accepted.push(m);
  }
  if (accepted.length === 0) return [];
  const run = [accepted[0]];
  for (const m of accepted.slice(1)) {
    if (!follows(m, run[run.length - 1])) break;
    run.push(m);
  }
  const county =
    run.length > 1
      ? run.find((m) => m.place.level === "county" && (run[0].place.level === "province" || run.some((c) => c.place.level === "city" && c.place.city === m.place.city)))
      : undefined;
  const inRun = run.find((m) => m.place.level === "city") ?? county ?? run.find((m) => m.place.level === "province");
  if (inRun) {
    const last = run[run.length - 1];
    return [{ place: inRun.place, word: run.length > 1 ? text.slice(run[0].index, last.index + last.word.length) : inRun.word }];
  }
  const pick = accepted.length === 1 ? accepted[0] : accepted.find((m) => m.place.level !== "county");
  return pick ? [{ place: pick.place, word: pick.word }] : [];
}

/**
 * The place of a text that speaks of 「我市」「本市」「全市」 and names one city only (a short form
 * will do: 「促进杭州房地产市场…」), or of 「我省」「本省」「全省」 and names one province only,
 * its cities included.
 */
function ownPlace(text: string): { place: Place; words: string[] } | undefined {
  const mentions = findPlaces(text, { countyShortForms: false });
  const words = (ms: Mention[]) => [...new Set(ms.map((m) => m.word))];
  const cities = mentions.filter((m) => m.place.level === "city" || m.place.city === m.place.province);
  if (/我市|本市|全市/u.test(text) && cities.length > 0 && cities.every((m) => m.place.city === cities[0].place.city)) {
    return { place: cities[0].place, words: words(cities) };
  }
  const provinces = mentions.filter((m) => m.place.level === "province" && m.place.city === undefined);
  if (/我省|本省|全省/u.test(text) && provinces.length > 0 && mentions.every((m) => m.place.province === provinces[0].place.province)) {
    return { place: provinces[0].place, words: words(provinces) };
  }
  return undefined;
}

const depth = (p: Place) => (p.level === "province" ? 0 : p.level === "city" ? 1 : 2);
/** The first place, unless a later one is more specific and lies within it (its city named by the issuer or title). */
function mostSpecific<T extends { place: Place }>(named: T[]): T | undefined {
  let best = named[0];
  for (const n of named.slice(1)) {
    const within = n.place.province === best.place.province && (best.place.level === "province" || n.place.city === best.place.city);
    if (within && depth(n.place) > depth(best.place)) best = n;
  }
  return best;
}

/** 「国务院办公厅」「自然资源部」「全国」: a central body, with no place in its name. */
function isCentral(name: string): boolean {
  return CENTRAL_BODY.test(name) && findPlaces(name, { countyShortForms: false }).length === 0;
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
