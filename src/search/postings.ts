// index/postings.json: the inverted index the edge searches, in a form that costs nothing to
// load. Terms are one sorted, space-joined string, each term followed by the fixed-width
// offset of its run in a second string, the postings, decoded only when a question asks for
// the term. Loading is parsing a few long strings, whatever the corpus size; a lookup is a
// binary search over the first string itself.
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
  /**
   * Entries joined by " ", sorted by term (code-unit order): the term, then the offset of
   * its run in `postings` as `width` base-64 digits. A run ends where the next one starts.
   */
  entries: string;
  /** Chars per offset. */
  width: number;
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
  /**
   * Learned questions (常见问法, `npm run index -- --learn FILE`), each a unit of its own: their
   * words' postings of [question delta, count]; per question its word count (varints) and the
   * clauses that answer it (varints: how many, then the clause numbers); the mean word count.
   * Absent from an index built without questions.
   */
  learned?: { list: PostingList; lengths: string; answers: string; avg: number };
  /**
   * Each document's title and issuer as index words (src/search/documents.ts): postings of
   * [document delta], documents numbered in documents.json's order. Read on demand, so that no
   * title is segmented at cold start. Absent from older indexes (the titles are then segmented
   * on first use).
   */
  titles?: PostingList;
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
  let width = 1;
  while (64 ** width <= length) width++;
  const entries = terms.map((term, k) => term + fixedWidth(starts[k], width)).join(" ");
  return { entries, width, postings: runs.join("") };
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

/**
 * One term's list as `stride` typed columns, the first absolute (clause or document numbers,
 * ascending), from the rows that hold it: per shard, its rows in order, each decoding on its own
 * (its first delta counts from -1). `count` is the list's number of postings over all shards.
 * Shards' runs are merged by the first column. Nothing but the columns is allocated.
 */
export function decodeColumns(shards: string[][], stride: number, count: number): Int32Array[] {
  const columns = Array.from({ length: stride }, () => new Int32Array(count));
  const ends: number[] = [];
  let k = 0;
  let col = 0;
  for (const rows of shards) {
    for (const s of rows) {
      let n = 0;
      let at = -1;
      for (let i = 0; i < s.length; i++) {
        const code = s.charCodeAt(i);
        const d = code < 128 ? VALUE[code] : -1;
        if (d < 0) throw new Error(`postings: bad digit at ${i}`);
        if (d >= 32) {
          n = n * 32 + (d - 32);
          continue;
        }
        const v = n * 32 + d;
        n = 0;
        if (k >= count) throw new Error(`postings: more than the ${count} postings the list has`);
        if (col === 0) columns[0][k] = at += v;
        else columns[col][k] = v;
        if (++col === stride) {
          col = 0;
          k++;
        }
      }
      if (n !== 0 || col !== 0) throw new Error("postings: truncated run");
    }
    ends.push(k);
  }
  if (k !== count) throw new Error(`postings: ${k} postings, the list has ${count}`);
  const segments = ends.filter((end, s) => end > (s > 0 ? ends[s - 1] : 0)).length;
  if (segments <= 1) return columns;
  // k-way merge of the shards' segments by the first column
  const starts = ends.map((_, s) => (s > 0 ? ends[s - 1] : 0));
  const out = Array.from({ length: stride }, () => new Int32Array(count));
  for (let m = 0; m < count; m++) {
    let best = -1;
    for (let s = 0; s < ends.length; s++) if (starts[s] < ends[s] && (best < 0 || columns[0][starts[s]] < columns[0][starts[best]])) best = s;
    for (let c = 0; c < stride; c++) out[c][m] = columns[c][starts[best]];
    starts[best]++;
  }
  return out;
}

/** Every term of a list in order, with its numbers (`stride` per posting, clause deltas as stored). */
export function eachPostingRun(list: PostingList, stride: number, f: (term: string, numbers: number[]) => void): void {
  if (list.entries === "") return;
  const entries = list.entries.split(" ");
  const starts = entries.map((e) => readOffset(e, e.length - list.width, list.width));
  entries.forEach((e, k) => {
    const term = e.slice(0, -list.width);
    const numbers = decodeVarints(list.postings, starts[k], k + 1 < starts.length ? starts[k + 1] : list.postings.length);
    if (numbers.length % stride !== 0) throw new Error(`postings: the run of "${term}" is not a multiple of ${stride}`);
    f(term, numbers);
  });
}

