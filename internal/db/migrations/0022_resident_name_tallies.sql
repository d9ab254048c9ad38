-- Population (issue 3): living residents per county and first character of
-- the name, so that a one-character search over a county or the city — a
-- surname, and the commonest search there is — is counted from a row per
-- county instead of from the 22,000 index entries of the county's 王. Longer
-- prefixes match a few hundred and are counted from the name index. The
-- population service keeps the rows in the transaction of every write, like
-- resident_birth_tallies.

CREATE TABLE resident_name_tallies (
    county_code TEXT COLLATE "C" NOT NULL,
    initial     TEXT COLLATE "C" NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (county_code, initial)
);

INSERT INTO resident_name_tallies (county_code, initial, n)
SELECT county_code, substr(name, 1, 1), COUNT(*) FROM residents WHERE deleted_at IS NULL GROUP BY county_code, substr(name, 1, 1);
