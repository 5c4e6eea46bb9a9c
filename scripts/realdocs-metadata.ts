// What ingestion infers from the 1,781 real documents of ../shared/bench/realdocs, against the
// metadata their sources publish (sources.json): each document ingested as an upload would be (no
// catalogue), compared per field, with the kinds of disagreement counted, and the clause figures.
//   npx tsx scripts/realdocs-metadata.ts [--dir ../shared/bench/realdocs] [--half a|b] [--show N]
//
// How each field is compared (the same for every document, nothing tuned to one):
// - date: only documents whose own text (line 1 and the body) writes the source's date in full
//   (2025年12月29日, 二〇二五年十二月二十九日, 2025-12-29, 2025.12.29 or 2025/12/29; spaces and
//   leading zeros free) count; agreement is an inferred date equal to it (a year or a month alone
//   is a miss).
//   A second, narrower figure ("as its own") counts only those of them whose text writes the
//   source's date as a date of the document's own, and no other: on a line of its own (alone, or
//   with no more than an issuer, a label such as 发布时间:, 印发, a weekday: nothing of a sentence),
//   as a news item's dateline (a paragraph opening 「2022年11月21日,…」) or as a timestamp (a time of
//   day after it: 「2020-12-25 00:00:00 | 住建部 | …」), and the text does not
//   sign another date in its last lines (a 落款 of another day). Left out of it are documents whose
//   only mention of the source's date is inside a sentence (the start of a purchase window, the day
//   a measure takes effect, a date the text cites: the listing took a date the text mentions,
//   the document writes no date of its own, or its own is another), and documents that sign
//   another date than the listing's (the listing gives the day it took effect or was put online).
//   Both figures are printed; the misses left out of the second are counted apart by why.
// - region: the source's region is read with the gazetteer into a place of our region field's
//   levels (province; or province and prefecture city; a municipality is a province; a county or
//   a zone is compared at its city, which is as deep as the field goes). Left out: no region, more
//   than one place ("北京市、江苏省…"), or a place the gazetteer does not hold (楚雄州, 雄安新区,
//   义乌). A local document counts when its title or text names that place (full name or the short
//   form of a province or city: 深圳, 河南) and agrees when the inferred region is the same place at
//   the same level ("深圳市" and "广东省深圳市" agree; "河南省" for "郑州市" does not). A central
//   document (region 全国) always counts and agrees when no region is inferred (the field holds
//   local places only).
// - title: equal after both are normalised: NFKC (full-width letters, digits and brackets to
//   half width), every whitespace removed, “”「」 to " and ‘’ to ', then one leading 【…】 removed.
// - status: the source's consultation_draft against ours (kind 征求意见稿 or a draft status), as
//   precision and recall.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { halfOf } from "../src/eval/halves.js";
import { documentId, ingestDocument } from "../src/ingest/document.js";
import { numeralValue } from "../src/ingest/clauses/numerals.js";
import { findPlaces, type Place } from "../src/shared/regions.js";
import type { DocumentMeta } from "../src/shared/schema.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dir = resolve(option("--dir") ?? join(import.meta.dirname, "../../shared/bench/realdocs"));
const half = option("--half");
const show = Number(option("--show") ?? 0);
if (half && half !== "a" && half !== "b") throw new Error("--half must be a or b");

interface Source {
  file: string;
  title: string;
  date: string;
  region: string | null;
  level: "local" | "central";
  status: "official" | "consultation_draft";
}
const sources: Source[] = JSON.parse(readFileSync(join(dir, "sources.json"), "utf8"));

