// The edge segmenter (src/search/segment, plain TS) must put query tokens in the same token
// space as the index built with nodejieba: same tokens, same order, for cut() and
// cutForSearch(), on the corpus it was exported from and on everyday questions.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { exportLexicon, GLIBC_LOG_FIXUPS, STOCK_FREQ_SUM } from "../../src/ingest/segment/lexicon-export";
import * as nodejieba from "../../src/ingest/segment/nodejieba";
import { createSegmenter, type Segmenter } from "../../src/search/segment/jieba";
import type { Lexicon } from "../../src/search/segment/lexicon";

const __dirname = path.dirname(fileURLToPath(import.meta.url));
const SEEDS_DIR = path.resolve(__dirname, "../../seeds");
const STARD_DIR = path.resolve(__dirname, "../../../shared/bench/stard/corpus");

function readLines(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .flatMap((f) => readFileSync(path.join(dir, f), "utf8").split("\n"))
    .filter((line) => line.length > 0);
}

const seedLines = readLines(SEEDS_DIR);
const stardLines = existsSync(STARD_DIR) ? readLines(STARD_DIR) : null;
if (!stardLines) console.warn(`[segment-agreement] ${STARD_DIR} not found: skipping the STARD part`);

const sizeOf = (lex: Lexicon) => {
  const json = JSON.stringify(lex);
  return { raw: Buffer.byteLength(json), gzip: gzipSync(json).length };
};

type Fn = "cut" | "cutForSearch";
function agreement(seg: Segmenter, lines: string[], fn: Fn, hmm: boolean) {
  let sameLines = 0;
  let tokens = 0;
  let sameTokens = 0;
  const diffs: string[] = [];
  for (const line of lines) {
    const want = nodejieba[fn](line, hmm);
    const got = seg[fn](line, hmm);
    tokens += want.length;
    for (let i = 0; i < want.length; i++) if (want[i] === got[i]) sameTokens++;
    if (want.length === got.length && want.every((t, i) => t === got[i])) sameLines++;
    else if (diffs.length < 3) diffs.push(`${JSON.stringify(want)}\n  vs ${JSON.stringify(got)}`);
  }
  return { lines: lines.length, sameLines, tokens, sameTokens, diffs };
}

function checkCorpus(name: string, seg: () => Segmenter, lines: () => string[]) {
  for (const hmm of [false, true]) {
    for (const fn of ["cut", "cutForSearch"] as const) {
      it(`${name}: ${fn}(text${hmm ? ", hmm=true" : ""}) is identical to nodejieba on every line`, () => {
        const a = agreement(seg(), lines(), fn, hmm);
        const pct = (x: number, n: number) => ((100 * x) / n).toFixed(2) + "%";
        console.log(
          `[segment-agreement] ${name} ${fn}${hmm ? " hmm" : ""}: lines ${a.sameLines}/${a.lines} (${pct(a.sameLines, a.lines)}),` +
            ` tokens ${a.sameTokens}/${a.tokens} (${pct(a.sameTokens, a.tokens)})`,
        );
        expect(a.diffs).toEqual([]);
        expect(a.sameLines).toBe(a.lines);
        expect(a.sameTokens).toBe(a.tokens);
      });
    }
  }
}

describe("edge segmenter vs nodejieba on the corpus", () => {
  let seg: Segmenter;
  beforeAll(() => {
    const lex = exportLexicon([...seedLines, ...(stardLines ?? [])]);
    seg = createSegmenter(JSON.parse(JSON.stringify(lex)));
    const s = sizeOf(lex);
    console.log(`[segment-agreement] lexicon seeds${stardLines ? "+STARD" : ""}: ${s.raw} B raw, ${s.gzip} B gzip`);
  });
  checkCorpus("seeds", () => seg, () => seedLines);
  if (stardLines) checkCorpus("STARD", () => seg, () => stardLines);
  else it.skip("STARD corpus missing (../shared/bench/stard/corpus)", () => {});
});

