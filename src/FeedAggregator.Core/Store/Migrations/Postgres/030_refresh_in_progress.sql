-- Hostile input (issue 12): set in its own small write before a fetched document is parsed, cleared by whatever
-- write records the outcome. A value still there long after means the process died while working on this feed
-- (a crash no catch block saw); the next pass records that as this feed's error, so it is backed off instead of
-- killing every restart. UTC Unix milliseconds.
ALTER TABLE feeds ADD COLUMN refresh_started_at BIGINT;
