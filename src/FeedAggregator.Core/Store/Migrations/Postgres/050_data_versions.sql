-- SQLite migration 050 (issue 14): versions of the published data, bumped by triggers inside every write transaction
-- that changes it, so that every writer on every node keeps them right. Statement-level triggers here: one bump per
-- statement, not per row, and fewer updates of the same hot row when several workers write.
CREATE TABLE data_versions (
    scope   TEXT   PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_versions (scope, version) VALUES ('articles', 1), ('feeds', 1), ('digests', 1);

-- Bumps every scope named in the trigger's arguments.
CREATE FUNCTION bump_data_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE scope = ANY (TG_ARGV);
    RETURN NULL;
END;
$$;

CREATE TRIGGER articles_version AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_versions('articles');
CREATE TRIGGER stories_version AFTER INSERT OR UPDATE OR DELETE ON stories
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_versions('articles');
CREATE TRIGGER feeds_insert_delete_version AFTER INSERT OR DELETE ON feeds
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_versions('articles', 'feeds');
CREATE TRIGGER feeds_update_version AFTER UPDATE ON feeds
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_versions('feeds');
-- Polling bookkeeping rewrites a feed's row on every poll; the merged feeds only change with what they show of it.
CREATE TRIGGER feeds_published_update_version AFTER UPDATE OF url, title, site_url, category ON feeds
    FOR EACH ROW WHEN (OLD.url IS DISTINCT FROM NEW.url OR OLD.title IS DISTINCT FROM NEW.title
                       OR OLD.site_url IS DISTINCT FROM NEW.site_url OR OLD.category IS DISTINCT FROM NEW.category)
    EXECUTE FUNCTION bump_data_versions('articles');
CREATE TRIGGER digests_version AFTER INSERT OR UPDATE OR DELETE ON digests
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_versions('digests');
CREATE TRIGGER digest_deliveries_version AFTER INSERT OR UPDATE OR DELETE ON digest_deliveries
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_versions('digests');
