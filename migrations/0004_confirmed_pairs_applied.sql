-- Migration number: 0004 	 2026-11-29
-- A confirmed pair is applied to the index at the next publish (an upload, a withdrawal, or
-- /learn): the version it went into is recorded, so that it is added once. NULL: not applied yet.
ALTER TABLE confirmed_pairs ADD COLUMN applied_version TEXT;
