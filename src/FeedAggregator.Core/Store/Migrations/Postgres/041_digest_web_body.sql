-- SQLite migration 041 (issue 13): the digest's web page body.
ALTER TABLE digests ADD COLUMN web_body TEXT;