/** A run's numbers, `stride` per posting, each posting's first made absolute (the deltas count from -1). */
export function decodeRun(s: string, from: number, to: number, stride: number): number[] {
  const values = decodeVarints(s, from, to);
  for (let i = 0, at = -1; i < values.length; i += stride) values[i] = at += values[i];
  return values;
}

/** A loaded posting list: term lookup by binary search, a term's run decoded on demand. */
export class PostingReader {
  constructor(
    private readonly list: PostingList,
    private readonly stride: number,
  ) {
    const { entries, width } = list;
    if (entries !== "" && (entries.startsWith(" ") || entries.endsWith(" ") || entries.includes("  "))) throw new Error("postings: empty entry");
    if (entries !== "" && entries.indexOf(" ") !== -1 && entries.indexOf(" ") <= width) throw new Error("postings: entry shorter than its offset");
  }

  /** Every term, in order (tests and tools). */
  allTerms(): string[] {
    return this.list.entries === "" ? [] : this.list.entries.split(" ").map((e) => e.slice(0, -this.list.width));
  }

  /** The term's numbers, `stride` per posting with absolute clause numbers; empty if absent. */
  read(term: string): number[] {
    const { entries, width, postings } = this.list;
    // Binary search over entry start positions (lo is always one): the entry whose term is term.
    let lo = 0;
    let hi = entries.length;
    let found = -1;
    let end = 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = entries.lastIndexOf(" ", mid - 1) + 1;
      end = entries.indexOf(" ", start);
      if (end === -1) end = entries.length;
      const t = entries.slice(start, end - width);
      if (t === term) {
        found = start;
        break;
      }
      if (t < term) lo = end + 1;
      else hi = start;
    }
    if (found < 0) return [];
    const from = this.offset(end - width);
    const nextEnd = end === entries.length ? -1 : entries.indexOf(" ", end + 1);
    const to = end === entries.length ? postings.length : this.offset((nextEnd === -1 ? entries.length : nextEnd) - width);
    if (!(from <= to && to <= postings.length)) throw new Error(`postings: bad offsets for "${term}"`);
    const values = decodeRun(postings, from, to, this.stride);
    if (values.length % this.stride !== 0) throw new Error(`postings: bad run for "${term}"`);
    return values;
  }

  private offset(at: number): number {
    return readOffset(this.list.entries, at, this.list.width);
  }
}

/** The base-64 number of `width` digits at s[at…]. */
function readOffset(s: string, at: number, width: number): number {
  let n = 0;
  for (let i = at; i < at + width; i++) {
    const code = s.charCodeAt(i);
    const d = code < 128 ? VALUE[code] : -1;
    if (d < 0) throw new Error(`postings: bad offset digit at ${i}`);
    n = n * 64 + d;
  }
  return n;
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
  const checkList = (name: string, l: Record<string, unknown>) => {
    if (typeof l !== "object" || l === null) fail(`${name} must be an object`);
    if (typeof l.entries !== "string" || typeof l.postings !== "string") fail(`${name}: entries and postings must be strings`);
    if (!Number.isInteger(l.width) || (l.width as number) < 1 || (l.width as number) > 8) fail(`${name}: bad width`);
  };
  for (const name of ["words", "grams"]) checkList(name, (o[name] ?? fail(`${name} missing`)) as Record<string, unknown>);
  if (o.learned !== undefined) {
    const l = o.learned as Record<string, unknown>;
    if (typeof l !== "object" || l === null || typeof l.lengths !== "string" || typeof l.answers !== "string" || typeof l.avg !== "number" || !(l.avg > 0)) {
      fail("learned must hold lengths, answers and a positive avg");
    }
    checkList("learned.list", l.list as Record<string, unknown>);
  }
  if (o.titles !== undefined) checkList("titles", o.titles as Record<string, unknown>);
}
