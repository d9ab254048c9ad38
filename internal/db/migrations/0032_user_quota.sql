-- Per-user hourly quotas (issue 13): how many of a kind — reveals of
-- personal data (kind 'reveal', residents' and events' alike), registrations
-- refused for scope (kind 'refusal') — each user had in each ten-minute step;
-- a quota sums the steps of the last hour. The row of step 0 is never
-- counted: every taker of a user's kind updates it first, so that on
-- PostgreSQL they queue on its lock and parallel requests cannot all pass
-- under the quota.
CREATE TABLE user_quota (
    user_id TEXT COLLATE "C" NOT NULL,
    kind    TEXT COLLATE "C" NOT NULL,
    step    BIGINT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, step)
);
