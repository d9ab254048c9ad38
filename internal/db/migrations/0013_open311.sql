-- Partner systems (hotlines, city apps) and the Open311 GeoReport v2 endpoint
-- they file and track events through (issue 4).

-- An API key: a partner system's own principal with the partner role over a
-- region subtree. Only a SHA-256 of the secret is kept; the secret itself is
-- shown once, when the key is made. A key is revoked, never deleted, so that
-- the events and audit records naming it keep their meaning.
CREATE TABLE api_keys (
    id              TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT NOT NULL,
    region_code     TEXT NOT NULL REFERENCES regions (code),
    region_path     TEXT COLLATE "C" NOT NULL,
    -- the secret's first characters, to tell keys apart in a list
    prefix          TEXT NOT NULL,
    secret_hash     TEXT COLLATE "C" NOT NULL UNIQUE,
    created_by      TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    last_used_at    TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    revoked_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_keys_scope ON api_keys (region_path, created_at);

-- Wrong keys by client address, for the brute-force limit; the cleanup job
-- drops rows once they no longer count.
CREATE TABLE api_key_failures (
    ip TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX api_key_failures_ip ON api_key_failures (ip, at);

-- What an Open311 request carries beyond the event it became: the key that
-- filed it, the reporter's contact (email sealed like every personal datum)
-- and their app's ids, and a link to a photo.
CREATE TABLE open311_requests (
    event_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES events (id),
    api_key_id TEXT COLLATE "C" NOT NULL REFERENCES api_keys (id),
    email_enc  TEXT NOT NULL DEFAULT '',
    device_id  TEXT NOT NULL DEFAULT '',
    account_id TEXT NOT NULL DEFAULT '',
    media_url  TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX open311_requests_key ON open311_requests (api_key_id, created_at);
