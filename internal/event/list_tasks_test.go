package event_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/testkit"
)

// TestMine: 我的待办 holds the events waiting for the caller, as each event
// tells of itself and its tasks: an open task of the caller's unit and, for
// a grid worker, their grid's own (self) tasks — not another grid's, nor a
// task done —; for a grid worker also their grid's handled cases to verify,
// and for a centre's dispatcher the reports the centre must register.
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
			own  func(event.Event) bool // the event's own next step is the caller's
		}{
			{"grid", func(x event.Task, ev event.Event) bool {
				return x.UnitID == e.units["committee"] || x.Role == event.RoleSelf && ev.GridCode == grid1
			}, func(ev event.Event) bool { return ev.Status == event.PendingVerify && ev.GridCode == grid1 }},
			{"cdc", func(x event.Task, _ event.Event) bool { return x.UnitID == e.units["cdc"] },
				func(event.Event) bool { return false }},
			{"centre", func(x event.Task, _ event.Event) bool { return x.UnitID == e.units["street"] },
				func(ev event.Event) bool {
					return ev.Status == event.Reported && ev.CentreCode == access.Scope(e.centre.RegionPath).Code()
				}},
		} {
			caller := map[string]*access.Principal{"grid": e.grid, "cdc": e.cdc, "centre": e.centre}[who.name]
			var want []string
			for _, ev := range all {
				if who.own(ev) || slices.ContainsFunc(ev.Tasks, func(x event.Task) bool {
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

// TestWhistleSince: the whistle board's cases since a day are the cases
// reported since then that a whistle summoned departments to — not a case
// reported before it and whistled after.
func TestWhistleSince(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		by := func() *time.Time { d := e.clock.Now().Add(2 * time.Hour); return &d }
		old := e.reach(t, event.Registered)
		e.reach(t, event.Registered) // never whistled
		e.clock.Advance(48 * time.Hour)
		from := e.clock.Now()
		e.do(t, e.grid, old.ID, event.ActionInput{Action: "whistle", UnitIDs: []string{e.units["cdc"]}, Deadline: by(), Comment: "请报到"})
		e.clock.Advance(time.Hour)
		w := e.reach(t, event.Registered)
		e.do(t, e.grid, w.ID, event.ActionInput{Action: "whistle", UnitIDs: []string{e.units["street"]}, Deadline: by(), Comment: "请报到"})
		e.reach(t, event.Registered)

		got, n, err := e.s.List(ctx, e.countyCentre, event.Filter{Whistle: true, From: &from}, 0, 10)
		if err != nil || n != 1 || !same(numbers(got), []string{w.Number}) {
			t.Errorf("whistled since %v: %v (%d, %v), want %v", from, numbers(got), n, err, []string{w.Number})
		}
		got, n, _ = e.s.List(ctx, e.countyCentre, event.Filter{Whistle: true}, 0, 10)
		if want := []string{w.Number, old.Number}; n != 2 || !same(numbers(got), want) {
			t.Errorf("whistled: %v (%d), want %v", numbers(got), n, want)
		}
	})
}

// TestListReads: the lists whose filter looks into the tasks — 我的待办
// (mine) and the whistle board — read what concerns the caller, not every
// event in scope: 1,500 events that are none of the caller's business (in
// the grid worker's grid and others, given to other units, none whistled)
// add less than a tenth of a read each (pages on SQLite, rows and index
// scans on PostgreSQL). Looking into the tasks of every event instead took
// the grid worker's to-do page 10–22 s on the demo city's 5,000 events, and
// a county's board seconds at a million.
func TestListReads(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		e.reach(t, event.SelfHandling)
		ev := e.reach(t, event.Registered)
		e.do(t, e.centre, ev.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["committee"], CoUnitIDs: []string{e.units["cdc"]}})
		w, by := e.reach(t, event.Registered), e.clock.Now().Add(2*time.Hour)
		e.do(t, e.grid, w.ID, event.ActionInput{Action: "whistle", UnitIDs: []string{e.units["street"]}, Deadline: &by, Comment: "请报到"})
		e.clock.Advance(100 * time.Hour) // past their deadlines
		from := e.clock.Now().Add(-400 * 24 * time.Hour)
		lists := []struct {
			caller *access.Principal
			f      event.Filter
		}{
			{e.grid, event.Filter{Mine: true}}, {e.grid, event.Filter{Mine: true, Overdue: true}},
			{e.grid, event.Filter{Mine: true, ByDeadline: true}}, {e.grid, event.Filter{Mine: true, Path: village}},
			{e.cdc, event.Filter{Mine: true}}, {e.cdc, event.Filter{Mine: true, ByDeadline: true}},
			{e.countyCentre, event.Filter{Whistle: true, From: &from}}, {e.grid, event.Filter{Whistle: true, From: &from}},
		}
		reads := func() []int {
			var out []int
			for _, l := range lists {
				out = append(out, testkit.Reads(t, d, func(ctx context.Context) {
					if _, n, err := e.s.List(ctx, l.caller, l.f, 0, 10); err != nil || n == 0 {
						t.Fatalf("%s %+v: %d events, %v", l.caller.Username, l.f, n, err)
					}
				}))
			}
			return out
		}
		before := reads()
		const others = 1500
		dx := city + "140921000000/"
		if err := e.s.Generate(ctx, others, 1, event.GenerateTarget{Grids: []string{grid1, grid2, dxGrid},
			Paths: map[string]string{grid1: village + grid1 + "/", grid2: village + grid2 + "/", dxGrid: dx + "140921100000/140921100001/" + dxGrid + "/"},
			Units: map[string][]string{county: {e.units["street"]}, dx: {e.units["dxcdc"]}}, Matters: []string{"HJWS-01", "CRB-01"}}); err != nil {
			t.Fatal(err)
		}
		// the generated cases of the worker's grid waiting to be verified are the
		// worker's business (我的待办 holds them): closed, they are not
		cond, args := access.Scope(village + grid1 + "/").Subtree("region_path")
		if _, err := d.Exec(ctx, "UPDATE events SET status = 'closed', next_deadline = NULL WHERE status = 'pending_verify' AND "+
			cond, args...); err != nil {
			t.Fatal(err)
		}
		if err := e.s.AnalyzeEvents(ctx); err != nil {
			t.Fatal(err)
		}
		for i, after := range reads() {
			if after-before[i] >= others/10 {
				t.Errorf("%s %+v: %d reads with %d others' events, %d without", lists[i].caller.Username, lists[i].f, after, others, before[i])
			}
		}
	})
}
