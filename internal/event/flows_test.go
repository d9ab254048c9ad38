package event_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/event"
)

func taskOf(t *testing.T, ev event.Event, unit string) event.Task {
	t.Helper()
	for _, x := range ev.Tasks {
		if x.UnitID == unit {
			return x
		}
	}
	t.Fatalf("no task of unit %s in %+v", unit, ev.Tasks)
	return event.Task{}
}

func TestNumbersRunPerChinaDay(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		// 02:00 UTC is 10:00 in China; 16:30 UTC is half past midnight the next day there
		if a, b := e.report(t, "HJWS-01"), e.report(t, "CRB-01"); a.Number != "SJ20261123000001" || b.Number != "SJ20261123000002" {
			t.Errorf("numbers: %s %s", a.Number, b.Number)
		}
		e.clock.Set(time.Date(2026, 11, 23, 16, 30, 0, 0, time.UTC))
		if c := e.report(t, "HJWS-01"); c.Number != "SJ20261124000001" {
			t.Errorf("next China day: %s", c.Number)
		}
	})
}

func TestIntakeValidation(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		far, lat := 100.0, 30.0
		for _, c := range []struct {
			field string
			in    event.Input
		}{
			{"body.matter_code", event.Input{Source: "grid_worker", MatterCode: "NOPE", Title: "x", GridCode: grid1}},
			{"body.matter_code", event.Input{Source: "grid_worker", MatterCode: "OLD-01", Title: "x", GridCode: grid1}},
			{"body.lng", event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "x", Lng: &far, Lat: &lat}},
			{"body.grid_code", event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "x", GridCode: dxGrid}},
			{"body.grid_code", event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "x"}},
			{"body.title", event.Input{Source: "grid_worker", MatterCode: "HJWS-01", Title: "  ", GridCode: grid1}},
			{"body.reporter_phone", event.Input{Source: "hotline_12345", MatterCode: "HJWS-01", Title: "x", GridCode: grid1,
				ReporterName: "市民李四", ReporterPhone: "12345"}},
		} {
			_, err := e.s.Create(ctx, e.centre, c.in)
			var inv apperr.Invalid
			if !errors.As(err, &inv) || !slices.ContainsFunc(inv, func(f apperr.FieldError) bool { return f.Field == c.field }) {
				t.Errorf("%+v: want an error naming %s, got %v", c.in, c.field, err)
			}
		}
		ev, err := e.s.Create(ctx, e.centre, event.Input{Source: "hotline_12345", MatterCode: "CRB-01", Title: "发热病例聚集",
			GridCode: grid2, ReporterName: "市民李四", ReporterPhone: "13912345678"})
		if err != nil {
			t.Fatal(err)
		}
		if ev.ReporterPhone != "139****5678" || ev.ReporterID != "" || ev.Priority != event.Urgent || ev.CentreCode != "140902001000" {
			t.Errorf("hotline report: %+v", ev)
		}
		if ev.Deadline == nil || !ev.Deadline.Equal(e.clock.Now().Add(time.Hour)) {
			t.Errorf("register and dispatch within the matter's 1 working hour: %v", ev.Deadline)
		}
	})
}

func TestAllowedActionsPerCaller(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ev := e.report(t, "HJWS-01")
		ctx := context.Background()
		for _, c := range []struct {
			who  string
			get  func() (event.Event, error)
			want []event.Action
		}{
			{"centre", func() (event.Event, error) { return e.s.Get(ctx, e.centre, ev.ID) },
				[]event.Action{"register", "reject", "merge", "self_handle", "escalate"}},
			{"grid worker", func() (event.Event, error) { return e.s.Get(ctx, e.grid, ev.ID) }, []event.Action{"self_handle"}},
			{"cdc", func() (event.Event, error) { return e.s.Get(ctx, e.cdc, ev.ID) }, []event.Action{}},
			{"leader", func() (event.Event, error) { return e.s.Get(ctx, e.leader, ev.ID) }, []event.Action{"supervise"}},
		} {
			got, err := c.get()
			if err != nil || !slices.Equal(got.AllowedActions, c.want) {
				t.Errorf("%s: %v %v, want %v", c.who, got.AllowedActions, err, c.want)
			}
		}
		if _, err := e.s.Get(ctx, e.other, ev.ID); !errors.Is(err, event.ErrNotFound) {
			t.Errorf("another county's dispatcher sees it: %v", err)
		}
		if _, err := e.s.Act(ctx, e.other, ev.ID, event.ActionInput{Action: "register"}); !errors.Is(err, event.ErrNotFound) {
			t.Errorf("another county's dispatcher acts: %v", err)
		}
		if _, err := e.s.Act(ctx, e.cdc, ev.ID, event.ActionInput{Action: "register"}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a department registers: %v", err)
		}
	})
}

