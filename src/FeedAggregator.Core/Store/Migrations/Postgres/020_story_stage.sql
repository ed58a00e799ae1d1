-- Stories are decided by their own stage (issue 11): polling stores articles with story_id NULL ("waiting"), and the
-- story stage puts them into stories in arrival order. story_seq numbers the stage's batches, increasing, so that
-- every process's in-memory story cache can catch up with the memberships other processes wrote.
ALTER TABLE articles ADD COLUMN story_seq BIGINT;
CREATE INDEX articles_story_seq ON articles (story_seq) WHERE story_seq IS NOT NULL;
