-- Notifications (issue 13 §6): each user's notifications and unread ones,
-- counted as they are written and read, so that the bell's count and the
-- inbox's total are one row: a district's dispatcher hears of every late
-- case in the district, and counting their 60,000 notifications cost 7 ms
-- of CPU on every page of the console.

CREATE TABLE notification_tallies (
    user_id TEXT COLLATE "C" PRIMARY KEY,
    total   BIGINT NOT NULL,
    unread  BIGINT NOT NULL
);

INSERT INTO notification_tallies (user_id, total, unread)
SELECT user_id, COUNT(*), SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END) FROM notifications GROUP BY user_id;
