-- Contact tracing (流调, issue 17): each trace run is recorded with its
-- parameters and counts — never its contacts, which are personal data and
-- are found again from the check-ins when needed — so the console lists the
-- recent traces and a push-down can cite one. region_path is the case's
-- placement: a trace is seen where its case is.
CREATE TABLE epi_traces (
    id              TEXT COLLATE "C" PRIMARY KEY,
    person_id       TEXT COLLATE "C" NOT NULL DEFAULT '',  -- the case as a risk person, '' for a resident who is none
    resident_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
    disease_code    TEXT COLLATE "C" NOT NULL DEFAULT '',
    region_path     TEXT COLLATE "C" NOT NULL,
    from_at         TIMESTAMPTZ NOT NULL,
    to_at           TIMESTAMPTZ NOT NULL,
    basis           TEXT NOT NULL,                 -- onset, positive_sample, given, trace_time
    window_minutes  INTEGER NOT NULL,
    hops            INTEGER NOT NULL,
    close_count     INTEGER NOT NULL,
    secondary_count INTEGER NOT NULL,
    truncated       BOOLEAN NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_traces_scope ON epi_traces (region_path, created_at);
CREATE INDEX epi_traces_person ON epi_traces (person_id, created_at);

-- A trace pushed down as screening lists, once: the key makes a second push
-- (a double click, a phone's retry) answer the first one's lists.
CREATE TABLE epi_trace_pushes (
    trace_id            TEXT COLLATE "C" PRIMARY KEY,
    close_screening     TEXT COLLATE "C" NOT NULL DEFAULT '',
    secondary_screening TEXT COLLATE "C" NOT NULL DEFAULT '',
    contacts            INTEGER NOT NULL,
    exposures           INTEGER NOT NULL,
    pushed_by           TEXT NOT NULL,
    pushed_at           TIMESTAMPTZ NOT NULL
);
