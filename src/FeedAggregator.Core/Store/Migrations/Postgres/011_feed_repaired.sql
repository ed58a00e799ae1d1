-- SQLite migration 011 (issue 10): why the feed's last parsed body needed repair (bozo), NULL when well-formed.
ALTER TABLE feeds ADD COLUMN repaired TEXT;
