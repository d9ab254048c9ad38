package testkit

import (
	"context"
	"strings"
	"testing"

	"healthgrid/internal/db"
)

// Plan is the engine's plan of query, one line a step: the detail of
// SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN. Tests hold a query
// to the shape of its plan where its cost shows only at scale.
func Plan(t testing.TB, d *db.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := d.Query(context.Background(), "EXPLAIN "+queryPlan(d)+query, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		if err := rows.Scan(vals...); err != nil {
			t.Fatal(err)
		}
		// SQLite: id, parent, notused, detail; PostgreSQL: one line of text
		line := *vals[len(vals)-1].(*any)
		switch l := line.(type) {
		case []byte:
			out = append(out, strings.TrimSpace(string(l)))
		case string:
			out = append(out, strings.TrimSpace(l))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// queryPlan is what follows EXPLAIN for the engine's plan in steps.
func queryPlan(d *db.DB) string {
	if d.Dialect == db.SQLite {
		return "QUERY PLAN "
	}
	return ""
}
