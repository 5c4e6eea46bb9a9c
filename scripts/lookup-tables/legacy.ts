// The runtime algorithms that src/search/t2s.ts and src/shared/regions.ts used before their
// tables were generated, kept verbatim: the generator derives the tables from them, and
// test/node/lookup-tables.test.ts checks the new runtime code against them.
import { Locale } from "opencc-js/t2cn";
import { areaList } from "@vant/area-data";
import type { Mention, Place } from "../../src/shared/regions.js";

// --- t2s ---

const isOneCodePoint = (s: string) => s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff);

/** OpenCC's traditional → mainland single-character table, as t2s.ts built it. */
export function legacyT2sTable(): Map<string, string> {
  const map = new Map<string, string>();
  for (const dict of (Locale.to.cn as unknown[][]).flat()) {
    if (typeof dict !== "string") continue;
    for (const entry of dict.split("|")) {
      const [from, ...targets] = entry.split(" ");
      if (!isOneCodePoint(from) || targets.length === 0 || targets.includes(from) || !isOneCodePoint(targets[0])) continue;
      if (!map.has(from)) map.set(from, targets[0]);
    }
  }
  return map;
}

let t2s: Map<string, string> | undefined;
export function legacyToSimplified(text: string): string {
  t2s ??= legacyT2sTable();
  let out = "";
  for (const ch of text) out += t2s.get(ch) ?? ch;
  return out;
}

// --- gazetteer ---

const PROVINCE_SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/u;
const CITY_SUFFIX = /((?:[\p{Script=Han}]{1,4}族)*自治州|地区|盟|市)$/u;
const COUNTY_SUFFIX = /((?:[\p{Script=Han}]{1,4}族)*自治县|县)$/u;
/** District names that are also common nouns ("经济技术开发区", "高新区", "东城区"). */
const GENERIC_DISTRICT = /(开发区|高新区|园区|新区|城区|矿区|郊区|管理区|示范区)$/u;
const MUNICIPALITIES = new Set(["北京市", "天津市", "上海市", "重庆市"]);

export interface Entry {
  word: string;
  place: Place;
  /** A short form ("十堰" for 十堰市) counts as a mention only with other evidence. */
  short: boolean;
}

export function legacyEntries(): Entry[] {
  const list: Entry[] = [];
  const provinces = areaList.province_list as Record<string, string>;
  const cities = areaList.city_list as Record<string, string>;
  const counties = areaList.county_list as Record<string, string>;
  // The ethnic-autonomy suffixes need a costly regex: only names with 自治 get it.
  const add = (name: string, place: Place, suffix: RegExp, plain: RegExp = suffix) => {
    list.push({ word: name, place, short: false });
    const short = name.replace(name.includes("自治") ? suffix : plain, "");
    if (short !== name && short.length >= 2) list.push({ word: short, place, short: true });
  };
  for (const [, name] of Object.entries(provinces)) {
    const place: Place = { name, level: "province", province: name };
    if (MUNICIPALITIES.has(name)) place.city = name;
    add(name, place, PROVINCE_SUFFIX);
  }
  for (const [code, name] of Object.entries(cities)) {
    const province = provinces[code.slice(0, 2) + "0000"];
    if (!province || MUNICIPALITIES.has(province) || name.length < 2) continue;
    add(name, { name, level: "city", province, city: name }, CITY_SUFFIX, /(地区|盟|市)$/u);
  }
  for (const [code, name] of Object.entries(counties)) {
    const province = provinces[code.slice(0, 2) + "0000"];
    const city = MUNICIPALITIES.has(province) ? province : cities[code.slice(0, 4) + "00"];
    if (!province || !city || name.length < 2 || GENERIC_DISTRICT.test(name)) continue;
    // Only counties (县) get a short form: district names (朝阳区, 东风区…) are common words.
    add(name, { name, level: "county", province, city }, COUNTY_SUFFIX, /县$/u);
  }
  return list;
}

/** Entries by their first character, longest first (the order findPlaces tries them in). */
export function legacyEntriesByFirstChar(entries = legacyEntries()): Map<string, Entry[]> {
  const byFirstChar = new Map<string, Entry[]>();
  for (const entry of entries) {
    const list = byFirstChar.get(entry.word[0]);
    if (list) list.push(entry);
    else byFirstChar.set(entry.word[0], [entry]);
  }
  // Longest words first, so that "十堰市" wins over "十堰" at the same position.
  for (const list of byFirstChar.values()) {
    list.sort((a, b) => b.word.length - a.word.length || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  }
  return byFirstChar;
}

let index: Map<string, Entry[]> | undefined;
export function legacyFindPlaces(text: string, { shortForms = true, countyShortForms = true } = {}): Mention[] {
  index ??= legacyEntriesByFirstChar();
  const accepts = (e: Entry) => !e.short || (shortForms && (countyShortForms || e.place.level !== "county"));
  const found: Mention[] = [];
  for (let i = 0; i < text.length; ) {
    const match = index.get(text[i])?.find((e) => accepts(e) && text.startsWith(e.word, i));
    if (match) {
      found.push({ place: match.place, word: match.word, index: i });
      i += match.word.length;
    } else {
      i++;
    }
  }
  return found;
}

export function legacyDominantCity(text: string): { place: Place; words: string[] } | undefined {
  const byCity = new Map<string, { place?: Place; words: Set<string>; full: boolean }>();
  for (const m of legacyFindPlaces(text)) {
    if (!m.place.city) continue;
    const slot = byCity.get(m.place.city) ?? { words: new Set<string>(), full: false };
    slot.words.add(m.word);
    if (m.place.level === "city" || (m.place.level === "province" && m.place.city)) slot.place = m.place;
    if (m.word === m.place.city) slot.full = true;
    byCity.set(m.place.city, slot);
  }
  const ranked = [...byCity.entries()]
    .map(([city, s]) => ({ city, s, score: s.words.size + (s.full ? 2 : 0) }))
    .sort((a, b) => b.score - a.score || (a.city < b.city ? -1 : 1));
  const [best, second] = ranked;
  if (!best || best.score < 2 || (second && second.score === best.score)) return undefined;
  const any = legacyFindPlaces(best.city, { shortForms: false })[0]?.place;
  const place = best.s.place ?? any;
  return place ? { place, words: [...best.s.words] } : undefined;
}
