-- WebSub (issue 16). Hub side: who subscribed to which merged feed (topic), verified or not, and what was last
-- delivered to them; stored so that subscriptions and pending deliveries survive restarts. Times are UTC Unix ms.
CREATE TABLE websub_subscriptions (
    id              INTEGER PRIMARY KEY,
    topic           TEXT    NOT NULL,
    callback        TEXT    NOT NULL,
    secret          TEXT,
    lease_seconds   INTEGER NOT NULL,
    active          INTEGER NOT NULL DEFAULT 0,    -- 1 once the subscriber verified its intent
    expires_at      INTEGER,                       -- end of the verified lease
    verify_mode     TEXT,                          -- 'subscribe' | 'unsubscribe': a request whose intent is still to verify
    verify_secret   TEXT,                          -- the secret and lease the pending request asks for
    verify_lease    INTEGER,
    requested_at    INTEGER NOT NULL,
    content_hash    TEXT,                          -- what the subscriber has (delivered, or current at verification)
    attempts        INTEGER NOT NULL DEFAULT 0,    -- failed deliveries (or verifications) in a row
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    delivered_at    INTEGER,
    UNIQUE (topic, callback)
);

-- Subscriber side: a source feed that advertises a hub, and our subscription to it there.
CREATE TABLE websub_feeds (
    feed_id          INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
    hub              TEXT    NOT NULL,
    topic            TEXT    NOT NULL,
    token            TEXT    NOT NULL UNIQUE,      -- the callback's path segment: /websub/callback/{token}
    secret           TEXT    NOT NULL,
    requested_at     INTEGER NOT NULL,
    lease_expires_at INTEGER,                      -- set when the hub verified our intent
    last_push_at     INTEGER,
    last_error       TEXT
);
