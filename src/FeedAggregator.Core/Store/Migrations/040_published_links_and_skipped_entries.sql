-- What the outputs publish (issue 13). Times are UTC Unix milliseconds.
-- The link every output shows for an article: the real article URL (redirect wrapper unwrapped, feedburner:origLink
-- preferred) without tracking parameters. `url` keeps the link exactly as the feed gave it.
ALTER TABLE articles ADD COLUMN link TEXT;
-- Entries of the last parsed document that were not stored because they had no title, no link and no content.
ALTER TABLE feeds ADD COLUMN skipped_entries INTEGER NOT NULL DEFAULT 0;
