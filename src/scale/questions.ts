// Heading questions (src/bench/corpus-questions.ts headingQuestions) from clause records in
// clause order, without a LoadedIndex: the same rule, PRNG and seed, so an index and its SQLite
// tables give the same questions.
import { headingQuestion } from "../bench/corpus-questions.js";
import { hashSeed, mulberry32 } from "../bench/prng.js";

export function headingQuestionsOf(clauses: Iterable<{ docId: string; label: string; text: string }>, n: number, seedKey: string): string[] {
  const byDoc = new Map<string, string[]>();
  for (const c of clauses) {
    if (c.label === c.text) continue;
    const q = headingQuestion(c.label);
    if (q) {
      const list = byDoc.get(c.docId);
      if (list) list.push(q);
      else byDoc.set(c.docId, [q]);
    }
  }
  const rng = mulberry32(hashSeed(seedKey));
  const docs = [...byDoc.keys()].sort();
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [docs[i], docs[j]] = [docs[j], docs[i]];
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of docs) {
    if (out.length >= n) break;
    const headings = byDoc.get(d)!;
    const q = headings[Math.floor(rng() * headings.length)];
    if (seen.has(q)) continue;
    seen.add(q);
    out.push(q);
  }
  return out;
}
