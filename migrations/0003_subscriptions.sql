-- Migration number: 0003 	 2026-11-29
-- Subscriptions (/subscribe, 订阅此类政策): a topic, in the words of a question, and an optional
-- region; a newly published document that answers the topic is sent to the chat, and a deadline
-- of a matching clause is recalled 7 days before (src/subscriptions/). Kept per Telegram user id
-- until /unsubscribe or /forget, or until Telegram says the user blocked the bot.
CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  chat_id INTEGER NOT NULL,
  topic TEXT NOT NULL,
  -- a place from the gazetteer (十堰市), or '': anywhere (not NULL, so UNIQUE holds)
  region TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (user_id, topic, region)
);
CREATE INDEX subscriptions_user ON subscriptions (user_id);
CREATE INDEX subscriptions_chat ON subscriptions (chat_id);

-- Deadline reminders sent: once per subscription, clause and deadline date.
CREATE TABLE subscription_reminders (
  subscription_id INTEGER NOT NULL,
  clause_id TEXT NOT NULL,
  deadline_date TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (subscription_id, clause_id, deadline_date)
);
