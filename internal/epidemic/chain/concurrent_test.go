package chain

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// TestConcurrentMerges builds eight chains, then merges them all at once
// from eight goroutines, each joining chain i to chain i+1 through several
// exposures, all racing for the same chains' locks: the end is one chain
// whose figures add up, on both engines.
func TestConcurrentMerges(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		const k, per = 8, 6
		persons := addPersons(t, d, "c", k*per)
		for c := range k {
			var ex []Exposure
			for i := 1; i < per; i++ {
				ex = append(ex, Exposure{Source: persons[c*per], Target: persons[c*per+i], Kind: "work", Date: "2026-11-10",
					Certainty: "confirmed"})
			}
			if err := s.AddExposures(ctx, nil, ex); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan error, 4*k)
		for c := range k {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 3 {
					next := (c + 1) % k
					e := Exposure{Source: persons[c*per+1+j], Target: persons[next*per+2+j], Kind: "other",
						Date: fmt.Sprintf("2026-11-1%d", j), Certainty: "possible"}
					if err := s.AddExposures(ctx, nil, []Exposure{e}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if parts := stored(t, d); len(parts) != 1 || len(parts[0]) != k*per {
			t.Fatalf("after the merges: %d chains", len(parts))
		}
		checkFigures(t, d)
	})
}
