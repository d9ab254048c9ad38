package epidemic

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"healthgrid/internal/audit"
	"healthgrid/internal/jobs"
)

// The action the retention job writes to the audit log.
var _ = audit.Declare("epidemic.person.anonymise")

// SweepArgs is the River job that runs one measures' sweep.
type SweepArgs struct{}

// Kind names the job.
func (SweepArgs) Kind() string { return "epidemic_measure_sweep" }

type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	s *Service
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	r, err := w.s.Sweep(ctx)
	if err != nil {
		slog.Error("epidemic sweep failed", "err", err)
		return err
	}
	if r.Missed+r.Completed > 0 {
		slog.Info("epidemic sweep", "missed", r.Missed, "completed", r.Completed)
	}
	return nil
}

// Jobs registers the module's sweeps, each every so often and once at
// start: the persons past their deadline every minute (overdue.go), the
// measures' days every Settings.SweepEvery — after a restart each catches
// up on what no instance looked at.
func (s *Service) Jobs(q *jobs.Queue) {
	jobs.AddWorker(q, &overdueWorker{s: s})
	q.Every(overdueEvery, func() river.JobArgs { return OverdueArgs{} })
	jobs.AddWorker(q, &sweepWorker{s: s})
	every := s.settings.SweepEvery
	if every <= 0 {
		every = 10 * time.Minute
	}
	q.Every(every, func() river.JobArgs { return SweepArgs{} })
}

// SweepResult is what one sweep did.
type SweepResult struct {
	Missed    int // measure-days alerted for missed check-ins
	Completed int // measures ended at their last day
}

// sweepBatch is how many measures one sweep step reads.
const sweepBatch = 200

// Sweep looks at every active measure's days up to yesterday (Beijing) not
// looked at yet: a day with fewer check-ins than its stage asks alerts the
// person's grid and township, once per measure and day; a measure past its
// last day ends (completed). Each measure is its own transaction.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	var r SweepResult
	yesterday := dayBefore(s.today())
	for after := ""; ; {
		rows, err := s.db.Query(ctx, "SELECT "+measureCols+measureFrom+` WHERE m.state = ? AND m.id > ?
			AND (m.checked_through < m.end_date AND m.checked_through < ? AND m.start_date <= ?) ORDER BY m.id LIMIT ?`,
			MeasureActive, after, yesterday, yesterday, sweepBatch)
		if err != nil {
			return r, fmt.Errorf("epidemic: sweep: %w", err)
		}
		var batch []Measure
		for rows.Next() {
			m, err := scanMeasure(rows)
			if err != nil {
				rows.Close()
				return r, err
			}
			batch = append(batch, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return r, err
		}
		for _, m := range batch {
			n, err := s.sweepOne(ctx, m.ID, yesterday)
			if err != nil {
				return r, err
			}
			r.Missed += n
		}
		if len(batch) < sweepBatch {
			break
		}
		after = batch[len(batch)-1].ID
	}
	return r, s.completeDue(ctx, &r)
}

// sweepOne alerts measure id's missed days through last.
func (s *Service) sweepOne(ctx context.Context, id, last string) (int, error) {
	missed := 0
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		m, err := s.Measure(ctx, "", id)
		if err != nil {
			return err
		}
		last = min(last, m.EndDate)
		counts := map[string]int{}
		rows, err := s.db.Query(ctx, "SELECT day, COUNT(*) FROM epi_checkins WHERE measure_id = ? AND day > ? AND day <= ? GROUP BY day",
			id, m.checkedThrough, last)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d string
			var n int
			if err := rows.Scan(&d, &n); err != nil {
				rows.Close()
				return err
			}
			counts[d] = n
		}
		rows.Close()
		d, _ := time.Parse(time.DateOnly, max(m.StartDate, nextDay(m.checkedThrough)))
		for ; d.Format(time.DateOnly) <= last; d = d.AddDate(0, 0, 1) {
			day := d.Format(time.DateOnly)
			want := stageOn(m.Stages, day).CheckinsPerDay
			if counts[day] >= want {
				continue
			}
			n, err := s.db.Exec(ctx, `INSERT INTO epi_missed_checkins (measure_id, day, done, wanted) VALUES (?,?,?,?)
				ON CONFLICT DO NOTHING`, id, day, counts[day], want)
			if err != nil {
				return err
			}
			if k, _ := n.RowsAffected(); k == 0 {
				continue
			}
			missed++
			if err := s.alert(ctx, m, "漏打卡", fmt.Sprintf("%s %s 打卡 %d/%d 次", m.PersonName, day,
				counts[day], want)); err != nil {
				return err
			}
		}
		_, err = s.db.Exec(ctx, "UPDATE epi_measures SET checked_through = ? WHERE id = ?", last, id)
		return err
	})
	return missed, err
}

// completeDue ends the active measures whose last day is past.
func (s *Service) completeDue(ctx context.Context, r *SweepResult) error {
	for {
		ids, err := s.column(ctx, "SELECT id FROM epi_measures WHERE state = ? AND end_date < ? ORDER BY id LIMIT ?",
			MeasureActive, s.today(), sweepBatch)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.db.InTx(ctx, func(ctx context.Context) error {
				m, err := s.Measure(ctx, "", id)
				if err != nil {
					return err
				}
				return s.end(ctx, m, "completed", "")
			}); err != nil {
				return err
			}
			r.Completed++
		}
		if len(ids) < sweepBatch {
			return nil
		}
	}
}

// nextDay is the day after d, or "" for "".
func nextDay(d string) string {
	if d == "" {
		return ""
	}
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

// CleanupExpired anonymises the risk persons whose episode ended more than
// Settings.Retention ago: name, numbers, address, origin and the link to the
// resident go, the check-ins' notes with them; the counts stay. The one
// cleanup job runs it at start and every ten minutes.
func (s *Service) CleanupExpired(ctx context.Context) (int64, error) {
	if s.settings.Retention <= 0 {
		return 0, nil
	}
	var n int64
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		cut, now := s.now().Add(-s.settings.Retention).UTC(), s.now().UTC()
		if _, err := s.db.Exec(ctx, `UPDATE epi_checkins SET note = '', symptoms = '[]' WHERE measure_id IN (SELECT m.id
			FROM epi_measures m JOIN epi_persons p ON p.id = m.person_id WHERE p.ended_at < ? AND p.anonymised_at IS NULL)`,
			cut); err != nil {
			return err
		}
		res, err := s.db.Exec(ctx, `UPDATE epi_persons SET name = ?, id_enc = '', id_idx = '', phone_enc = '', phone_idx = '',
			birth_date = '', address = '', origin = '', resident_id = NULL, merge_of = NULL, anonymised_at = ?, updated_at = ?
			WHERE ended_at < ? AND anonymised_at IS NULL`, Anonymised, now, now, cut)
		if err != nil {
			return fmt.Errorf("epidemic: anonymise: %w", err)
		}
		if n, _ = res.RowsAffected(); n == 0 {
			return nil
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.person.anonymise", ObjectType: "person",
			Detail: map[string]any{"count": n, "ended_before": cut}})
	})
	return n, err
}

// Anonymised is the name an anonymised person keeps.
const Anonymised = "（已匿名）"
