-- Datasets are scoped like plans: the deciding court and the court path from the root to it,
-- plus a name and counts for listings without reading the body.
ALTER TABLE datasets ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE datasets ADD COLUMN deciding_court_id TEXT NOT NULL DEFAULT '';
ALTER TABLE datasets ADD COLUMN court_path TEXT NOT NULL DEFAULT '[]';
ALTER TABLE datasets ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
