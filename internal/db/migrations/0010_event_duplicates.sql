-- Likely duplicates are found among the last 72 hours' events of one matter.
CREATE INDEX events_matter ON events (matter_code, reported_at);
