package event_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/event"
)

// reach builds an event in one of the workflow's states, the way people
// would get it there: dispatched means the street office leads (its task
// dispatched, not yet signed for) and the CDC co-handles.
func (e *env) reach(t *testing.T, state string) event.Event {
	t.Helper()
	ev := e.report(t, "HJWS-01")
	step := func(p *access.Principal, in event.ActionInput) { ev = e.do(t, p, ev.ID, in) }
	task := func(unit string) string {
		for _, x := range ev.Tasks {
			if x.UnitID == e.units[unit] || unit == "" && x.Role == event.RoleSelf {
				return x.ID
			}
		}
		t.Fatalf("no task of %s", unit)
		return ""
	}
	switch state {
	case event.Reported:
		return ev
	case event.NotAccepted:
		step(e.centre, event.ActionInput{Action: "reject", Comment: "不属于本平台受理范围"})
		return ev
	case event.Merged:
		into := e.report(t, "HJWS-01")
		step(e.centre, event.ActionInput{Action: "merge", IntoEventID: into.ID})
		return ev
	}
	step(e.centre, event.ActionInput{Action: "register"})
	switch state {
	case event.Registered:
		return ev
	case event.Suspended:
		step(e.centre, event.ActionInput{Action: "suspend", Comment: "等待上级政策"})
		return ev
	case event.SelfHandling:
		step(e.centre, event.ActionInput{Action: "self_handle"})
		return ev
	}
	step(e.centre, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["street"], CoUnitIDs: []string{e.units["cdc"]}})
	if state == event.Dispatched {
		return ev
	}
	for _, h := range []struct {
		p    *access.Principal
		unit string
	}{{e.street, "street"}, {e.cdc, "cdc"}} {
		step(h.p, event.ActionInput{Action: "accept", TaskID: task(h.unit)})
		step(h.p, event.ActionInput{Action: "handle", TaskID: task(h.unit), Comment: "已清运"})
	}
	if state == event.PendingVerify {
		return ev
	}
	step(e.grid, event.ActionInput{Action: "verify", Comment: "现场已整洁"})
	if state == event.Closed {
		return ev
	}
	step(e.grid, event.ActionInput{Action: "evaluate", Rating: 5})
	return ev
}

var states = []string{event.Reported, event.Registered, event.NotAccepted, event.Merged, event.Dispatched,
	event.SelfHandling, event.PendingVerify, event.Closed, event.Evaluated, event.Suspended}

// eventActions: in which states each action that takes no task is allowed
// (written from the issue, not from the code's table).
var eventActions = map[event.Action][]string{
	"register":    {event.Reported},
	"reject":      {event.Reported},
	"merge":       {event.Reported, event.Registered},
	"dispatch":    {event.Registered},
	"self_handle": {event.Reported, event.Registered},
	"whistle":     {event.Registered, event.Dispatched},
	"verify":      {event.PendingVerify},
	"evaluate":    {event.Closed},
	"suspend":     {event.Registered, event.Dispatched, event.SelfHandling},
	"resume":      {event.Suspended},
	"supervise":   {event.Reported, event.Registered, event.Dispatched, event.SelfHandling, event.PendingVerify, event.Suspended},
	"escalate":    {event.Reported, event.Registered},
}

// TestEventActionsByState tries every action that takes no task in every
// state, as someone who may take it: allowed, or 409 with the reason.
func TestEventActionsByState(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		for action, okIn := range eventActions {
			for _, state := range states {
				ev := e.reach(t, state)
				if ev.Status != state {
					t.Fatalf("reach %s: got %s", state, ev.Status)
				}
				in := event.ActionInput{Action: action, Comment: "说明", Rating: 4}
				p := e.centre
				switch action {
				case "merge":
					in.IntoEventID = e.report(t, "HJWS-01").ID
				case "dispatch":
					in.LeadUnitID = e.units["street"]
				case "whistle":
					in.UnitIDs = []string{e.units["committee"]}
					d := e.clock.Now().Add(2 * time.Hour)
					in.Deadline = &d
				case "verify", "evaluate":
					p = e.grid
				case "supervise":
					p = e.leader
				}
				got, err := e.s.Act(ctx, p, ev.ID, in)
				want := slices.Contains(okIn, state)
				switch {
				case want && err != nil:
					t.Errorf("%s in %s: %v", action, state, err)
				case !want && !errors.Is(err, apperr.ErrConflict):
					t.Errorf("%s in %s: want 409, got %v (status %s)", action, state, err, got.Status)
				case want && slices.Contains(got.AllowedActions, action) && action != "supervise" && action != "whistle":
					t.Errorf("%s in %s: still allowed after it was taken (%v)", action, state, got.AllowedActions)
				}
			}
		}
	})
}

