-- Adaptive polling and feed health (issue 4). Times are UTC Unix milliseconds.
-- Publisher hints from the last parsed document, kept so that a 304 or an unchanged body (no parse)
-- still schedules by them.
ALTER TABLE feeds ADD COLUMN ttl_minutes INTEGER;
ALTER TABLE feeds ADD COLUMN update_period_minutes INTEGER;
ALTER TABLE feeds ADD COLUMN skip_hours INTEGER NOT NULL DEFAULT 0;   -- bit h set: skip hour h (UTC)
ALTER TABLE feeds ADD COLUMN skip_days INTEGER NOT NULL DEFAULT 0;    -- bit d set: skip DayOfWeek d
-- The interval the feed's own publishing history suggests (before bounds and publisher hints).
ALTER TABLE feeds ADD COLUMN history_interval_seconds INTEGER;
ALTER TABLE feeds ADD COLUMN last_status INTEGER;                     -- HTTP status of the last response
ALTER TABLE feeds ADD COLUMN not_found_since INTEGER;                 -- first 404 of the current run of errors
-- A permanent redirect (301/308) seen but not yet confirmed: target, sightings, first sighting.
ALTER TABLE feeds ADD COLUMN moved_to TEXT;
ALTER TABLE feeds ADD COLUMN moved_seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN moved_since INTEGER;
-- The URL as subscribed (OPML or `feeds add`) once polling replaced it (confirmed 301/308, autodiscovery):
-- the OPML sync and `feeds remove` still recognise the feed by it.
ALTER TABLE feeds ADD COLUMN subscribed_url TEXT;
CREATE INDEX feeds_subscribed_url ON feeds (subscribed_url) WHERE subscribed_url IS NOT NULL;
-- The last notable change to the subscription itself (URL moved, feed discovered, disabled), for the user.
ALTER TABLE feeds ADD COLUMN last_event TEXT;
ALTER TABLE feeds ADD COLUMN last_event_at INTEGER;

-- Per-host "not before" after a 429/503 with Retry-After: every feed of the host waits, across restarts.
CREATE TABLE host_cooldowns (
    host       TEXT    PRIMARY KEY,
    not_before INTEGER NOT NULL,
    reason     TEXT
);