// ---- dates ----------------------------------------------------------------------------------
const pad = (n: number) => String(n).padStart(2, "0");
const CN_YEAR = "[〇零○O一二三四五六七八九]";
const CN_NUM = "[一二三四五六七八九十]{1,3}";
const FULL_DATES = [
  /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/gu,
  new RegExp(`(${CN_YEAR}{4})\\s*年\\s*(${CN_NUM})\\s*月\\s*(${CN_NUM})\\s*日`, "gu"),
  /(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)/gu,
];
const cnYear = (y: string) => [...y].map((c) => ("〇零○O".includes(c) ? "0" : String(numeralValue(c)))).join("");
const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : numeralValue(s));
/** Every full date the text writes, as ISO, with where it starts. */
function fullDates(text: string): { iso: string; index: number; length: number }[] {
  const out: { iso: string; index: number; length: number }[] = [];
  for (const re of FULL_DATES) {
    for (const m of text.matchAll(re)) {
      const y = /^\d/.test(m[1]) ? m[1] : cnYear(m[1]);
      const mo = num(m[2]);
      const d = num(m[3]);
      if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) out.push({ iso: `${y}-${pad(mo)}-${pad(d)}`, index: m.index!, length: m[0].length });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * Whether a date is written as a date of the text's own rather than inside a sentence: what is left
 * of its line has no sentence punctuation, at most 60 characters, and does not make it the bound of
 * a period (「自…起」「…至…」); or it opens a paragraph before a comma (a news dateline); or a time of
 * day follows it (a timestamp).
 */
function onOwnLine(text: string, d: { index: number; length: number }): boolean {
  const start = text.lastIndexOf("\n", d.index - 1) + 1;
  const endAt = text.indexOf("\n", d.index);
  const end = endAt < 0 ? text.length : endAt;
  const before = text.slice(start, d.index);
  const after = text.slice(d.index + d.length, end);
  if (before.trim() === "" && /^\s*[,，]/u.test(after)) return true;
  // a timestamp, with its time of day: a page's or a record's own date (「2020-12-25 00:00:00 | 住建部 | …」)
  if (/^\s*\d{1,2}[:：]\d{2}/u.test(after)) return true;
  const rest = (before + after).trim();
  return !/[，,。；;！？!?]/u.test(rest) && rest.length <= 60 && !/[自从于在]\s*$/u.test(before) && !/^\s*(?:[(（]含[^)）]*[)）])?\s*[起至止到前后以~～—-]/u.test(after);
}
/** Dates the text signs in its last 4 non-empty lines (a 落款), by the same test. */
function signedDates(text: string, dates: { iso: string; index: number; length: number }[]): string[] {
  const lines = text.split("\n");
  let kept = 0;
  let from = text.length;
  for (let i = lines.length - 1; i >= 0 && kept < 4; i--) {
    from -= lines[i].length + (i < lines.length - 1 ? 1 : 0);
    if (lines[i].trim() !== "") kept++;
  }
  return dates.filter((d) => d.index >= from && onOwnLine(text, d)).map((d) => d.iso);
}

// ---- places ---------------------------------------------------------------------------------
interface Key {
  province: string;
  city?: string;
}
const keyText = (k: Key | undefined) => (k ? k.province + (k.city ?? "") : "");
const keyOf = (p: Place): Key => (p.city && p.city !== p.province ? { province: p.province, city: p.city } : { province: p.province });
/** A region string (the source's or ours) as one place of the field's levels; undefined when it names none, several, or one the gazetteer does not hold. */
function readRegion(region: string): Key | undefined {
  if (/[、,，]/.test(region)) return undefined;
  const mentions = findPlaces(region, { countyShortForms: false });
  if (mentions.length === 0) return undefined;
  // the last city named ("广州省深圳市" is Shenzhen); else a county of the province named
  const city = mentions.findLast((m) => m.place.level === "city");
  if (city) return keyOf(city.place);
  const province = mentions[0].place.province;
  const county = mentions.find((m) => m.place.level === "county" && m.place.province === province);
  if (county) return keyOf(county.place);
  const left = mentions.reduce((s, m) => s.replace(m.word, ""), region).replace(/省|自治区/g, "");
  const municipality = mentions[0].place.city === province;
  return left && !municipality ? undefined : { province };
}
const samePlace = (a: Key, b: Key) => a.province === b.province && a.city === b.city;
function names(text: string, k: Key): boolean {
  return findPlaces(text, { countyShortForms: false }).some((m) =>
    k.city ? m.place.level === "city" && m.place.city === k.city : m.place.level === "province" && m.place.province === k.province,
  );
}

// ---- titles ---------------------------------------------------------------------------------
export function normaliseTitle(t: string): string {
  return t
    .normalize("NFKC")
    .replace(/\s+/gu, "")
    .replace(/[“”「」]/gu, '"')
    .replace(/[‘’]/gu, "'")
    .replace(/^【[^】]*】/u, "");
}

// ---- the run --------------------------------------------------------------------------------
interface Row {
  id: string;
  half: string;
  source: Source;
  meta: DocumentMeta;
  text: string;
  clauses: number[];
}
const rows: Row[] = [];
for (const s of sources) {
  const text = readFileSync(join(dir, "docs", s.file), "utf8");
  const id = documentId(s.file);
  const r = ingestDocument({ id, source: s.file, text });
  rows.push({ id, half: halfOf(id), source: s, meta: r.document, text, clauses: r.clauses.map((c) => c.text.length) });
}

type Kinds = Map<string, string[]>;
interface Figures {
  n: number;
  date: [number, number];
  /** the second definition: the source's date written as the document's own (see the head) */
  dateOwn: [number, number];
  region: [number, number];
  title: [number, number];
  draft: { tp: number; fp: number; fn: number };
  kinds: Record<"date" | "date, as its own" | "date, not the document's own" | "region" | "title" | "status", Kinds>;
  clauses: number[];
  single: number;
}
const fromOf = (m: DocumentMeta, field: string) => m.inferred.find((i) => i.field === field)?.from;

function figures(rs: Row[]): Figures {
  const f: Figures = {
    n: rs.length,
    date: [0, 0],
    dateOwn: [0, 0],
    region: [0, 0],
    title: [0, 0],
    draft: { tp: 0, fp: 0, fn: 0 },
    kinds: { date: new Map(), "date, as its own": new Map(), "date, not the document's own": new Map(), region: new Map(), title: new Map(), status: new Map() },
    clauses: [],
    single: 0,
  };
  const miss = (field: keyof Figures["kinds"], kind: string, example: string) => {
    const list = f.kinds[field].get(kind) ?? [];
    list.push(example);
    f.kinds[field].set(kind, list);
  };
  for (const { id, source: s, meta, text, clauses } of rs) {
    const head = `${id} 《${s.title}》`;
    // date
    const dates = fullDates(text);
    const written = dates.filter((d) => d.iso === s.date);
    if (written.length > 0) {
      f.date[1]++;
      const signed = signedDates(text, dates);
      const own = written.some((d) => onOwnLine(text, d)) && signed.every((d) => d === s.date);
      if (own) f.dateOwn[1]++;
      if (meta.date === s.date) {
        f.date[0]++;
        if (own) f.dateOwn[0]++;
      } else {
        const lines = text.split("\n");
        const tailStart = text.length - lines.slice(-6).join("\n").length;
        const headEnd = lines.slice(0, 8).join("\n").length;
        const at = dates.find((d) => d.iso === meta.date);
        const from = fromOf(meta, "date");
        const kind = !meta.date
          ? "no date found"
          : s.date.startsWith(meta.date)
            ? "the source's year or month only"
            : from?.includes("网页")
              ? "the web page's timestamp"
              : !at
                ? `a date not written in full (${from ?? "stated"})`
                : at.index >= tailStart
                  ? "another date at the end (落款) of the text"
                  : at.index < headEnd
                    ? "another date near the title"
                    : "a date inside the text (a cited document's or an event's)";
        const where = written.map((d) => (d.index >= tailStart ? "end" : d.index < headEnd ? "head" : "inside")).join(",");
        const example = `${head} source ${s.date} (written at ${where}) · inferred ${meta.date ?? "—"}${from ? ` from ${from}` : ""}`;
        miss("date", kind, example);
        if (own) miss("date, as its own", kind, example);
        else
          miss(
            "date, not the document's own",
            signed.some((d) => d !== s.date)
              ? "the text signs another date (落款); the source's is written as another kind of date"
              : "the source's date only inside a sentence (a period's start, the day a measure takes effect, a cited date)",
            example,
          );
      }
    }
    // region
    const ours = meta.region ? readRegion(meta.region) : undefined;
    if (s.region === "全国") {
      f.region[1]++;
      if (!meta.region) f.region[0]++;
      else miss("region", "a region for a national document", `${head} inferred ${meta.region} from ${fromOf(meta, "region")}`);
    } else if (s.region && s.level === "local") {
      const theirs = readRegion(s.region);
      if (theirs && names(text, theirs)) {
        f.region[1]++;
        if (ours && samePlace(ours, theirs)) f.region[0]++;
        else {
          const kind = !meta.region
            ? "no region found"
            : !ours
              ? "a region the gazetteer cannot read"
              : ours.province === theirs.province && !ours.city && theirs.city
                ? "province instead of city"
                : ours.province === theirs.province && ours.city && !theirs.city
                  ? "city instead of province"
                  : ours.province === theirs.province
                    ? "another city of the same province"
                    : "another province";
          miss("region", kind, `${head} source ${s.region} · inferred ${meta.region ?? "—"}${meta.region ? ` from ${fromOf(meta, "region")}` : ""}`);
        }
      }
    }
    // title
    f.title[1]++;
    if (normaliseTitle(meta.title) === normaliseTitle(s.title)) f.title[0]++;
    else {
      const a = normaliseTitle(meta.title);
      const b = normaliseTitle(s.title);
      const kind = b.includes(a) ? "a part of the source's title" : a.includes(b) ? "the source's title with more words" : "another title";
      miss("title", kind, `${head} · inferred 《${meta.title}》`);
    }
    // status
    const ourDraft = meta.kind === "征求意见稿" || meta.status?.draft !== undefined;
    const theirDraft = s.status === "consultation_draft";
    if (ourDraft && theirDraft) f.draft.tp++;
    else if (ourDraft) {
      f.draft.fp++;
      miss("status", "征求意见稿 for an official document", `${head} from ${meta.status?.draft?.from ?? fromOf(meta, "kind") ?? "stated kind"}`);
    } else if (theirDraft) {
      f.draft.fn++;
      miss("status", "a draft not detected", `${head} · inferred title 《${meta.title}》`);
    }
    f.clauses.push(...clauses);
    if (clauses.length === 1) f.single++;
  }
  return f;
}

const share = ([a, n]: [number, number]) => `${n ? (a / n).toFixed(3) : "—"} (${a} of ${n})`;
function print(label: string, f: Figures, examples: boolean) {
  const { tp, fp, fn } = f.draft;
  const sorted = [...f.clauses].sort((a, b) => a - b);
  console.log(`${label}: ${f.n} documents`);
  console.log(`  date    ${share(f.date)}   (documents whose text writes the source's date in full)`);
  console.log(`  date, as its own ${share(f.dateOwn)}   (of those, the ones writing it on a line of its own or as a dateline, and signing no other)`);
  console.log(`  region  ${share(f.region)}   (documents naming the source's place, and national ones)`);
  console.log(`  title   ${share(f.title)}`);
  console.log(
    `  status  征求意见稿 precision ${tp + fp ? (tp / (tp + fp)).toFixed(3) : "—"} (${tp} of ${tp + fp}), recall ${tp + fn ? (tp / (tp + fn)).toFixed(3) : "—"} (${tp} of ${tp + fn})`,
  );
  console.log(
    `  clauses ${sorted.length}; median length ${sorted[sorted.length >> 1] ?? 0}, max ${sorted[sorted.length - 1] ?? 0}; documents with exactly one clause ${f.single}; clauses over 1,000 characters ${sorted.filter((l) => l > 1000).length}`,
  );
  for (const [field, kinds] of Object.entries(f.kinds)) {
    const list = [...kinds.entries()].sort((a, b) => b[1].length - a[1].length);
    if (list.length === 0) continue;
    console.log(`  ${field} disagreements: ${list.map(([k, v]) => `${k} ${v.length}`).join(" · ")}`);
    if (!examples) continue;
    for (const [k, v] of list) for (const e of v.slice(0, show)) console.log(`    [${k}] ${e}`);
  }
}

print("realdocs, all", figures(rows), show > 0 && !half);
if (half) print(`realdocs, half ${half}`, figures(rows.filter((r) => r.half === half)), show > 0);
