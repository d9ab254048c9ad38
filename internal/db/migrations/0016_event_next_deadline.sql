-- The event list at city scale (issue 4): each event keeps the earliest
-- deadline running on it — its open tasks' (a summoned unit's report-in),
-- else its own stage's; none while suspended — written with every save, so
-- that "overdue" is one indexed comparison with the clock (which still
-- decides it) and "most urgent first" an ordered column, not a look into
-- every event's tasks.

ALTER TABLE events ADD COLUMN next_deadline TIMESTAMPTZ;

UPDATE events SET next_deadline = CASE WHEN status = 'suspended' THEN NULL ELSE COALESCE(
    (SELECT MIN(CASE WHEN t.status = 'summoned' THEN t.report_deadline ELSE t.deadline END) FROM event_tasks t
     WHERE t.event_id = events.id AND t.status IN ('summoned', 'dispatched', 'accepted')),
    CASE WHEN status IN ('reported', 'registered', 'pending_verify') THEN deadline END) END;

-- A region's running cases by deadline: an overdue count reads the running
-- fifth of a county off the index, never the rows.
CREATE INDEX events_due ON events (region_path, next_deadline) WHERE next_deadline IS NOT NULL;
