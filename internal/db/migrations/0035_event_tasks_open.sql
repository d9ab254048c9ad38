-- 我的待办 of a department at city scale (issue 13 §6): its open tasks with
-- what the list orders them by, read off one partial index — not each task's
-- row (a CDC's 850 open tasks: 26 ms of CPU a page at a million events).
-- The self tasks' index gains the same columns.

CREATE INDEX event_tasks_unit_open ON event_tasks (unit_id, event_id, status, deadline, report_deadline)
    WHERE status IN ('summoned', 'dispatched', 'accepted');
DROP INDEX event_tasks_self_open;
CREATE INDEX event_tasks_self_open ON event_tasks (region_path, event_id, status, deadline, report_deadline)
    WHERE role = 'self' AND status IN ('summoned', 'dispatched', 'accepted');
