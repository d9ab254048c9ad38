package event_test

import (
	"context"
	"testing"

	"healthgrid/internal/event"
)

// Generated benchmark events are rows the workflow could have left: they
// list, open and count like any other.
func TestGenerate(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		to := event.GenerateTarget{Grids: []string{grid1, grid2}, Paths: map[string]string{grid1: village + grid1 + "/", grid2: village + grid2 + "/"},
			Units: map[string][]string{county: {e.units["cdc"], e.units["street"]}}, Matters: []string{"HJWS-01", "CRB-01"}}
		if err := e.s.Generate(ctx, 300, 1, to); err != nil {
			t.Fatal(err)
		}
		list, n, err := e.s.List(ctx, e.countyCentre, event.Filter{}, 0, 300)
		if err != nil || n != 300 {
			t.Fatalf("list: %d %v", n, err)
		}
		seen := map[string]int{}
		for _, ev := range list {
			seen[ev.Status]++
			open := 0
			for _, x := range ev.Tasks {
				if x.Status == event.TaskAccepted {
					open++
				}
			}
			if ev.Status == event.Dispatched && open == 0 || ev.Status == event.Closed && (open > 0 || ev.ClosedAt == nil) {
				t.Errorf("%s %s with %d open tasks", ev.Number, ev.Status, open)
			}
		}
		for _, s := range []string{event.Evaluated, event.Closed, event.Dispatched, event.Merged} {
			if seen[s] == 0 {
				t.Errorf("no %s event among %v", s, seen)
			}
		}
		if st, err := e.s.Stats(ctx, e.countyCentre, "", "unit", e.clock.Now().AddDate(-1, 0, 0), e.clock.Now()); err != nil || st.Total.Reports != 300 {
			t.Errorf("stats: %+v %v", st.Total, err)
		}
	})
}
