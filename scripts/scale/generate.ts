// A policy library of about N clauses made from the real one (/work/shared/bench/realdocs):
// every generated document is a real document re-issued for another prefecture-level city
// (city, province and county names, full and short, from the gazetteer src/bench/places.ts),
// with amounts and counts scaled, years shifted, document numbers renumbered, and a share of
// its sentences swapped with sentences of other documents on the same subject. Variant 0 of
// each real document is the document itself. Deterministic: the same arguments write the same
// bytes.
//
//   npx tsx scripts/scale/generate.ts --clauses 100000 --out /tmp/scale/gen100k [--seed 1] [--swap 0.15] [--check 200]
//
// Calibration: each real document is ingested once (ingestDocument, today's ingestion) for its
// clause count; documents are written, cycling over the real ones in a shuffled order, until
// the sum of their base documents' clause counts reaches N. --check K re-ingests K generated
// documents (a seeded sample) and prints their clauses against the estimate.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { allCities, shortProvince, type City } from "../../src/bench/places.js";
import { rngFor, shuffled, type Rng } from "../../src/bench/prng.js";
import { replaceAll, varyNumbers } from "../../src/bench/corpus.js";
import { documentId, ingestDocument } from "../../src/ingest/document.js";

/** ../shared/bench/realdocs beside the repository (its docs/ and sources.json). */
const REALDOCS = join(import.meta.dirname, "../../../shared/bench/realdocs");

const { values } = parseArgs({
  options: {
    clauses: { type: "string" },
    out: { type: "string" },
    seed: { type: "string", default: "1" },
    swap: { type: "string", default: "0.15" },
    check: { type: "string", default: "0" },
    source: { type: "string", default: REALDOCS },
    /** Instead of --clauses: K times the source's own clauses. */
    times: { type: "string" },
  },
});
if (!(values.clauses || values.times) || !values.out) throw new Error("usage: generate.ts (--clauses N | --times K) --out DIR [--source REALDOCS_DIR] [--seed S] [--swap 0.15] [--check K]");
const seed = Number(values.seed);
const swapShare = Number(values.swap);
const out = values.out;

interface Real {
  file: string;
  text: string;
  region?: string;
  clauses: number;
  subject: string;
  sentences: string[];
}

/** Subject of a document from its title: the first of these words it holds (housing-policy library). */
const SUBJECTS = ["公积金", "保障性租赁住房", "人才", "购房补贴", "城中村", "棚户区", "老旧小区", "房地产", "商品房", "物业", "租赁", "住房", "规划", "土地", "建筑", "城市更新", "消费", "经济"];
const subjectOf = (title: string) => SUBJECTS.find((s) => title.includes(s)) ?? "其他";

function readReal(): Real[] {
  const sources = JSON.parse(readFileSync(join(values.source!, "sources.json"), "utf8")) as { file: string; region?: string }[];
  const region = new Map(sources.map((s) => [s.file, s.region]));
  const files = readdirSync(join(values.source!, "docs")).filter((f) => f.endsWith(".txt")).sort();
  return files.map((file) => {
    const text = readFileSync(join(values.source!, "docs", file), "utf8");
    const { clauses } = ingestDocument({ id: documentId(file), source: file, text });
    const title = text.split("\n", 1)[0];
    // sentences of the body (not the title line), for swapping between documents of a subject
    const sentences = text
      .split("\n")
      .slice(1)
      .flatMap((line) => line.match(/[^。！？]+[。！？]/gu) ?? [])
      .filter((s) => [...s].length >= 8 && [...s].length <= 200);
    return { file, text, region: region.get(file), clauses: clauses.length, subject: subjectOf(title), sentences };
  });
}

function homeOf(region: string | undefined): { city?: City; province?: string } {
  if (!region) return {};
  const cities = allCities();
  const city = cities.find((c) => region === c.name || region === c.province + c.name || region.endsWith(c.name));
  if (city) return { city };
  const province = cities.find((c) => region === c.province || region === c.provinceShort)?.province;
  return province ? { province } : {};
}

/** The home's names that occur in the text → the target city's. */
function placeMap(text: string, home: { city?: City; province?: string }, to: City, rng: Rng): Map<string, string> {
  const map = new Map<string, string>();
  const province = home.city?.province ?? home.province;
  if (province && province !== to.province) {
    map.set(province, to.province);
    const ps = shortProvince(province);
    if (ps.length >= 2) map.set(ps, to.provinceShort);
  }
  if (home.city) {
    map.set(home.city.name, to.name);
    if (home.city.short.length >= 2) map.set(home.city.short, to.short);
    const counties = shuffled(to.counties, rng);
    let k = 0;
    for (const c of home.city.counties) {
      const shortOk = /[县市]$/.test(c.name) && c.short !== c.name;
      if (!text.includes(c.name) && !(shortOk && text.includes(c.short))) continue;
      const t = counties[k++ % counties.length];
      map.set(c.name, t.name);
      if (shortOk) map.set(c.short, t.short);
    }
  } else if (!province) {
    // a central document: re-issued by a city ("X市贯彻落实…")
  }
  return map;
}


