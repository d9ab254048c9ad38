package epidemic_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/app/apptest"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/population"
)

var cst = time.FixedZone("CST", 8*3600)

// TestCoverageMatchesRecount: random results — resends, several a day,
// days out of order, residents moving grid between batches — and random
// windows; every region's tested count read off the tally equals the
// distinct residents a brute-force pass over the results finds, each where
// they lived at their latest result, and the untested list of a grid is
// its residents less those with a result in the window.
func TestCoverageMatchesRecount(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, sys := context.Background(), e.System(t)
		rng := rand.New(rand.NewPCG(16, 55))
		grids := []string{apptest.HomeGrid, apptest.PeopleGrid, apptest.OtherGrid}
		type subject struct {
			id, idNumber, grid, counted string // counted: the grid as of their latest result
			days                        map[string]bool
		}
		var people []*subject
		for i := range 24 {
			g := grids[i%len(grids)]
			id, n := e.NewTestSubject(t, g)
			people = append(people, &subject{id: id, idNumber: n, grid: g, days: map[string]bool{}})
		}
		now := e.Clock.Now()
		for range 8 {
			var rows []epidemic.TestRow
			for range 1 + rng.IntN(15) {
				p := people[rng.IntN(len(people))]
				at := now.Add(-time.Duration(rng.IntN(12*24)) * time.Hour).Truncate(time.Minute)
				rows = append(rows, epidemic.TestRow{IDNumber: p.idNumber, Name: "受检者", SampledAt: at.Format(time.RFC3339),
					Kind: "antigen", Pathogen: "SARS-CoV-2", Result: []string{"negative", "invalid"}[rng.IntN(2)],
					Institution: []string{"甲", "乙"}[rng.IntN(2)]})
				p.days[at.In(cst).Format(time.DateOnly)] = true
				p.counted = p.grid
			}
			if _, err := e.App.Epidemic.IngestTests(ctx, sys, rows); err != nil {
				t.Fatal(err)
			}
			if rng.IntN(2) == 0 { // the same batch again: nothing moves
				if _, err := e.App.Epidemic.IngestTests(ctx, sys, rows); err != nil {
					t.Fatal(err)
				}
			}
			p := people[rng.IntN(len(people))] // moves; counted where it lives at its next result
			p.grid = grids[(slices.Index(grids, p.grid)+1)%len(grids)]
			if _, err := e.App.People.Update(ctx, sys, p.id, population.Input{Name: "受检者", GridCode: p.grid}); err != nil {
				t.Fatal(err)
			}
		}
		regions := []string{apptest.CityCode, apptest.Home, apptest.HomeTownship, apptest.HomeVillage}
		for range 30 {
			a, b := rng.IntN(14), rng.IntN(14)
			from, to := now.AddDate(0, 0, -max(a, b)).In(cst).Format(time.DateOnly), now.AddDate(0, 0, -min(a, b)).In(cst).Format(time.DateOnly)
			want := map[string]int64{}
			for _, p := range people {
				if p.counted == "" || !slices.ContainsFunc(keys(p.days), func(d string) bool { return d >= from && d <= to }) {
					continue
				}
				for _, l := range access.Scope(e.City.Path(p.counted)).Lineage() {
					want[access.Scope(l).Code()]++
				}
			}
			for _, code := range regions {
				c, err := e.App.Epidemic.Coverage(ctx, sys.RegionPath, code, from, to)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range append([]epidemic.Covered{c.Covered}, c.Items...) {
					if r.Tested != want[r.RegionCode] {
						t.Fatalf("[%s, %s] %s: tested %d, the recount %d", from, to, r.RegionCode, r.Tested, want[r.RegionCode])
					}
				}
			}
			for _, code := range regions {
				f := epidemic.TestFilter{Path: e.City.Path(code), Result: []string{"", "negative", "invalid"}[rng.IntN(3)],
					From: day(from), To: day(to)}
				items, total, err := e.App.Epidemic.Tests(ctx, f, 0, 10000)
				if err != nil || total != len(items) {
					t.Fatalf("%+v: the tally counts %d, the rows %d (%v)", f, total, len(items), err)
				}
			}
			untested, total, err := e.App.Epidemic.Untested(ctx, sys.RegionPath, apptest.HomeGrid, from, to, 0, 1000)
			if err != nil || total != len(untested) {
				t.Fatal(total, err)
			}
			for _, p := range people {
				tested := slices.ContainsFunc(keys(p.days), func(d string) bool { return d >= from && d <= to })
				listed := slices.ContainsFunc(untested, func(r epidemic.GridResident) bool { return r.ID == p.id })
				if listed != (p.grid == apptest.HomeGrid && !tested) {
					t.Fatalf("[%s, %s] resident %s of %s (tested %v) listed untested: %v", from, to, p.id, p.grid, tested, listed)
				}
			}
		}
		_, total, _ := e.App.People.List(ctx, sys.RegionPath, population.Filter{Path: e.City.Path(apptest.HomeVillage),
			AgeMin: -1, AgeMax: -1}, 0, 1)
		if c, _ := e.App.Epidemic.Coverage(ctx, sys.RegionPath, apptest.HomeVillage, "", ""); c.Residents != int64(total) {
			t.Errorf("residents %d, population counts %d", c.Residents, total)
		}
	})
}

// day is the YYYY-MM-DD date d as YYYYMMDD.
func day(d string) int {
	t, _ := time.Parse(time.DateOnly, d)
	return t.Year()*10000 + int(t.Month())*100 + t.Day()
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestConcurrentBatches: the same results sent four times at once, and
// batches naming the same residents on other days, are each kept once, and
// the coverage tally still matches the recount.
func TestConcurrentBatches(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, sys := context.Background(), e.System(t)
		var ids []string
		for range 6 {
			_, n := e.NewTestSubject(t, apptest.HomeGrid)
			ids = append(ids, n)
		}
		now := e.Clock.Now()
		batch := func(daysAgo int) []epidemic.TestRow {
			var rows []epidemic.TestRow
			for _, n := range ids {
				rows = append(rows, epidemic.TestRow{IDNumber: n, Name: "受检者", SampledAt: now.AddDate(0, 0, -daysAgo).Format(time.RFC3339),
					Kind: "nucleic_acid", Pathogen: "SARS-CoV-2", Result: "negative", Institution: "甲"})
			}
			return rows
		}
		created := make(chan int, 8)
		errs := make(chan error, 8)
		for i := range 8 {
			go func() {
				r, err := e.App.Epidemic.IngestTests(ctx, sys, batch(i%2*3))
				created <- r.Created
				errs <- err
			}()
		}
		total := 0
		for range 8 {
			total += <-created
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if total != 2*len(ids) {
			t.Errorf("created %d, want %d", total, 2*len(ids))
		}
		day := func(n int) string { return now.AddDate(0, 0, -n).In(cst).Format(time.DateOnly) }
		for _, w := range [][2]int{{3, 0}, {3, 3}, {0, 0}, {2, 1}} {
			want := map[[2]int]int64{{3, 0}: 6, {3, 3}: 6, {0, 0}: 6, {2, 1}: 0}[w]
			c, err := e.App.Epidemic.Coverage(ctx, sys.RegionPath, apptest.HomeGrid, day(w[0]), day(w[1]))
			if err != nil || c.Tested != want {
				t.Errorf("window %v: tested %d, want %d (%v)", w, c.Tested, want, err)
			}
		}
	})
}
