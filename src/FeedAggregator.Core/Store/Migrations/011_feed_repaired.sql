-- Why the feed's last parsed body needed repair before it could be read (feedparser's "bozo"), NULL when it was
-- well-formed: shown on the status page, so a publisher's broken XML is visible even though its entries arrive.
ALTER TABLE feeds ADD COLUMN repaired TEXT;
