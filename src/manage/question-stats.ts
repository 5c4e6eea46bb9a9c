// Questions asked and whether they were answered, for /stats: one empty object per question
// under stats/q/<day>/, its facts in the object's metadata (listing a day reads no values).
// No user ids are kept: the question text, answered or not, and when.
import type { BlobStore } from "../store/blob-store.js";

const PREFIX = "stats/q/";
const QUESTION_CHARS = 200;

/** The day in China time (UTC+8), where the users are: "2026-11-22". */
export const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export async function recordQuestion(store: BlobStore, question: string, answered: boolean, at: Date): Promise<void> {
  const iso = at.toISOString();
  const key = `${PREFIX}${chinaDay(at)}/${iso.replace(/[:.]/g, "-")}-${Math.random().toString(36).slice(2, 8)}`;
  await store.put(key, "", { a: answered ? "1" : "0", q: question.trim().slice(0, QUESTION_CHARS) });
}

export interface QuestionStats {
  from: string;
  to: string;
  asked: number;
  answered: number;
  /** The most frequent questions that found nothing, with their counts. */
  unanswered: { question: string; count: number }[];
}

/** Days from..to inclusive (ISO dates). */
export async function questionStats(store: BlobStore, from: string, to: string, top = 10): Promise<QuestionStats> {
  let asked = 0;
  let answered = 0;
  const missed = new Map<string, { question: string; count: number }>();
  for (const day of daysBetween(from, to)) {
    for (const { meta } of await store.list(`${PREFIX}${day}/`)) {
      asked++;
      if (meta.a === "1") {
        answered++;
        continue;
      }
      const q = meta.q ?? "";
      const key = q.normalize("NFKC").replace(/[\s\p{P}]/gu, "").toLowerCase();
      const entry = missed.get(key) ?? { question: q, count: 0 };
      entry.count++;
      missed.set(key, entry);
    }
  }
  const unanswered = [...missed.values()].sort((a, b) => b.count - a.count || a.question.localeCompare(b.question)).slice(0, top);
  return { from, to, asked, answered, unanswered };
}

/** At most 366 days, oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length < 366; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
