package event_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/testkit"
)

// sweep runs one SLA sweep.
func (e *env) sweep(t *testing.T) event.SweepResult {
	t.Helper()
	r, err := e.s.Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// get reads an event as its township centre sees it.
func (e *env) get(t *testing.T, id string) event.Event {
	t.Helper()
	ev, err := e.s.Get(context.Background(), e.centre, id)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// slaLevels are the levels of the SLA warnings on an event's timeline for
// one task ("" for the event's own stage), oldest first.
func slaLevels(ev event.Event, taskID string) []int {
	var out []int
	for _, en := range ev.Timeline {
		if en.Action == "sla_warning" && en.TaskID == taskID {
			out = append(out, int(en.Detail["level"].(float64)))
		}
	}
	return out
}

// entries are an event's timeline entries of one action.
func entries(ev event.Event, action event.Action) []event.Entry {
	var out []event.Entry
	for _, en := range ev.Timeline {
		if en.Action == action {
			out = append(out, en)
		}
	}
	return out
}

// expect checks what a sweep warned of: how many at 50, 80 and 100 % and
// how many tasks were supervised automatically.
func expect(t *testing.T, what string, r event.SweepResult, w50, w80, over, sup int) {
	t.Helper()
	if r.Warned50 != w50 || r.Warned80 != w80 || r.Overdue != over || r.AutoSupervised != sup ||
		len(r.Warnings) != w50+w80+over {
		t.Errorf("%s: swept %+v, want %d/%d/%d warnings and %d supervised", what, r, w50, w80, over, sup)
	}
}

// TestSLAFlow follows one case: its intake stage (2 working hours) and then
// its lead task (3 working days) each warned of once at 50 %, 80 % and when
// overdue, the overdue task supervised by the county above the township;
// rework starts the task's clock again.
func TestSLAFlow(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ev := e.report(t, "HJWS-01")
		expect(t, "at once", e.sweep(t), 0, 0, 0, 0)
		e.clock.Advance(time.Hour)
		r := e.sweep(t)
		expect(t, "half the intake stage", r, 1, 0, 0, 0)
		if w := r.Warnings[0]; w.EventID != ev.ID || w.TaskID != "" || w.Level != 50 || !w.Deadline.Equal(*ev.Deadline) ||
			w.Centre != "140902001000" {
			t.Errorf("warning %+v", w)
		}
		if r = e.sweep(t); r.Checked != 0 || len(r.Warnings) != 0 {
			t.Errorf("a second sweep at once looked at %d clocks, warned %d times", r.Checked, len(r.Warnings))
		}
		e.clock.Advance(36 * time.Minute)
		expect(t, "80 % of the intake stage", e.sweep(t), 0, 1, 0, 0)
		e.clock.Advance(24 * time.Minute)
		expect(t, "at the deadline, not past it", e.sweep(t), 0, 0, 0, 0)
		e.clock.Advance(time.Second)
		expect(t, "intake overdue", e.sweep(t), 0, 0, 1, 0) // the event's own stage is no task: no 督办
		if got := slaLevels(e.get(t, ev.ID), ""); !slices.Equal(got, []int{50, 80, 100}) {
			t.Errorf("intake warnings %v", got)
		}

		e.do(t, e.centre, ev.ID, event.ActionInput{Action: "register"})
		ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"]})
		task := ev.Tasks[0]
		expect(t, "dispatched", e.sweep(t), 0, 0, 0, 0)
		e.clock.Advance(36 * time.Hour)
		expect(t, "half the handling limit", e.sweep(t), 1, 0, 0, 0)
		e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "accept", TaskID: task.ID})
		expect(t, "after signing for it", e.sweep(t), 0, 0, 0, 0)
		e.clock.Advance(21*time.Hour + 36*time.Minute)
		expect(t, "80 % of the handling limit", e.sweep(t), 0, 1, 0, 0)
		e.clock.Advance(15 * time.Hour)
		r = e.sweep(t)
		expect(t, "overdue", r, 0, 0, 1, 1)
		if w := r.Warnings[0]; w.TaskID != task.ID || w.UnitID != e.units["cdc"] || w.Supervisor != "140902000000" {
			t.Errorf("overdue warning %+v", w)
		}
		e.clock.Advance(48 * time.Hour)
		expect(t, "two days later", e.sweep(t), 0, 0, 0, 0)
		ev = e.get(t, ev.ID)
		sup := entries(ev, "auto_supervise")
		if got := slaLevels(ev, task.ID); !slices.Equal(got, []int{50, 80, 100}) || len(sup) != 1 || ev.SuperviseCount != 1 {
			t.Fatalf("task warnings %v, %d auto 督办, supervise count %d", got, len(sup), ev.SuperviseCount)
		}
		if sup[0].TaskID != task.ID || sup[0].Actor != "系统" || sup[0].Detail["centre"] != "140902000000" ||
			sup[0].Detail["centre_name"] != "忻府区" {
			t.Errorf("auto 督办 %+v", sup[0])
		}

		// handled, then sent back for rework: a new limit, warned of anew
		e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "handle", TaskID: task.ID, Comment: "已消杀"})
		e.do(t, e.grid, ev.ID, event.ActionInput{Action: "reopen", TaskID: task.ID, Comment: "仍有积水"})
		expect(t, "reopened", e.sweep(t), 0, 0, 0, 0)
		e.clock.Advance(36 * time.Hour)
		expect(t, "half the rework limit", e.sweep(t), 1, 0, 0, 0)
		if got := slaLevels(e.get(t, ev.ID), task.ID); !slices.Equal(got, []int{50, 80, 100, 50}) {
			t.Errorf("task warnings after rework %v", got)
		}
	})
}

