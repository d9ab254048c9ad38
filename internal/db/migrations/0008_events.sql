-- The event workflow (issue 4): events (案卷), the tasks each department
-- handles, and the timeline of every action. Deadlines are instants computed
-- on the work calendar when a stage starts; "overdue" is read against the
-- clock, never stored, so a list is right the moment a deadline passes.

CREATE TABLE events (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    number             TEXT COLLATE "C" NOT NULL UNIQUE,
    source             TEXT NOT NULL,
    matter_code        TEXT NOT NULL,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    lng                DOUBLE PRECISION,
    lat                DOUBLE PRECISION,
    address            TEXT NOT NULL DEFAULT '',
    grid_code          TEXT NOT NULL REFERENCES regions (code),
    region_path        TEXT COLLATE "C" NOT NULL,
    -- the centre that registers and dispatches it: the grid's township at
    -- first, one level up after each escalation
    centre_path        TEXT COLLATE "C" NOT NULL,
    reporter_id        TEXT,
    reporter_name      TEXT NOT NULL DEFAULT '',
    reporter_phone_enc TEXT NOT NULL DEFAULT '',
    priority           TEXT NOT NULL,
    status             TEXT NOT NULL,
    -- while suspended: the status to resume to and since when the clock stopped
    resume_status      TEXT,
    suspended_at       TIMESTAMPTZ,
    merged_into        TEXT COLLATE "C" REFERENCES events (id),
    -- the event's own stage (register and dispatch; verify) and its limit's unit
    deadline           TIMESTAMPTZ,
    deadline_unit      TEXT NOT NULL DEFAULT '',
    stage_started_at   TIMESTAMPTZ,
    rating             INTEGER,
    reopen_count       INTEGER NOT NULL DEFAULT 0,
    return_count       INTEGER NOT NULL DEFAULT 0,
    supervise_count    INTEGER NOT NULL DEFAULT 0,
    reported_at        TIMESTAMPTZ NOT NULL,
    registered_at      TIMESTAMPTZ,
    dispatched_at      TIMESTAMPTZ,
    handled_at         TIMESTAMPTZ,
    closed_at          TIMESTAMPTZ,
    evaluated_at       TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ NOT NULL
);
-- a subtree's events newest first; the same by status
CREATE INDEX events_scope ON events (region_path, reported_at);
CREATE INDEX events_status ON events (status, region_path, reported_at);
CREATE INDEX events_merged ON events (merged_into) WHERE merged_into IS NOT NULL;

-- One department's part of an event: the lead, a co-handler, a unit summoned
-- by a whistle, or the grid itself (self-handling: no unit).
CREATE TABLE event_tasks (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    event_id           TEXT COLLATE "C" NOT NULL REFERENCES events (id),
    unit_id            TEXT REFERENCES units (id),
    role               TEXT NOT NULL,
    status             TEXT NOT NULL,
    deadline           TIMESTAMPTZ,
    deadline_unit      TEXT NOT NULL DEFAULT '',
    started_at         TIMESTAMPTZ NOT NULL,
    -- whistle: when the unit must report in, and when it did
    report_deadline    TIMESTAMPTZ,
    reported_in_at     TIMESTAMPTZ,
    accepted_at        TIMESTAMPTZ,
    handled_at         TIMESTAMPTZ,
    feedback           TEXT NOT NULL DEFAULT '',
    -- an extension asked for and not yet decided
    extension_deadline TIMESTAMPTZ,
    extension_comment  TEXT NOT NULL DEFAULT '',
    reopen_count       INTEGER NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX event_tasks_event ON event_tasks (event_id);
CREATE INDEX event_tasks_unit ON event_tasks (unit_id, status);

-- Every action, in order: who, what, from which status to which, and why.
CREATE TABLE event_timeline (
    id          TEXT COLLATE "C" PRIMARY KEY,
    event_id    TEXT COLLATE "C" NOT NULL REFERENCES events (id),
    task_id     TEXT COLLATE "C",
    at          TIMESTAMPTZ NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    comment     TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX event_timeline_event ON event_timeline (event_id, at);

-- Event numbers run per day: SJ + yyyymmdd (China time) + a six-digit sequence.
CREATE TABLE event_numbers (
    day TEXT COLLATE "C" PRIMARY KEY,
    n   BIGINT NOT NULL
);
