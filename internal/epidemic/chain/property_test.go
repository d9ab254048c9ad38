package chain

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// TestChainsProperty adds and removes random exposures and compares the
// chains kept incrementally with the connected components computed from
// scratch over the exposures left, and every chain's figures and region
// tally with those counted again.
func TestChainsProperty(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		persons := addPersons(t, d, "p", 24)
		r := rand.New(rand.NewPCG(7, 17))
		type pair struct{ a, b, day string }
		live := map[string]pair{} // exposure id → its pair
		for step := range 300 {
			if len(live) > 0 && r.IntN(3) == 0 {
				ids := slices.Sorted(func(yield func(string) bool) {
					for id := range live {
						if !yield(id) {
							return
						}
					}
				})
				id := ids[r.IntN(len(ids))]
				if err := s.RemoveExposure(ctx, nil, id, "错误录入"); err != nil {
					t.Fatalf("step %d: remove: %v", step, err)
				}
				delete(live, id)
			} else {
				a, b := persons[r.IntN(len(persons))], persons[r.IntN(len(persons))]
				if a == b {
					continue
				}
				day := fmt.Sprintf("2026-11-%02d", 1+r.IntN(19))
				if err := s.AddExposures(ctx, nil, []Exposure{{Source: a, Target: b, Kind: "household", Date: day,
					Certainty: "probable"}}); err != nil {
					t.Fatalf("step %d: add: %v", step, err)
				}
				var id string
				if err := d.QueryRow(ctx, "SELECT id FROM epi_exposures WHERE source_id = ? AND target_id = ? AND kind = 'household' AND day = ?",
					a, b, day).Scan(&id); err != nil {
					t.Fatal(err)
				}
				live[id] = pair{a, b, day}
			}
			var edges []edge
			for id, p := range live {
				edges = append(edges, edge{id: id, a: p.a, b: p.b, day: p.day})
			}
			want := components(persons, edges)
			if got := stored(t, d); !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("step %d: chains %v, components %v", step, got, want)
			}
			if step%25 == 0 {
				checkFigures(t, d)
			}
		}
		checkFigures(t, d)
	})
}
