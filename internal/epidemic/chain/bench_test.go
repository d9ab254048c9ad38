package chain

import (
	"context"
	"math/rand/v2"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/testkit"
)

// BenchmarkChains measures, on SQLite, an exposure added into one of 2,000
// chains of ten, and the county's chain list (its first page) over them.
func BenchmarkChains(b *testing.B) {
	d := testkit.NewSQLite(b)
	s := newService(b, d)
	s.regions = fixedRegions{}
	ctx := context.Background()
	ids := addPersons(b, d, "b", 20_000)
	r := rand.New(rand.NewPCG(1, 2))
	var ex []Exposure
	for i, id := range ids {
		if i%10 != 0 {
			ex = append(ex, Exposure{Source: ids[i-i%10+r.IntN(i%10)], Target: id, Kind: "work", Date: "2026-11-15", Certainty: "probable"})
		}
		if len(ex) == 500 {
			if err := s.AddExposures(ctx, nil, ex); err != nil {
				b.Fatal(err)
			}
			ex = ex[:0]
		}
	}
	county := &access.Principal{RegionPath: "140900000000/140902000000/"}
	b.Run("add", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			a, c := ids[r.IntN(len(ids))], ids[r.IntN(len(ids))]
			if a == c {
				continue
			}
			if err := s.AddExposures(ctx, nil, []Exposure{{Source: a, Target: c, Kind: "other", Date: "2026-11-16", Certainty: "possible"}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("list", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.Chains(ctx, county, ChainFilter{Active: "true"}, 0, 20); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// fixedRegions narrows nothing: the caller's scope is the list's.
type fixedRegions struct{}

func (fixedRegions) Path(_ context.Context, code string) (string, error) { return code, nil }
func (fixedRegions) Within(_ context.Context, scope, _ string) (string, error) {
	return scope, nil
}
