// Feedback on answers (tables answers and feedback, migrations/0001_feedback.sql): every answer
// the bot sends is recorded with the clause ids shown, so its 👍/👎 buttons need only carry the
// answer's id; a vote is stored once per user and answer (a repeated tap does not count twice),
// a 👎's reason once.
import type { Db } from "../db/db.js";

export const REASONS = ["irrelevant", "outdated", "wrong_citation", "not_found"] as const;
export type Reason = (typeof REASONS)[number];
export const REASON_LABELS: Record<Reason, string> = { irrelevant: "不相关", outdated: "已过时", wrong_citation: "引用错误", not_found: "没找到我要的" };

/** Answers without feedback are dropped after this many days; feedback after FEEDBACK_DAYS. */
export const ANSWER_DAYS = 30;
export const FEEDBACK_DAYS = 400;

export async function recordAnswer(db: Db, a: { userId: number; question: string; clauseIds: string[]; indexVersion: string; now: Date }): Promise<number> {
  const r = await db
    .prepare("INSERT INTO answers (user_id, question, clause_ids, index_version, created_at) VALUES (?, ?, ?, ?, ?)")
    .bind(a.userId, a.question, JSON.stringify(a.clauseIds), a.indexVersion, a.now.toISOString())
    .run();
  return r.lastRowId;
}

export type VoteOutcome = "recorded" | "repeated" | "unknown";

/** A 👍 (1) or 👎 (-1) on an answer; "repeated" when this user already voted on it. */
export async function vote(db: Db, v: { answerId: number; userId: number; vote: 1 | -1; now: Date }): Promise<VoteOutcome> {
  const r = await db
    .prepare(
      `INSERT INTO feedback (answer_id, user_id, question, clause_ids, vote, index_version, created_at)
       SELECT id, ?, question, clause_ids, ?, index_version, ? FROM answers WHERE id = ?
       ON CONFLICT (user_id, answer_id) DO NOTHING`,
    )
    .bind(v.userId, v.vote, v.now.toISOString(), v.answerId)
    .run();
  if (r.changes > 0) return "recorded";
  const known = await db.prepare("SELECT 1 AS x FROM answers WHERE id = ?").bind(v.answerId).first();
  return known ? "repeated" : "unknown";
}

/** The reason of a 👎, once; "repeated" if a reason is already there (or there is no 👎 by this user). */
export async function giveReason(db: Db, r: { answerId: number; userId: number; reason: Reason }): Promise<"recorded" | "repeated"> {
  const res = await db
    .prepare("UPDATE feedback SET reason = ? WHERE answer_id = ? AND user_id = ? AND vote = -1 AND reason IS NULL")
    .bind(r.reason, r.answerId, r.userId)
    .run();
  return res.changes > 0 ? "recorded" : "repeated";
}

/** /forget: everything kept about this user. Returns the rows deleted. */
export async function forgetUser(db: Db, userId: number): Promise<number> {
  const [f, a, , s] = await db.batch([
    db.prepare("DELETE FROM feedback WHERE user_id = ?").bind(userId),
    db.prepare("DELETE FROM answers WHERE user_id = ?").bind(userId),
    // subscriptions (migrations/0003) and the reminders sent for them
    db.prepare("DELETE FROM subscription_reminders WHERE subscription_id IN (SELECT id FROM subscriptions WHERE user_id = ?)").bind(userId),
    db.prepare("DELETE FROM subscriptions WHERE user_id = ?").bind(userId),
  ]);
  return f.changes + a.changes + s.changes;
}

/** The user's subscriptions (for /forget's confirmation). */
export async function subscriptionCount(db: Db, userId: number): Promise<number> {
  const row = await db.prepare("SELECT count(*) AS n FROM subscriptions WHERE user_id = ?").bind(userId).first<{ n: number }>();
  return Number(row?.n ?? 0);
}

