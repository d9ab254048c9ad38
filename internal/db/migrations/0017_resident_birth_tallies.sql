-- Population (issue 3): living residents per county and year of birth, so
-- that an age range over a county or the city (65 and over, 0–6) sums the
-- whole years inside it here and counts only the residents born in its two
-- boundary years from the birth index. Ages move every day, so they cannot be
-- tallied as such; years of birth do not. The population service keeps the
-- rows in the transaction of every write, like resident_tallies.

CREATE TABLE resident_birth_tallies (
    county_code TEXT COLLATE "C" NOT NULL,
    birth_y     INTEGER NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (county_code, birth_y)
);

INSERT INTO resident_birth_tallies (county_code, birth_y, n)
SELECT county_code, birth_ymd / 10000, COUNT(*) FROM residents WHERE deleted_at IS NULL GROUP BY county_code, birth_ymd / 10000;
