-- Versions of the published data, bumped inside every write transaction that changes it (by triggers, so that
-- every writer — service, CLI, any later store code — keeps them right). The HTTP outputs decide ETag/304 and
-- whether a cached rendering is current from this one tiny table, never from a scan of articles.
--   articles: what the merged feeds show (articles, stories, a feed's published name, site, category, URL)
--   feeds:    any change to a subscription or its polling state (status page, /opml)
--   digests:  digests and their deliveries (/digest.atom, status page)
CREATE TABLE data_versions (
    scope   TEXT    PRIMARY KEY,
    version INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO data_versions (scope, version) VALUES ('articles', 1), ('feeds', 1), ('digests', 1);

CREATE TRIGGER articles_insert_version AFTER INSERT ON articles
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'articles'; END;
CREATE TRIGGER articles_update_version AFTER UPDATE ON articles
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'articles'; END;
CREATE TRIGGER articles_delete_version AFTER DELETE ON articles
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'articles'; END;

CREATE TRIGGER stories_insert_version AFTER INSERT ON stories
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'articles'; END;
CREATE TRIGGER stories_update_version AFTER UPDATE ON stories
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'articles'; END;
CREATE TRIGGER stories_delete_version AFTER DELETE ON stories
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'articles'; END;

CREATE TRIGGER feeds_insert_version AFTER INSERT ON feeds
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope IN ('articles', 'feeds'); END;
CREATE TRIGGER feeds_delete_version AFTER DELETE ON feeds
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope IN ('articles', 'feeds'); END;
CREATE TRIGGER feeds_update_version AFTER UPDATE ON feeds
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'feeds'; END;
-- Polling bookkeeping rewrites a feed's row on every poll; the merged feeds only change with what they show of it.
CREATE TRIGGER feeds_published_update_version AFTER UPDATE OF url, title, site_url, category ON feeds
WHEN OLD.url IS NOT NEW.url OR OLD.title IS NOT NEW.title OR OLD.site_url IS NOT NEW.site_url OR OLD.category IS NOT NEW.category
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'articles'; END;

CREATE TRIGGER digests_insert_version AFTER INSERT ON digests
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'digests'; END;
CREATE TRIGGER digests_update_version AFTER UPDATE ON digests
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'digests'; END;
CREATE TRIGGER digests_delete_version AFTER DELETE ON digests
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'digests'; END;
CREATE TRIGGER digest_deliveries_insert_version AFTER INSERT ON digest_deliveries
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'digests'; END;
CREATE TRIGGER digest_deliveries_update_version AFTER UPDATE ON digest_deliveries
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'digests'; END;
CREATE TRIGGER digest_deliveries_delete_version AFTER DELETE ON digest_deliveries
BEGIN UPDATE data_versions SET version = version + 1 WHERE scope = 'digests'; END;
