// Package jobs runs background and periodic work on a River queue kept in
// the platform's own database — SQLite or PostgreSQL — so jobs survive
// restarts and, on PostgreSQL, spread over every instance.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"healthgrid/internal/db"
)

// ErrNotStarted is returned by Insert before Start.
var ErrNotStarted = errors.New("jobs: queue not started")

// Queue collects the modules' workers and periodic jobs, then runs them.
// Modules get the Queue when they are built and register with AddWorker;
// the app starts it once everything is wired.
type Queue struct {
	workers  *river.Workers
	periodic []*river.PeriodicJob
	client   interface {
		Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
		Stop(ctx context.Context) error
	}
	close func() error
}

// New returns an empty queue.
func New() *Queue { return &Queue{workers: river.NewWorkers()} }

// AddWorker registers the worker of one job kind.
func AddWorker[T river.JobArgs](q *Queue, w river.Worker[T]) { river.AddWorker(q.workers, w) }

// Every schedules args every interval, and once at start.
func (q *Queue) Every(interval time.Duration, args func() river.JobArgs) {
	q.periodic = append(q.periodic, river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args(), nil }, &river.PeriodicJobOpts{RunOnStart: true}))
}

// Insert enqueues a job.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if q.client == nil {
		return ErrNotStarted
	}
	_, err := q.client.Insert(ctx, args, opts)
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

// Start migrates River's tables and starts working the registered jobs.
func (q *Queue) Start(ctx context.Context, d *db.DB, log *slog.Logger) error {
	if err := Migrate(ctx, d); err != nil {
		return err
	}
	cfg := &river.Config{
		Logger:       log,
		Workers:      q.workers,
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		PeriodicJobs: q.periodic,
		// a job whose instance died is picked up again after this long
		RescueStuckJobsAfter: 2 * time.Minute,
	}
	if d.Dialect == db.Postgres {
		return start(ctx, q, riverpgxv5.New(d.Pool), cfg)
	}
	conn, err := sqliteQueueConn(d)
	if err != nil {
		return err
	}
	q.close = conn.Close
	return start(ctx, q, riversqlite.New(conn), cfg)
}

func start[TTx any](ctx context.Context, q *Queue, drv riverdriver.Driver[TTx], cfg *river.Config) error {
	client, err := river.NewClient(drv, cfg)
	if err != nil {
		return fmt.Errorf("jobs: client: %w", err)
	}
	if err := client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	q.client = client
	return nil
}

// Stop waits for running jobs to finish (or ctx to end) and closes the queue.
func (q *Queue) Stop(ctx context.Context) error {
	if q.client == nil {
		return nil
	}
	err := q.client.Stop(ctx)
	if q.close != nil {
		q.close()
	}
	return err
}
