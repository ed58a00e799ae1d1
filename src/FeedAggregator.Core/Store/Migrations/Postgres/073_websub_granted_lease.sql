-- SQLite migration 073 (issue 16): the lease the source feed's hub granted.
ALTER TABLE websub_feeds ADD COLUMN lease_seconds BIGINT;
