-- Population (issue 3): running counts of living residents per grid, in all
-- and per stored tag (tag ''), so that "how many in my county" and "how many
-- with this tag" sum a few hundred grid rows instead of counting a few hundred
-- thousand index entries. The population service keeps them in the same
-- transaction as every write; this fills them from the rows already there.

CREATE TABLE resident_tallies (
    tag         TEXT COLLATE "C" NOT NULL,
    region_path TEXT COLLATE "C" NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (tag, region_path)
);

INSERT INTO resident_tallies (tag, region_path, n)
SELECT '', region_path, COUNT(*) FROM residents WHERE deleted_at IS NULL GROUP BY region_path;

INSERT INTO resident_tallies (tag, region_path, n)
SELECT tag, region_path, COUNT(*) FROM resident_tags GROUP BY tag, region_path;
