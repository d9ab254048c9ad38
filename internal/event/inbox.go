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

// The kinds of the workflow's inbox items: a case's own step (to register,
// to verify) and a task of a case.
const (
	KindEvent = "event"
	KindTask  = "event_task"
)

// Inbox is the caller's part of the workflow in their inbox: up to limit
// steps waiting for them that f selects, the earliest deadline first, and
// how many.
func (s *Service) Inbox(ctx context.Context, p *access.Principal, f inbox.Filter, limit int) ([]inbox.Item, int, error) {
	q, args, ok, err := s.inboxQuery(ctx, p, f)
	if !ok || err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM "+q, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("event: inbox count: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Query(ctx, "SELECT a.event_id, a.task_id, a.due, a.step FROM "+q+
		" ORDER BY a.due IS NULL, a.due, a.event_id LIMIT ?", append(args, limit)...)
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
		it.Kind, it.Deadline, it.Action = KindEvent, due.Ptr(), step
		if it.TaskID != "" {
			it.Kind, it.Action = KindTask, string(taskAction[step])
		}
		items, ids = append(items, it), append(ids, it.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return items, total, s.describe(ctx, items, ids)
}

// inboxQuery is the FROM of the steps waiting for the caller that f
// selects, as "a" (false when f's kind is none of the workflow's): by kind
// off the steps alone, by words off their events.
func (s *Service) inboxQuery(ctx context.Context, p *access.Principal, f inbox.Filter) (string, []any, bool, error) {
	q, args := awaiting(s.db.Dialect, p)
	q = "(" + q + ") a"
	var where []string
	switch f.Kind {
	case "":
	case KindEvent:
		where = append(where, "a.task_id = ''")
	case KindTask:
		where = append(where, "a.task_id <> ''")
	default:
		return "", nil, false, nil
	}
	if f.Q != "" {
		var matters []string
		if !number.MatchString(strings.ToUpper(f.Q)) {
			var err error
			if matters, err = s.matters.Named(ctx, f.Q); err != nil {
				return "", nil, false, fmt.Errorf("event: inbox: matters named %q: %w", f.Q, err)
			}
		}
		c, a := searched(f.Q, matters)
		q, where, args = q+" JOIN events e ON e.id = a.event_id", append(where, c), append(args, a...)
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return q, args, true, nil
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
		c.Kind, c.Action = KindEvent, step
		if a, ok := taskAction[step]; ok {
			c.Kind, c.Action = KindTask, string(a)
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
