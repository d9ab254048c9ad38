package event_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/auth"
	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/testkit"
)

// TestListSearch: q finds a case by its number or its beginning, else by
// words of the title or address, Latin letters case-blind and % literal.
func TestListSearch(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.report(t, "HJWS-01")
		lng, lat := 112.705, 38.405
		b, err := e.s.Create(ctx, e.grid, event.Input{Source: "grid_worker", MatterCode: "HJWS-01",
			Title: "ABC小区 100% 积水", Address: "东大街12号", Lng: &lng, Lat: &lat})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			q    string
			want []string
		}{
			{a.Number, []string{a.Number}},
			{a.Number[:10], []string{b.Number, a.Number}},
			{"sj" + a.Number[2:], []string{a.Number}},
			{"垃圾", []string{a.Number}},
			{"abc", []string{b.Number}},
			{"100%", []string{b.Number}},
			{"0%积", nil},
			{"东大街12", []string{b.Number}},
			{"SJ19990101", nil},
		} {
			list, n, err := e.s.List(ctx, e.centre, event.Filter{Q: c.q}, 0, 10)
			if got := numbers(list); err != nil || n != len(c.want) || !same(got, c.want) {
				t.Errorf("q=%q: %v (%d) %v, want %v", c.q, got, n, err, c.want)
			}
		}
		if _, n, _ := e.s.List(ctx, e.other, event.Filter{Q: a.Number}, 0, 10); n != 0 {
			t.Errorf("another county finds the case by its number")
		}
	})
}

// TestListWhistleAndMine: whistle keeps whistled cases; mine ordered by
// deadline goes by the caller's own tasks, not another unit's.
func TestListWhistleAndMine(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.reach(t, event.Registered)
		a = e.do(t, e.centre, a.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["street"], CoUnitIDs: []string{e.units["cdc"]}})
		mineA := taskOf(t, a, e.units["cdc"])
		e.do(t, e.cdc, a.ID, event.ActionInput{Action: "accept", TaskID: mineA.ID})
		later := mineA.Deadline.Add(48 * time.Hour)
		e.do(t, e.cdc, a.ID, event.ActionInput{Action: "extend", TaskID: mineA.ID, Deadline: &later, Comment: "需要实验室复核"})
		e.do(t, e.centre, a.ID, event.ActionInput{Action: "approve_extension", TaskID: mineA.ID})
		e.clock.Advance(time.Hour)
		b := e.reach(t, event.Registered)
		b = e.do(t, e.centre, b.ID, event.ActionInput{Action: "dispatch", LeadUnitID: e.units["cdc"]})
		by := e.clock.Now().Add(2 * time.Hour)
		w := e.reach(t, event.Registered)
		e.do(t, e.grid, w.ID, event.ActionInput{Action: "whistle", UnitIDs: []string{e.units["street"]}, Deadline: &by, Comment: "请报到"})

		list, _, err := e.s.List(ctx, e.cdc, event.Filter{Mine: true, ByDeadline: true}, 0, 10)
		if got := numbers(list); err != nil || !same(got, []string{b.Number, a.Number}) {
			t.Errorf("the CDC's tasks by its own deadlines: %v %v, want %v", got, err, []string{b.Number, a.Number})
		}
		list, _, _ = e.s.List(ctx, e.street, event.Filter{Mine: true, ByDeadline: true}, 0, 10)
		if got := numbers(list); !same(got, []string{w.Number, a.Number}) {
			t.Errorf("the street office's tasks by its own deadlines: %v", got)
		}
		list, n, _ := e.s.List(ctx, e.centre, event.Filter{Whistle: true}, 0, 10)
		if got := numbers(list); n != 1 || !same(got, []string{w.Number}) {
			t.Errorf("whistled cases: %v", got)
		}
	})
}