// TestReturnReopenAndClose walks a case that goes wrong twice: the lead
// says "not ours", the centre dispatches again, the check finds the work
// not done, and it is done again, verified and rated.
func TestReturnReopenAndClose(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ev := e.reach(t, event.Dispatched)
		street, cdc := taskOf(t, ev, e.units["street"]), taskOf(t, ev, e.units["cdc"])
		if street.Role != event.RoleLead || cdc.Role != event.RoleCo || !street.Deadline.Equal(e.clock.Now().AddDate(0, 0, 3)) {
			t.Fatalf("tasks: %+v", ev.Tasks)
		}
		if _, err := e.s.Act(context.Background(), e.cdc, ev.ID, event.ActionInput{Action: "accept", TaskID: street.ID}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a unit signs for another's task: %v", err)
		}
		e.clock.Advance(time.Hour)
		ev = e.do(t, e.street, ev.ID, event.ActionInput{Action: "return", TaskID: street.ID, Comment: "非我职责,应由社区处理"})
		if ev.Status != event.Registered || ev.ReturnCount != 1 || ev.Deadline == nil || !ev.Deadline.Equal(e.clock.Now().Add(2*time.Hour)) {
			t.Fatalf("lead returned: %s %d %v", ev.Status, ev.ReturnCount, ev.Deadline)
		}
		if seen, _ := e.s.Get(context.Background(), e.centre, ev.ID); !slices.Contains(seen.AllowedActions, "dispatch") {
			t.Errorf("centre after a return: %v", seen.AllowedActions)
		}
		_, err := e.s.Act(context.Background(), e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"]})
		if !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("dispatch to a unit with an open task: %v", err)
		}
		ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["committee"]})
		committee := taskOf(t, ev, e.units["committee"])
		if ev.Status != event.Dispatched || committee.Role != event.RoleLead {
			t.Fatalf("dispatched again: %s %+v", ev.Status, committee)
		}
		for _, h := range []struct {
			p  string
			id string
		}{{"committee", committee.ID}, {"cdc", cdc.ID}} {
			p := map[string]*access.Principal{"committee": e.grid, "cdc": e.cdc}[h.p]
			ev = e.do(t, p, ev.ID, event.ActionInput{Action: "accept", TaskID: h.id})
			ev = e.do(t, p, ev.ID, event.ActionInput{Action: "handle", TaskID: h.id, Comment: "已处理"})
		}
		if ev.Status != event.PendingVerify || ev.Deadline == nil {
			t.Fatalf("all handled: %s", ev.Status)
		}
		ev = e.do(t, e.grid, ev.ID, event.ActionInput{Action: "reopen", TaskID: cdc.ID, Comment: "消杀记录缺失"})
		if ev.Status != event.Dispatched || ev.ReopenCount != 1 || taskOf(t, ev, e.units["cdc"]).Status != event.TaskAccepted {
			t.Fatalf("reopened: %s %d", ev.Status, ev.ReopenCount)
		}
		ev = e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "handle", TaskID: cdc.ID, Comment: "已补充消杀"})
		ev = e.do(t, e.grid, ev.ID, event.ActionInput{Action: "verify"})
		ev = e.do(t, e.grid, ev.ID, event.ActionInput{Action: "evaluate", Rating: 4, Comment: "满意"})
		if ev.Status != event.Evaluated || ev.Rating != 4 || ev.ClosedAt == nil || len(ev.AllowedActions) != 0 {
			t.Errorf("evaluated: %+v", ev)
		}
		var actions []event.Action
		for _, en := range ev.Timeline {
			actions = append(actions, en.Action)
		}
		want := []event.Action{"report", "register", "dispatch", "return", "dispatch", "accept", "handle", "accept", "handle",
			"reopen", "handle", "verify", "evaluate"}
		if !slices.Equal(actions, want) {
			t.Errorf("timeline %v", actions)
		}
	})
}

func TestCandidates(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ev := e.report(t, "HJWS-01")
		got, err := e.s.Candidates(context.Background(), e.centre, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range got {
			names = append(names, c.Name+":"+c.Suggested)
		}
		want := []string{"秀容街道办事处:lead", "东大街社区居委会:co", "忻府区疾控中心:"}
		if !slices.Equal(names, want) {
			t.Errorf("candidates %v, want %v (another county's CDC never)", names, want)
		}
		if _, err := e.s.Candidates(context.Background(), e.other, ev.ID); !errors.Is(err, event.ErrNotFound) {
			t.Errorf("out of scope: %v", err)
		}
	})
}

func TestDuplicates(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		first := e.report(t, "HJWS-01") // at 112.705, 38.405
		found := func(matter string, lat float64) []string {
			got, err := e.s.Duplicates(ctx, e.centre, matter, 112.705, lat)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, d := range got {
				out = append(out, fmt.Sprintf("%s@%dm", d.Number, d.Meters))
			}
			return out
		}
		if got := found("HJWS-01", 38.40545); !slices.Equal(got, []string{first.Number + "@50m"}) {
			t.Errorf("50 m away: %v", got)
		}
		if got := found("HJWS-01", 38.4068); got != nil {
			t.Errorf("200 m away: %v", got)
		}
		if got := found("CRB-01", 38.405); got != nil {
			t.Errorf("another matter: %v", got)
		}
		if got, _ := e.s.Duplicates(ctx, e.other, "HJWS-01", 112.705, 38.405); len(got) != 0 {
			t.Errorf("another county's dispatcher is offered %v", got)
		}
		e.clock.Advance(73 * time.Hour)
		if got := found("HJWS-01", 38.405); got != nil {
			t.Errorf("after 72 hours: %v", got)
		}
	})
}
