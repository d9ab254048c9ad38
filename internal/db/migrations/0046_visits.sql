-- Home visits (issue 15): a field worker's record of a visit to a resident —
-- its kind, the findings (notes: numbers masked, sealed beside them as in
-- events), where it was recorded (WGS-84) and the grid that point lies in,
-- and the booking it fulfils, if any (one visit per booking). region_path is
-- the resident's grid: staff read the visits of their subtree.

CREATE TABLE visits (
    id            TEXT COLLATE "C" PRIMARY KEY,
    booking_id    TEXT COLLATE "C" REFERENCES bookings (id),
    resident_id   TEXT COLLATE "C" NOT NULL,
    resident_name TEXT NOT NULL,
    region_path   TEXT COLLATE "C" NOT NULL,
    kind          TEXT NOT NULL,
    notes         TEXT NOT NULL,
    notes_pii     TEXT NOT NULL DEFAULT '',
    lng           DOUBLE PRECISION NOT NULL,
    lat           DOUBLE PRECISION NOT NULL,
    place_code    TEXT NOT NULL,
    place_name    TEXT NOT NULL,
    worker_id     TEXT NOT NULL,
    worker_name   TEXT NOT NULL,
    visited_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX visits_region ON visits (region_path, visited_at);
CREATE INDEX visits_resident ON visits (resident_id, visited_at);
CREATE UNIQUE INDEX visits_booking ON visits (booking_id) WHERE booking_id IS NOT NULL;

-- Attachments held by a record other than an event (owner: "visit/<id>"),
-- which serves them itself; marked_key is the watermarked copy the file
-- store keeps beside the original, when one was made.
ALTER TABLE attachments ADD COLUMN owner TEXT COLLATE "C";
ALTER TABLE attachments ADD COLUMN marked_key TEXT;
CREATE INDEX attachments_owner ON attachments (owner, created_at) WHERE owner IS NOT NULL;
