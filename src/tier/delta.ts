// An admin's change (documents added, replaced, withdrawn) published to the search tier as a
// delta version (./schema.ts): tables of its own over the live version's base, holding what the
// change and the deltas before it since that base touched — the new documents' clauses,
// postings and rows, the whole library's figures of the terms they change, the rows of
// documents whose repealers change, the documents gone, the learned questions — and never a
// copy of the base's rows, so a change to a library of a million clauses writes a few thousand
// rows. The library it serves is the one `rebuildIndex` (src/ingest/build/rebuild.ts) makes
// from the live one with the same change, to the answer: the documents kept keep their clauses'
// tokens, the new ones are segmented with the library's lexicon and come after the others, a
// document gone takes its clauses, learned answers and title out, and the statuses, counts,
// averages and withdrawn records are the rebuilt library's. Then the pointer is switched, as
// for a full version. Edge-safe.
import type { Db, Statement } from "../db/db.js";
import { ingestDocument, type Ingested } from "../ingest/document.js";
import { addConfirmed, chinaDay, withdrawnAfter, type ConfirmedQuestion, type IndexChanges } from "../ingest/build/rebuild.js";
import { learnedQuestionWords } from "../search/question-words.js";
import { clauseTokens } from "../ingest/build/records.js";
import { sha256Hex } from "../ingest/build/serialise.js";
import { titleWords } from "../search/documents.js";
import { clauseBigrams } from "../search/normalise.js";
import { decodeVarints } from "../search/postings.js";
import { introductoryFlags } from "../search/rank.js";
import { createSegmenter } from "../search/segment/jieba.js";
import type { Lexicon } from "../search/segment/lexicon.js";
import type { StoredClause } from "../search/db.js";
import type { DocumentMeta, WithdrawnDocument } from "../shared/schema.js";
import { PublishError } from "../store/index-versions.js";
import { inserts, pruneTier, readTierLive, switchTierFrom, type TierLive } from "./publish.js";
import { chunkRun, clauseFlags, clauseWordCounts, clauseLengths, clauseWord, clauseWords, deltas, documentClauses, documentShards, documentStarts, metaRows, NEWEST_KEPT, repealersIndex, type TierMetaValues } from "./rows.js";
import { CHUNK_CHARS, clausesFrom, createStatements, docsFrom, dropStatements, KIND, postingsFrom, shardOf, STRIDE, tablesOf, type TierTables, type VersionTables } from "./schema.js";
import { layoutGone, readTierMeta, tierSource } from "./source.js";
import { libraryReads } from "./library-reads.js";

export interface TierChangePublished extends TierLive {
  added: DocumentMeta[];
  removed: DocumentMeta[];
  /** Documents and clauses in the library now. */
  documents: number;
  clauses: number;
  /** Of `learn`, the questions added (or that gave an existing one more clauses), and those whose clauses are gone. */
  learned: { added: number; gone: number };
}

export interface TierChangeOptions {
  now: Date;
  /** Questions an admin confirmed (question → clause ids), added to the learned questions as rebuildIndex adds them. */
  learn?: ConfirmedQuestion[];
  /** The new version's id (default: from the time and a nonce). */
  version?: string;
  /** The version the admin saw: another one live means someone else changed the library first (PublishError "conflict"). */
  expect?: string;
}

type Figures = { count: number; df: number };
const key = (kind: number, term: string) => `${kind} ${term}`;
const unkey = (k: string): [kind: number, term: string] => [Number(k.slice(0, k.indexOf(" "))), k.slice(k.indexOf(" ") + 1)];

