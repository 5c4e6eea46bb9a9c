// A gazetteer of China's provinces, prefecture-level cities and counties (GB/T 2260 codes,
// from @vant/area-data), and a finder of the places a text names. Edge-safe. The gazetteer
// is generated (npm run gen:tables, from scripts/lookup-tables/legacy.ts) as compact strings,
// decoded one first-character group at a time, on first use.
import { ENTRIES, FIRST_CHARS, REGIONS } from "./gazetteer-data.js";
import { indexInSorted } from "./sorted-string.js";

export type PlaceLevel = "province" | "city" | "county";

export interface Place {
  name: string;
  level: PlaceLevel;
  province: string;
  /** Prefecture-level city (for a municipality such as 北京市, the municipality itself). */
  city?: string;
}

export interface Mention {
  place: Place;
  word: string;
  index: number;
}

interface Entry {
  word: string;
  place: Place;
  /** A short form ("十堰" for 十堰市) counts as a mention only with other evidence. */
  short: boolean;
}

let regions: string[] | undefined;
/** ENTRIES by first character, split on first use; a group is decoded on first use. */
let groups: string[] | undefined;
const decoded: Entry[][] = [];

/** The entries whose word starts with code unit c, longest first (a text is scanned once). */
function entriesStartingWith(c: number): Entry[] | undefined {
  const k = indexInSorted(FIRST_CHARS, c);
  if (k < 0) return undefined;
  groups ??= ENTRIES.split("/");
  return (decoded[k] ??= decodeGroup(FIRST_CHARS[k], groups[k]));
}

/** See ENTRIES for the format. */
function decodeGroup(first: string, group: string): Entry[] {
  regions ??= REGIONS.split("|");
  const places: Place[] = [];
  return group.split("|").map((record) => {
    const mark = record[0];
    if (mark === "~") {
      const [length, id] = record.slice(1).split(",");
      const place = places[parseInt(id, 36)];
      return { word: place.name.slice(0, Number(length)), place, short: true };
    }
    const level: PlaceLevel = mark === "p" ? "province" : mark === "c" ? "city" : "county";
    const [rest, province, city] = (level === "county" ? record : record.slice(1)).split(",");
    const place: Place = { name: first + rest, level, province: regions![parseInt(province, 36)] };
    if (city !== undefined) place.city = regions![parseInt(city, 36)];
    places.push(place);
    return { word: place.name, place, short: false };
  });
}

export interface FindOptions {
  /** Accept "十堰" for 十堰市 (default true). */
  shortForms?: boolean;
  /**
   * Accept a county's short form ("仪陇" for 仪陇县; default true). Many are everyday words
   * (新兴, 资源, 公安): a question is matched on full county names only.
   */
  countyShortForms?: boolean;
}

/** Places named in the text, leftmost-longest, without overlaps. */
export function findPlaces(text: string, { shortForms = true, countyShortForms = true }: FindOptions = {}): Mention[] {
  const accepts = (e: Entry) => !e.short || (shortForms && (countyShortForms || e.place.level !== "county"));
  const found: Mention[] = [];
  for (let i = 0; i < text.length; ) {
    const match = entriesStartingWith(text.charCodeAt(i))?.find((e) => accepts(e) && text.startsWith(e.word, i));
    if (match) {
      found.push({ place: match.place, word: match.word, index: i });
      i += match.word.length;
    } else {
      i++;
    }
  }
  return found;
}

/** "湖北省十堰市", "四川省", "北京市". */
export function regionName(place: Place): string {
  if (place.level === "province") return place.province;
  if (place.city === place.province) return place.province;
  return place.province + place.city;
}

/**
 * The city a text is most about, from the distinct places it names: each distinct name of
 * a place in the city counts one, the city's own full name two more. Undefined unless one
 * city leads with at least two points.
 */
export function dominantCity(text: string): { place: Place; words: string[] } | undefined {
  const byCity = new Map<string, { place?: Place; words: Set<string>; full: boolean }>();
  for (const m of findPlaces(text)) {
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
  const any = findPlaces(best.city, { shortForms: false })[0]?.place;
  const place = best.s.place ?? any;
  return place ? { place, words: [...best.s.words] } : undefined;
}
