// Question → clause pairs confirmed by an admin (table confirmed_pairs, migrations/0002): from a
// 👍 answer listed by /stats, exported as seed questions ({id, q, doc: null, gold: [snippet],
// kind: "paraphrase"}) that `npm run index -- --learn FILE` reads.
import type { Db } from "../db/db.js";

/** Characters of the clause's text kept as the gold snippet (the eval matches it inside label + text). */
export const SNIPPET_CHARS = 40;

export interface LikedAnswer {
  feedbackId: number;
  question: string;
  clauseIds: string[];
}

/** The newest 👍 answers from `from` to `to` (ISO), one per question. */
export async function likedAnswers(db: Db, from: string, to: string, limit = 5): Promise<LikedAnswer[]> {
  const rows = await db
    .prepare(
      `SELECT max(id) AS id, question, clause_ids FROM feedback WHERE vote = 1 AND created_at >= ? AND created_at < ?
       GROUP BY question ORDER BY max(id) DESC LIMIT ?`,
    )
    .bind(from, to, limit)
    .all<{ id: number; question: string; clause_ids: string }>();
  return rows.map((r) => ({ feedbackId: Number(r.id), question: r.question, clauseIds: JSON.parse(r.clause_ids) as string[] }));
}

export async function feedbackAnswer(db: Db, feedbackId: number): Promise<{ question: string; clauseIds: string[]; vote: number } | undefined> {
  const row = await db.prepare("SELECT question, clause_ids, vote FROM feedback WHERE id = ?").bind(feedbackId).first<{ question: string; clause_ids: string; vote: number }>();
  return row ? { question: row.question, clauseIds: JSON.parse(row.clause_ids) as string[], vote: Number(row.vote) } : undefined;
}

/** Records a pair once; "repeated" when it was already confirmed. */
export async function confirmPair(db: Db, p: { question: string; clauseId: string; snippet: string; adminId: number; now: Date }): Promise<"recorded" | "repeated"> {
  const r = await db
    .prepare("INSERT INTO confirmed_pairs (question, clause_id, snippet, confirmed_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (question, clause_id) DO NOTHING")
    .bind(p.question, p.clauseId, p.snippet, p.adminId, p.now.toISOString())
    .run();
  return r.changes > 0 ? "recorded" : "repeated";
}

export interface LearnedQuestion {
  id: string;
  q: string;
  doc: null;
  gold: string[];
  kind: "paraphrase";
}

export const CONFIRMED_ROWS_SQL = "SELECT id, question, snippet FROM confirmed_pairs ORDER BY id";
export type ConfirmedRow = { id: number; question: string; snippet: string };

/** Every confirmed pair, oldest first, as seed questions (one per question, its clauses' snippets as gold). */
export async function exportConfirmed(db: Db): Promise<LearnedQuestion[]> {
  return learnedQuestions(await db.prepare(CONFIRMED_ROWS_SQL).all<ConfirmedRow>());
}

export function learnedQuestions(rows: ConfirmedRow[]): LearnedQuestion[] {
  const byQuestion = new Map<string, LearnedQuestion>();
  for (const r of rows) {
    const q = byQuestion.get(r.question);
    if (q) {
      if (!q.gold.includes(r.snippet)) q.gold.push(r.snippet);
    } else byQuestion.set(r.question, { id: `confirmed-${r.id}`, q: r.question, doc: null, gold: [r.snippet], kind: "paraphrase" });
  }
  return [...byQuestion.values()];
}

export interface PendingPairs {
  /** The pairs' row ids, to mark once the publish is done. */
  ids: number[];
  /** One per question, with every clause confirmed for it. */
  questions: { question: string; clauseIds: string[] }[];
}

/** The confirmed pairs no publish has applied yet (applied_version NULL, migrations/0004). */
export async function pendingPairs(db: Db): Promise<PendingPairs> {
  const rows = await db
    .prepare("SELECT id, question, clause_id FROM confirmed_pairs WHERE applied_version IS NULL ORDER BY id")
    .all<{ id: number; question: string; clause_id: string }>();
  const byQuestion = new Map<string, string[]>();
  for (const r of rows) byQuestion.set(r.question, [...(byQuestion.get(r.question) ?? []), r.clause_id]);
  return { ids: rows.map((r) => Number(r.id)), questions: [...byQuestion].map(([question, clauseIds]) => ({ question, clauseIds })) };
}

/** Records the version the pairs went into. */
export async function markApplied(db: Db, ids: number[], version: string): Promise<void> {
  // D1 binds at most 100 values a statement
  const statements = [];
  for (let i = 0; i < ids.length; i += 90) {
    const part = ids.slice(i, i + 90);
    statements.push(db.prepare(`UPDATE confirmed_pairs SET applied_version = ? WHERE id IN (${part.map(() => "?").join(",")})`).bind(version, ...part));
  }
  if (statements.length) await db.batch(statements);
}
