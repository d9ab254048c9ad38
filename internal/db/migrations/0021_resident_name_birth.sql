-- Population (issue 3): the name index carries the birth date, as the scope
-- index does, so that a name prefix with an age range ("王, 65 and over")
-- is counted and paged from the index alone instead of reading the row of
-- every namesake: over the city's 220,000 王 that was a second.

DROP INDEX residents_name;
CREATE INDEX residents_name ON residents (county_code, name, birth_ymd, deleted_at) WHERE deleted_at IS NULL;
