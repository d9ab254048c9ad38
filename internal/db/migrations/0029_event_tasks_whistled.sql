-- The whistle board at city scale (issue 13): the events a whistle summoned
-- departments to are found off their whistled tasks — since the board's
-- first day, a task being created after its event is reported — rather than
-- by looking into the tasks of every event in the area, which took seconds
-- for a county or the city at a million events.

CREATE INDEX event_tasks_whistled ON event_tasks (created_at, event_id) WHERE report_deadline IS NOT NULL;
