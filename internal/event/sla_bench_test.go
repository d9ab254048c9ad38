package event_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"testing"
	"time"

	"healthgrid/internal/audit"
	"healthgrid/internal/calendar"
	"healthgrid/internal/db"
	"healthgrid/internal/event"
	"healthgrid/internal/testkit"
)

// batchSize is the sweep's batch (event.sweepBatch).
const batchSize = 200

var (
	benchOpen   = flag.Int("sla.open", 100_000, "BenchmarkSweep: open events, half with a running stage, half with a running task")
	benchClosed = flag.Int("sla.closed", 900_000, "BenchmarkSweep: closed events beside them")
)

// BenchmarkSweep times the SLA sweep among -sla.open open and -sla.closed
// closed events (1,000,000 in all by default), on the real work calendar:
//
//   - all-due: every open clock has just passed half its limit of 3
//     working days, so the sweep checks and warns of each — the catch-up
//     after a long outage, the worst case;
//   - none-due: nothing has fallen due since the last sweep — what the
//     minute-by-minute job costs most of the time — right after all-due,
//     and on PostgreSQL again once vacuum has run.
//
// all-due reports clocks/s and the mean time of one batch's transaction,
// the longest the sweep holds the events it locks.
//
// The rows are written straight with SQL. PostgreSQL runs when
// HEALTHGRID_TEST_POSTGRES is set.
func BenchmarkSweep(b *testing.B) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run(string(dialect), func(b *testing.B) {
			d := testkit.NewSQLite(b)
			if dialect == db.Postgres {
				d = testkit.NewPostgres(b)
			}
			e := newEnv(b, d)
			ctx := context.Background()
			cal := calendar.New(calendar.Deps{DB: d, Audit: audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: e.clock.Now}), Now: e.clock.Now})
			s := event.New(event.Deps{DB: d, Calendar: cal, Now: e.clock.Now})
			start := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC) // Monday 09:00 in Shanghai
			deadline, err := cal.Deadline(ctx, start, calendar.Limit{Amount: 3, Unit: calendar.WorkingDays})
			if err != nil {
				b.Fatal(err)
			}
			limit, _ := cal.Span(ctx, start, deadline, calendar.WorkingDays)
			at, _ := cal.Add(ctx, start, limit*55/100, calendar.WorkingDays)
			e.clock.Set(at)
			t0 := time.Now()
			fill(b, d, *benchOpen, *benchClosed, start, deadline)
			b.Logf("%d open and %d closed events written in %v", *benchOpen, *benchClosed, time.Since(t0).Round(time.Millisecond))

			b.Run("all-due", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					rearm(b, d)
					b.StartTimer()
					r, err := s.Sweep(ctx)
					if err != nil || r.Checked != *benchOpen || r.Warned50 != *benchOpen {
						b.Fatalf("swept %d clocks, warned %d: %v", r.Checked, r.Warned50, err)
					}
				}
				b.ReportMetric(float64(*benchOpen*b.N)/b.Elapsed().Seconds(), "clocks/s")
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/math.Ceil(float64(*benchOpen)/batchSize), "ms/batch")
			})
			idle := func(b *testing.B) {
				for b.Loop() {
					if r, err := s.Sweep(ctx); err != nil || r.Checked != 0 {
						b.Fatalf("swept %d clocks: %v", r.Checked, err)
					}
				}
			}
			b.Run("none-due", idle)
			if dialect == db.Postgres {
				// right after the catch-up, PostgreSQL's range scan steps over
				// the index entries of the old versions of every row it
				// updated, until vacuum removes them
				if _, err := d.Exec(ctx, "VACUUM events, event_tasks"); err != nil {
					b.Fatal(err)
				}
				b.Run("none-due-vacuumed", idle)
			}
		})
	}
}

// lit is a time as an SQL literal both engines read as the driver writes it.
func lit(t time.Time) string {
	return "'" + t.UTC().Format("2006-01-02 15:04:05.999999999-07:00") + "'"
}

// fill writes open events — even ones registered with their own stage
// clock, odd ones dispatched with one accepted task — and closed ones, all
// in grid1, every clock running from start to deadline. (A CASE yielding
// the deadline or NULL would be text to PostgreSQL, hence the UPDATE.)
func fill(b *testing.B, d *db.DB, open, closed int, start, deadline time.Time) {
	ctx := context.Background()
	s, dl := lit(start), lit(deadline)
	stmts := []string{
		fmt.Sprintf(`INSERT INTO events (id, number, source, matter_code, title, grid_code, region_path, centre_path, priority,
			status, deadline, deadline_unit, stage_started_at, reported_at, updated_at)
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
		SELECT 'b' || i, 'B' || i, 'grid_worker', 'HJWS-01', '垃圾堆放', '%s', '%s', '%s', 'normal',
			CASE WHEN i > %d THEN 'closed' WHEN i %% 2 = 0 THEN 'registered' ELSE 'dispatched' END,
			%s, 'working_days', %s, %s, %s FROM n`,
			open+closed, grid1, village+grid1+"/", township, open, dl, s, s, s),
		"UPDATE events SET deadline = NULL WHERE status = 'dispatched'",
		fmt.Sprintf(`INSERT INTO event_tasks (id, event_id, role, status, deadline, deadline_unit, started_at, created_at, updated_at)
		SELECT 't' || id, id, 'lead', 'accepted', %s, 'working_days', %s, %s, %s FROM events WHERE status = 'dispatched'`,
			dl, s, s, s),
		"ANALYZE",
	}
	for _, q := range stmts {
		if _, err := d.Exec(ctx, q); err != nil {
			b.Fatalf("%v\n%s", err, q)
		}
	}
}

// rearm makes every open clock due again, as if never warned of.
func rearm(b *testing.B, d *db.DB) {
	ctx := context.Background()
	for _, q := range []string{
		"UPDATE events SET sla_warned = 0, sla_check_at = '0001-01-01 00:00:00+00:00' WHERE status = 'registered'",
		"UPDATE event_tasks SET sla_warned = 0, sla_check_at = '0001-01-01 00:00:00+00:00' WHERE status = 'accepted'",
		"DELETE FROM event_timeline WHERE action = 'sla_warning'",
	} {
		if _, err := d.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}
