package event

import (
	"context"
	"fmt"
	"strings"
)

// Events are tallied per region, status and matter at every level of their path —
// the city, the county, the township, the village and the grid — so that a
// list's total ("how many in my county", "how many waiting to be
// registered", "how many of this matter") is at most a few hundred rows, not a count of a county's cases. The
// tally moves whenever a stored status changes (insertEvent, saveEvent),
// in the same transaction, so it is never off by a committed write.

const addTally = `INSERT INTO event_tallies (region_path, status, matter_code, n) VALUES (?, ?, ?, ?)
	ON CONFLICT (region_path, status, matter_code) DO UPDATE SET n = event_tallies.n + excluded.n`

// retally moves e from the status it was stored with (none for a new
// event) to its current one. Rows are touched in path order, the same for
// every writer, so that two transactions on PostgreSQL lock them alike.
func (s *Service) retally(ctx context.Context, e *Event) error {
	if e.stored == e.Status {
		return nil
	}
	for i := 0; i < len(e.RegionPath); i++ {
		if e.RegionPath[i] != '/' {
			continue
		}
		p := e.RegionPath[:i+1]
		for _, d := range []struct {
			status string
			n      int
		}{{e.stored, -1}, {e.Status, 1}} {
			if d.status == "" {
				continue
			}
			if _, err := s.db.Exec(ctx, addTally, p, d.status, e.MatterCode, d.n); err != nil {
				return fmt.Errorf("event: tallies: %w", err)
			}
		}
	}
	e.stored = e.Status
	return nil
}

// tallied is how many events lie in the subtree path (with the status and
// the matter, if given), from the tallies; ok is false when the filter asks for
// more than the tallies know, and the events must be counted.
func tallied(path string, f Filter) (query string, args []any, ok bool) {
	if f.Mine || f.Source != "" || f.Overdue || f.From != nil || f.To != nil || f.Whistle ||
		strings.TrimSpace(f.Q) != "" {
		return "", nil, false
	}
	query, args = "SELECT COALESCE(SUM(n), 0) FROM event_tallies WHERE region_path = ?", []any{path}
	if f.Status != "" {
		query, args = query+" AND status = ?", append(args, f.Status)
	}
	if f.Matter != "" {
		query, args = query+" AND matter_code = ?", append(args, f.Matter)
	}
	return query, args, true
}
