-- Keep/block rules (issue 16). An article a rule hides is stored all the same (hidden = 1), so that a changed
-- rule can bring it back; the verdict is a column, computed when the article is stored and recomputed for every
-- stored article when the rules change, so that serving a feed costs no regular expression.
CREATE TABLE rules (
    id          INTEGER PRIMARY KEY,
    action      TEXT    NOT NULL,              -- 'keep' | 'block'
    pattern     TEXT    NOT NULL,
    is_regex    INTEGER NOT NULL DEFAULT 0,    -- 0: comma-separated words or phrases; 1: a .NET regular expression
    fields      TEXT    NOT NULL,              -- comma-separated: title, content, author, category, link, outlet
    feed_url    TEXT,                          -- scope: one feed, or
    category    TEXT,                          --        one category, or (both null) everything
    origin      TEXT    NOT NULL DEFAULT 'cli',-- 'config' (synced from the Rules section at start) or 'cli'
    created_at  INTEGER NOT NULL,
    note        TEXT,                          -- the last readable trouble (a match that timed out)
    note_at     INTEGER
);

-- One row: bumped on every change to the rules, so that every process's cached rule set and every output's
-- validators (ETag, Last-Modified) notice.
CREATE TABLE rules_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);
INSERT INTO rules_state (id, version, changed_at) VALUES (1, 0, 0);

ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN hidden_by INTEGER;   -- the rule that hid it (a block rule; null for "no keep rule matched")
