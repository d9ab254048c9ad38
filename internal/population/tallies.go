package population

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"healthgrid/internal/db"
)

// Tallies are the living residents of each grid, in all (tag "") and per
// stored tag, kept by reindex in the transaction of every write. They answer
// the counts of the lists that filter by nothing but a subtree and perhaps a
// stored tag — the commonest, and the costliest to count row by row.

type tallyKey struct{ tag, path string }

// addTallies adds to the counts many rows a statement: the table is small
// (a row per grid and tag), so SQLite's statement journal for a multi-row
// statement costs little there, unlike on the residents' indexes.
var addTallies = bulk{"INSERT INTO resident_tallies (tag, region_path, n)",
	" ON CONFLICT (tag, region_path) DO UPDATE SET n = resident_tallies.n + excluded.n", 3, true}

// tally adds d to the counts r's state contributes to.
func tally(deltas map[tallyKey]int64, r *rec, d int64) {
	if r == nil || r.Deleted {
		return
	}
	deltas[tallyKey{"", r.Path}] += d
	for _, t := range r.Tags {
		deltas[tallyKey{t, r.Path}] += d
	}
}

// reindex moves the tag rows and the tallies of residents from their old
// states (nil: none) to their current ones. Every write of a resident goes
// through it.
func (s *Service) reindex(ctx context.Context, old, cur []*rec) error {
	if err := s.retag(ctx, old, cur); err != nil {
		return err
	}
	deltas := map[tallyKey]int64{}
	for i := range cur {
		if old[i] != nil && sameTagRows(old[i], cur[i]) {
			continue
		}
		tally(deltas, old[i], -1)
		tally(deltas, cur[i], +1)
	}
	keys := make([]tallyKey, 0, len(deltas))
	for k, d := range deltas {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	// a fixed order, so that two writers on PostgreSQL lock rows alike
	slices.SortFunc(keys, func(a, b tallyKey) int { return cmp.Or(strings.Compare(a.tag, b.tag), strings.Compare(a.path, b.path)) })
	_, err := s.run(ctx, addTallies, len(keys), func(i int, dst []any) []any {
		return append(dst, keys[i].tag, keys[i].path, deltas[keys[i]])
	})
	if err != nil {
		return fmt.Errorf("resident: tallies: %w", err)
	}
	return nil
}

// tallied is the count of living residents in the subtree path with the
// stored tag (all residents for ""), from the tallies.
func tallied(tag, path string) (string, []any) {
	cond, args := db.Subtree("region_path", path)
	return "SELECT COALESCE(SUM(n), 0) FROM resident_tallies WHERE tag = ? AND " + cond, append([]any{tag}, args...)
}
