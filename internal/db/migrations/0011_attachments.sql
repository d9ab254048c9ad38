-- Event attachments (issue 4): the photos and short videos reports and actions
-- carry. The bytes live in the file store (<data>/files on disk by default)
-- under store_key; the row says what they are, who uploaded them and, once a
-- report or an action has taken them, the event and the timeline entry they
-- came with. An upload no one has taken (event_id NULL) is its uploader's
-- alone, and is deleted after a day.

CREATE TABLE attachments (
    id            TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    store_key     TEXT NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploader_name TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    event_id      TEXT COLLATE "C" REFERENCES events (id),
    entry_id      TEXT COLLATE "C" REFERENCES event_timeline (id),
    linked_at     TIMESTAMPTZ
);
-- an event's attachments for its detail; the uploads still waiting, oldest
-- first, for the cleanup
CREATE INDEX attachments_event ON attachments (event_id, created_at) WHERE event_id IS NOT NULL;
CREATE INDEX attachments_unlinked ON attachments (created_at) WHERE event_id IS NULL;
