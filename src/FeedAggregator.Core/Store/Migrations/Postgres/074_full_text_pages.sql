-- SQLite migration 074 (issue 16): full-text pages fetched once per canonical URL.
ALTER TABLE full_text_queue ADD COLUMN canonical_url TEXT NOT NULL DEFAULT '';
UPDATE full_text_queue SET canonical_url = coalesce((SELECT a.canonical_url FROM articles a WHERE a.id = full_text_queue.article_id), url);
CREATE INDEX full_text_queue_page ON full_text_queue (canonical_url, status);
