package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"healthgrid/internal/db"
	"healthgrid/internal/jobs"
	"healthgrid/internal/testkit"
)

type cleaner chan struct{}

func (c cleaner) CleanupExpired(context.Context) (int64, error) {
	select {
	case c <- struct{}{}:
	default:
	}
	return 0, nil
}

// The periodic cleanup runs on start, on both databases, and a restarted
// queue (same database, River's tables already there) runs it again.
func TestCleanupRunsOnStart(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		for round := 1; round <= 2; round++ {
			c := make(cleaner, 1)
			q := jobs.New()
			q.Cleanup(log, c)
			if err := q.Start(context.Background(), d, log); err != nil {
				t.Fatal(err)
			}
			select {
			case <-c:
			case <-time.After(20 * time.Second):
				t.Fatalf("round %d: cleanup did not run", round)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := q.Stop(ctx); err != nil {
				t.Fatalf("stop: %v", err)
			}
			cancel()
		}
	})
}