// TestSLASuspendResume: a suspended case's clocks stand still however long
// it sleeps, and after it resumes they go on from the share they had used.
func TestSLASuspendResume(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ev := e.reach(t, event.Dispatched)
		e.clock.Advance(24 * time.Hour)
		expect(t, "a third of the limit", e.sweep(t), 0, 0, 0, 0)
		e.do(t, e.centre, ev.ID, event.ActionInput{Action: "suspend", Comment: "等待检测结果"})
		e.clock.Advance(10 * 24 * time.Hour)
		if r := e.sweep(t); r.Checked != 0 || len(r.Warnings) != 0 {
			t.Fatalf("a suspended case: looked at %d clocks, warned %d times", r.Checked, len(r.Warnings))
		}
		ev = e.do(t, e.centre, ev.ID, event.ActionInput{Action: "resume"})
		for _, x := range ev.Tasks {
			if !x.StartedAt.Equal(e.clock.Now().Add(-24 * time.Hour)) {
				t.Errorf("task %s: its clock started %v, want a day before the resumption", x.UnitName, x.StartedAt)
			}
		}
		if r := e.sweep(t); r.Checked != 2 || len(r.Warnings) != 0 {
			t.Errorf("resumed: looked at %d clocks, warned %d times", r.Checked, len(r.Warnings))
		}
		e.clock.Advance(12*time.Hour - time.Minute)
		expect(t, "a minute before half", e.sweep(t), 0, 0, 0, 0)
		e.clock.Advance(time.Minute)
		expect(t, "half the limit, both tasks", e.sweep(t), 2, 0, 0, 0)
	})
}

// TestSLANewDeadline: an approved extension and a leader's new deadline each
// start the clock again; a department that misses its report-in deadline
// after a whistle is supervised like an overdue task.
func TestSLANewDeadline(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ev := e.reach(t, event.Registered)
		by := e.clock.Now().Add(2 * time.Hour)
		ev = e.do(t, e.grid, ev.ID, event.ActionInput{Action: "whistle", UnitIDs: []string{e.units["cdc"]}, Deadline: &by,
			Comment: "请疾控中心报到"})
		task := ev.Tasks[0]
		e.clock.Advance(2*time.Hour + time.Second)
		expect(t, "report-in missed", e.sweep(t), 0, 0, 1, 1)

		e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "report_in", TaskID: task.ID})
		e.clock.Advance(80 * time.Hour)
		expect(t, "handling overdue", e.sweep(t), 0, 0, 1, 1)
		ask := e.clock.Now().Add(10 * time.Hour)
		e.do(t, e.cdc, ev.ID, event.ActionInput{Action: "extend", TaskID: task.ID, Deadline: &ask, Comment: "需复检"})
		e.do(t, e.centre, ev.ID, event.ActionInput{Action: "approve_extension", TaskID: task.ID})
		expect(t, "extended", e.sweep(t), 0, 0, 0, 0)
		e.clock.Advance(5 * time.Hour)
		expect(t, "half the extension", e.sweep(t), 1, 0, 0, 0)

		by = e.clock.Now().Add(time.Hour)
		e.do(t, e.leader, ev.ID, event.ActionInput{Action: "supervise", Deadline: &by, Comment: "限一小时内办结"})
		expect(t, "supervised", e.sweep(t), 0, 0, 0, 0)
		e.clock.Advance(time.Hour + time.Second)
		expect(t, "the leader's deadline missed", e.sweep(t), 0, 0, 1, 1)
		ev = e.get(t, ev.ID)
		if got := slaLevels(ev, task.ID); !slices.Equal(got, []int{100, 100, 50, 100}) || ev.SuperviseCount != 4 {
			t.Errorf("warnings %v, supervise count %d (three automatic, one by the leader)", got, ev.SuperviseCount)
		}
	})
}

// TestSLAConcurrentSweeps: sweeps running at once — as on several instances
// — while departments work on the same cases warn of each level once. A
// transaction holding every event (a slow workflow write) keeps the sweeps
// waiting until all of them have chosen the same clocks to check.
func TestSLAConcurrentSweeps(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		const n = 30
		var evs []event.Event
		for range n {
			ev := e.reach(t, event.Registered)
			evs = append(evs, e.do(t, e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"]}))
		}
		e.clock.Advance(37 * time.Hour)
		held, release := make(chan struct{}), make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			d.InTx(ctx, func(ctx context.Context) error {
				_, err := d.Exec(ctx, "UPDATE events SET updated_at = updated_at")
				close(held)
				<-release
				return err
			})
		})
		<-held
		results := make([]event.SweepResult, 4)
		errs := make([]error, len(results)+1)
		for i := range results {
			wg.Go(func() { results[i], errs[i] = e.s.Sweep(ctx) })
		}
		wg.Go(func() {
			for _, ev := range evs[:n/2] {
				if _, err := e.s.Act(ctx, e.cdc, ev.ID, event.ActionInput{Action: "accept", TaskID: ev.Tasks[0].ID}); err != nil {
					errs[len(results)] = err
					return
				}
			}
		})
		time.Sleep(200 * time.Millisecond) // not a timing assertion: a sweep that starts late only makes the test weaker
		close(release)
		wg.Wait()
		warned := 0
		for _, r := range results {
			warned += r.Warned50
		}
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if warned != n {
			t.Errorf("%d warnings at 50 %% over all sweeps, want %d", warned, n)
		}
		for _, ev := range evs {
			if got := slaLevels(e.get(t, ev.ID), ev.Tasks[0].ID); !slices.Equal(got, []int{50}) {
				t.Errorf("%s: warnings %v", ev.Number, got)
			}
		}
	})
}
