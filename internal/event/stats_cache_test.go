package event_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"healthgrid/internal/event"
)

// TestStatsKept: an answer is shared and kept; a case written through the
// workflow shows at once, a change made behind its back (another instance)
// within the answer's life, and a failed computation is not kept.
func TestStatsKept(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		start := e.clock.Now()
		e.reach(t, event.Evaluated)
		end := start.Add(24 * time.Hour)
		stats := func() event.Indicators {
			t.Helper()
			st, err := e.s.Stats(ctx, e.leader, "", "region", start, end)
			if err != nil {
				t.Fatal(err)
			}
			return st.Total
		}
		var wg sync.WaitGroup
		got := make([]event.Indicators, 20)
		for i := range got {
			wg.Go(func() { got[i] = stats() })
		}
		wg.Wait()
		for _, g := range got {
			if g.Reports != 1 || g.Rated != 1 {
				t.Fatalf("concurrent askers got %+v", g)
			}
		}
		// behind the service's back: not seen while the answer lives
		if _, err := e.deps.DB.Exec(ctx, "UPDATE events SET rating = NULL"); err != nil {
			t.Fatal(err)
		}
		if g := stats(); g.Rated != 1 {
			t.Errorf("the kept answer was not used: rated %d", g.Rated)
		}
		e.clock.Advance(31 * time.Second)
		if g := stats(); g.Rated != 0 {
			t.Errorf("an answer outlived its 30 s: rated %d", g.Rated)
		}
		// through the workflow: seen at once
		e.report(t, "HJWS-01")
		if g := stats(); g.Reports != 2 {
			t.Errorf("a reported case is not counted at once: %d reports", g.Reports)
		}
		// a cancelled asker fails alone, and its failure is not kept
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := e.s.Stats(cancelled, e.leader, "", "matter", start, end); err == nil {
			t.Error("a cancelled request computed its answer")
		}
		if st, err := e.s.Stats(ctx, e.leader, "", "matter", start, end); err != nil || st.Total.Reports != 2 {
			t.Errorf("after a failed computation: %+v, %v", st.Total, err)
		}
	})
}
