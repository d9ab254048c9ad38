package event

import (
	"context"
	"strings"
	"time"

	"healthgrid/internal/access"
)

// Query selects events by what a partner system tracks them with (Open311):
// every condition given must hold; an empty one selects all.
type Query struct {
	IDs, Numbers, Matters, Statuses []string
	From, To                        *time.Time // reported in [From, To)
	Limit                           int
}

// Search is the events in the caller's region scope that q selects, newest
// first, at most q.Limit, each with its tasks and decorated as List does.
func (s *Service) Search(ctx context.Context, caller *access.Principal, q Query) ([]Event, error) {
	cond, args := caller.Scope().Subtree("e.region_path")
	conds := []string{cond}
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		conds = append(conds, col+" IN (?"+strings.Repeat(",?", len(vals)-1)+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	in("e.id", q.IDs)
	in("e.number", q.Numbers)
	in("e.matter_code", q.Matters)
	in("e.status", q.Statuses)
	if q.From != nil {
		conds, args = append(conds, "e.reported_at >= ?"), append(args, *q.From)
	}
	if q.To != nil {
		conds, args = append(conds, "e.reported_at < ?"), append(args, *q.To)
	}
	return s.fetch(ctx, caller, "SELECT "+eventCols+" FROM events e WHERE "+strings.Join(conds, " AND ")+
		" ORDER BY e.reported_at DESC, e.id DESC LIMIT ?", append(args, q.Limit)...)
}
