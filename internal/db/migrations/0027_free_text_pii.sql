-- Free text holds no number in the clear (issue 13): the ID and mobile
-- numbers someone types into an event's title, description, address,
-- reporter or a comment are masked in the text column itself — what lists
-- show and search reads — and sealed, with their places, in the column
-- named after it with _pii ('' when it had none: pii.Text).

ALTER TABLE events ADD COLUMN title_pii TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN description_pii TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN address_pii TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN reporter_name_pii TEXT NOT NULL DEFAULT '';
ALTER TABLE event_tasks ADD COLUMN feedback_pii TEXT NOT NULL DEFAULT '';
ALTER TABLE event_tasks ADD COLUMN extension_comment_pii TEXT NOT NULL DEFAULT '';
ALTER TABLE event_timeline ADD COLUMN comment_pii TEXT NOT NULL DEFAULT '';

-- Rows written before may hold numbers in the clear, and sealing needs the
-- key, which SQL has not: the work is listed here and done at the next start
-- (db.Backfill), a batch per transaction, resuming after the id of the last
-- batch done. Only a database with such rows gets any.
CREATE TABLE backfills (
    name     TEXT PRIMARY KEY,
    after_id TEXT COLLATE "C" NOT NULL DEFAULT ''
);
INSERT INTO backfills (name) SELECT 'event_text' WHERE EXISTS (SELECT 1 FROM events);
INSERT INTO backfills (name) SELECT 'notification_text' WHERE EXISTS (SELECT 1 FROM notifications);
INSERT INTO backfills (name) SELECT 'attachment_names' WHERE EXISTS (SELECT 1 FROM attachments);
