-- Notices and health-education articles (issue 15, 广而告之): written in a
-- region's office, approved by a reviewer other than the author, published
-- to one or more regions; everyone whose region lies in a target's subtree
-- sees it. owner_path is the region the notice belongs to: who may edit and
-- review it. Reads are one row per reader, with the reader's region, so the
-- office sees how far a notice has reached, region by region.
CREATE TABLE notices (
    id             TEXT COLLATE "C" PRIMARY KEY,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL,
    body           TEXT NOT NULL,
    status         TEXT NOT NULL,
    owner_path     TEXT COLLATE "C" NOT NULL,
    author_id      TEXT COLLATE "C" NOT NULL,
    author_name    TEXT NOT NULL,
    reviewer_id    TEXT COLLATE "C" NOT NULL DEFAULT '',
    reviewer_name  TEXT NOT NULL DEFAULT '',
    review_comment TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    published_at   TIMESTAMPTZ,
    withdrawn_at   TIMESTAMPTZ
);

CREATE INDEX notices_owner ON notices (owner_path, updated_at);
CREATE INDEX notices_published ON notices (status, published_at);

CREATE TABLE notice_targets (
    notice_id   TEXT COLLATE "C" NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    region_path TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (notice_id, region_path)
);

CREATE INDEX notice_targets_region ON notice_targets (region_path, notice_id);

CREATE TABLE notice_reads (
    notice_id   TEXT COLLATE "C" NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    user_id     TEXT COLLATE "C" NOT NULL,
    region_path TEXT COLLATE "C" NOT NULL,
    read_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (notice_id, user_id)
);

CREATE INDEX notice_reads_region ON notice_reads (notice_id, region_path);
