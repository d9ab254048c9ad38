package epidemic_test

import (
	"context"
	"fmt"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// recount counts a list's persons from their rows, at every level of their
// paths, as the tallies should: distributed, pool, verified, overdue.
func recount(t testing.TB, d *db.DB, screening string) map[string][4]int64 {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT p.region_path, p.state, p.pooled, p.overdue_at IS NOT NULL
		FROM epi_persons p JOIN epi_person_sources s ON s.person_id = p.id AND s.kind = 'screening' AND s.ref = ?
		WHERE p.merged_into IS NULL`, screening)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][4]int64{}
	for rows.Next() {
		var path, state string
		var pooled, overdue bool
		if err := rows.Scan(&path, &state, &pooled, &overdue); err != nil {
			t.Fatal(err)
		}
		done := state == "verified" || state == "decided" || state == "reported"
		for _, at := range access.Scope(path).Lineage() {
			c := out[at]
			if pooled {
				c[1]++
			} else {
				c[0]++
			}
			if done {
				c[2]++
			} else if overdue {
				c[3]++
			}
			out[at] = c
		}
	}
	return out
}

// tallied is a list's tally rows that count anything.
func tallied(t testing.TB, d *db.DB, screening string) map[string][4]int64 {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT region_path, distributed, pool, verified, overdue
		FROM epi_screening_tallies WHERE screening_id = ?`, screening)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][4]int64{}
	for rows.Next() {
		var path string
		var c [4]int64
		if err := rows.Scan(&path, &c[0], &c[1], &c[2], &c[3]); err != nil {
			t.Fatal(err)
		}
		if c != ([4]int64{}) {
			out[path] = c
		}
	}
	return out
}

// checkTallies fails the test when a list's tallies are not its recount.
func checkTallies(t testing.TB, d *db.DB, screening, after string) {
	t.Helper()
	want, got := recount(t, d, screening), tallied(t, d, screening)
	if fmt.Sprint(want) != fmt.Sprint(got) {
		t.Fatalf("after %s: tallies %v, recount %v", after, got, want)
	}
}
