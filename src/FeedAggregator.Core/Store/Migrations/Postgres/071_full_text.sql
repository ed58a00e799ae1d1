-- SQLite migration 071 (issue 16): full text for summary-only feeds.
ALTER TABLE feeds ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN full_text_fetched INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN full_text_failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN full_text_error TEXT;
ALTER TABLE articles ADD COLUMN full_content TEXT;
CREATE TABLE full_text_queue (
    article_id      BIGINT  PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    feed_id         BIGINT  NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    url             TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    error           TEXT,
    done_at         BIGINT
);
CREATE INDEX full_text_queue_due ON full_text_queue (status, next_attempt_at);
