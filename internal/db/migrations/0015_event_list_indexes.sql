-- The event list at city scale (issue 4): a county's or the city's cases
-- newest first are read off an index in reported_at order, with the region
-- path inside the index so that the rows of other regions are skipped
-- without reading them; a status or a matter narrows the same way. The id
-- orders cases reported in the same instant, so that pages never overlap.
-- A village's or a grid's few hundred cases still come off events_scope.

CREATE INDEX events_newest ON events (reported_at, id, region_path);

DROP INDEX events_status;
CREATE INDEX events_status ON events (status, reported_at, id, region_path);

DROP INDEX events_matter;
CREATE INDEX events_matter ON events (matter_code, reported_at, id, region_path);
