-- Identities of entries that retention deleted, per feed, so that a feed still listing them (an archive feed) does
-- not bring them back as new. gone_at: the first parse of the feed that no longer listed the entry (NULL while it
-- does); a tombstone gone for Retention:Days is dropped. A feed whose body does not change keeps its tombstones.
CREATE TABLE tombstones (
    feed_id   INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key TEXT    NOT NULL,
    buried_at INTEGER NOT NULL,
    gone_at   INTEGER,
    PRIMARY KEY (feed_id, entry_key)
);
CREATE INDEX tombstones_gone ON tombstones (gone_at) WHERE gone_at IS NOT NULL;
