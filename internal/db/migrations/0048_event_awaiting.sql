-- The inbox and 我的待办 (issue 15) hold, beside a unit's open tasks, the
-- reports waiting for their centre to register them (待立案) and the cases
-- handled and waiting for the grid to verify them (待核查): each found off
-- a small partial index, whatever the number of events in the city.
CREATE INDEX events_to_register ON events (centre_path, next_deadline) WHERE status = 'reported';
CREATE INDEX events_to_verify ON events (region_path, next_deadline) WHERE status = 'pending_verify';