/** Publishes `changes` as a delta version over the live one, switches to it, and prunes versions no longer needed. */
export async function publishTierChanges(shards: Db[], changes: IndexChanges, o: TierChangeOptions): Promise<TierChangePublished> {
  if (shards.length === 0) throw new Error("tier: no database");
  const live = await readTierLive(shards[0]);
  if (!live) throw new PublishError("broken", "the search tier has no live version to change");
  if (o.expect !== undefined && o.expect !== live.version) throw new PublishError("conflict", `the live version is ${live.version}, not ${o.expect}`);
  const meta = await readTierMeta(shards[0], live.version);
  const get = meta.get;
  if (get("shards") !== shards.length) throw new PublishError("broken", `tier ${live.version}: written for ${get("shards")} shards, ${shards.length} bound`);
  const baseName = meta.has("base") ? get("base") : live.version;
  const was: VersionTables = { own: tablesOf(live.version), ...(meta.has("base") ? { base: tablesOf(baseName) } : {}) };
  const version = o.version ?? deltaVersionId(o.now);
  if (version === live.version || version === baseName) throw new Error(`tier: version ${version} exists`);
  const next: VersionTables = { own: tablesOf(version), base: tablesOf(baseName) };

  // the library as it is: documents' first clauses and shards, sizes, the documents gone before
  const starts = Array.from(documentStarts(get("docStarts")));
  const docShard = Array.from(documentShards(get("docShard")));
  const span = meta.has("span") ? get("span") : get("size");
  const goneBefore = meta.has("gone") ? get("gone") : [];
  let size = get("size");
  const avg = get("avg");
  const totals = meta.has("totals") ? { ...get("totals") } : { words: Math.round(avg.words * size), heading: Math.round(avg.heading * size), context: Math.round(avg.context * size), grams: Math.round(avg.grams * size) };

  // the change: documents ingested as an upload is (ingest/document.ts), segmented as the edge rebuild segments them
  const segmenter = createSegmenter(get("lexicon") as Lexicon);
  const cut = (text: string, hmm: boolean) => segmenter.cutForSearch(text, hmm);
  const added: Ingested[] = (changes.add ?? []).map((input) => ingestDocument(input));
  const dropIds = [...new Set([...(changes.remove ?? []), ...added.map((a) => a.document.id)])];
  const leaving = dropIds.length
    ? await shards[0].prepare(`SELECT n, id, meta FROM ${docsFrom(was)} WHERE id IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(dropIds)).all<{ n: number; id: string; meta: string }>()
    : [];
  const unknown = (changes.remove ?? []).filter((id) => !leaving.some((r) => r.id === id));
  if (unknown.length > 0) throw new Error(`no such document: ${unknown.join(", ")}`);
  const removed = leaving.map((r) => ({ n: Number(r.n), meta: JSON.parse(r.meta) as DocumentMeta })).sort((a, b) => a.n - b.n);

  // the terms the change touches: figures to read, then to change
  const delta = new Map<string, Figures>();
  const change = (kind: number, term: string, count: number, df: number) => {
    const k = key(kind, term);
    const d = delta.get(k) ?? { count: 0, df: 0 };
    d.count += count;
    d.df += df;
    delta.set(k, d);
  };
  const countWords = (entries: Iterable<[string, [number, number, number]]>, sign: 1 | -1) => {
    // a removed clause's postings stay stored (count), out of the live clauses (df)
    const stored = sign > 0 ? 1 : 0;
    for (const [w, [t, h]] of entries) {
      change(KIND.word, w, stored, t > 0 || h > 0 ? sign : 0);
      if (t > 0) change(KIND.text, w, stored, sign);
      if (h > 0) change(KIND.heading, w, stored, sign);
    }
  };
  const countGrams = (grams: Iterable<string>, sign: 1 | -1) => {
    for (const g of grams) change(KIND.gram, g, sign > 0 ? 1 : 0, sign);
  };

  // the clauses leaving: their words, bigrams and lengths out of the library's figures
  const removedClauses = (
    await Promise.all(
      removed.map((d) =>
        shards[docShard[d.n]]
          .prepare(`SELECT n, lengths, words, record FROM ${clausesFrom(was)} WHERE n >= ? AND n < ?`)
          .bind(...documentClauses(starts, span, d.n))
          .all<{ n: number; lengths: string; words: string; record: string }>(),
      ),
    )
  ).flat();
  for (const r of removedClauses) {
    const [w, h, c, g] = decodeVarints(r.lengths, 0, r.lengths.length);
    totals.words -= w;
    totals.heading -= h;
    totals.context -= c;
    totals.grams -= g;
    countWords(Object.entries(JSON.parse(r.words) as Record<string, [number, number, number]>), -1);
    countGrams(new Set(clauseBigrams(JSON.parse(r.record) as StoredClause)), -1);
  }
  size -= removedClauses.length;
  const goneNow = removed.map((d) => d.n);
  const gone = [...goneBefore, ...goneNow].sort((a, b) => a - b);
  const goneClause = (i: number) => gone.some((d) => i >= starts[d] && i < documentClauses(starts, span, d)[1]);

  // the documents coming: numbered after every earlier one, their clauses after every earlier clause
  const newDocs: { n: number; doc: DocumentMeta; shard: number; titleWords: string[] }[] = [];
  const newClauses: { n: number; doc: number; shard: number; clause: StoredClause; words: Map<string, [number, number, number]>; grams: Set<string>; lengths: number[]; flags: number }[] = [];
  let nextClause = span;
  for (const a of added) {
    const n = starts.length;
    const shard = shardOf(a.document.id, shards.length);
    starts.push(nextClause);
    docShard.push(shard);
    const title = [...new Set(titleWords(cut, a.document))];
    newDocs.push({ n, doc: a.document, shard, titleWords: title });
    const introductory = introductoryFlags(a.clauses);
    a.clauses.forEach((clause, k) => {
      const tokens = clauseTokens(clause, cut);
      const words = clauseWordCounts(tokens);
      const lengths = [tokens.words.length, tokens.heading.length, tokens.context.length, tokens.grams.length];
      totals.words += lengths[0];
      totals.heading += lengths[1];
      totals.context += lengths[2];
      totals.grams += lengths[3];
      countWords(words, 1);
      const grams = new Set(tokens.grams);
      countGrams(grams, 1);
      newClauses.push({ n: nextClause++, doc: n, shard, clause, words, grams, lengths, flags: clauseFlags(introductory[k], clause) });
    });
    for (const w of title) change(KIND.title, w, 1, 1);
  }
  size += newClauses.length;

  // learned questions: read whole, their answers less the clauses gone, those left with none dropped (as rebuildIndex)
  const learned = await learnedQuestions(shards[0], was, get("learnedAnswers"));
  const kept = learned.map((q) => ({ words: q.words.flatMap(([w, n]) => Array<string>(n).fill(w)), clauses: q.answers.filter((i) => !goneClause(i)) })).filter((q) => q.clauses.length > 0);
  // confirmed questions, on the clauses live after the change (the new ones' numbers included)
  const learn = o.learn ?? [];
  const asked = [...new Set(learn.flatMap((c) => c.clauseIds))];
  const positions = new Map<string, number>();
  if (asked.length) {
    const layout = await tierSource(shards, live.version);
    for (const [id, c] of await layout.clausesById(asked)) if (!goneClause(c.n)) positions.set(id, c.n);
    for (const c of newClauses) if (asked.includes(c.clause.id)) positions.set(c.clause.id, c.n);
  }
  const confirmed = addConfirmed(kept, learn, positions, (text) => learnedQuestionWords(cut, text));
  if (added.length === 0 && removed.length === 0 && confirmed.added === 0) throw new PublishError("unchanged", "nothing to add, remove or learn");
  const keptLearned = kept.map((q) => {
    const counts = new Map<string, number>();
    for (const w of q.words) counts.set(w, (counts.get(w) ?? 0) + 1);
    return { words: [...counts], answers: [...new Set(q.clauses)].sort((a, b) => a - b) };
  });
  const learnedWords = new Map<string, number[][]>();
  keptLearned.forEach((q, i) => {
    for (const [w, count] of q.words) {
      const list = learnedWords.get(w) ?? [];
      list.push([i, count]);
      learnedWords.set(w, list);
    }
  });
  const oldLearnedTerms = await shards[0]
    .prepare([was.base, was.own].filter((t): t is TierTables => !!t).map((t) => `SELECT term FROM ${t.terms} WHERE kind = ${KIND.learned}`).join(" UNION "))
    .all<{ term: string }>();

  // the figures of every term touched, as the library has them now (a delta's own rows over the base's)
  const figures = await currentFigures(shards[0], was, [...delta.keys()]);
  const termRows: unknown[][] = [];
  for (const [k, d] of delta) {
    const [kind, term] = unkey(k);
    const f = figures.get(k) ?? { count: 0, df: 0 };
    termRows.push([kind, term, f.count + d.count, f.df + d.df]);
  }
  for (const term of new Set([...oldLearnedTerms.map((r) => r.term), ...learnedWords.keys()])) {
    const n = learnedWords.get(term)?.length ?? 0;
    termRows.push([KIND.learned, term, n, n]);
  }

  // postings of the new clauses and titles, after the rows already in the version's own tables
  const postings: { shard: number; kind: number; term: string; postings: number[][] }[] = [];
  const byTerm = new Map<string, number[][][]>();
  const post = (shard: number, kind: number, term: string, posting: number[]) => {
    const k = key(kind, term);
    let perShard = byTerm.get(k);
    if (!perShard) byTerm.set(k, (perShard = shards.map(() => [])));
    perShard[shard].push(posting);
  };
  for (const c of newClauses) {
    for (const [w, [t, h]] of c.words) {
      if (t > 0) post(c.shard, KIND.text, w, [c.n]);
      if (h > 0) post(c.shard, KIND.heading, w, [c.n]);
    }
    for (const g of c.grams) post(c.shard, KIND.gram, g, [c.n]);
  }
  for (const d of newDocs) for (const w of d.titleWords) post(d.shard, KIND.title, w, [d.n]);
  for (const [k, perShard] of byTerm) {
    const [kind, term] = unkey(k);
    perShard.forEach((list, shard) => list.length && postings.push({ shard, kind, term, postings: list }));
  }
  for (const [term, list] of learnedWords) postings.push({ shard: 0, kind: KIND.learned, term, postings: list });

  // repealers: of the new documents, and of the documents the new and the removed ones name
  const library = await repealingDocuments(shards[0], was);
  const removedIds = new Set(removed.map((d) => d.meta.id));
  const repealers = repealersIndex([...library.filter((d) => !removedIds.has(d.id)), ...newDocs.filter((d) => d.doc.status?.repeals?.length).map((d) => d.doc)]);
  const named = [...added.map((a) => a.document), ...removed.map((d) => d.meta)].flatMap((d) => d.status?.repeals ?? []);
  const affected = named.length
    ? (
        await shards[0]
          .prepare(`SELECT n, id, region, meta, repealers FROM ${docsFrom(was)} WHERE json_extract(meta, '$.docNumber') IN (SELECT value FROM json_each(?1)) OR json_extract(meta, '$.title') IN (SELECT value FROM json_each(?2))`)
          .bind(JSON.stringify(named.flatMap((r) => (r.docNumber ? [r.docNumber] : []))), JSON.stringify(named.map((r) => r.title)))
          .all<{ n: number; id: string; region: string | null; meta: string; repealers: string }>()
      ).filter((r) => !removedIds.has(r.id))
    : [];
  const docRows: unknown[][] = [
    ...affected.flatMap((r) => {
      const now = JSON.stringify(repealers(JSON.parse(r.meta) as DocumentMeta));
      return now === r.repealers ? [] : [[Number(r.n), r.id, r.region, r.meta, now, 0]];
    }),
    ...removed.map((d) => [d.n, d.meta.id, d.meta.region ?? null, JSON.stringify(d.meta), "[]", 1]),
    ...newDocs.map((d) => [d.n, d.doc.id, d.doc.region ?? null, JSON.stringify(d.doc), JSON.stringify(repealers(d.doc)), 0]),
  ];

  const documents = starts.length - gone.length;
  const contentHash = await sha256Hex(JSON.stringify([(get("manifest") as { contentHash?: string }).contentHash, version, added.map((a) => [a.document, a.clauses]), removed.map((d) => d.meta.id)]));
  const withdrawn = withdrawnAfter(get("withdrawn") as WithdrawnDocument[], removed.map((d) => d.meta), added.map((a) => a.document), chinaDay(o.now));
  const learnedLengths = keptLearned.map((q) => q.words.reduce((n, [, c]) => n + c, 0));
  const n = Math.max(1, size);
  const values: Omit<TierMetaValues, "lexicon" | "synonyms"> = {
    manifest: { ...(get("manifest") as object), contentHash, documents, clauses: size },
    size,
    avg: { words: totals.words / n || 1, heading: totals.heading / n || 1, context: totals.context / n || 1, grams: totals.grams / n || 1, learned: learnedLengths.reduce((a, b) => a + b, 0) / keptLearned.length || 1 },
    docStarts: deltas(starts),
    docShard: docShard.map((s) => s.toString(36)).join(""),
    shards: shards.length,
    learnedLengths,
    learnedAnswers: keptLearned.map((q) => q.answers),
    withdrawn,
    totals,
    base: baseName,
    span: nextClause,
    gone,
  };

  // written: the version's tables in every shard (the live version's own rows carried over), then checked, then switched
  const t = next.own;
  try {
    await Promise.all(
      shards.map(async (db, s) => {
        const carried = meta.has("base") ? await clauseRows(db, was.own) : 0;
        await db.batch([...dropStatements(t, s), ...createStatements(t, s, { delta: true })].map((sql) => db.prepare(sql)));
        const seqs = new Map<string, number>();
        if (meta.has("base")) {
          await db.batch([
            db.prepare(`INSERT INTO ${t.postings} SELECT * FROM ${was.own.postings} WHERE kind <> ${KIND.learned}`),
            db.prepare(`INSERT INTO ${t.terms} SELECT * FROM ${was.own.terms} WHERE kind <> ${KIND.learned}`),
            db.prepare(`INSERT INTO ${t.clauses} SELECT * FROM ${was.own.clauses}`),
            ...(s === 0 ? [db.prepare(`INSERT INTO ${t.docs} SELECT * FROM ${was.own.docs}`)] : []),
          ]);
          for (const r of await db.prepare(`SELECT kind, term, MAX(seq) AS seq FROM ${t.postings} GROUP BY kind, term`).all<{ kind: number; term: string; seq: number }>()) seqs.set(key(Number(r.kind), r.term), Number(r.seq) + 1);
        }
        const postingRows = postings
          .filter((p) => p.shard === s)
          .flatMap((p) => chunkRun(p.kind, p.term, p.postings).map((r) => [r.kind, r.term, r.seq + (seqs.get(key(p.kind, p.term)) ?? 0), r.data]));
        const newRows = newClauses.filter((c) => c.shard === s).map((c) => [c.n, c.doc, clauseLengths(c.lengths[0], c.lengths[1], c.lengths[2], c.lengths[3]), c.flags, clauseWords([...c.words].map(([w, [x, y, z]]) => clauseWord(w, x, y, z))), JSON.stringify(c.clause)]);
        const statements: Statement[] = [
          ...inserts(db, `INSERT INTO ${t.postings} (kind, term, seq, data) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?)`, postingRows),
          ...inserts(db, `INSERT OR REPLACE INTO ${t.terms} (kind, term, count, df) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?)`, termRows),
          ...inserts(db, `INSERT INTO ${t.clauses} (n, doc, lengths, flags, words, record) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]') FROM json_each(?)`, newRows),
          ...(s === 0
            ? [
                ...inserts(db, `INSERT OR REPLACE INTO ${t.docs} (n, id, region, meta, repealers, gone) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]') FROM json_each(?)`, docRows),
                db.prepare(`INSERT INTO ${t.meta} SELECT * FROM ${was.own.meta} WHERE key IN ('lexicon', 'synonyms')`),
                ...inserts(db, `INSERT INTO ${t.meta} (key, seq, value) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)`, metaRows(values as TierMetaValues, CHUNK_CHARS).map((r) => [r.key, r.seq, r.value])),
              ]
            : []),
        ];
        for (let i = 0; i < statements.length; i += 50) await db.batch(statements.slice(i, i + 50));
        const counted = await db.prepare(`SELECT count(*) AS clauses FROM ${t.clauses}`).first<{ clauses: number }>();
        if (Number(counted?.clauses) !== carried + newRows.length) throw new PublishError("check", `tier: shard ${s} holds ${counted?.clauses} new clauses, ${carried + newRows.length} were written`);
      }),
    );
    if (!(await shards[0].prepare(`SELECT 1 AS ok FROM ${t.meta} WHERE key = 'lexicon'`).first())) throw new PublishError("check", "tier: the lexicon was not carried over");
    // what the welcome and the home page say of the library after the change, kept in the meta (a
    // scan of the documents here, once, rather than on every isolate's first visit)
    const docStarts = Int32Array.from(starts);
    const reads = libraryReads({ shards, v: next, span: nextClause, docStarts, docShard: Uint8Array.from(docShard), documentOf: () => -1, gone: layoutGone(gone, docStarts, nextClause), withdrawn });
    const kept: Pick<TierMetaValues, "summary" | "newest"> = { summary: await reads.summary(), newest: await reads.newest(NEWEST_KEPT) };
    await shards[0].batch(inserts(shards[0], `INSERT INTO ${t.meta} (key, seq, value) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)`, metaRows(kept as TierMetaValues, CHUNK_CHARS).map((r) => [r.key, r.seq, r.value])));
    // switched only from the version it was built on: someone else's change that switched first wins
    if (!(await switchTierFrom(shards[0], live.version, version, o.now))) throw new PublishError("conflict", `the live version is no longer ${live.version}`);
  } catch (e) {
    await Promise.all(shards.map((db, s) => db.batch(dropStatements(t, s).map((sql) => db.prepare(sql))))).catch(() => undefined);
    throw e instanceof PublishError ? e : new PublishError("write", "tier: the new version could not be written", e);
  }
  const switched: TierLive = { version, previous: live.version, switchedAt: o.now.toISOString() };
  await pruneTier(shards);
  return { ...switched, added: added.map((a) => a.document), removed: removed.map((d) => d.meta), documents, clauses: size, learned: confirmed };
}

