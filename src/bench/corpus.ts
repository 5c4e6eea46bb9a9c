// The "100× corpus": `scale` variants of every seed document, written to a folder the
// repo's own builder reads. Variant 0 is the seed itself; the others move the document
// to another prefecture-level city (city, province and county names, full and short),
// scale amounts and counts, shift years, and renumber the document number, all drawn
// from a generator seeded by (seed, document, variant), so the same arguments always
// write byte-identical files.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Catalogue } from "../shared/schema.js";
import { allCities, cityOfRegion, type City } from "./places.js";
import { rngFor, shuffled, type Rng } from "./prng.js";

export interface GeneratedCorpus {
  dir: string;
  documents: number;
  bytes: number;
}

export interface SeedDocument {
  source: string;
  text: string;
  /** Region as the seed index recorded it ("四川省成都市"). */
  region?: string;
}

/** Seeds (their .txt files) with the regions the seed index found for them. */
export function readSeeds(seedDir: string, seedIndexDir: string): SeedDocument[] {
  const docs = JSON.parse(readFileSync(join(seedIndexDir, "documents.json"), "utf8")) as { source: string; region?: string }[];
  const regions = new Map(docs.map((d) => [d.source, d.region]));
  return readdirSync(seedDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((source) => ({ source, text: readFileSync(join(seedDir, source), "utf8"), region: regions.get(source) }));
}

export function generateCorpus(seedDir: string, seedIndexDir: string, outDir: string, scale: number, seed = 1): GeneratedCorpus {
  mkdirSync(outDir, { recursive: true });
  const seeds = readSeeds(seedDir, seedIndexDir);
  const seedCatalogue = JSON.parse(readFileSync(join(seedDir, "catalogue.json"), "utf8")) as Catalogue;
  const pool = shuffled(allCities(), rngFor(seed, "cities"));
  const catalogue: Catalogue = {};
  let bytes = 0;
  let n = 0;
  seeds.forEach((doc, s) => {
    const home = cityOfRegion(doc.region);
    for (let v = 0; v < scale; v++) {
      const name = `${doc.source.replace(/\.txt$/, "")}_v${String(v).padStart(3, "0")}.txt`;
      let text = doc.text;
      let entry = seedCatalogue[doc.source];
      if (v > 0) {
        const rng = rngFor(seed, doc.source, v);
        let target = pool[(s * scale + v) % pool.length];
        if (home && target.code === home.code) target = pool[(s * scale + v + 1) % pool.length];
        const places = home ? placeMap(doc.text, home, target, rng) : new Map<string, string>();
        text = varyNumbers(replaceAll(doc.text, places), rng, v);
        if (entry) entry = mapStrings(entry, (x) => replaceAll(x, places));
      }
      if (entry) catalogue[name] = entry;
      writeFileSync(join(outDir, name), text);
      bytes += Buffer.byteLength(text);
      n++;
    }
  });
  writeFileSync(join(outDir, "catalogue.json"), JSON.stringify(catalogue, null, 1) + "\n");
  return { dir: outDir, documents: n, bytes };
}

/** home's names that occur in the text → the target's. */
function placeMap(text: string, home: City, target: City, rng: Rng): Map<string, string> {
  const map = new Map<string, string>([
    [home.name, target.name],
    [home.province, target.province],
  ]);
  if (home.short.length >= 2) map.set(home.short, target.short);
  if (home.provinceShort.length >= 2) map.set(home.provinceShort, target.provinceShort);
  const counties = shuffled(target.counties, rng);
  let k = 0;
  for (const c of home.counties) {
    // Short forms only for counties and county-level cities: district names are common words.
    const shortOk = /[县市]$/.test(c.name) && c.short !== c.name;
    if (!text.includes(c.name) && !(shortOk && text.includes(c.short))) continue;
    const to = counties[k++ % counties.length];
    map.set(c.name, to.name);
    if (shortOk) map.set(c.short, to.short);
  }
  return map;
}

export function replaceAll(text: string, map: Map<string, string>): string {
  if (map.size === 0) return text;
  const keys = [...map.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gu");
  return text.replace(re, (m) => map.get(m) ?? m);
}

const UNIT = /^\s*(亿|万|千|百|元|%|％|个|家|场|项|户|人|名|次|台|套|辆|吨|平方|亩|公里|兆瓦|千瓦|倍|所|件|条|批|强|座|栋|张|笔|款|种|只|余|多|GW|MW|kW|kw)/u;

/**
 * Amounts and counts (a number before a unit) × 0.6–1.6, same decimals; years (19xx/20xx
 * not before a unit) shifted by the variant's offset; the serial of a document number
 * (〔2017〕6号) changed. List numbers at a line start, times and codes are left alone; dates'
 * months and days too, unless `dates` (then redrawn: months 1–12, days 1–28).
 */
export function varyNumbers(text: string, rng: Rng, variant: number, { dates = false } = {}): string {
  const yearShift = Math.floor(rng() * 7) - 3;
  return text.replace(/\d+(?:\.\d+)?/g, (m, offset: number) => {
    const before = text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset);
    const after = text.slice(offset + m.length, offset + m.length + 4);
    if (before.trim() === "" && /^[.、．)）]/.test(after)) return m;
    if (/[\d.]$/.test(before)) return m;
    if (UNIT.test(after)) {
      const decimals = m.includes(".") ? m.length - m.indexOf(".") - 1 : 0;
      let value = Number(m) * (0.6 + rng());
      if (/^\s*[%％]/.test(after) && Number(m) <= 100) value = Math.min(value, 100);
      return decimals > 0 ? value.toFixed(decimals) : String(Math.max(1, Math.round(value)));
    }
    if (/^(19|20)\d\d$/.test(m)) return String(Number(m) + yearShift);
    if (dates && /^\s*月/.test(after) && Number(m) >= 1 && Number(m) <= 12) return String(1 + Math.floor(rng() * 12));
    if (dates && /^\s*日/.test(after) && Number(m) >= 1 && Number(m) <= 31) return String(1 + Math.floor(rng() * 28));
    if (before.endsWith("〕") && after.startsWith("号")) return String(Number(m) + variant);
    return m;
  });
}

function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === "string") return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  }
  return value;
}
