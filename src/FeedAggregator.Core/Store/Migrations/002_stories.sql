-- Stories: one per piece of news, however many feeds carried it (dedupe levels 2 and 3).
-- story_key is stable (derived from the first article's feed and entry), so the merged feed's entry ids
-- survive a `stories rebuild` or a new database.
CREATE TABLE stories (
    id              INTEGER PRIMARY KEY,
    story_key       TEXT    NOT NULL UNIQUE,
    lead_article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    first_seen_at   INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,   -- last time a source joined or the lead changed
    sort_at         INTEGER NOT NULL,   -- the earliest member's sort_at: where the story sits in the merged feed
    source_count    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX stories_sort ON stories (sort_at DESC, id DESC);
CREATE INDEX stories_first_seen ON stories (first_seen_at);

ALTER TABLE articles ADD COLUMN canonical_url TEXT;
ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN story_score REAL;   -- similarity that joined it (1 = same URL or first)
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_canonical ON articles (canonical_url);
CREATE INDEX articles_first_seen ON articles (first_seen_at, id);
