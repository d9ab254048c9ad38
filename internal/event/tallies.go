package event

import (
	"cmp"
	"context"
	"fmt"
	"healthgrid/internal/access"
	"strings"
	"time"
)

// Events are tallied per region, status and matter (and for all matters,
// spread over the shards '*0' … '*7') at every level of their path —
// the city, the county, the township, the village and the grid — so that a
// list's total ("how many in my county", "how many waiting to be
// registered", "how many of this matter") is at most a few hundred rows, not a count of a county's cases. The
// tally moves whenever a stored status changes (insertEvent, saveEvent),
// in the same transaction, so it is never off by a committed write.

const addTally = `INSERT INTO event_tallies (region_path, status, matter_code, n) VALUES (?, ?, ?, ?)
	ON CONFLICT (region_path, status, matter_code) DO UPDATE SET n = event_tallies.n + excluded.n`

// retally moves e from the status and the next deadline it was stored with
// (none for a new event) to its current ones. Rows are touched in one order
// for every writer — by path, then status rows before day rows, each by key
// — so that two transactions on PostgreSQL lock them alike and never wait
// on each other in a circle.
func (s *Service) retally(ctx context.Context, e *Event) error {
	due := e.due()
	oldDay, newDay := dueDay(e.storedDue), dueDay(due)
	if e.stored == e.Status && oldDay == newDay {
		return nil
	}
	for _, p := range access.Scope(e.RegionPath).Lineage() {
		for _, d := range ordered(e.stored, e.Status) {
			if d.key == "" || e.stored == e.Status {
				continue
			}
			for _, matter := range []string{allMatters(e.ID), e.MatterCode} { // all matters, and its own
				if _, err := s.db.Exec(ctx, addTally, p, d.key, matter, d.n); err != nil {
					return fmt.Errorf("event: tallies: %w", err)
				}
			}
		}
		for _, d := range ordered(oldDay, newDay) {
			if d.key == 0 || oldDay == newDay {
				continue
			}
			if _, err := s.db.Exec(ctx, addDueTally, p, d.key, d.n); err != nil {
				return fmt.Errorf("event: due tallies: %w", err)
			}
		}
	}
	e.stored, e.storedDue = e.Status, due
	return nil
}

// allMatters is the shard of the all-matters rows an event counts in: the
// last hex digit of its id (a UUID's random end), modulo 8.
func allMatters(id string) string {
	d := byte('0')
	if id != "" {
		d = '0' + id[len(id)-1]%8
	}
	return "*" + string(d)
}

// delta is a tally row's key and what to add to it.
type delta[K cmp.Ordered] struct {
	key K
	n   int
}

// ordered is the move from old to cur as two deltas, the smaller key first.
func ordered[K cmp.Ordered](old, cur K) [2]delta[K] {
	if cur < old {
		return [2]delta[K]{{cur, 1}, {old, -1}}
	}
	return [2]delta[K]{{old, -1}, {cur, 1}}
}

const addDueTally = `INSERT INTO event_due_tallies (region_path, due_day, n) VALUES (?, ?, ?)
	ON CONFLICT (region_path, due_day) DO UPDATE SET n = event_due_tallies.n + excluded.n`

// dueDay is the UTC day of a next deadline as yyyymmdd, 0 for none: the
// bucket of event_due_tallies.
func dueDay(t *time.Time) int {
	if t == nil {
		return 0
	}
	y, m, d := t.UTC().Date()
	return y*10000 + int(m)*100 + d
}

// overdueCount counts the events in the subtree path whose next deadline
// has passed at now: the days before today from the tallies, today's from
// events_deadline.
func overdueCount(path string, now time.Time) (string, []any) {
	now = now.UTC()
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	cond, args := access.Scope(path).Subtree("e.region_path")
	return `SELECT (SELECT COALESCE(SUM(n), 0) FROM event_due_tallies WHERE region_path = ? AND due_day < ?) +
		(SELECT COUNT(*) FROM events e WHERE e.next_deadline >= ? AND e.next_deadline < ? AND ` + cond + ")",
		append([]any{path, dueDay(&now), midnight, now}, args...)
}

// tallied is how many events lie in the subtree path (with the status and
// the matter, if given), from the tallies; ok is false when the filter asks for
// more than the tallies know, and the events must be counted.
func tallied(path string, f Filter, now time.Time) (query string, args []any, ok bool) {
	if f.Mine || f.Source != "" || f.From != nil || f.To != nil || f.Whistle || strings.TrimSpace(f.Q) != "" ||
		f.Overdue && (f.Status != "" || f.Matter != "") {
		return "", nil, false
	}
	if f.Overdue {
		query, args = overdueCount(path, now)
		return query, args, true
	}
	query, args = "SELECT COALESCE(SUM(n), 0) FROM event_tallies WHERE region_path = ? AND matter_code = ?", []any{path, f.Matter}
	if f.Matter == "" {
		query, args = "SELECT COALESCE(SUM(n), 0) FROM event_tallies WHERE region_path = ? AND matter_code >= '*0' AND matter_code <= '*7'",
			[]any{path}
	}
	if f.Status != "" {
		query, args = query+" AND status = ?", append(args, f.Status)
	}
	return query, args, true
}
