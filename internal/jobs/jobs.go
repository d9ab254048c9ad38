// Package jobs runs background and periodic work on a River queue kept in
// the platform's own database — SQLite or PostgreSQL — so jobs survive
// restarts and, on PostgreSQL, spread over every instance.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"healthgrid/internal/db"
)

// Cleaner deletes what has expired (sessions, one-time codes).
type Cleaner interface {
	CleanupExpired(ctx context.Context) (int64, error)
}

// CleanupArgs is the periodic expiry sweep.
type CleanupArgs struct{}

// Kind names the job.
func (CleanupArgs) Kind() string { return "cleanup_expired" }

type cleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	c   Cleaner
	log *slog.Logger
}

func (w *cleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	n, err := w.c.CleanupExpired(ctx)
	if err == nil && n > 0 {
		w.log.Info("expired rows deleted", "count", n)
	}
	return err
}

// Runner is a started job queue.
type Runner struct {
	stop  func(context.Context) error
	close func() error
}

// Stop waits for running jobs to finish (or ctx to end) and closes the queue.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.stop(ctx)
	if r.close != nil {
		r.close()
	}
	return err
}

// Migrate creates or updates River's own tables.
func Migrate(ctx context.Context, d *db.DB) error {
	if d.Dialect == db.Postgres {
		return migrate(ctx, riverpgxv5.New(d.Pool))
	}
	conn, err := sqliteQueueConn(d)
	if err != nil {
		return err
	}
	defer conn.Close()
	return migrate(ctx, riversqlite.New(conn))
}

func migrate[TTx any](ctx context.Context, drv riverdriver.Driver[TTx]) error {
	m, err := rivermigrate.New(drv, nil)
	if err != nil {
		return fmt.Errorf("jobs: migrator: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// sqliteQueueConn is a one-connection pool for River, as its SQLite driver
// asks, on the same database file.
func sqliteQueueConn(d *db.DB) (*sql.DB, error) {
	conn, err := sql.Open("sqlite", db.SQLiteDSN(d.Path))
	if err != nil {
		return nil, fmt.Errorf("jobs: open: %w", err)
	}
	conn.SetMaxOpenConns(1)
	return conn, nil
}

// Start migrates River's tables and starts the queue with the platform's
// periodic jobs.
func Start(ctx context.Context, d *db.DB, log *slog.Logger, c Cleaner) (*Runner, error) {
	if err := Migrate(ctx, d); err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &cleanupWorker{c: c, log: log})
	cfg := &river.Config{
		Logger:  log,
		Workers: workers,
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(10*time.Minute),
			func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})},
	}
	if d.Dialect == db.Postgres {
		return start(ctx, riverpgxv5.New(d.Pool), cfg, nil)
	}
	conn, err := sqliteQueueConn(d)
	if err != nil {
		return nil, err
	}
	return start(ctx, riversqlite.New(conn), cfg, conn.Close)
}

func start[TTx any](ctx context.Context, drv riverdriver.Driver[TTx], cfg *river.Config, closer func() error) (*Runner, error) {
	client, err := river.NewClient(drv, cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: client: %w", err)
	}
	if err := client.Start(ctx); err != nil {
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	return &Runner{stop: client.Stop, close: closer}, nil
}
