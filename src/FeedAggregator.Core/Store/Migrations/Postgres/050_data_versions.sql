-- SQLite migration 050 (issue 14): versions of the published data, bumped in every write transaction that changes it.
-- Statement-level triggers here (one bump per statement, not per row); the feeds row trigger needs OLD and NEW.
CREATE TABLE data_versions (
    scope   TEXT   PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_versions (scope, version) VALUES ('articles', 1), ('feeds', 1), ('digests', 1);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE scope = ANY (TG_ARGV);
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_version AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('articles');
CREATE TRIGGER stories_version AFTER INSERT OR UPDATE OR DELETE ON stories
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('articles');
CREATE TRIGGER feeds_insert_delete_version AFTER INSERT OR DELETE ON feeds
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('articles', 'feeds');
CREATE TRIGGER feeds_update_version AFTER UPDATE ON feeds
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('feeds');
CREATE TRIGGER feeds_published_update_version AFTER UPDATE OF url, title, site_url, category ON feeds
    FOR EACH ROW WHEN (OLD.url IS DISTINCT FROM NEW.url OR OLD.title IS DISTINCT FROM NEW.title
                       OR OLD.site_url IS DISTINCT FROM NEW.site_url OR OLD.category IS DISTINCT FROM NEW.category)
    EXECUTE FUNCTION bump_data_version('articles');
CREATE TRIGGER digests_version AFTER INSERT OR UPDATE OR DELETE ON digests
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('digests');
CREATE TRIGGER digest_deliveries_version AFTER INSERT OR UPDATE OR DELETE ON digest_deliveries
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('digests');
