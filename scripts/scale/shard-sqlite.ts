// Splits a tier.sqlite (build-sqlite.ts) into S shards by document hash (FNV-1a of the
// document id, mod S): each shard holds its documents, their clauses, and the postings of its
// clauses (global clause numbers kept, so ties and parity are as in one database). Global df =
// the sum of the shards' list lengths (the worker decodes and merges). Every shard carries the
// same meta (N, averages, document starts, current flags, regions, docShard).
//
//   node --max-old-space-size=8000 --import tsx scripts/scale/shard-sqlite.ts --dir /tmp/scale/sql100k --shards 4
// writes DIR/shard-4-0/tier.sqlite … DIR/shard-4-3/tier.sqlite (+ lexicon.json, synonyms.json).
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { hashSeed } from "../../src/bench/prng.js";
import { CHUNK_CHARS, documentOf, KIND, parseMeta, SCHEMA, STRIDE } from "../../src/scale/format.js";
import { decodeVarints, encodeVarint } from "../../src/search/postings.js";
import { Database } from "./sqlite.js";

const { values } = parseArgs({ options: { dir: { type: "string" }, shards: { type: "string", default: "4" } } });
const dir = values.dir!;
const S = Number(values.shards);
const t0 = performance.now();
const src = new Database(join(dir, "tier.sqlite"), { readonly: true });
const metaRows = src.prepare("SELECT key, value FROM meta").all() as { key: string; value: string }[];
const meta = parseMeta(metaRows);
const docIds = (src.prepare("SELECT id FROM documents ORDER BY n").all() as { id: string }[]).map((r) => r.id);
const docShard = Uint8Array.from(docIds, (id) => hashSeed(id) % S);
const owner = (clause: number) => docShard[documentOf(meta, clause)];

const outs = Array.from({ length: S }, (_, s) => {
  const d = join(dir, `shard-${S}-${s}`);
  mkdirSync(d, { recursive: true });
  rmSync(join(d, "tier.sqlite"), { force: true });
  for (const f of ["lexicon.json", "synonyms.json"]) copyFileSync(join(dir, f), join(d, f));
  const db = new Database(join(d, "tier.sqlite"));
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.exec(SCHEMA);
  return {
    dir: d,
    db,
    post: db.prepare("INSERT INTO postings (kind, term, seq, df, n, data) VALUES (?, ?, ?, ?, ?, ?)"),
    clause: db.prepare("INSERT INTO clauses (n, doc, lengths, flags, record) VALUES (?, ?, ?, ?, ?)"),
    doc: db.prepare("INSERT INTO documents (n, id, start, title, meta) VALUES (?, ?, ?, ?, ?)"),
  };
});
const begin = () => outs.forEach((o) => o.db.exec("BEGIN"));
const commit = () => outs.forEach((o) => o.db.exec("COMMIT"));

begin();
for (const r of src.prepare("SELECT n, id, start, title, meta FROM documents").iterate() as Iterable<{ n: number; id: string; start: number; title: string; meta: string }>)
  outs[docShard[r.n]].doc.run(r.n, r.id, r.start, r.title, r.meta);
let k = 0;
for (const r of src.prepare("SELECT n, doc, lengths, flags, record FROM clauses").iterate() as Iterable<{ n: number; doc: number; lengths: string; flags: number; record: string }>) {
  outs[docShard[r.doc]].clause.run(r.n, r.doc, r.lengths, r.flags, r.record);
  if (++k % 100000 === 0) {
    commit();
    begin();
  }
}
commit();

// postings: a term's rows (seq order) decoded, split by owner, re-encoded and cut
begin();
let current: { kind: number; term: string; values: number[] } | undefined;
let written = 0;
const flushTerm = () => {
  if (!current) return;
  const { kind, term, values: v } = current;
  const stride = STRIDE[kind];
  const per: number[][] = Array.from({ length: S }, () => []);
  for (let i = 0; i < v.length; i += stride) {
    const s = kind === KIND.title ? docShard[v[i]] : owner(v[i]);
    for (let j = 0; j < stride; j++) per[s].push(v[i + j]);
  }
  per.forEach((list, s) => {
    let seq = 0;
    let parts: string[] = [];
    let len = 0;
    let df = 0;
    let n = 0;
    let previous = -1;
    const flush = () => {
      outs[s].post.run(kind, term, seq++, df, n, parts.join(""));
      written++;
      parts = [];
      len = 0;
      df = 0;
      n = 0;
      previous = -1;
    };
    for (let i = 0; i < list.length; i += stride) {
      let piece = encodeVarint(list[i] - previous) + list.slice(i + 1, i + stride).map(encodeVarint).join("");
      if (len + piece.length > CHUNK_CHARS) {
        flush();
        piece = encodeVarint(list[i] + 1) + list.slice(i + 1, i + stride).map(encodeVarint).join("");
      }
      parts.push(piece);
      len += piece.length;
      previous = list[i];
      n++;
      if (kind !== KIND.word || list[i + 1] > 0 || list[i + 2] > 0) df++;
    }
    if (n > 0) flush();
  });
  if (written > 50000) {
    commit();
    begin();
    written = 0;
  }
};
for (const r of src.prepare("SELECT kind, term, data FROM postings ORDER BY kind, term, seq").iterate() as Iterable<{ kind: number; term: string; data: string }>) {
  if (!current || current.kind !== r.kind || current.term !== r.term) {
    flushTerm();
    current = { kind: r.kind, term: r.term, values: [] };
  }
  const v = decodeVarints(r.data, 0, r.data.length);
  const stride = STRIDE[r.kind];
  for (let i = 0, c = -1; i < v.length; i += stride) v[i] = c += v[i];
  for (const x of v) current.values.push(x);
}
flushTerm();
commit();

const shardText = Array.from(docShard, (s) => String.fromCharCode(48 + s)).join("");
for (const o of outs) {
  const ins = o.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
  o.db.exec("BEGIN");
  for (const { key, value } of metaRows) ins.run(key, key === "shards" ? String(S) : value);
  ins.run("docShard", shardText);
  o.db.exec("COMMIT");
  o.db.close();
}
console.log(
  JSON.stringify({ dir, shards: S, seconds: +((performance.now() - t0) / 1000).toFixed(1), bytes: outs.map((o) => statSync(join(o.dir, "tier.sqlite")).size) }),
);
