-- Daily digests and their outbox. A digest row and its delivery rows are written in one transaction before
-- any send, so a crash between building and sending loses nothing. Times are UTC Unix milliseconds.
CREATE TABLE digests (
    id            INTEGER PRIMARY KEY,
    window_start  INTEGER NOT NULL,            -- the previous digest's window_end (0 for the first)
    window_end    INTEGER NOT NULL UNIQUE,     -- windows chain: no gaps, no overlaps
    local_date    TEXT    NOT NULL,            -- yyyy-MM-dd of window_end in Digest:TimeZone
    slug          TEXT    NOT NULL UNIQUE,     -- the permanent page: local_date, or local_date-2... for a second one that day
    title         TEXT    NOT NULL,
    story_count   INTEGER NOT NULL,
    html          TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE digest_deliveries (
    id              INTEGER PRIMARY KEY,
    digest_id       INTEGER NOT NULL REFERENCES digests (id) ON DELETE CASCADE,
    recipient       TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending',   -- pending | sending (claimed until next_attempt_at) | sent
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    sent_at         INTEGER,
    message_id      TEXT    NOT NULL,                      -- fixed before the first attempt: a resend after a crash keeps it
    UNIQUE (digest_id, recipient)
);
CREATE INDEX digest_deliveries_due ON digest_deliveries (status, next_attempt_at);
