package chain

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// testPaths are the region paths test persons live at: two grids of one
// county, one of another.
var testPaths = []string{
	"140900000000/140902000000/140902001000/140902001002/140902001002001/",
	"140900000000/140902000000/140902001000/140902001002/140902001002002/",
	"140900000000/140921000000/140921100000/140921100200/140921100200001/",
}

// today is the tests' clock's day.
var today = time.Date(2026, 11, 20, 4, 0, 0, 0, time.UTC)

func newService(t testing.TB, d *db.DB) *Service {
	now := func() time.Time { return today }
	return New(Deps{DB: d, Audit: audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: now}), Now: now})
}

// addPersons writes n risk persons of disease B27, spread over testPaths.
func addPersons(t testing.TB, d *db.DB, prefix string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%05d", prefix, i)
		path := testPaths[i%len(testPaths)]
		if _, err := d.Exec(context.Background(), `INSERT INTO epi_persons (id, disease_code, category, name, grid_code,
			region_path, state, created_at, updated_at) VALUES (?, 'B27', ?, ?, ?, ?, 'assigned', ?, ?)`, ids[i],
			[]string{"confirmed", "close_contact", "secondary_contact"}[i%3], "人"+ids[i], path[len(path)-16:len(path)-1], path,
			today, today); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// stored is the partition of persons into chains the members table holds,
// each part sorted, the parts in order of their least member.
func stored(t testing.TB, d *db.DB) [][]string {
	t.Helper()
	rows, err := d.Query(context.Background(), "SELECT person_id, chain_id FROM epi_chain_members")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	by := map[string][]string{}
	for rows.Next() {
		var p, c string
		if err := rows.Scan(&p, &c); err != nil {
			t.Fatal(err)
		}
		by[c] = append(by[c], p)
	}
	var out [][]string
	for _, part := range by {
		slices.Sort(part)
		out = append(out, part)
	}
	slices.SortFunc(out, func(a, b []string) int { return compare(a[0], b[0]) })
	return out
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// checkFigures compares every chain's stored figures and region tally with
// those counted from its members and edges.
func checkFigures(t testing.TB, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	s := newService(t, d)
	rows, err := d.Query(ctx, "SELECT "+chainCols+" FROM epi_chains")
	if err != nil {
		t.Fatal(err)
	}
	var chains []chainRow
	for rows.Next() {
		c, err := scanChain(rows)
		if err != nil {
			t.Fatal(err)
		}
		chains = append(chains, c)
	}
	rows.Close()
	for _, c := range chains {
		members, _ := s.membersOf(ctx, c.id)
		edges, _ := s.edgesOf(ctx, c.id)
		want := chainRow{id: c.id, disease: c.disease, size: len(members), edges: len(edges), active: c.active}
		for _, e := range edges {
			want.first, want.latest = minDay(want.first, e.day), max(want.latest, e.day)
		}
		if c != want || len(components(members, edges)) != 1 {
			t.Fatalf("chain %s: %+v, counted %+v", c.id, c, want)
		}
		paths, _ := s.pathsOf(ctx, c.id)
		tally := map[string]int{}
		for _, p := range paths {
			for i := range len(p) {
				if p[i] == '/' {
					tally[p[:i+1]]++
				}
			}
		}
		got := map[string]int{}
		r, _ := d.Query(ctx, "SELECT region_path, n FROM epi_chain_regions WHERE chain_id = ? AND n <> 0", c.id)
		for r.Next() {
			var p string
			var n int
			r.Scan(&p, &n)
			got[p] = n
		}
		r.Close()
		if !maps.Equal(got, tally) {
			t.Fatalf("chain %s regions %v, counted %v", c.id, got, tally)
		}
	}
	var stray int
	d.QueryRow(ctx, `SELECT COUNT(*) FROM epi_chain_regions r WHERE n <> 0 AND NOT EXISTS
		(SELECT 1 FROM epi_chains c WHERE c.id = r.chain_id)`).Scan(&stray)
	if stray != 0 {
		t.Fatalf("%d region rows of no chain", stray)
	}
}

// TestFollowUp counts a chain active for the close-contact protocol's days
// after its latest exposure, or the incubation period without a protocol.
func TestFollowUp(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		for disease, want := range map[string]int{"B27": 10, "B11": 21, "C01": 4} {
			if got, err := s.followUp(context.Background(), disease); err != nil || got != want {
				t.Errorf("follow-up of %s: %d %v, want %d", disease, got, err, want)
			}
		}
	})
}
