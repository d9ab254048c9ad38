package event

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/db"
	"healthgrid/internal/httpx"
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
func (s *Service) Search(ctx context.Context, caller *httpx.Principal, q Query) ([]Event, error) {
	cond, args := db.Subtree("e.region_path", caller.RegionPath)
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
	rows, err := s.db.Query(ctx, "SELECT "+eventCols+" FROM events e WHERE "+strings.Join(conds, " AND ")+
		" ORDER BY e.reported_at DESC, e.id DESC LIMIT ?", append(args, q.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("event: search: %w", err)
	}
	var items []*Event
	var phones, ids []string
	for rows.Next() {
		e, phoneEnc, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("event: search: %w", err)
		}
		items, phones, ids = append(items, e), append(phones, phoneEnc), append(ids, e.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tasks, err := s.tasksOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Event, len(items))
	for i, e := range items {
		e.Tasks = tasks[e.ID]
		if err := s.decorate(ctx, caller, e, phones[i]); err != nil {
			return nil, err
		}
		out[i] = *e
	}
	return out, nil
}
