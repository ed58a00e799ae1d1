-- SQLite migration 010 (issue 10): identities of entries retention deleted, so archive feeds do not bring them back.
CREATE TABLE tombstones (
    feed_id   BIGINT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key TEXT   NOT NULL,
    buried_at BIGINT NOT NULL,
    gone_at   BIGINT,
    PRIMARY KEY (feed_id, entry_key)
);
CREATE INDEX tombstones_gone ON tombstones (gone_at) WHERE gone_at IS NOT NULL;
