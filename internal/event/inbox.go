package event

import (
	"context"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/inbox"
)

// taskAction is what an open task waits for, by its status.
var taskAction = map[string]Action{TaskSummoned: ActReportIn, TaskDispatched: ActAccept, TaskAccepted: ActHandle}

// awaiting is what waits for the caller in the workflow, a row each (event,
// task — ” for the event's own step —, due, the step): their unit's open
// tasks and, for a grid worker, the grids' own (mine); for a centre's
// dispatcher the reports the centre must register (events_to_register);
// for a grid worker the handled cases of their grids to verify
// (events_to_verify) — SQLite, which keeps no statistics, is told the
// partial indexes, or it walks every report of the city by status.
func awaiting(d db.Dialect, p *access.Principal) (string, []any) {
	const task = `SELECT t.event_id AS event_id, t.id AS task_id,
		CASE WHEN t.status = 'summoned' THEN t.report_deadline ELSE t.deadline END AS due, t.status AS step
		FROM event_tasks t WHERE ` + openTasks
	q, args := task+" AND t.unit_id = ?", []any{p.UnitID}
	if ownsGrids(p) {
		scope, sa := p.Scope().Subtree("t.region_path")
		q, args = q+" UNION ALL "+task+" AND t.role = 'self' AND "+scope, append(args, sa...)
	}
	if p.Can("event:dispatch") && p.RegionPath != "" {
		q, args = q+" UNION ALL SELECT e.id, '', e.next_deadline, 'register' FROM events e"+d.IndexedBy("events_to_register")+
			" WHERE e.status = 'reported' AND e.centre_path = ?", append(args, p.RegionPath)
	}
	if ownsGrids(p) && p.Can("event:verify") {
		scope, sa := p.Scope().Subtree("e.region_path")
		q, args = q+" UNION ALL SELECT e.id, '', e.next_deadline, 'verify' FROM events e"+d.IndexedBy("events_to_verify")+
			" WHERE e.status = 'pending_verify' AND "+scope, append(args, sa...)
	}
	return q, args
}

// Inbox is the caller's part of the workflow in their inbox: up to limit
// steps waiting for them, the earliest deadline first, and how many.
func (s *Service) Inbox(ctx context.Context, p *access.Principal, limit int) ([]inbox.Item, int, error) {
	q, args := awaiting(s.db.Dialect, p)
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM ("+q+") a", args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("event: inbox count: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Query(ctx, "SELECT event_id, task_id, due, step FROM ("+q+") a ORDER BY due IS NULL, due, event_id LIMIT ?",
		append(args, limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("event: inbox: %w", err)
	}
	var items []inbox.Item
	var ids []any
	for rows.Next() {
		var it inbox.Item
		var due db.Time // an expression's: text on SQLite
		var step string
		if err := rows.Scan(&it.ID, &it.TaskID, &due, &step); err != nil {
			rows.Close()
			return nil, 0, err
		}
		it.Kind, it.Deadline, it.Action = "event", due.Ptr(), step
		if it.TaskID != "" {
			it.Kind, it.Action = "event_task", string(taskAction[step])
		}
		items, ids = append(items, it), append(ids, it.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return items, total, s.describe(ctx, items, ids)
}

// InboxCounts is how many steps wait for the caller, per step, and of them
// how many are overdue or due within inbox.Soon: a count over the same
// indexed rows as the inbox.
func (s *Service) InboxCounts(ctx context.Context, p *access.Principal, now time.Time) ([]inbox.Count, error) {
	q, args := awaiting(s.db.Dialect, p)
	now = now.UTC()
	rows, err := s.db.Query(ctx, "SELECT step, COUNT(*), COALESCE(SUM(CASE WHEN due < ? THEN 1 ELSE 0 END), 0),"+
		" COALESCE(SUM(CASE WHEN due >= ? AND due < ? THEN 1 ELSE 0 END), 0) FROM ("+q+") a GROUP BY step",
		append([]any{now, now, now.Add(inbox.Soon)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("event: inbox counts: %w", err)
	}
	defer rows.Close()
	var out []inbox.Count
	for rows.Next() {
		var c inbox.Count
		var step string
		if err := rows.Scan(&step, &c.Count, &c.Overdue, &c.Soon); err != nil {
			return nil, err
		}
		c.Kind, c.Action = "event", step
		if a, ok := taskAction[step]; ok {
			c.Kind, c.Action = "event_task", string(a)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// describe fills the items' case numbers, titles, places and urgency.
func (s *Service) describe(ctx context.Context, items []inbox.Item, ids []any) error {
	rows, err := s.db.Query(ctx, "SELECT id, number, title, lng, lat, priority FROM events WHERE id IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+")", ids...)
	if err != nil {
		return fmt.Errorf("event: inbox: %w", err)
	}
	defer rows.Close()
	type about struct {
		number, title string
		lng, lat      *float64
		urgent        bool
	}
	byID := map[string]about{}
	for rows.Next() {
		var id, priority string
		var a about
		if err := rows.Scan(&id, &a.number, &a.title, &a.lng, &a.lat, &priority); err != nil {
			return err
		}
		a.urgent = priority == Urgent
		byID[id] = a
	}
	for i := range items {
		a := byID[items[i].ID]
		items[i].Number, items[i].Title, items[i].Lng, items[i].Lat, items[i].Urgent = a.number, a.title, a.lng, a.lat, a.urgent
	}
	return rows.Err()
}
