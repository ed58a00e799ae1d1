-- Full text for summary-only feeds (issue 16). Per feed: whether each new entry's article page is fetched, and
-- how that went (counted on the feed's health, never an error of the feed).
ALTER TABLE feeds ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN full_text_fetched INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN full_text_failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN full_text_error TEXT;
-- The extracted, sanitized article: published as the entry's content, while the feed's own summary stays the
-- summary. Its own column, so that an upstream edit of the entry (which rewrites content) does not lose it.
ALTER TABLE articles ADD COLUMN full_content TEXT;

-- The pages to fetch: one row per article, ever (the primary key), so no page is fetched twice. Written in the
-- poll's transaction, worked off by FullTextJob outside the poll's write path.
CREATE TABLE full_text_queue (
    article_id      INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    feed_id         INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    url             TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending',   -- pending | fetching (claimed until next_attempt_at) | done | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    error           TEXT,
    done_at         INTEGER
);
CREATE INDEX full_text_queue_due ON full_text_queue (status, next_attempt_at);
