// Issue 15 measurements: a worker that answers /q?q=… with today's ranking over postings in
// D1 (src/scale/tier.ts), from S databases DB0…DB{S-1} queried in parallel (one batch of three
// statements per shard for the postings, one statement per shard for the candidates' rows).
// The lexicon and synonyms ship as Text modules (lexicon.txt, synonyms.txt); the meta row set
// is read from DB0 on the first request. Bundled by scripts/scale/miniflare-d1.ts.
import lexiconText from "./lexicon.txt";
import synonymsText from "./synonyms.txt";
import { createSegmenter } from "../search/segment/jieba.js";
import { documentOf, parseMeta } from "./format.js";
import { normaliseForSearch } from "../search/normalise.js";
import { QUESTION_WORDS } from "../search/question-words.js";
import { toSimplified } from "../search/t2s.js";
import { wordTokens } from "../search/tokens.js";
import { tierSearch, type ClauseRow, type PostingRow, type TierEnv, type TierSource } from "./tier.js";

interface D1Result<T> {
  results: T[];
  meta: { rows_read?: number; duration?: number };
}
interface D1Stmt {
  bind(...v: unknown[]): D1Stmt;
  all<T>(): Promise<D1Result<T>>;
}
interface D1 {
  prepare(sql: string): D1Stmt;
  batch<T>(s: D1Stmt[]): Promise<D1Result<T>[]>;
}
type Env = Record<string, D1 | string>;

let state: TierEnv | undefined;
const POSTINGS = "SELECT kind, term, seq, data FROM postings WHERE kind = ? AND term IN (SELECT value FROM json_each(?))";
const CLAUSES = "SELECT c.n, c.lengths, c.flags, c.record, d.title FROM clauses c JOIN documents d ON d.n = c.doc WHERE c.n IN (SELECT value FROM json_each(?))";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/echo") return new Response("ok");
    const S = Number(env.SHARDS ?? "1");
    const dbs = Array.from({ length: S }, (_, s) => env[`DB${s}`] as D1);
    const t0 = Date.now();
    if (!state) {
      const meta = parseMeta((await dbs[0].prepare("SELECT key, value FROM meta").all<{ key: string; value: string }>()).results);
      state = { meta, segmenter: createSegmenter(JSON.parse(lexiconText)), synonyms: JSON.parse(synonymsText) };
    }
    const initMs = Date.now() - t0;
    if (url.pathname === "/init") return Response.json({ initMs, n: state.meta.n });
    if (url.pathname === "/fts") {
      // FTS5 candidates: an OR of the question's words, best k by bm25 (text 1, heading 1.5)
      const seg = state.segmenter;
      const text = toSimplified(normaliseForSearch(url.searchParams.get("q") ?? ""));
      const words = [...new Set(wordTokens((t, hmm) => seg.cutForSearch(t, hmm), text))].filter((w) => !QUESTION_WORDS.has(w));
      const t1 = Date.now();
      const r = words.length
        ? await (env.FTS as D1)
            .prepare("SELECT rowid AS n FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 1.0, 1.5) LIMIT ?")
            .bind(words.map((w) => `"${w.replace(/"/g, '""')}"`).join(" OR "), Number(url.searchParams.get("k") ?? "100"))
            .all<{ n: number }>()
        : { results: [], meta: {} };
      return Response.json({ ms: Date.now() - t1, rows: r.results.length, rowsRead: r.meta.rows_read ?? 0 });
    }
    let rowsRead = 0;
    const s0 = state;
    const source: TierSource = {
      async postings({ words, grams, titles }) {
        const results = await Promise.all(
          dbs.map((db) => {
            const st = db.prepare(POSTINGS);
            return db.batch<PostingRow>([st.bind(0, JSON.stringify(words)), st.bind(1, JSON.stringify(grams)), st.bind(2, JSON.stringify(titles))]);
          }),
        );
        const rows: PostingRow[] = [];
        for (const r of results.flat()) {
          rowsRead += r.meta.rows_read ?? 0;
          rows.push(...r.results);
        }
        return rows;
      },
      async clauses(ids) {
        const byShard: number[][] = dbs.map(() => []);
        for (const i of ids) byShard[S === 1 ? 0 : s0.meta.docShard[documentOf(s0.meta, i)]].push(i);
        const results = await Promise.all(byShard.map((list, s) => (list.length ? dbs[s].prepare(CLAUSES).bind(JSON.stringify(list)).all<ClauseRow>() : undefined)));
        const rows: ClauseRow[] = [];
        for (const r of results) {
          if (!r) continue;
          rowsRead += r.meta.rows_read ?? 0;
          rows.push(...r.results);
        }
        return rows;
      },
    };
    let r;
    try {
      r = await tierSearch(state, source, url.searchParams.get("q") ?? "", {});
    } catch (e) {
      return new Response(String((e as Error).stack ?? e), { status: 500 });
    }
    return Response.json({ answered: r.answered, ids: r.ids, timings: r.timings, rowsRead, initMs });
  },
};
