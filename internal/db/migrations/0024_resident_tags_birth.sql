-- Population (issue 3): a tag row carries its resident's birth date, so that
-- a stored tag with an age range ("hypertension, 65 and over" — the elderly
-- with a chronic disease that grid doctors follow up) is counted and paged
-- from the tag rows alone, without reading every tagged resident's row:
-- over the city's 345,000 with hypertension that was a second. On SQLite the
-- table is kept in its key's order (WITHOUT ROWID), so the date sits beside
-- the key; PostgreSQL's key index includes it.

-- sqlite only
CREATE TABLE resident_tags_new (
    tag         TEXT NOT NULL,
    region_path TEXT NOT NULL,
    name        TEXT NOT NULL,
    resident_id TEXT NOT NULL,
    birth_ymd   INTEGER NOT NULL,
    PRIMARY KEY (tag, region_path, name, resident_id)
) WITHOUT ROWID;
-- sqlite only
INSERT INTO resident_tags_new (tag, region_path, name, resident_id, birth_ymd)
SELECT t.tag, t.region_path, t.name, t.resident_id, r.birth_ymd FROM resident_tags t JOIN residents r ON r.id = t.resident_id;
-- sqlite only
DROP TABLE resident_tags;
-- sqlite only
ALTER TABLE resident_tags_new RENAME TO resident_tags;

-- postgres only
ALTER TABLE resident_tags ADD COLUMN birth_ymd INTEGER NOT NULL DEFAULT 0;
-- postgres only
UPDATE resident_tags t SET birth_ymd = r.birth_ymd FROM residents r WHERE r.id = t.resident_id;
-- postgres only
ALTER TABLE resident_tags ALTER COLUMN birth_ymd DROP DEFAULT;
-- postgres only
ALTER TABLE resident_tags DROP CONSTRAINT resident_tags_pkey;
-- postgres only
ALTER TABLE resident_tags ADD PRIMARY KEY (tag, region_path, name, resident_id) INCLUDE (birth_ymd);
