package apptest

import (
	"context"
	"testing"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/event"
)

// seedEvents reports one event in HomeGrid and one in OtherGrid, as the
// system, under the seeded catalogue's 环境卫生 matter.
func seedEvents(t testing.TB, a *app.App) map[string]string {
	t.Helper()
	ctx := context.Background()
	sys, err := a.System(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, g := range []string{HomeGrid, OtherGrid} {
		ev, err := a.Events.Create(ctx, sys, event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "垃圾堆放" + nameOf(g),
			GridCode: g})
		if err != nil {
			t.Fatal(err)
		}
		out[g] = ev.ID
	}
	return out
}

// NewEvent reports a throw-away event in grid and returns its id.
func (e *Env) NewEvent(t testing.TB, grid string) string {
	t.Helper()
	ev, err := e.App.Events.Create(context.Background(), e.System(t), event.Input{Source: "hotline_12345", MatterCode: "HJWS-01",
		Title: "市民来电反映垃圾堆放", GridCode: grid, ReporterName: "市民", ReporterPhone: Phone(e.Unique())})
	if err != nil {
		t.Fatal(err)
	}
	return ev.ID
}

// DispatchEvent registers a reported event and dispatches it to unit as
// the system, returning the unit's task id.
func (e *Env) DispatchEvent(t testing.TB, id, unit string) string {
	t.Helper()
	ctx, sys := context.Background(), e.System(t)
	if _, err := e.App.Events.Act(ctx, sys, id, event.ActionInput{Action: event.ActRegister}); err != nil {
		t.Fatal(err)
	}
	ev, err := e.App.Events.Act(ctx, sys, id, event.ActionInput{Action: event.ActDispatch, LeadUnitID: unit})
	if err != nil {
		t.Fatal(err)
	}
	return ev.Tasks[0].ID
}

// EventOf is event id as a's system principal reads it.
func EventOf(t testing.TB, a *app.App, id string) event.Event {
	t.Helper()
	sys, err := a.System(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ev, err := a.Events.Get(context.Background(), sys, id)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// SoleTask is the one task of a dispatched event, with its deadline.
func SoleTask(t testing.TB, a *app.App, id string) event.Task {
	t.Helper()
	ev := EventOf(t, a, id)
	if len(ev.Tasks) != 1 || ev.Tasks[0].Deadline == nil {
		t.Fatalf("tasks %+v", ev.Tasks)
	}
	return ev.Tasks[0]
}

// IntoLimit is the moment percent of an HJWS-01 task's handling limit has
// run, counted in the limit's unit (working days on the work calendar).
func (e *Env) IntoLimit(t testing.TB, task event.Task, percent int) time.Time {
	t.Helper()
	ctx := context.Background()
	m, err := e.App.Matters.Get(ctx, "HJWS-01")
	if err != nil {
		t.Fatal(err)
	}
	unit := m.Limits.Handle.Unit
	limit, err := e.App.Calendar.Span(ctx, task.StartedAt, *task.Deadline, unit)
	if err != nil {
		t.Fatal(err)
	}
	at, err := e.App.Calendar.Add(ctx, task.StartedAt, limit*time.Duration(percent)/100, unit)
	if err != nil {
		t.Fatal(err)
	}
	return at
}
