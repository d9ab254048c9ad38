-- The SLA engine (issue 4): what the periodic sweep remembers of every
-- running clock — an event's own stage and each task — so that each warning
-- (50, 80, 100 % of the limit) is given once, across restarts and with
-- several instances sweeping.
--
-- sla_warned:   the highest level already warned of on the running clock;
--               the workflow sets it back to 0 when the clock starts anew.
-- sla_check_at: when the sweep must look at the clock next: the instant its
--               next level falls due. Every write of the workflow sets it to
--               "now" (look again), and a new row starts at the beginning of
--               time, so a sweep only reads the clocks that may have moved.

ALTER TABLE events ADD COLUMN sla_warned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN sla_check_at TIMESTAMPTZ NOT NULL DEFAULT '0001-01-01 00:00:00+00:00';
ALTER TABLE event_tasks ADD COLUMN sla_warned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_tasks ADD COLUMN sla_check_at TIMESTAMPTZ NOT NULL DEFAULT '0001-01-01 00:00:00+00:00';

-- The clocks still to be warned of, by when they are due: a sweep reads the
-- range up to now and nothing else, however many closed cases there are.
-- The sweep's queries repeat these WHERE clauses word for word, as SQLite
-- needs to use a partial index.
CREATE INDEX events_sla ON events (sla_check_at, id)
    WHERE status IN ('reported', 'registered', 'pending_verify') AND sla_warned < 100;
CREATE INDEX event_tasks_sla ON event_tasks (sla_check_at, id)
    WHERE status IN ('summoned', 'dispatched', 'accepted') AND sla_warned < 100;
