package event

import (
	"context"
	"fmt"
	"time"
)

// Change is one thing that happened to an event — a report, an action, an
// SLA warning — with what those who must hear of it need: who did it, and
// where the event stands afterwards.
type Change struct {
	EventID, Number, Title string
	// Action is the timeline's: report, register, dispatch, …, sla_warning.
	Action             Action
	ActorID, Actor     string // the system's own changes: "system", 系统
	At                 time.Time
	FromStatus, Status string
	Priority           string
	Comment            string
	// CentrePath is the centre's after the change (an escalation moves it);
	// GridPath the event's grid.
	CentrePath, GridPath string
	// ReporterID is empty for someone reported for (a hotline caller).
	ReporterID string
	// MergedReporters, when the change closes the event, are the reporters
	// of the events merged into it: every one of them hears of the closure.
	MergedReporters []string
	// Task is the task acted on or warned of; nil for the event itself.
	Task *TaskRef
	// Added are the tasks the change created (dispatch, whistle); Open the
	// tasks still open after it.
	Added, Open []TaskRef
	// Level is an SLA warning's (50, 80, 100); Supervisor, for an overdue
	// task, the path of the centre its automatic 督办 went to.
	Level      int
	Supervisor string
}

// TaskRef is a task as a Change names it. UnitID is empty for the grid's
// own task.
type TaskRef struct {
	ID, UnitID, UnitName, Role, Status string
}

// Observer hears of every change the workflow commits. Observe runs inside
// the transaction that makes the changes, so what it writes commits with
// them or not at all, and an error rolls them back; what must wait for the
// commit (a push, an SMS) it defers with db.AfterCommit.
type Observer interface {
	Observe(ctx context.Context, changes ...Change) error
}

// WithObserver is a copy of the service telling o of every change it
// commits instead (nil: nobody): the demo seed's, which keeps history out of
// today's inboxes. The app's observer is Deps.Observer.
func (s *Service) WithObserver(o Observer) *Service {
	c := *s
	c.observer = o
	return &c
}

// observe tells the observer, if any, of changes.
func (s *Service) observe(ctx context.Context, changes ...Change) error {
	if s.observer == nil || len(changes) == 0 {
		return nil
	}
	if err := s.observer.Observe(ctx, changes...); err != nil {
		return fmt.Errorf("event: observer: %w", err)
	}
	return nil
}

// change describes timeline entry en of event e, as e stands now; added is
// how many tasks at the end of e.Tasks the entry created.
func (s *Service) change(ctx context.Context, e *Event, en Entry, added int) (Change, error) {
	c := changeOf(e, en, added)
	if e.Status != Closed || en.FromStatus == Closed {
		return c, nil
	}
	rows, err := s.db.Query(ctx, "SELECT DISTINCT reporter_id FROM events WHERE merged_into = ? AND reporter_id IS NOT NULL", e.ID)
	if err != nil {
		return c, fmt.Errorf("event: merged reporters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return c, fmt.Errorf("event: merged reporters: %w", err)
		}
		c.MergedReporters = append(c.MergedReporters, id)
	}
	return c, rows.Err()
}

// changeOf is change without the merged reporters.
func changeOf(e *Event, en Entry, added int) Change {
	c := Change{EventID: e.ID, Number: e.Number, Title: e.Title, Action: en.Action, ActorID: en.ActorID, Actor: en.Actor,
		At: en.At, FromStatus: en.FromStatus, Status: e.Status, Priority: e.Priority, Comment: en.Comment,
		CentrePath: e.centrePath, GridPath: e.RegionPath, ReporterID: e.ReporterID}
	for i := range e.Tasks {
		t := &e.Tasks[i]
		ref := TaskRef{ID: t.ID, UnitID: t.UnitID, UnitName: t.UnitName, Role: t.Role, Status: t.Status}
		if t.ID == en.TaskID {
			c.Task = &ref
		}
		if i >= len(e.Tasks)-added {
			c.Added = append(c.Added, ref)
		}
		if t.open() {
			c.Open = append(c.Open, ref)
		}
	}
	return c
}