/** What is kept about a user (for /forget's confirmation). */
export async function keptFor(db: Db, userId: number): Promise<{ answers: number; feedback: number }> {
  const row = await db
    .prepare("SELECT (SELECT count(*) FROM answers WHERE user_id = ?1) AS answers, (SELECT count(*) FROM feedback WHERE user_id = ?1) AS feedback")
    .bind(userId)
    .first<{ answers: number; feedback: number }>();
  return { answers: Number(row?.answers ?? 0), feedback: Number(row?.feedback ?? 0) };
}

/** The sweep: answers nobody voted on after ANSWER_DAYS, feedback after FEEDBACK_DAYS. */
export async function pruneFeedback(db: Db, now: Date): Promise<number> {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const [a, f] = await db.batch([
    db.prepare("DELETE FROM answers WHERE created_at < ? AND id NOT IN (SELECT answer_id FROM feedback)").bind(before(ANSWER_DAYS)),
    db.prepare("DELETE FROM feedback WHERE created_at < ?").bind(before(FEEDBACK_DAYS)),
  ]);
  // an answer whose feedback just expired goes too
  const b = await db.prepare("DELETE FROM answers WHERE created_at < ? AND id NOT IN (SELECT answer_id FROM feedback)").bind(before(ANSWER_DAYS)).run();
  return a.changes + f.changes + b.changes;
}

export interface FeedbackStats {
  up: number;
  down: number;
  /** Clauses shown with the most 👎, with the reasons given. */
  clauses: { clauseId: string; down: number; reasons: Partial<Record<Reason, number>> }[];
  /** Questions answered with a 👎, most frequent first. */
  questions: { question: string; down: number; reasons: Partial<Record<Reason, number>> }[];
}

/** Feedback given from `from` (inclusive) to `to` (exclusive), ISO times. */
export async function feedbackStats(db: Db, from: string, to: string, limit = 10): Promise<FeedbackStats> {
  const totals = await db
    .prepare("SELECT coalesce(sum(vote = 1), 0) AS up, coalesce(sum(vote = -1), 0) AS down FROM feedback WHERE created_at >= ? AND created_at < ?")
    .bind(from, to)
    .first<{ up: number; down: number }>();
  const byClause = await db
    .prepare(
      `SELECT j.value AS clause_id, f.reason AS reason, count(*) AS n FROM feedback f, json_each(f.clause_ids) j
       WHERE f.vote = -1 AND f.created_at >= ? AND f.created_at < ? GROUP BY j.value, f.reason`,
    )
    .bind(from, to)
    .all<{ clause_id: string; reason: Reason | null; n: number }>();
  const byQuestion = await db
    .prepare("SELECT question, reason, count(*) AS n FROM feedback WHERE vote = -1 AND created_at >= ? AND created_at < ? GROUP BY question, reason")
    .bind(from, to)
    .all<{ question: string; reason: Reason | null; n: number }>();
  const fold = <K extends string>(rows: { key: K; reason: Reason | null; n: number }[]) => {
    const m = new Map<K, { down: number; reasons: Partial<Record<Reason, number>> }>();
    for (const r of rows) {
      const e = m.get(r.key) ?? { down: 0, reasons: {} };
      e.down += Number(r.n);
      if (r.reason) e.reasons[r.reason] = (e.reasons[r.reason] ?? 0) + Number(r.n);
      m.set(r.key, e);
    }
    return [...m].sort((a, b) => b[1].down - a[1].down || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
  };
  return {
    up: Number(totals?.up ?? 0),
    down: Number(totals?.down ?? 0),
    clauses: fold(byClause.map((r) => ({ key: r.clause_id, reason: r.reason, n: r.n }))).map(([clauseId, e]) => ({ clauseId, ...e })),
    questions: fold(byQuestion.map((r) => ({ key: r.question, reason: r.reason, n: r.n }))).map(([question, e]) => ({ question, ...e })),
  };
}
