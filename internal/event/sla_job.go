package event

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"healthgrid/internal/jobs"
)

// SweepArgs is the River job that runs one SLA sweep.
type SweepArgs struct{}

// Kind names the job.
func (SweepArgs) Kind() string { return "event_sla_sweep" }

type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	s   *Service
	log *slog.Logger
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	start := time.Now()
	r, err := w.s.Sweep(ctx)
	if err != nil {
		w.log.Error("sla sweep failed", "err", err, "checked", r.Checked, "warned", len(r.Warnings))
		return err
	}
	if r.Checked > 0 {
		w.log.Info("sla sweep", "checked", r.Checked, "warned_50", r.Warned50, "warned_80", r.Warned80,
			"overdue", r.Overdue, "auto_supervised", r.AutoSupervised, "ms", time.Since(start).Milliseconds())
	}
	return nil
}

// Jobs registers the SLA sweep on q, to run every Deps.SweepEvery and once
// at start — after a restart it catches up on whatever fell due while no
// instance ran. River's leader alone enqueues periodic jobs; should two
// sweeps still meet, the levels stored on each clock keep them from warning
// twice.
func (s *Service) Jobs(q *jobs.Queue) {
	jobs.AddWorker(q, &sweepWorker{s: s, log: s.log})
	q.Every(s.sweepEvery, func() river.JobArgs { return SweepArgs{} })
}
