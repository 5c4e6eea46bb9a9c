// The pruned jieba lexicon shipped to the edge. Built in Node by
// src/ingest/segment/lexicon-export.ts from nodejieba's own dictionaries; consumed by
// createSegmenter() in ./jieba.ts. Plain JSON: no Maps, no typed arrays.
//
// Weights are reproduced exactly as cppjieba's DictTrie computes them:
//   dictionary word:           weight = log(freq / freqSum)   (freqSum = sum over the FULL jieba.dict)
//   user word without freq:    weight = userWeight            (median dictionary weight)
//   user word "w freq tag":    weight = log(freq / freqSum)
// cppjieba calls glibc's log(); V8's Math.log differs from it in the last bit for a few
// inputs, so `logFixups` carries glibc's result for those freqs (used by buildDict() in ./dict.ts).

export const LEXICON_FORMAT = "zhengcetong-jieba-lexicon";
export const LEXICON_VERSION = 2;

/** HMM states in cppjieba's order: B=0, E=1, M=2, S=3. */
export interface HmmModelJson {
  /** startProb[state] */
  start: number[];
  /** trans[from][to] */
  trans: number[][];
  /**
   * The full emission table of hmm_model.utf8, per state (B, E, M, S): [runes, codes] where
   * runes lists the state's code points (ascending) and codes holds 4 chars per rune, the
   * log-probability encoded with encodeEmitProb(). A rune missing here gets cppjieba's
   * default MIN_DOUBLE (-3.14e100), as in cppjieba.
   */
  emit: [string, string][];
}

// Emission log-probabilities have 6 decimals in hmm_model.utf8 (the exporter checks it), so
// prob = -n / 1e6 for an integer n, which we write as 4 base-92 digits (printable ASCII
// without '"' and '\\'): 4 bytes instead of ~11 as a JSON number. Exact: -n / 1e6 is the
// correctly rounded value of the decimal, as is atof()'s.
const EMIT_BASE = 92;
const EMIT_SCALE = 1e6;
const digitChar = (d: number) => String.fromCharCode(0x21 + d + (d >= 1 ? 1 : 0) + (d >= 58 ? 1 : 0));
const charDigit = (c: number) => c - 0x21 - (c > 0x22 ? 1 : 0) - (c > 0x5c ? 1 : 0);

/** The 4-char code of prob, or null if prob is not exactly -n/1e6 with 0 <= n < 92^4. */
export function encodeEmitProb(prob: number): string | null {
  const n = Math.round(-prob * EMIT_SCALE);
  if (!(n >= 0 && n < EMIT_BASE ** 4) || -n / EMIT_SCALE !== prob) return null;
  let code = "";
  for (let i = 0, rest = n; i < 4; i++, rest = Math.floor(rest / EMIT_BASE)) code = digitChar(rest % EMIT_BASE) + code;
  return code;
}

/** Decode the 4-char code at codes[at..at+3]. */
export function decodeEmitProb(codes: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 4; i++) n = n * EMIT_BASE + charDigit(codes.charCodeAt(i));
  return -n / EMIT_SCALE;
}

export interface Lexicon {
  format: typeof LEXICON_FORMAT;
  version: typeof LEXICON_VERSION;
  /** Sum of the freqs of the full jieba.dict (cppjieba's freq_sum_). */
  freqSum: number;
  /** cppjieba's GetMinWeight(): weight of the rarest dictionary word; used for runes not in the dict. */
  minWeight: number;
  /** cppjieba's user_word_default_weight_ (median dictionary weight). */
  userWeight: number;
  /** [freq, weight] pairs where glibc log(freq/freqSum) !== Math.log(freq/freqSum). */
  logFixups: [number, number][];
  /**
   * Weight classes: a freq (weight log(freq/freqSum)) or null (user word: userWeight).
   * Most used classes first, so that they get 1-byte codes.
   */
  classes: (number | null)[];
  /**
   * Every word followed by one char, its class (classToChar()), sorted by word in UTF-16
   * code-unit order, joined by "\n" (no word holds "\n", no class char is "\n"). Looked up
   * by binary search over the string itself: no per-word work at load.
   */
  entries: string;
  /** Single-rune words of the user dict (MixSegment never hands them to the HMM), joined by " ". */
  userSingles: string;
  hmm: HmmModelJson;
}

// Class k is stored as one UTF-16 unit from U+0020 up, skipping '"' and '\\' (which JSON would
// escape) and never reaching the surrogates: 1 byte of UTF-8 for the ~90 most used classes.
export const MAX_CLASSES = 0xd800 - 0x22;
export function classToChar(k: number): string {
  if (!(k >= 0 && k < MAX_CLASSES)) throw new RangeError(`weight class ${k} out of range`);
  let c = 0x20 + k;
  if (c >= 0x22) c++;
  if (c >= 0x5c) c++;
  return String.fromCharCode(c);
}
export function charCodeToClass(c: number): number {
  return c - 0x20 - (c > 0x22 ? 1 : 0) - (c > 0x5c ? 1 : 0);
}

function fail(msg: string): never {
  throw new Error(`invalid lexicon: ${msg}`);
}

function isNumArray(x: unknown, len?: number): x is number[] {
  return Array.isArray(x) && (len === undefined || x.length === len) && x.every((v) => typeof v === "number");
}

/** Shape check (no zod: this runs at worker cold start). Throws with a precise message. */
export function assertLexicon(x: unknown): asserts x is Lexicon {
  if (typeof x !== "object" || x === null) fail("not an object");
  const o = x as Record<string, unknown>;
  if (o.format !== LEXICON_FORMAT) fail(`format must be "${LEXICON_FORMAT}"`);
  if (o.version !== LEXICON_VERSION) fail(`unsupported version ${String(o.version)}`);
  for (const k of ["freqSum", "minWeight", "userWeight"]) {
    if (typeof o[k] !== "number" || !Number.isFinite(o[k])) fail(`${k} must be a finite number`);
  }
  if (!((o.freqSum as number) > 0)) fail("freqSum must be > 0");
  if (!Array.isArray(o.logFixups) || !o.logFixups.every((p) => isNumArray(p, 2))) {
    fail("logFixups must be [freq, weight][]");
  }
  if (!Array.isArray(o.classes) || !o.classes.every((c) => c === null || typeof c === "number")) {
    fail("classes must be (number | null)[]");
  }
  if (typeof o.entries !== "string") fail("entries must be a string");
  if (typeof o.userSingles !== "string") fail("userSingles must be a string");
  const h = o.hmm as Record<string, unknown> | null;
  if (typeof h !== "object" || h === null) fail("hmm missing");
  if (!isNumArray(h.start, 4)) fail("hmm.start must be number[4]");
  if (!Array.isArray(h.trans) || h.trans.length !== 4 || !h.trans.every((r) => isNumArray(r, 4))) {
    fail("hmm.trans must be number[4][4]");
  }
  if (
    !Array.isArray(h.emit) ||
    h.emit.length !== 4 ||
    !h.emit.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && typeof e[1] === "string")
  ) {
    fail("hmm.emit must be [string, string][4]");
  }
}

/** Split a " "-joined word list; "" means no words. */
export function splitWords(s: string): string[] {
  return s === "" ? [] : s.split(" ");
}
