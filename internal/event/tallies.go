package event

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// Events are tallied per region, status and matter (and for all matters,
// spread over the shards '*0' … '*7') at every level of their path —
// the city, the county, the township, the village and the grid — so that a
// list's total ("how many in my county", "how many waiting to be
// registered", "how many of this matter") is at most a few hundred rows, not a count of a county's cases. The
// tally moves whenever a stored status changes (insertEvent, saveEvent),
// in the same transaction, so it is never off by a committed write.

// The events' tallies (db.Tally): per status and matter (and for all
// matters, in shards), and per due day of the next deadline.
var (
	eventTallies = &db.Tally{Table: "event_tallies", Keys: []string{"region_path", "status", "matter_code"},
		Counts: []string{"n"}, Path: "region_path"}
	dueTallies = &db.Tally{Table: "event_due_tallies", Keys: []string{"region_path", "due_day"}, Counts: []string{"n"},
		Path: "region_path"}
)

// retally moves e from the status and the next deadline it was stored with
// (none for a new event) to its current ones: the status rows, then the day
// rows, each in the one order of db.Deltas.Apply.
func (s *Service) retally(ctx context.Context, e *Event) error {
	due := e.due()
	oldDay, newDay := dueDay(e.storedDue), dueDay(due)
	if e.stored != e.Status {
		d := eventTallies.Deltas()
		for _, matter := range []string{allMatters(e.ID), e.MatterCode} { // all matters, and its own
			if e.stored != "" {
				d.Add([]any{e.RegionPath, e.stored, matter}, -1)
			}
			d.Add([]any{e.RegionPath, e.Status, matter}, +1)
		}
		if err := d.Apply(ctx, s.db); err != nil {
			return fmt.Errorf("event: tallies: %w", err)
		}
	}
	if oldDay != newDay {
		d := dueTallies.Deltas()
		if oldDay != 0 {
			d.Add([]any{e.RegionPath, oldDay}, -1)
		}
		if newDay != 0 {
			d.Add([]any{e.RegionPath, newDay}, +1)
		}
		if err := d.Apply(ctx, s.db); err != nil {
			return fmt.Errorf("event: due tallies: %w", err)
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
	at, args := dueTallies.At(access.Scope(path))
	before, args := dueTallies.Sum("n", at+" AND due_day < ?", append(args, dueDay(&now))...)
	cond, condArgs := access.Scope(path).Subtree("e.region_path")
	return "SELECT (" + before + ") + (SELECT COUNT(*) FROM events e WHERE e.next_deadline >= ? AND e.next_deadline < ? AND " +
		cond + ")", append(append(args, midnight, now), condArgs...)
}

// tallied is how many events lie in the subtree path (with the status and
// the matter, if given), from the tallies; ok is false when the filter asks for
// more than the tallies know, and the events must be counted.
func tallied(path string, f Filter, now time.Time) (query string, args []any, ok bool) {
	if f.Mine || f.Reporter != "" || f.Source != "" || f.From != nil || f.To != nil || f.Whistle || strings.TrimSpace(f.Q) != "" ||
		f.Overdue && (f.Status != "" || f.Matter != "") {
		return "", nil, false
	}
	if f.Overdue {
		query, args = overdueCount(path, now)
		return query, args, true
	}
	cond, args := eventTallies.At(access.Scope(path))
	if f.Matter == "" {
		cond += " AND matter_code >= '*0' AND matter_code <= '*7'"
	} else {
		cond, args = cond+" AND matter_code = ?", append(args, f.Matter)
	}
	if f.Status != "" {
		cond, args = cond+" AND status = ?", append(args, f.Status)
	}
	query, args = eventTallies.Sum("n", cond, args...)
	return query, args, true
}
