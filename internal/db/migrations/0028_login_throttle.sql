-- Identity (issue 13): failed logins by client address, for the throttle
-- every login route shares. One row per address counts the tries of its
-- current window (which begins with its first failure): a try takes its
-- place before its secret is checked, and gives it back if it succeeds, so
-- tries in flight count as failures and parallel guesses cannot all slip
-- under the limit. The cleanup job drops rows whose window has ended.
CREATE TABLE login_throttle (
    ip    TEXT PRIMARY KEY,
    since TIMESTAMPTZ NOT NULL,
    n     INTEGER NOT NULL
);
