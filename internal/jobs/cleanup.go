package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// Cleaner deletes what has expired (sessions, one-time codes, …).
type Cleaner interface {
	CleanupExpired(ctx context.Context) (int64, error)
}

// CleanupArgs is the periodic expiry sweep.
type CleanupArgs struct{}

// Kind names the job.
func (CleanupArgs) Kind() string { return "cleanup_expired" }

type cleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	cleaners []Cleaner
	log      *slog.Logger
}

func (w *cleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	var total int64
	for _, c := range w.cleaners {
		n, err := c.CleanupExpired(ctx)
		if err != nil {
			return err
		}
		total += n
	}
	if total > 0 {
		w.log.Info("expired rows deleted", "count", total)
	}
	return nil
}

// Cleanup runs every cleaner every ten minutes and at start.
func (q *Queue) Cleanup(log *slog.Logger, cleaners ...Cleaner) {
	AddWorker(q, &cleanupWorker{cleaners: cleaners, log: log})
	q.Every(10*time.Minute, func() river.JobArgs { return CleanupArgs{} })
}