describe("seeds-only lexicon", () => {
  let lex: Lexicon;
  let seg: Segmenter;
  beforeAll(() => {
    lex = exportLexicon(seedLines);
    const json = JSON.stringify(lex);
    const t0 = performance.now();
    seg = createSegmenter(JSON.parse(json));
    const ms = performance.now() - t0;
    const s = sizeOf(lex);
    console.log(
      `[segment-agreement] lexicon seeds: ${s.raw} B raw, ${s.gzip} B gzip, ${lex.entries.split("\n").length} words;` +
        ` JSON.parse + createSegmenter ${ms.toFixed(1)} ms`,
    );
  });

  it("is deterministic and compact", () => {
    expect(JSON.stringify(exportLexicon([...seedLines].reverse()))).toBe(JSON.stringify(lex));
    expect(sizeOf(lex).raw).toBeLessThan(800_000);
  });

  it("keeps every domain word, with the median weight", () => {
    const domain = readFileSync(nodejieba.DOMAIN_DICT_PATH, "utf8").split("\n").filter(Boolean);
    const words = new Set(lex.entries.split("\n").map((e) => e.slice(0, -1)));
    for (const w of domain) expect(words.has(w), w).toBe(true);
    expect(lex.classes).toContain(null);
  });

  const cases: [string, string[]][] = [
    // ASCII letters/digits: without HMM (nodejieba's default) every ASCII char is its own token
    ["2017年一季度", ["2", "0", "1", "7", "年", "一季度"]],
    ["B2G企业服务平台", ["B", "2", "G", "企业", "服务平台"]],
    ["5G全覆盖", ["5", "G", "全", "覆盖"]],
    ["3+N工业园区", ["3", "+", "N", "工业园区"]],
    // everyday questions: the general vocabulary matters here (技改, 高企 come from the domain dict)
    ["我能申请哪些技改补贴", ["我", "能", "申请", "哪些", "技改", "补贴"]],
    ["公司被评上高企能拿多少钱", ["公司", "被评", "上", "高企", "能", "拿", "多少", "钱"]],
  ];
  for (const [text, expected] of cases) {
    it(`cut(${JSON.stringify(text)})`, () => {
      expect(nodejieba.cut(text)).toEqual(expected); // documents nodejieba's behaviour
      expect(seg.cut(text)).toEqual(expected);
    });
  }

  const samples = [
    ...cases.map((c) => c[0]),
    "小微企业怎么申请贷款贴息",
    "我们厂想买新设备，有没有补贴？",
    "申请专精特新要什么条件",
    "高新技术企业认定需要准备哪些材料",
    "外地企业搬到成都来有什么奖励",
    // full-width punctuation, digits and letters (，and 。 are separators, the rest are not)
    "（一）对“专精特新”企业给予奖励！？：；、《通知》１２３ＡＢＣ，。",
    "补贴标准为３．５％。",
    // emoji and characters outside the BMP, lone surrogate (nodejieba sees U+FFFD)
    "🚀科技创新😀奖励𠀀𪚥\ud800",
    // traditional characters
    "臺灣資訊科技產業補貼政策",
    // whitespace: space/tab/LF are separators and come back as tokens; CR is not a separator
    "第一条  申请条件\t说明\r\n第二条",
    "",
  ];
  for (const text of samples) {
    it(`cut/cutForSearch agree with nodejieba on ${JSON.stringify(text)}`, () => {
      for (const hmm of [false, true]) {
        expect(seg.cut(text, hmm)).toEqual(nodejieba.cut(text, hmm));
        expect(seg.cutForSearch(text, hmm)).toEqual(nodejieba.cutForSearch(text, hmm));
      }
    });
  }

  it("disagrees only through words missing from the lexicon, which the corpus brings in", () => {
    // 总则 (freq 81) is below generalMinFreq and absent from the seeds
    const text = "第一章 总则";
    expect(nodejieba.cut(text)).toEqual(["第一章", " ", "总则"]);
    expect(seg.cut(text)).toEqual(["第一章", " ", "总", "则"]);
    expect(createSegmenter(exportLexicon([...seedLines, text])).cut(text)).toEqual(nodejieba.cut(text));
  });
});

// cppjieba computes weights with glibc's log(); GLIBC_LOG_FIXUPS lists where V8's Math.log
// differs. Re-derive the table with the C library when a compiler is at hand (Linux only:
// that is the libm nodejieba.node is linked against here).
const cc = (() => {
  if (process.platform !== "linux") return null;
  for (const c of ["cc", "gcc", "clang"]) {
    try {
      execFileSync(c, ["--version"], { stdio: "ignore" });
      return c;
    } catch {}
  }
  return null;
})();

describe.skipIf(!cc)("GLIBC_LOG_FIXUPS", () => {
  it("matches glibc log(freq / freqSum) for every freq of jieba.dict", () => {
    const dictPath = nodejieba.nodejiebaDictPaths().dict;
    const freqs = readFileSync(dictPath, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => Number(l.split(" ")[1]));
    const sum = freqs.reduce((a, b) => a + b, 0);
    expect(sum).toBe(STOCK_FREQ_SUM);
    const distinct = [...new Set(freqs)].sort((a, b) => a - b);
    const dir = mkdtempSync(path.join(tmpdir(), "glibc-log-"));
    try {
      writeFileSync(
        path.join(dir, "log.c"),
        `#include <stdio.h>\n#include <stdlib.h>\n#include <math.h>\n` +
          `int main(void){ double f, sum = ${sum}.0; while (scanf("%lf", &f) == 1) printf("%.17g\\n", log(f / sum)); return 0; }\n`,
      );
      execFileSync(cc!, ["-O0", "-o", path.join(dir, "log"), path.join(dir, "log.c"), "-lm"]);
      const out = execFileSync(path.join(dir, "log"), { input: distinct.join("\n") }).toString().trim().split("\n");
      const fixups = distinct
        .map((f, i) => [f, Number(out[i])] as [number, number])
        .filter(([f, w]) => w !== Math.log(f / sum));
      expect(fixups).toEqual(GLIBC_LOG_FIXUPS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