/** A delta version's id: the time, and a nonce (table names take letters, digits and _). */
export function deltaVersionId(now: Date): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  return `d${stamp}_${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}`;
}

/** The clause rows a delta version's own table holds in a shard (carried into the next delta). */
async function clauseRows(db: Db, own: TierTables): Promise<number> {
  const r = await db.prepare(`SELECT count(*) AS clauses FROM ${own.clauses}`).first<{ clauses: number }>();
  return Number(r?.clauses ?? 0);
}

/** The figures the library has for these terms ("kind term"): a delta's own rows over its base's. */
async function currentFigures(shard0: Db, v: VersionTables, keys: string[]): Promise<Map<string, Figures>> {
  const byKind = STRIDE.map(() => [] as string[]);
  for (const [kind, term] of keys.map(unkey)) byKind[kind].push(term);
  const where = byKind.map((_, kind) => `(kind = ${kind} AND term IN (SELECT value FROM json_each(?${kind + 1})))`).join(" OR ");
  const read = (t: TierTables) => shard0.prepare(`SELECT kind, term, count, df FROM ${t.terms} WHERE ${where}`).bind(...byKind.map((terms) => JSON.stringify(terms))).all<{ kind: number; term: string; count: number; df: number }>();
  const out = new Map<string, Figures>();
  for (const t of [v.base, v.own]) if (t) for (const r of await read(t)) out.set(key(Number(r.kind), r.term), { count: Number(r.count), df: Number(r.df) });
  return out;
}

