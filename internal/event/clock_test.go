package event_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/event"
)

// numbers lists the events of a page by number.
func numbers(evs []event.Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.Number
	}
	return out
}

// TestWhistleAndOverdue: the grid summons two departments to report in
// within two hours; one does, the other misses it and is flagged.
func TestWhistleAndOverdue(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		ev := e.reach(t, event.Registered)
		by := e.clock.Now().Add(2 * time.Hour)
		ev = e.do(t, e.grid, ev.ID, event.ActionInput{Action: "whistle", UnitIDs: []string{e.units["cdc"], e.units["street"]},
			Deadline: &by, Comment: "疑似聚集性腹泻,请各部门报到"})
		cdc, street := taskOf(t, ev, e.units["cdc"]), taskOf(t, ev, e.units["street"])
		if ev.Status != event.Dispatched || cdc.Status != event.TaskSummoned || cdc.Role != event.RoleLead || street.Role != event.RoleCo {
			t.Fatalf("whistled: %s %+v", ev.Status, ev.Tasks)
		}
		e.clock.Advance(time.Hour)
		ev = e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "report_in", TaskID: cdc.ID})
		if got := taskOf(t, ev, e.units["cdc"]); got.Status != event.TaskAccepted || !got.Deadline.Equal(e.clock.Now().AddDate(0, 0, 3)) {
			t.Errorf("reported in: %+v", got)
		}
		calm := e.report(t, "HJWS-01")
		e.clock.Advance(90 * time.Minute)
		ev, _ = e.s.Get(ctx, e.centre, ev.ID)
		if !ev.Overdue || !taskOf(t, ev, e.units["street"]).Overdue || taskOf(t, ev, e.units["cdc"]).Overdue {
			t.Errorf("the street office missed its report-in: %+v", ev.Tasks)
		}
		// calm's own stage (2 working hours to register and dispatch) has 30 minutes left
		list, n, err := e.s.List(ctx, e.centre, event.Filter{Overdue: true}, 0, 10)
		if err != nil || n != 1 || list[0].ID != ev.ID {
			t.Errorf("overdue list: %v %d %v", numbers(list), n, err)
		}
		e.clock.Advance(time.Hour)
		if list, n, _ = e.s.List(ctx, e.centre, event.Filter{Overdue: true}, 0, 10); n != 2 {
			t.Errorf("overdue after calm's stage ran out: %v", numbers(list))
		}
		if list, n, _ = e.s.List(ctx, e.street, event.Filter{Mine: true}, 0, 10); n != 1 || list[0].ID != ev.ID {
			t.Errorf("the street office's open tasks: %v", numbers(list))
		}
		if list, _, _ = e.s.List(ctx, e.centre, event.Filter{ByDeadline: true}, 0, 10); len(list) != 2 || list[0].ID != ev.ID {
			t.Errorf("the most urgent deadline first: %v", numbers(list))
		}
		if list, _, _ = e.s.List(ctx, e.centre, event.Filter{}, 0, 10); len(list) != 2 || list[0].ID != calm.ID {
			t.Errorf("newest first: %v", numbers(list))
		}
		if list, n, _ = e.s.List(ctx, e.centre, event.Filter{Status: event.Reported}, 0, 10); n != 1 || list[0].ID != calm.ID {
			t.Errorf("by status: %v", numbers(list))
		}
		if _, n, _ = e.s.List(ctx, e.other, event.Filter{}, 0, 10); n != 0 {
			t.Errorf("another county lists %d", n)
		}
	})
}

// TestSuspendKeepsTheTimeLeft: a case suspended a day into a three-day
// limit gets its two remaining days back when it resumes, however long it slept.
func TestSuspendKeepsTheTimeLeft(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		ev := e.reach(t, event.Dispatched)
		e.clock.Advance(24 * time.Hour)
		ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "suspend", Comment: "等待水质检测结果"})
		e.clock.Advance(10 * 24 * time.Hour)
		if ev, _ = e.s.Get(ctx, e.centre, ev.ID); ev.Overdue || !slices.Equal(ev.AllowedActions, []event.Action{event.ActResume}) {
			t.Errorf("a suspended case is never overdue: %v %v", ev.Overdue, ev.AllowedActions)
		}
		if _, n, _ := e.s.List(ctx, e.centre, event.Filter{Overdue: true}, 0, 10); n != 0 {
			t.Errorf("overdue list holds a suspended case")
		}
		ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "resume"})
		for _, x := range ev.Tasks {
			if !x.Deadline.Equal(e.clock.Now().Add(48 * time.Hour)) {
				t.Errorf("task %s deadline %v, want two days from now", x.UnitName, x.Deadline)
			}
		}
		if ev.Status != event.Dispatched || ev.ResumeStatus != "" {
			t.Errorf("resumed: %s", ev.Status)
		}
	})
}

func TestMergeSuperviseEscalate(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		first, second := e.report(t, "HJWS-01"), e.report(t, "HJWS-01")
		if _, err := e.s.Act(ctx, e.centre, second.ID, event.ActionInput{Action: "merge", IntoEventID: second.ID}); !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("merge into itself: %v", err)
		}
		e.do(t, e.centre, second.ID, event.ActionInput{Action: "merge", IntoEventID: first.ID, Comment: "同一地点重复上报"})
		got, _ := e.s.Get(ctx, e.centre, first.ID)
		if len(got.Reports) != 1 || got.Reports[0].Number != second.Number || got.Timeline[len(got.Timeline)-1].Action != "merged_in" {
			t.Errorf("merged reports: %+v", got.Reports)
		}
		if _, err := e.s.Act(ctx, e.centre, first.ID, event.ActionInput{Action: "merge", IntoEventID: second.ID}); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("merge into a merged event: %v", err)
		}

		ev := e.do(t, e.centre, first.ID, event.ActionInput{Action: "escalate", Comment: "涉及多个街道,需区级协调"})
		if last := ev.Timeline[len(ev.Timeline)-1]; ev.CentreCode != "140902000000" || last.Detail["centre_name"] != "忻府区" {
			t.Errorf("escalated to %s, the timeline says %v", ev.CentreCode, last.Detail)
		}
		if _, err := e.s.Act(ctx, e.centre, first.ID, event.ActionInput{Action: "register"}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("the township centre after escalation: %v", err)
		}
		ev = e.do(t, e.countyCentre, first.ID, event.ActionInput{Action: "register"})
		ev = e.do(t, e.countyCentre, first.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"]})
		by := e.clock.Now().Add(5 * time.Hour)
		ev = e.do(t, e.leader, first.ID, event.ActionInput{Action: "supervise", Comment: "群众反映强烈,限期办结", Deadline: &by})
		if ev.SuperviseCount != 1 || !taskOf(t, ev, e.units["cdc"]).Deadline.Equal(by) {
			t.Errorf("supervised: %d %+v", ev.SuperviseCount, ev.Tasks)
		}
		third := e.reach(t, event.Registered)
		_, err := e.s.Act(ctx, e.centre, third.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"],
			CoUnitIDs: []string{e.units["dxcdc"]}})
		var inv apperr.Invalid
		if !errors.As(err, &inv) || inv[0].Field != "body.co_unit_ids[0]" {
			t.Errorf("dispatch to another county's CDC: %v", err)
		}
	})
}
