package event_test

import (
	"context"
	"testing"
	"time"

	"healthgrid/internal/event"
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
