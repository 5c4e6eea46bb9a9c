// index/postings.json: the inverted index the edge searches, in a form that costs nothing to
// load. Terms are one sorted, space-joined string; each term's postings are a run of a second
// string, found through fixed-width offsets, and decoded only when a question asks for the
// term. Parsing the file is parsing a few long strings, whatever the corpus size.
//
// Numbers are written as base-32 varints in printable ASCII that JSON never escapes: every
// digit but the last comes from MORE, the last from END. Offsets are fixed-width base-64.

export const POSTINGS_FORMAT = "zhengcetong-postings";
export const POSTINGS_VERSION = 1;

const END = "abcdefghijklmnopqrstuvwxyz012345";
const MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789+/";
const DIGITS64 = END + MORE;
/** Char code → digit value (0–31 END, 32–63 MORE), -1 for any other char. */
const VALUE = new Int8Array(128).fill(-1);
for (let d = 0; d < 64; d++) VALUE[DIGITS64.charCodeAt(d)] = d;

/** A term list with its postings: `stride` numbers per posting, the first a clause-number delta. */
export interface PostingList {
  /** Sorted terms (code-unit order), joined by " ". */
  terms: string;
  /** Chars per offset. */
  width: number;
  /** terms + 1 offsets into `postings`, `width` base-64 digits each. */
  offsets: string;
  postings: string;
}

export interface PostingsData {
  format: typeof POSTINGS_FORMAT;
  version: typeof POSTINGS_VERSION;
  clauses: number;
  avg: { words: number; heading: number; context: number; grams: number };
  /** Per clause, in order: its token counts in words, heading, context and bigrams (varints). */
  lengths: string;
  /** Index words: postings of [clause delta, count in text, in heading path, in lead-in]. */
  words: PostingList;
  /** Character bigrams of path, label and text: postings of [clause delta, count]. */
  grams: PostingList;
}

// ── writing (build time) ──

export function encodeVarint(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`cannot encode ${n}`);
  let out = END[n & 31];
  for (n = Math.floor(n / 32); n > 0; n = Math.floor(n / 32)) out = MORE[n & 31] + out;
  return out;
}

/** Builds a posting list from term → [clause, ...counts][] (clauses ascending). */
export function encodePostingList(byTerm: Map<string, number[][]>): PostingList {
  const terms = [...byTerm.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const runs: string[] = [];
  const starts: number[] = [];
  let length = 0;
  for (const term of terms) {
    if (term === "" || term.includes(" ")) throw new Error(`postings: bad term ${JSON.stringify(term)}`);
    starts.push(length);
    let previous = -1;
    let run = "";
    for (const [clause, ...counts] of byTerm.get(term)!) {
      if (clause <= previous) throw new Error(`postings: clauses of "${term}" are not ascending`);
      run += encodeVarint(clause - previous) + counts.map(encodeVarint).join("");
      previous = clause;
    }
    runs.push(run);
    length += run.length;
  }
  starts.push(length);
  let width = 1;
  while (64 ** width <= length) width++;
  const offsets = starts.map((s) => fixedWidth(s, width)).join("");
  return { terms: terms.join(" "), width, offsets, postings: runs.join("") };
}

function fixedWidth(n: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++, n = Math.floor(n / 64)) out = DIGITS64[n % 64] + out;
  return out;
}

// ── reading (edge) ──

/** Decodes every varint of s[from, to) into out (appending); returns out. */
export function decodeVarints(s: string, from: number, to: number, out: number[] = []): number[] {
  let n = 0;
  for (let i = from; i < to; i++) {
    const code = s.charCodeAt(i);
    const d = code < 128 ? VALUE[code] : -1;
    if (d < 0) throw new Error(`postings: bad digit at ${i}`);
    if (d >= 32) n = n * 32 + (d - 32);
    else {
      out.push(n * 32 + d);
      n = 0;
    }
  }
  if (n !== 0) throw new Error("postings: truncated number");
  return out;
}

/** A loaded posting list: term lookup by binary search, a term's run decoded on demand. */
export class PostingReader {
  private readonly terms: string[];

  constructor(
    private readonly list: PostingList,
    private readonly stride: number,
  ) {
    this.terms = list.terms === "" ? [] : list.terms.split(" ");
    if (list.offsets.length !== (this.terms.length + 1) * list.width) throw new Error("postings: offsets do not match the terms");
    if (this.offset(this.terms.length) !== list.postings.length) throw new Error("postings: last offset is not the postings' length");
  }

  get size(): number {
    return this.terms.length;
  }

  /** Every term, in order (tests and tools). */
  allTerms(): readonly string[] {
    return this.terms;
  }

  /** The term's numbers, `stride` per posting with absolute clause numbers; empty if absent. */
  read(term: string): number[] {
    const k = this.find(term);
    if (k < 0) return [];
    const values = decodeVarints(this.list.postings, this.offset(k), this.offset(k + 1));
    if (values.length % this.stride !== 0) throw new Error(`postings: bad run for "${term}"`);
    for (let i = 0, clause = -1; i < values.length; i += this.stride) values[i] = clause += values[i];
    return values;
  }

  private find(term: string): number {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.terms.length && this.terms[lo] === term ? lo : -1;
  }

  private offset(k: number): number {
    const { offsets, width } = this.list;
    let n = 0;
    for (let i = k * width; i < (k + 1) * width; i++) n = n * 64 + VALUE[offsets.charCodeAt(i)];
    return n;
  }
}

/** Shape check of postings.json (no zod: this runs at cold start on a few long strings). */
export function assertPostings(x: unknown): asserts x is PostingsData {
  const fail = (msg: string): never => {
    throw new Error(`postings.json: ${msg}`);
  };
  if (typeof x !== "object" || x === null) fail("not an object");
  const o = x as Record<string, unknown>;
  if (o.format !== POSTINGS_FORMAT) fail(`format must be "${POSTINGS_FORMAT}"`);
  if (o.version !== POSTINGS_VERSION) fail(`unsupported version ${String(o.version)}`);
  if (!Number.isInteger(o.clauses) || (o.clauses as number) < 0) fail("clauses must be a count");
  const avg = o.avg as Record<string, unknown> | null;
  if (typeof avg !== "object" || avg === null || !["words", "heading", "context", "grams"].every((k) => typeof avg[k] === "number" && (avg[k] as number) > 0)) {
    fail("avg must hold four positive numbers");
  }
  if (typeof o.lengths !== "string") fail("lengths must be a string");
  for (const name of ["words", "grams"]) {
    const l = (o[name] ?? fail(`${name} missing`)) as Record<string, unknown>;
    if (typeof l !== "object") fail(`${name} must be an object`);
    if (typeof l.terms !== "string" || typeof l.offsets !== "string" || typeof l.postings !== "string") fail(`${name}: terms, offsets and postings must be strings`);
    if (!Number.isInteger(l.width) || (l.width as number) < 1 || (l.width as number) > 8) fail(`${name}: bad width`);
  }
}
