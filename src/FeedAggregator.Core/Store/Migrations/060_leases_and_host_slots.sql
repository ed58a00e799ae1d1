-- Several processes on one database (issue 15). Times are UTC Unix milliseconds.
-- A polling pass claims due feeds: the worker that holds the lease polls the feed; recording the poll clears it.
-- A worker that dies leaves its leases to expire (Polling:Lease), and the others take the feeds then.
ALTER TABLE feeds ADD COLUMN lease_until INTEGER;
ALTER TABLE feeds ADD COLUMN leased_by TEXT;
-- Requests in flight per host across all workers: a worker takes one of the host's Polling:PerHostConcurrency
-- slots for a fetch and gives it back after; a slot whose holder died frees itself at `until`.
CREATE TABLE host_slots (
    host   TEXT    NOT NULL,
    slot   INTEGER NOT NULL,
    holder TEXT    NOT NULL,
    until  INTEGER NOT NULL,
    PRIMARY KEY (host, slot)
);