func same(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// with is the service on the same database with other settings.
func (e *env) with(set event.Settings) *event.Service {
	deps := e.deps
	deps.Settings = set
	return event.New(deps)
}

// TestTalliesMatchACount: after events walk to random states — merges,
// rejections, suspensions and resumptions included — the list's total
// from the tallies equals a count of the rows, for every level of the
// tree, every status and matter.
func TestTalliesMatchACount(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		r := rand.New(rand.NewPCG(4, 2))
		for range 30 {
			ev := e.reach(t, states[r.IntN(len(states))])
			if ev.Status == event.Suspended && r.IntN(2) == 0 {
				e.do(t, e.centre, ev.ID, event.ActionInput{Action: "resume"})
			}
			if r.IntN(3) == 0 {
				e.report(t, "CRB-01")
			}
		}
		for _, at := range []struct {
			p        *access.Principal
			lng, lat float64
		}{{e.centre, 112.715, 38.405}, {e.other, 112.955, 38.485}} {
			lng, lat := at.lng, at.lat
			if _, err := e.s.Create(ctx, at.p, event.Input{Source: "hotline_12345", MatterCode: "HJWS-01", Title: "12345来电",
				Lng: &lng, Lat: &lat}); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.Advance(50 * time.Hour) // some deadlines passed, some not
		all := &access.Principal{UserID: "u-admin", Name: "admin", Roles: []string{"leader"},
			Perms: auth.PermissionsOf([]string{"leader"}), RegionPath: city}
		lates := 0
		for _, path := range []string{city, county, township, village, village + grid1 + "/", village + grid2 + "/",
			city + "140921000000/", city + "140921000000/140921100000/140921100001/" + dxGrid + "/"} {
			for _, status := range append([]string{""}, states...) {
				for _, matter := range []string{"", "HJWS-01", "CRB-01"} {
					cond, args := access.Scope(path).Subtree("region_path")
					q := "SELECT COUNT(*) FROM events WHERE " + cond
					if status != "" {
						q, args = q+" AND status = ?", append(args, status)
					}
					if matter != "" {
						q, args = q+" AND matter_code = ?", append(args, matter)
					}
					var want int
					if err := d.QueryRow(ctx, q, args...).Scan(&want); err != nil {
						t.Fatal(err)
					}
					_, got, err := e.s.List(ctx, all, event.Filter{Path: path, Status: status, Matter: matter}, 0, 1)
					if err != nil || got != want {
						t.Errorf("%s %q %q: the list says %d (%v), a count %d", path, status, matter, got, err, want)
					}
				}
			}
			cond, args := access.Scope(path).Subtree("region_path")
			var late int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM events WHERE next_deadline < ? AND "+cond,
				append([]any{e.clock.Now().UTC()}, args...)...).Scan(&late); err != nil {
				t.Fatal(err)
			}
			if _, got, err := e.s.List(ctx, all, event.Filter{Path: path, Overdue: true}, 0, 1); err != nil || got != late {
				t.Errorf("%s overdue: the list says %d (%v), a count %d", path, got, err, late)
			}
			for _, f := range []event.Filter{{Path: path}, {Path: path, Overdue: true}} {
				var pages [2][]string
				for i, many := range []int{1 << 30, 1} { // sorted by the planner, and walked off an index
					got, _, err := e.with(event.Settings{ManyCases: many}).List(ctx, all, f, 1, 7)
					if err != nil {
						t.Fatal(err)
					}
					pages[i] = numbers(got)
				}
				if !slices.Equal(pages[0], pages[1]) {
					t.Errorf("%+v: sorted %v, walked %v", f, pages[0], pages[1])
				}
			}
			lates += late
		}
		if lates == 0 {
			t.Fatal("no event is overdue: the overdue counts were not put to the test")
		}
	})
}

// TestOverdueMatchesEachEvent: as the clock runs past deadlines, the
// overdue filter (the stored next deadline against the clock) selects
// exactly the events that say they are overdue when read one by one (their
// tasks' and stage's deadlines), suspended ones never; and the most urgent
// come first.
func TestOverdueMatchesEachEvent(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx, r := context.Background(), rand.New(rand.NewPCG(9, 9))
		for i := range 2 * len(states) {
			ev := e.reach(t, states[i%len(states)])
			if ev.Status == event.Registered && i >= len(states) {
				by := e.clock.Now().Add(time.Duration(1+r.IntN(5)) * time.Hour)
				e.do(t, e.grid, ev.ID, event.ActionInput{Action: "whistle", UnitIDs: []string{e.units["cdc"]}, Deadline: &by, Comment: "请报到"})
			}
			e.clock.Advance(time.Duration(r.IntN(90)) * time.Minute)
		}
		for step := range 6 {
			all, _, err := e.s.List(ctx, e.countyCentre, event.Filter{}, 0, 200)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, ev := range all {
				if ev.Overdue {
					want = append(want, ev.Number)
				}
			}
			for _, many := range []int{1 << 30, 1} { // sorting the late ones, and walking the newest running ones
				got, n, err := e.with(event.Settings{ManyCases: many}).List(ctx, e.countyCentre, event.Filter{Overdue: true}, 0, 200)
				if err != nil || n != len(want) || !same(numbers(got), want) {
					t.Errorf("step %d (%d): overdue %v (%d, %v), each event says %v", step, many, numbers(got), n, err, want)
				}
			}
			urgent, _, _ := e.s.List(ctx, e.countyCentre, event.Filter{ByDeadline: true}, 0, 200)
			for i := 1; i < len(urgent); i++ {
				a, b := next(urgent[i-1]), next(urgent[i])
				if a == nil && b != nil || a != nil && b != nil && b.Before(*a) {
					t.Fatalf("step %d: %s (%v) before %s (%v)", step, urgent[i-1].Number, a, urgent[i].Number, b)
				}
			}
			e.clock.Advance(time.Duration(10+r.IntN(20)) * time.Hour)
		}
	})
}

// next is the earliest deadline running on ev, read off its tasks and stage.
func next(ev event.Event) *time.Time {
	if ev.Status == event.Suspended {
		return nil
	}
	var first *time.Time
	for _, t := range ev.Tasks {
		d := t.Deadline
		if t.Status == event.TaskSummoned {
			d = t.ReportDeadline
		}
		if (t.Status == event.TaskSummoned || t.Status == event.TaskDispatched || t.Status == event.TaskAccepted) && d != nil &&
			(first == nil || d.Before(*first)) {
			first = d
		}
	}
	if first == nil && (ev.Status == event.Reported || ev.Status == event.Registered || ev.Status == event.PendingVerify) {
		return ev.Deadline
	}
	return first
}