/** A share of the body's sentences replaced by sentences of other documents on the same subject. */
function swapSentences(text: string, donors: Real[], rng: Rng): string {
  if (donors.length === 0 || swapShare <= 0) return text;
  const lines = text.split("\n");
  return [
    lines[0],
    ...lines.slice(1).map((line) =>
      line.replace(/[^。！？\n]+[。！？]/gu, (s) => {
        if (rng() >= swapShare) return s;
        const donor = donors[Math.floor(rng() * donors.length)];
        return donor.sentences.length ? donor.sentences[Math.floor(rng() * donor.sentences.length)] : s;
      }),
    ),
  ].join("\n");
}

const t0 = performance.now();
const real = readReal();
const realClauses = real.reduce((s, r) => s + r.clauses, 0);
console.error(`realdocs: ${real.length} documents, ${realClauses} clauses by ingestDocument (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
const target = values.times ? Math.round(Number(values.times) * realClauses) : Number(values.clauses);
if (!(target > 0)) throw new Error("--clauses / --times: a positive number");
const bySubject = new Map<string, Real[]>();
for (const r of real) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r]);
const cities = shuffled(allCities(), rngFor(seed, "cities"));
const order = shuffled(real, rngFor(seed, "order"));

if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} is not empty`);
mkdirSync(out, { recursive: true });
let estimate = 0;
let n = 0;
let bytes = 0;
let sampledBase = 0;
let sampledGot = 0;
const written: { name: string; estimate: number }[] = [];
for (let v = 0; estimate < target; v++) {
  for (const r of order) {
    if (estimate >= target) break;
    const name = `${r.file.replace(/\.txt$/, "")}_v${String(v).padStart(4, "0")}.txt`;
    let text = r.text;
    if (v > 0) {
      const rng = rngFor(seed, r.file, v);
      const to = cities[(n * 7 + v) % cities.length];
      const home = homeOf(r.region);
      const donors = (bySubject.get(r.subject) ?? []).filter((d) => d !== r);
      text = swapSentences(text, donors, rng);
      text = varyNumbers(replaceAll(text, placeMap(text, home, to, rng)), rng, v, { dates: true });
      if (!home.city && !home.province) {
        // a central or unplaced document: re-issued by the city (its title says so)
        const [title, ...rest] = text.split("\n");
        text = [`${to.name}人民政府办公室转发${title.replace(/^【[^】]*】/u, "")}`, ...rest].join("\n");
      }
    }
    writeFileSync(join(out, name), text);
    bytes += Buffer.byteLength(text);
    // every 20th re-issued document is ingested: the running ratio (variants lose a few clauses
    // when a swapped sentence joins a heading to its text) corrects the estimate
    if (v > 0 && n % 20 === 0) {
      sampledBase += r.clauses;
      sampledGot += ingestDocument({ id: documentId(name), source: name, text }).clauses.length;
    }
    estimate += v > 0 && sampledBase > 0 ? (r.clauses * sampledGot) / sampledBase : r.clauses;
    written.push({ name, estimate: v > 0 && sampledBase > 0 ? (r.clauses * sampledGot) / sampledBase : r.clauses });
    n++;
  }
}
console.log(JSON.stringify({ out, documents: n, estimatedClauses: Math.round(estimate), variantRatio: +(sampledGot / Math.max(1, sampledBase)).toFixed(3), megabytes: +(bytes / 2 ** 20).toFixed(1), seconds: +((performance.now() - t0) / 1000).toFixed(1) }));

const check = Number(values.check);
if (check > 0) {
  const sample = shuffled(written, rngFor(seed, "check")).slice(0, check);
  let est = 0;
  let got = 0;
  for (const w of sample) {
    const text = readFileSync(join(out, w.name), "utf8");
    got += ingestDocument({ id: documentId(w.name), source: w.name, text }).clauses.length;
    est += w.estimate;
  }
  console.log(JSON.stringify({ check: sample.length, estimatedClauses: Math.round(est), ingestedClauses: got, ratio: +(got / est).toFixed(3) }));
}
