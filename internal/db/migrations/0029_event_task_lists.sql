-- The whistle board at city scale (issue 13): the events a whistle summoned
-- departments to are found off their whistled tasks — since the board's
-- first day, a task being created after its event is reported — rather than
-- by looking into the tasks of every event in the area, which took seconds
-- for a county or the city at a million events.

CREATE INDEX event_tasks_whistled ON event_tasks (created_at, event_id) WHERE report_deadline IS NOT NULL;

-- 我的待办 at city scale (issue 13): a task carries its event's region path
-- (an event never leaves its grid), so that a grid worker's open self tasks
-- are read off a partial index of the open self tasks under their grids —
-- not by looking into the tasks of every event their grids ever had.

ALTER TABLE event_tasks ADD COLUMN region_path TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE event_tasks SET region_path = (SELECT e.region_path FROM events e WHERE e.id = event_tasks.event_id);
CREATE INDEX event_tasks_self_open ON event_tasks (region_path, event_id) WHERE role = 'self' AND status IN ('summoned', 'dispatched', 'accepted');
