-- Notifications (issue 4): each user's inbox. A row is written in the
-- transaction of the change it tells of, so the inbox holds exactly what
-- committed; the push and the SMS follow the commit.
CREATE TABLE notifications (
    id         TEXT COLLATE "C" PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- what happened: the event's action, or sla_warning
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    -- the console path of the object: /events/{id}
    link       TEXT NOT NULL DEFAULT '',
    event_id   TEXT COLLATE "C" REFERENCES events (id),
    priority   TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ,
    -- urgent cases: whether the SMS went out ('sent', 'failed'; '' when none was due)
    sms_status TEXT NOT NULL DEFAULT '',
    sms_error  TEXT NOT NULL DEFAULT '',
    sms_at     TIMESTAMPTZ
);
-- a user's inbox newest first; the unread ones alone, for the badge
CREATE INDEX notifications_inbox ON notifications (user_id, created_at, id);
CREATE INDEX notifications_unread ON notifications (user_id, created_at) WHERE read_at IS NULL;

-- who hears of a task: the users of its unit
CREATE INDEX users_unit ON users (unit_id);
