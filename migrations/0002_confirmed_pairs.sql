-- Migration number: 0002 	 2026-11-29
-- Question → clause pairs an admin confirmed from /stats (a 👍 answer's clause: 确认为正确答案),
-- exported by `npm run export:learned` as seed questions for `npm run index -- --learn FILE`.
-- No user id: the question and the clause only, and the admin who confirmed it.
CREATE TABLE confirmed_pairs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  question TEXT NOT NULL,
  clause_id TEXT NOT NULL,
  -- the start of the clause's text when confirmed: the gold snippet of the exported question
  snippet TEXT NOT NULL,
  confirmed_by INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (question, clause_id)
);
