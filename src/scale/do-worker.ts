// Issue 15 measurements: S Durable Objects, each holding today's in-memory index of one shard
// (its own `npm run index` of the shard's documents), and a worker that fans a question out to
// all of them and merges their results by score. The shards rank with their OWN statistics
// (N, df, averages): what parity that gives is measured, not assumed. Index files come from
// an outbound service FILES (Node, in scripts/scale/miniflare-do.ts).
import { search } from "../search/engine.js";
import { loadIndexText, type LoadedIndex } from "../search/load-index.js";

interface Stub {
  fetch(url: string): Promise<Response>;
}
interface Namespace {
  idFromName(n: string): unknown;
  get(id: unknown): Stub;
}
interface Env {
  SHARD: Namespace;
  FILES: Stub;
  SHARDS: string;
}
const FILES = ["manifest.json", "documents.json", "clauses.json", "lexicon.json", "synonyms.json", "postings.json"];
const NOW = new Date("2026-11-29T12:00:00Z");

export class Shard {
  index?: LoadedIndex;
  constructor(
    readonly state: unknown,
    readonly env: Env,
  ) {}
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/echo") return new Response("ok");
    const s = url.searchParams.get("s");
    if (!this.index) {
      const files: Record<string, string> = {};
      for (const f of FILES) files[f] = await (await this.env.FILES.fetch(`http://files/${s}/${f}`)).text();
      this.index = loadIndexText(files);
    }
    const q = url.searchParams.get("q") ?? "住房公积金贷款";
    const r = await search(this.index, q, { now: NOW, k: Number(url.searchParams.get("k") ?? "5") });
    return Response.json({ answered: r.answered, hits: r.results.map((h) => ({ id: h.id, score: h.score })) });
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const S = Number(env.SHARDS);
    const stub = (s: number) => env.SHARD.get(env.SHARD.idFromName(`shard-${s}`));
    if (url.pathname === "/echo") return new Response("ok");
    if (url.pathname === "/fanecho") {
      await Promise.all(Array.from({ length: S }, (_, s) => stub(s).fetch("http://do/echo").then((r) => r.text())));
      return new Response("ok");
    }
    if (url.pathname === "/one") return stub(Number(url.searchParams.get("s"))).fetch(`http://do/q${url.search}`);
    // fan out: every shard's top 5 by its own score, merged by score (ties: shard order)
    const q = url.searchParams.get("q") ?? "";
    const parts = await Promise.all(
      Array.from({ length: S }, (_, s) =>
        stub(s)
          .fetch(`http://do/q?s=${s}&q=${encodeURIComponent(q)}`)
          .then((r) => r.json() as Promise<{ answered: boolean; hits: { id: string; score: number }[] }>),
      ),
    );
    const hits = parts.flatMap((p) => p.hits).sort((a, b) => b.score - a.score);
    return Response.json({ answered: parts.some((p) => p.answered), ids: hits.slice(0, 5).map((h) => h.id) });
  },
};