/** The learned questions as the version holds them: each one's words with their counts, and its answers. */
async function learnedQuestions(shard0: Db, v: VersionTables, answers: number[][]): Promise<{ words: [string, number][]; answers: number[] }[]> {
  const out = answers.map((a) => ({ words: [] as [string, number][], answers: a }));
  const rows = await shard0.prepare(`SELECT term, layer, seq, data FROM ${postingsFrom(v)} WHERE kind = ${KIND.learned} ORDER BY term, layer, seq`).all<{ term: string; data: string }>();
  for (const r of rows) {
    // (question delta, count) pairs; each row's first delta counts from -1
    const numbers = decodeVarints(r.data, 0, r.data.length);
    for (let k = 0, q = -1; k < numbers.length; k += STRIDE[KIND.learned]) {
      q += numbers[k];
      out[q].words.push([r.term, numbers[k + 1]]);
    }
  }
  return out;
}

/** The library's documents that repeal others, in library order. */
async function repealingDocuments(shard0: Db, v: VersionTables): Promise<DocumentMeta[]> {
  const rows = await shard0.prepare(`SELECT meta FROM ${docsFrom(v)} WHERE json_array_length(meta, '$.status.repeals') > 0 ORDER BY n`).all<{ meta: string }>();
  return rows.map((r) => JSON.parse(r.meta) as DocumentMeta);
}
