package epidemic

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"healthgrid/internal/access"
	"healthgrid/internal/notify"
)

// OverdueArgs is the River job that marks overdue verifications.
type OverdueArgs struct{}

// Kind names the job.
func (OverdueArgs) Kind() string { return "epidemic_overdue_sweep" }

type overdueWorker struct {
	river.WorkerDefaults[OverdueArgs]
	s *Service
}

func (w *overdueWorker) Work(ctx context.Context, _ *river.Job[OverdueArgs]) error {
	_, err := w.s.SweepOverdue(ctx)
	return err
}

// overdueEvery is how often the sweep runs: a deadline is met or missed to
// the minute.
const overdueEvery = time.Minute

// overdueBatch is how many persons one transaction of the sweep marks.
const overdueBatch = 1000

// SweepOverdue marks the persons whose deadline has passed unverified —
// round the clock, by the injected clock — moves their lists' progress and
// escalates them to their township: one alert per township and batch, so
// each person is escalated once, and a township learns of a thousand late
// persons in one message, not a thousand. It answers how many it marked.
func (s *Service) SweepOverdue(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.sweepBatch(ctx)
		total += n
		if err != nil || n < overdueBatch {
			return total, err
		}
	}
}

func (s *Service) sweepBatch(ctx context.Context) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		now := s.now().UTC()
		rows, err := s.db.Query(ctx, `SELECT id, region_path, state, pooled FROM epi_persons WHERE deadline <= ?
			AND overdue_at IS NULL AND deadline IS NOT NULL AND state IN ('assigned', 'visited') AND merged_into IS NULL
			ORDER BY deadline, id LIMIT ?`+s.db.Dialect.ForUpdate(), now, overdueBatch)
		if err != nil {
			return fmt.Errorf("epidemic: overdue: %w", err)
		}
		var due []standing
		for rows.Next() {
			var st standing
			if err := rows.Scan(&st.id, &st.path, &st.state, &st.pooled); err != nil {
				rows.Close()
				return err
			}
			due = append(due, st)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(due) == 0 {
			return err
		}
		n = len(due)
		perTownship := map[string]int{}
		var touched []string
		for _, st := range due {
			if _, err := s.db.Exec(ctx, "UPDATE epi_persons SET overdue_at = ? WHERE id = ?", now, st.id); err != nil {
				return fmt.Errorf("epidemic: mark overdue: %w", err)
			}
			after := st
			after.overdue = true
			refs, err := s.moveTallies(ctx, st, after)
			if err != nil {
				return err
			}
			touched = append(touched, refs...)
			if err := s.writeHistory(ctx, st.id, HistoryLine{Action: ActOverdue, FromState: st.state, At: now}); err != nil {
				return err
			}
			perTownship[string(access.Scope(st.path).Head(access.Township))]++
		}
		slices.Sort(touched)
		s.published(ctx, slices.Compact(touched)...)
		return s.escalate(ctx, perTownship)
	})
	return n, err
}

// escalate alerts each township's epidemic staff of its newly overdue
// persons.
func (s *Service) escalate(ctx context.Context, perTownship map[string]int) error {
	if s.alerts == nil {
		return nil
	}
	for path, n := range perTownship {
		note := notify.Note{Kind: "epidemic_overdue", Title: fmt.Sprintf("排查逾期：%d 人未按时核查", n),
			Body: fmt.Sprintf("%d 名排查人员已超过核查期限，请督促落实 / %d persons past their verification deadline", n, n),
			Link: "/epidemic/persons?overdue=true&region=" + access.Scope(path).Code()}
		if _, err := s.alerts.Alert(ctx, notify.Query{RegionPaths: []string{path}, Perms: []string{"epidemic:write"}},
			note, false); err != nil {
			return err
		}
	}
	return nil
}