// TestTaskActionsByState tries every task action on a task in each state.
func TestTaskActionsByState(t *testing.T) {
	type setup struct {
		name  string
		state string                                             // the event's state to start from
		prep  func(t *testing.T, e *env, ev *event.Event) string // returns the CDC task's id, in the state named
	}
	cdcTask := func(e *env, ev event.Event) string {
		for _, x := range ev.Tasks {
			if x.UnitID == e.units["cdc"] {
				return x.ID
			}
		}
		return ""
	}
	later := func(e *env, h int) *time.Time { d := e.clock.Now().Add(time.Duration(h) * time.Hour); return &d }
	setups := []setup{
		{"dispatched", event.Dispatched, func(t *testing.T, e *env, ev *event.Event) string { return cdcTask(e, *ev) }},
		{"summoned", event.Registered, func(t *testing.T, e *env, ev *event.Event) string {
			*ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "whistle", UnitIDs: []string{e.units["cdc"]}, Deadline: later(e, 2)})
			return cdcTask(e, *ev)
		}},
		{"accepted", event.Dispatched, func(t *testing.T, e *env, ev *event.Event) string {
			*ev = e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "accept", TaskID: cdcTask(e, *ev)})
			return cdcTask(e, *ev)
		}},
		{"extension asked", event.Dispatched, func(t *testing.T, e *env, ev *event.Event) string {
			id := cdcTask(e, *ev)
			e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "accept", TaskID: id})
			*ev = e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "extend", TaskID: id, Deadline: later(e, 24*30), Comment: "需检测"})
			return id
		}},
		{"returned", event.Dispatched, func(t *testing.T, e *env, ev *event.Event) string {
			*ev = e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "return", TaskID: cdcTask(e, *ev), Comment: "非我职责"})
			return cdcTask(e, *ev)
		}},
		{"handled", event.PendingVerify, func(t *testing.T, e *env, ev *event.Event) string { return cdcTask(e, *ev) }},
		{"dispatched, event suspended", event.Dispatched, func(t *testing.T, e *env, ev *event.Event) string {
			*ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "suspend", Comment: "等待检测结果"})
			return cdcTask(e, *ev)
		}},
	}
	allowedIn := map[event.Action][]string{
		"report_in":         {"summoned"},
		"accept":            {"dispatched"},
		"return":            {"dispatched", "summoned"},
		"handle":            {"accepted", "extension asked"},
		"extend":            {"accepted"},
		"approve_extension": {"extension asked"},
		"deny_extension":    {"extension asked"},
		"reopen":            {"handled"},
	}
	eachEnv(t, func(t *testing.T, e *env) {
		for action, okIn := range allowedIn {
			for _, s := range setups {
				ev := e.reach(t, s.state)
				id := s.prep(t, e, &ev)
				in := event.ActionInput{Action: action, TaskID: id, Comment: "说明", Deadline: later(e, 24*60)}
				p := e.cdc
				switch action {
				case "approve_extension", "deny_extension":
					p = e.centre
				case "reopen":
					p = e.grid
				}
				_, err := e.s.Act(context.Background(), p, ev.ID, in)
				want := slices.Contains(okIn, s.name)
				if want && err != nil {
					t.Errorf("%s on a task %s: %v", action, s.name, err)
				}
				if !want && !errors.Is(err, apperr.ErrConflict) {
					t.Errorf("%s on a task %s: want 409, got %v", action, s.name, err)
				}
			}
		}
	})
}
