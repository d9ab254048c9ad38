package event

import (
	"context"
	"errors"
	"fmt"

	"healthgrid/internal/access"
	"healthgrid/internal/pii"
)

// Get is one event as the caller sees it: tasks, what they may do now, the
// timeline and the reports merged into it.
func (s *Service) Get(ctx context.Context, caller *access.Principal, id string) (Event, error) {
	e, _, err := s.get(ctx, caller, id)
	if err != nil {
		return Event{}, err
	}
	return *e, nil
}

// get is Get with the reporter's phone as stored (sealed).
func (s *Service) get(ctx context.Context, caller *access.Principal, id string) (*Event, string, error) {
	e, phoneEnc, err := s.visible(ctx, caller, id, false)
	if err != nil {
		return nil, "", err
	}
	if err := s.decorate(ctx, caller, e, phoneEnc); err != nil {
		return nil, "", err
	}
	if e.Timeline, err = s.timeline(ctx, e.ID); err != nil {
		return nil, "", err
	}
	if e.Reports, err = s.reports(ctx, e.ID); err != nil {
		return nil, "", err
	}
	if err := s.attachmentsOf(ctx, e); err != nil {
		return nil, "", err
	}
	e.Masked = e.masked(phoneEnc)
	return e, phoneEnc, nil
}

// visible loads an event in the caller's region scope, one they reported,
// or one their unit has a task on (a department may sit outside the
// event's subtree).
func (s *Service) visible(ctx context.Context, caller *access.Principal, id string, lock bool) (*Event, string, error) {
	e, phoneEnc, err := s.load(ctx, caller.RegionPath, id, lock)
	if !errors.Is(err, ErrNotFound) {
		return e, phoneEnc, err
	}
	// the reporter follows their own report wherever it lies (a resident's)
	if mine, enc, err := s.load(ctx, "", id, lock); err == nil && caller.UserID != "" && mine.ReporterID == caller.UserID {
		return mine, enc, nil
	}
	if caller.UnitID == "" {
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
func (s *Service) decorate(ctx context.Context, caller *access.Principal, e *Event, phoneEnc string) error {
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
