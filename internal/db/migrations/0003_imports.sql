-- Bulk imports (issue 3): one row per import job, and the rows it rejected
-- until they are written to the job's error report.

CREATE TABLE import_jobs (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    mode              TEXT NOT NULL,
    status            TEXT NOT NULL,
    format            TEXT NOT NULL,
    encoding          TEXT NOT NULL DEFAULT '',
    file_name         TEXT NOT NULL DEFAULT '',
    file_path         TEXT NOT NULL DEFAULT '',
    file_size         BIGINT NOT NULL DEFAULT 0,
    total             BIGINT NOT NULL DEFAULT 0,
    imported          BIGINT NOT NULL DEFAULT 0,
    updated           BIGINT NOT NULL DEFAULT 0,
    rejected          BIGINT NOT NULL DEFAULT 0,
    -- the resume point: every line up to done_line is committed
    done_line         BIGINT NOT NULL DEFAULT 0,
    batches           INTEGER NOT NULL DEFAULT 0,
    progress          DOUBLE PRECISION NOT NULL DEFAULT 0,
    error             TEXT NOT NULL DEFAULT '',
    created_by        TEXT NOT NULL,
    creator           TEXT NOT NULL,
    creator_roles     TEXT NOT NULL DEFAULT '',
    creator_perms     TEXT NOT NULL DEFAULT '',
    region_code       TEXT NOT NULL DEFAULT '',
    scope_path        TEXT COLLATE "C" NOT NULL,
    -- the worker holding the job; another may take it once lease_until passed
    lease_owner       TEXT NOT NULL DEFAULT '',
    lease_until       TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    report_path       TEXT NOT NULL DEFAULT '',
    report_expires_at TIMESTAMPTZ
);
CREATE INDEX import_jobs_scope ON import_jobs (scope_path, created_at);
CREATE INDEX import_jobs_status ON import_jobs (status, created_at);

CREATE TABLE import_row_errors (
    job_id TEXT NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    line   BIGINT NOT NULL,
    col    TEXT NOT NULL,
    reason TEXT NOT NULL,
    data   TEXT NOT NULL,
    PRIMARY KEY (job_id, line)
);
