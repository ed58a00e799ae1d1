-- SQLite migration 041 (issue 13): the digest's web page body (every story of the window).
ALTER TABLE digests ADD COLUMN web_body TEXT;
