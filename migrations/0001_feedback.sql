-- Migration number: 0001 	 2026-11-29
-- Answers the bot sent (so a 👍/👎 press knows the question and the clauses shown) and the
-- feedback on them. Kept per Telegram user id: nothing else about the user, and no message text
-- but the question. /forget deletes a user's rows; the sweep drops answers older than 30 days
-- that got no feedback, and feedback older than 400 days.
CREATE TABLE answers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  question TEXT NOT NULL,
  -- JSON array of the clause ids shown, in the order shown
  clause_ids TEXT NOT NULL,
  index_version TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX answers_user ON answers (user_id);
CREATE INDEX answers_created ON answers (created_at);

CREATE TABLE feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  answer_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  question TEXT NOT NULL,
  clause_ids TEXT NOT NULL,
  -- 1 = 👍, -1 = 👎
  vote INTEGER NOT NULL CHECK (vote IN (1, -1)),
  -- for 👎: irrelevant | outdated | wrong_citation | not_found (NULL until tapped)
  reason TEXT,
  index_version TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- one vote per user and answer: a repeated tap does not count twice
  UNIQUE (user_id, answer_id)
);
CREATE INDEX feedback_user ON feedback (user_id);
CREATE INDEX feedback_created ON feedback (created_at);
