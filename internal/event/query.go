package event

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/db"
	"healthgrid/internal/httpx"
	"healthgrid/internal/pii"
)

// Filter selects events. Path must lie in the caller's scope (the HTTP
// layer narrows it with Regions.Within).
type Filter struct {
	Path     string
	Status   string
	Matter   string
	Source   string
	Overdue  bool
	From, To *time.Time // reported in [From, To)
	// Mine: only events with an open task the caller handles
	Mine bool
	// ByDeadline orders by the most urgent open deadline (the event's own
	// stage or a task's), events without one last; else newest first
	ByDeadline bool
}

// nextDeadline is the earliest deadline still running on an event.
const nextDeadline = `COALESCE((SELECT MIN(CASE WHEN t.status = 'summoned' THEN t.report_deadline ELSE t.deadline END)
	FROM event_tasks t WHERE t.event_id = e.id AND t.status IN ('summoned', 'dispatched', 'accepted')),
	CASE WHEN e.status IN ('reported', 'registered', 'pending_verify') THEN e.deadline END)`

// Get is one event as the caller sees it: tasks, what they may do now, the
// timeline and the reports merged into it.
func (s *Service) Get(ctx context.Context, caller *httpx.Principal, id string) (Event, error) {
	e, phoneEnc, err := s.visible(ctx, caller, id, false)
	if err != nil {
		return Event{}, err
	}
	if err := s.decorate(ctx, caller, e, phoneEnc); err != nil {
		return Event{}, err
	}
	if e.Timeline, err = s.timeline(ctx, e.ID); err != nil {
		return Event{}, err
	}
	if e.Reports, err = s.reports(ctx, e.ID); err != nil {
		return Event{}, err
	}
	return *e, nil
}

// visible loads an event in the caller's region scope, or one their unit
// has a task on (a department may sit outside the event's subtree).
func (s *Service) visible(ctx context.Context, caller *httpx.Principal, id string, lock bool) (*Event, string, error) {
	e, phoneEnc, err := s.load(ctx, caller.RegionPath, id, lock)
	if !errors.Is(err, ErrNotFound) || caller.UnitID == "" {
		return e, phoneEnc, err
	}
	var n int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM event_tasks WHERE event_id = ? AND unit_id = ?", id, caller.UnitID).Scan(&n); err != nil {
		return nil, "", fmt.Errorf("event: tasks: %w", err)
	}
	if n == 0 {
		return nil, "", ErrNotFound
	}
	return s.load(ctx, "", id, lock)
}

// decorate fills what is derived for the caller: the matter's name,
// overdue flags against the clock, the masked phone and allowed actions.
func (s *Service) decorate(ctx context.Context, caller *httpx.Principal, e *Event, phoneEnc string) error {
	m, err := s.matters.Matter(ctx, e.MatterCode)
	if err != nil {
		return fmt.Errorf("event: matter %s: %w", e.MatterCode, err)
	}
	e.MatterName = m.Name
	if e.Tasks == nil {
		e.Tasks = []Task{} // an empty list, never null
	}
	now := s.now()
	running := e.Status != Suspended
	for i := range e.Tasks {
		t := &e.Tasks[i]
		switch t.Status {
		case TaskSummoned:
			t.Overdue = running && t.ReportDeadline != nil && now.After(*t.ReportDeadline)
		case TaskDispatched, TaskAccepted:
			t.Overdue = running && t.Deadline != nil && now.After(*t.Deadline)
		}
		e.Overdue = e.Overdue || t.Overdue
	}
	switch e.Status {
	case Reported, Registered, PendingVerify:
		e.Overdue = e.Overdue || e.Deadline != nil && now.After(*e.Deadline)
	}
	if phoneEnc != "" {
		if phone, err := s.pii.Open(phoneEnc); err == nil {
			e.ReporterPhone = pii.MaskPhone(phone)
		}
	}
	e.AllowedActions = allowed(&check{p: caller, e: e, m: m})
	return nil
}

// List is a page of the events the filter selects, newest first, and how
// many there are in all.
func (s *Service) List(ctx context.Context, caller *httpx.Principal, f Filter, offset, limit int) ([]Event, int, error) {
	where, args := s.where(caller, f)
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM events e WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("event: count: %w", err)
	}
	order := "e.reported_at DESC, e.id DESC"
	if f.ByDeadline {
		order = "(" + nextDeadline + ") IS NULL, " + nextDeadline + ", " + order
	}
	rows, err := s.db.Query(ctx, "SELECT "+eventCols+" FROM events e WHERE "+where+" ORDER BY "+order+" LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("event: list: %w", err)
	}
	var items []*Event
	var phones []string
	for rows.Next() {
		e, phoneEnc, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("event: list: %w", err)
		}
		items, phones = append(items, e), append(phones, phoneEnc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(items))
	for i, e := range items {
		ids[i] = e.ID
	}
	tasks, err := s.tasksOf(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Event, len(items))
	for i, e := range items {
		e.Tasks = tasks[e.ID]
		if err := s.decorate(ctx, caller, e, phones[i]); err != nil {
			return nil, 0, err
		}
		out[i] = *e
	}
	return out, total, nil
}

// where is the list's condition: the caller's scope (or, for Mine, their
// open tasks) and the filters.
func (s *Service) where(caller *httpx.Principal, f Filter) (string, []any) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds, args = append(conds, c), append(args, a...) }
	path := caller.RegionPath
	if f.Path != "" && strings.HasPrefix(f.Path, path) {
		path = f.Path
	}
	cond, a := db.Subtree("e.region_path", path)
	if f.Mine {
		mine := "t.unit_id = ?"
		a = []any{caller.UnitID}
		if strings.Count(caller.RegionPath, "/") >= 4 && caller.Can("event:handle") {
			scope, sa := db.Subtree("e.region_path", caller.RegionPath)
			mine = "(" + mine + " OR t.role = 'self' AND " + scope + ")"
			a = append(a, sa...)
		}
		cond = "EXISTS (SELECT 1 FROM event_tasks t WHERE t.event_id = e.id AND t.status IN ('summoned', 'dispatched', 'accepted') AND " +
			mine + ")"
		if f.Path != "" {
			sub, sa := db.Subtree("e.region_path", f.Path)
			cond, a = cond+" AND "+sub, append(a, sa...)
		}
	}
	add(cond, a...)
	if f.Status != "" {
		add("e.status = ?", f.Status)
	}
	if f.Matter != "" {
		add("e.matter_code = ?", f.Matter)
	}
	if f.Source != "" {
		add("e.source = ?", f.Source)
	}
	if f.From != nil {
		add("e.reported_at >= ?", *f.From)
	}
	if f.To != nil {
		add("e.reported_at < ?", *f.To)
	}
	if f.Overdue {
		now := s.now().UTC()
		add(`e.status <> 'suspended' AND (e.status IN ('reported', 'registered', 'pending_verify') AND e.deadline < ?
			OR EXISTS (SELECT 1 FROM event_tasks t WHERE t.event_id = e.id AND (t.status IN ('dispatched', 'accepted') AND t.deadline < ?
			OR t.status = 'summoned' AND t.report_deadline < ?)))`, now, now, now)
	}
	return strings.Join(conds, " AND "), args
}
