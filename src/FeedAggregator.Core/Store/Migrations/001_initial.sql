-- Subscriptions and their polling state. Times are UTC Unix milliseconds.
CREATE TABLE feeds (
    id               INTEGER PRIMARY KEY,
    url              TEXT    NOT NULL UNIQUE,
    title            TEXT,
    site_url         TEXT,
    category         TEXT,
    origin           TEXT    NOT NULL DEFAULT 'cli',   -- 'opml' (synced from Feeds:Opml) or 'cli'
    enabled          INTEGER NOT NULL DEFAULT 1,
    disabled_reason  TEXT,
    etag             TEXT,
    last_modified    TEXT,
    body_hash        TEXT,
    created_at       INTEGER NOT NULL,
    last_polled_at   INTEGER,
    last_success_at  INTEGER,
    last_error_at    INTEGER,
    last_error       TEXT,
    error_count      INTEGER NOT NULL DEFAULT 0,
    next_poll_at     INTEGER NOT NULL DEFAULT 0,
    interval_seconds INTEGER,
    interval_reason  TEXT
);
CREATE INDEX feeds_due ON feeds (enabled, next_poll_at);

-- One row per entry per feed. entry_key is the entry's identity inside its feed
-- (guid, else link, else a hash of title and content); content_hash detects upstream edits.
CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    feed_id        INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key      TEXT    NOT NULL,
    guid           TEXT,
    url            TEXT,
    title          TEXT,
    summary        TEXT,
    content        TEXT,
    authors        TEXT,
    categories     TEXT,                 -- JSON array
    enclosures     TEXT,                 -- JSON array
    image          TEXT,
    comments_url   TEXT,
    published_at   INTEGER,
    updated_at     INTEGER,
    first_seen_at  INTEGER NOT NULL,
    changed_at     INTEGER NOT NULL,     -- first seen, or last time its content changed
    sort_at        INTEGER NOT NULL,     -- published date, but never later than first seen
    content_hash   TEXT    NOT NULL,
    UNIQUE (feed_id, entry_key)
);
CREATE INDEX articles_sort ON articles (sort_at DESC, id DESC);
