-- SQLite migration 060: feed leases (claims) and per-host request slots shared by every worker.
ALTER TABLE feeds ADD COLUMN lease_until BIGINT;
ALTER TABLE feeds ADD COLUMN leased_by TEXT;
CREATE INDEX feeds_claimable ON feeds (next_poll_at, id) WHERE enabled;
CREATE TABLE host_slots (
    host   TEXT    NOT NULL,
    slot   INTEGER NOT NULL,
    holder TEXT    NOT NULL,
    until  BIGINT  NOT NULL,
    PRIMARY KEY (host, slot)
);
