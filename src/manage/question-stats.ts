// Questions asked and whether they were answered, for /stats. No user ids are kept: the
// question text, answered or not, and when.
//
//   stats/q/<day>/<time>-<random>   one empty object per question, its facts in the object's
//                                   metadata (a write per question, no contention between
//                                   instances; listing a day reads no values)
//   stats/days/<day>.json           the day folded into one object once it is over (the sweep,
//                                   src/manage/sweep.ts), after which its per-question objects
//                                   are deleted: /stats over a year reads ~366 small objects
//                                   instead of listing every question
//
// A day's folded object keeps the MAX_UNANSWERED_PER_DAY most frequent unanswered questions;
// the top 10 over a period is exact for every question that made some day's list.
import type { BlobStore } from "../store/blob-store.js";

const RAW = "stats/q/";
export const DAYS = "stats/days/";
const QUESTION_CHARS = 200;
export const MAX_UNANSWERED_PER_DAY = 200;
/** A day is folded this long after it ends (China time), when no question of it can still be in flight. */
export const FOLD_AFTER_MS = 10 * 60_000;

/** The day in China time (UTC+8), where the users are: "2026-11-22". */
export const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
/** When a China day ends, ms since the epoch. */
const dayEnd = (day: string) => Date.parse(`${day}T00:00:00Z`) + 86_400_000 - 8 * 3600_000;

export async function recordQuestion(store: BlobStore, question: string, answered: boolean, at: Date): Promise<void> {
  const iso = at.toISOString();
  const key = `${RAW}${chinaDay(at)}/${iso.replace(/[:.]/g, "-")}-${Math.random().toString(36).slice(2, 8)}`;
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

/** One day's figures: folded, or counted from its per-question objects. */
interface DayStats {
  day: string;
  asked: number;
  answered: number;
  /** Normalised question → the first wording seen and its count; the most frequent first. */
  unanswered: { key: string; question: string; count: number }[];
}

const normalise = (q: string) => q.normalize("NFKC").replace(/[\s\p{P}]/gu, "").toLowerCase();

async function countRaw(store: BlobStore, day: string): Promise<{ stats: DayStats; keys: string[] }> {
  let asked = 0;
  let answered = 0;
  const missed = new Map<string, { key: string; question: string; count: number }>();
  const entries = await store.list(`${RAW}${day}/`);
  for (const { meta } of entries) {
    asked++;
    if (meta.a === "1") {
      answered++;
      continue;
    }
    const q = meta.q ?? "";
    const key = normalise(q);
    const entry = missed.get(key) ?? { key, question: q, count: 0 };
    entry.count++;
    missed.set(key, entry);
  }
  const unanswered = [...missed.values()].sort(byCount);
  return { stats: { day, asked, answered, unanswered }, keys: entries.map((e) => e.key) };
}

const byCount = (a: { question: string; count: number }, b: { question: string; count: number }) => b.count - a.count || a.question.localeCompare(b.question);

async function dayStats(store: BlobStore, day: string): Promise<DayStats> {
  const folded = await store.getText(`${DAYS}${day}.json`);
  return folded !== null ? (JSON.parse(folded) as DayStats) : (await countRaw(store, day)).stats;
}

/** Days from..to inclusive (ISO dates). */
export async function questionStats(store: BlobStore, from: string, to: string, top = 10): Promise<QuestionStats> {
  let asked = 0;
  let answered = 0;
  const missed = new Map<string, { question: string; count: number }>();
  const days = daysBetween(from, to);
  // a few days at a time: R2 answers reads in parallel
  for (let i = 0; i < days.length; i += 16) {
    for (const day of await Promise.all(days.slice(i, i + 16).map((d) => dayStats(store, d)))) {
      asked += day.asked;
      answered += day.answered;
      for (const u of day.unanswered) {
        const entry = missed.get(u.key) ?? { question: u.question, count: 0 };
        entry.count += u.count;
        missed.set(u.key, entry);
      }
    }
  }
  const unanswered = [...missed.values()].sort(byCount).slice(0, top);
  return { from, to, asked, answered, unanswered };
}

/**
 * Folds every day that is over (and not folded yet) into stats/days/<day>.json, then deletes its
 * per-question objects. Written before deleted: a sweep cut short leaves objects of a folded day,
 * which readers ignore and the next sweep deletes. Returns the days folded.
 */
export async function foldQuestionDays(store: BlobStore, now: Date): Promise<string[]> {
  const days = [...new Set((await store.list(RAW)).map((e) => e.key.slice(RAW.length, RAW.length + 10)))];
  const folded: string[] = [];
  for (const day of days) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || now.getTime() < dayEnd(day) + FOLD_AFTER_MS) continue;
    const { stats, keys } = await countRaw(store, day);
    if ((await store.getText(`${DAYS}${day}.json`)) === null) {
      await store.put(`${DAYS}${day}.json`, JSON.stringify({ ...stats, unanswered: stats.unanswered.slice(0, MAX_UNANSWERED_PER_DAY) }));
      folded.push(day);
    }
    await store.delete(keys);
  }
  return folded;
}

/** At most 366 days, oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length < 366; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
