-- Retried writes (issue 15): a phone that lost its signal sends the same
-- write again with the same Idempotency-Key. Each key is kept, per caller,
-- with a fingerprint of the request and, once it has run, the answer it got,
-- for 24 hours: a retry gets that answer back instead of a second record.
-- The answer is sealed like every personal field (it may carry a name or a
-- number); state is 'running' until the first request ends.
CREATE TABLE idempotency_keys (
    caller      TEXT COLLATE "C" NOT NULL,
    key         TEXT COLLATE "C" NOT NULL,
    fingerprint TEXT NOT NULL,
    state       TEXT NOT NULL,
    status      INTEGER NOT NULL DEFAULT 0,
    response    TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (caller, key)
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
