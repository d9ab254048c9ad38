package event_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/httpx"
	"healthgrid/internal/testkit"
)

// TestMine: 我的待办 holds the events with an open task of the caller's
// unit and, for a grid worker, their grid's own (self) tasks — not another
// grid's, nor a task done — as each event tells of its tasks.
func TestMine(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		for _, s := range states {
			e.reach(t, s)
		}
		e.reach(t, event.SelfHandling)
		lng, lat := 112.715, 38.405 // grid2
		other, err := e.s.Create(ctx, e.centre, event.Input{Source: "hotline_12345", MatterCode: "HJWS-01", Title: "12345来电", Lng: &lng, Lat: &lat})
		if err != nil {
			t.Fatal(err)
		}
		e.do(t, e.centre, other.ID, event.ActionInput{Action: "self_handle"})
		ev := e.reach(t, event.Registered)
		e.do(t, e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["committee"]})

		all, _, err := e.s.List(ctx, e.countyCentre, event.Filter{}, 0, 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, who := range []struct {
			name string
			p    func(event.Task, event.Event) bool
		}{
			{"grid", func(x event.Task, ev event.Event) bool {
				return x.UnitID == e.units["committee"] || x.Role == event.RoleSelf && ev.GridCode == grid1
			}},
			{"cdc", func(x event.Task, _ event.Event) bool { return x.UnitID == e.units["cdc"] }},
		} {
			caller := map[string]*httpx.Principal{"grid": e.grid, "cdc": e.cdc}[who.name]
			var want []string
			for _, ev := range all {
				if slices.ContainsFunc(ev.Tasks, func(x event.Task) bool {
					open := x.Status == event.TaskSummoned || x.Status == event.TaskDispatched || x.Status == event.TaskAccepted
					return open && who.p(x, ev)
				}) {
					want = append(want, ev.Number)
				}
			}
			got, n, err := e.s.List(ctx, caller, event.Filter{Mine: true}, 0, 200)
			if err != nil || n != len(want) || !same(numbers(got), want) {
				t.Errorf("%s's to-dos: %v (%d, %v), the events' tasks say %v", who.name, numbers(got), n, err, want)
			}
		}
	})
}

// TestMinePlan: 我的待办 finds the caller's open tasks once — by their
// unit's tasks, or by the grid worker's grids' events — rather than looking
// into the tasks again for every event in scope, which took 10–22 s for a
// grid worker on the demo city's 5,000 events. On SQLite no step of its
// plans scans a table or an index whole; on PostgreSQL no filter runs a
// subquery for each event.
func TestMinePlan(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, caller := range []*httpx.Principal{e.grid, e.cdc} {
			for _, f := range []event.Filter{{Mine: true}, {Mine: true, Overdue: true}, {Mine: true, ByDeadline: true},
				{Mine: true, Path: village}} {
				count, countArgs, page, pageArgs := e.s.ListSQL(caller, f, e.clock.Now(), 100)
				for _, q := range []struct {
					sql  string
					args []any
				}{{count, countArgs}, {page, pageArgs}} {
					plan := testkit.Plan(t, d, q.sql, q.args...)
					if i := slices.IndexFunc(plan, func(step string) bool { return bad(d, step) }); i >= 0 {
						t.Errorf("%s %+v: %q in the plan of %s:\n%s", caller.Username, f, plan[i], q.sql, strings.Join(plan, "\n"))
					}
				}
			}
		}
	})
}

// bad is a step of a plan that reads a table or an index whole (SQLite), or
// runs a subquery for each row it filters (PostgreSQL).
func bad(d *db.DB, step string) bool {
	if d.Dialect == db.SQLite {
		return strings.HasPrefix(step, "SCAN ") || strings.Contains(step, "CORRELATED LIST SUBQUERY")
	}
	return strings.Contains(step, "Filter:") && strings.Contains(strings.ReplaceAll(step, "hashed SubPlan", ""), "SubPlan")
}
