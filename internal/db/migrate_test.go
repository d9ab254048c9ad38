package db

import (
	"slices"
	"testing"
)

func TestSplitStatementsPerEngine(t *testing.T) {
	body := `-- a comment
CREATE TABLE a (x INTEGER);
-- sqlite only
INSERT INTO a SELECT CAST(strftime('%Y', 'now') AS INTEGER);
-- postgres only
INSERT INTO a
SELECT CAST(to_char(now(), 'YYYY') AS INTEGER);
INSERT INTO a VALUES (1);`
	for _, c := range []struct {
		d    Dialect
		want []string
	}{
		{SQLite, []string{"CREATE TABLE a (x INTEGER);", "INSERT INTO a SELECT CAST(strftime('%Y', 'now') AS INTEGER);", "INSERT INTO a VALUES (1);"}},
		{Postgres, []string{"CREATE TABLE a (x INTEGER);", "INSERT INTO a\nSELECT CAST(to_char(now(), 'YYYY') AS INTEGER);", "INSERT INTO a VALUES (1);"}},
	} {
		if got := splitStatements(body, c.d); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q", c.d, got)
		}
	}
}
