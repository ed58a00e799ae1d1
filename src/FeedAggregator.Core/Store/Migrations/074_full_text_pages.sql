-- Full text (issue 16): a page is fetched once, not once per article. The same article under another feed, a
-- tracking parameter or a new entry id has the same canonical URL; an article whose page was already read takes
-- that result (content or failure), and one whose page is being fetched waits for it (status 'waiting').
ALTER TABLE full_text_queue ADD COLUMN canonical_url TEXT NOT NULL DEFAULT '';
UPDATE full_text_queue SET canonical_url = coalesce((SELECT a.canonical_url FROM articles a WHERE a.id = full_text_queue.article_id), url);
CREATE INDEX full_text_queue_page ON full_text_queue (canonical_url, status);
