-- No query looks articles up by canonical URL (story clustering keeps recent URLs in memory), and the index
-- cost a random page write per new article: a third of a first poll's commit time.
DROP INDEX IF EXISTS articles_canonical;
