-- Home visits and family-doctor services residents book in the app (issue
-- 15, 预约服务). The services are a catalogue the console edits. A booking
-- asks for a day and a half-day; the office schedules it to a team member
-- at a time, within the capacity of the member's team (unit) for that day.
-- region_path is where the booker lives (the account's region): the staff
-- of its subtree see the booking. day is the scheduled day in China's time,
-- so that a team's day is one index range.
CREATE TABLE booking_services (
    code        TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    sort        INTEGER NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE booking_capacity (
    unit_id TEXT COLLATE "C" PRIMARY KEY REFERENCES units (id) ON DELETE CASCADE,
    per_day INTEGER NOT NULL
);

CREATE TABLE bookings (
    id               TEXT COLLATE "C" PRIMARY KEY,
    service_code     TEXT COLLATE "C" NOT NULL REFERENCES booking_services (code),
    user_id          TEXT COLLATE "C" NOT NULL,
    name             TEXT NOT NULL,
    phone_enc        TEXT NOT NULL,
    region_path      TEXT COLLATE "C" NOT NULL,
    address          TEXT NOT NULL,
    preferred_date   TEXT NOT NULL,
    slot             TEXT NOT NULL,
    note             TEXT NOT NULL,
    status           TEXT NOT NULL,
    member_id        TEXT COLLATE "C" NOT NULL DEFAULT '',
    member_name      TEXT NOT NULL DEFAULT '',
    member_user_id   TEXT COLLATE "C" NOT NULL DEFAULT '',
    unit_id          TEXT COLLATE "C" NOT NULL DEFAULT '',
    day              TEXT NOT NULL DEFAULT '',
    scheduled_at     TIMESTAMPTZ,
    scheduled_by     TEXT NOT NULL DEFAULT '',
    cancel_reason    TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX bookings_scope ON bookings (region_path, status, created_at);
CREATE INDEX bookings_user ON bookings (user_id, created_at);
CREATE INDEX bookings_member ON bookings (member_user_id, status);
CREATE INDEX bookings_team_day ON bookings (unit_id, day, status);

-- The catalogue every city starts with; the console edits it.
INSERT INTO booking_services (code, name, description, active, sort, created_at, updated_at) VALUES
('HOME-VISIT', '上门随访', '家庭医生团队上门为慢病、失能、高龄老人随访,测量血压血糖,指导用药。', TRUE, 10, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
('FAMILY-DOCTOR', '家庭医生签约咨询', '了解家庭医生签约服务包、签约流程和费用,可上门或到站咨询。', TRUE, 20, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
('REHAB', '康复指导', '术后、卒中后、骨折后居家康复训练指导。', TRUE, 30, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
('ELDERLY-CHECKUP', '老年人健康体检预约', '65岁及以上老年人每年一次免费健康体检,预约体检日期。', TRUE, 40, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
