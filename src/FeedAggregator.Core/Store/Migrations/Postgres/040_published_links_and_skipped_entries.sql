-- SQLite migration 040 (issue 13): the published link of an article; entries skipped from the last parsed document.
ALTER TABLE articles ADD COLUMN link TEXT;
ALTER TABLE feeds ADD COLUMN skipped_entries INTEGER NOT NULL DEFAULT 0;
