// The generated lookup tables (npm run gen:tables) are up to date, and the runtime code over
// them behaves exactly as the code that built the tables at first use (scripts/lookup-tables/legacy.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Locale } from "opencc-js/t2cn";
import { describe, expect, it } from "vitest";
import { gazetteerModule, t2sModule, TABLE_FILES } from "../../scripts/lookup-tables/encode.js";
import {
  legacyDominantCity,
  legacyEntries,
  legacyFindPlaces,
  legacyT2sTable,
  legacyToSimplified,
} from "../../scripts/lookup-tables/legacy.js";
import { toSimplified } from "../../src/search/t2s.js";
import { dominantCity, findPlaces, regionName, type FindOptions } from "../../src/shared/regions.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const seedLines = readdirSync(join(ROOT, "seeds"))
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .flatMap((f) => readFileSync(join(ROOT, "seeds", f), "utf8").split("\n"));
const seedTexts = readdirSync(join(ROOT, "seeds"))
  .filter((f) => f.endsWith(".txt"))
  .map((f) => readFileSync(join(ROOT, "seeds", f), "utf8"));
const questions = (
  JSON.parse(readFileSync(join(ROOT, "test/fixtures/seed-questions.public.json"), "utf8")) as { q: string }[]
).map((x) => x.q);

describe("generated tables", () => {
  it("equal what the generator writes (run npm run gen:tables when this fails)", () => {
    expect(readFileSync(TABLE_FILES.t2s, "utf8")).toBe(t2sModule());
    expect(readFileSync(TABLE_FILES.gazetteer, "utf8")).toBe(gazetteerModule());
  });
});

describe("toSimplified over the generated table", () => {
  it("maps every character of OpenCC's tables as before", () => {
    const chars = new Set<string>();
    for (const [from, to] of legacyT2sTable()) chars.add(from).add(to);
    for (const dict of (Locale.to.cn as unknown[][]).flat()) if (typeof dict === "string") for (const ch of dict) chars.add(ch);
    expect(chars.size).toBeGreaterThan(6000);
    const all = [...chars].join("");
    expect(toSimplified(all)).toBe(legacyToSimplified(all));
    for (const ch of chars) expect(toSimplified(ch)).toBe(legacyToSimplified(ch));
  });

  it("converts sentences as before", () => {
    expect(toSimplified("技術改造有什麼補貼")).toBe("技术改造有什么补贴");
    const samples = [
      "高新技術企業獎勵",
      "著作權人的權利",
      "臺灣省與香港特別行政區",
      "",
      "abc 123 ，。！",
      "\ud800 lone \udc00 surrogates",
      "𠵾㗲 𡞱㜢 astral",
      ...questions,
      ...seedLines,
    ];
    for (const s of samples) expect(toSimplified(s)).toBe(legacyToSimplified(s));
  });
});

describe("findPlaces over the generated gazetteer", () => {
  const options: (FindOptions | undefined)[] = [
    undefined,
    { shortForms: false },
    { countyShortForms: false },
    { shortForms: false, countyShortForms: false },
    { shortForms: true, countyShortForms: true },
  ];
  // As JSON, to compare key order too (a province has a city key only if a municipality).
  const same = (text: string) => {
    for (const o of options) expect(JSON.stringify(findPlaces(text, o))).toBe(JSON.stringify(legacyFindPlaces(text, o)));
  };

  it("finds the same places in hand-written texts", () => {
    const texts = [
      "十堰的企业",
      "北京市积分落户",
      "湖北省十堰市郧西县",
      "新兴",
      "新兴县的企业",
      "仪陇县和仪陇",
      "公安县资源县",
      "吉林省吉林市",
      "延边朝鲜族自治州和延边",
      "克孜勒苏柯尔克孜自治州",
      "重庆市渝中区",
      "上海浦东新区",
      "经济技术开发区高新区",
      "省直辖县级行政区划",
      "香港特别行政区澳门",
      "",
      "𠵾十堰\ud800市",
    ];
    for (const t of texts) same(t);
    expect(findPlaces("十堰的企业").map((m) => m.word)).toEqual(["十堰"]);
    expect(findPlaces("新兴", { countyShortForms: false })).toEqual([]);
  });

  it("finds the same places in the seeds (line by line and whole) and the seed questions", () => {
    for (const t of [...seedLines, ...seedTexts, ...questions]) same(t);
  });

  it("finds every gazetteer word as before, alone, in a sentence and next to the following word", () => {
    const words = legacyEntries().map((e) => e.word);
    words.forEach((w, i) => {
      same(w);
      same(`在${w}的企业`);
      same(w + words[(i + 1) % words.length]);
    });
  });

  it("keeps one object per place, and the same dominant city and region names", () => {
    expect(findPlaces("十堰市")[0].place).toBe(findPlaces("十堰")[0].place);
    for (const t of [...seedTexts, ...seedLines, ...questions, "十堰市郧西县，十堰"]) {
      expect(JSON.stringify(dominantCity(t))).toBe(JSON.stringify(legacyDominantCity(t)));
    }
    for (const m of findPlaces(legacyEntries().map((e) => e.word).join("，"))) {
      expect(regionName(m.place)).toBe(
        m.place.level === "province" || m.place.city === m.place.province ? m.place.province : m.place.province + m.place.city,
      );
    }
  });
});
