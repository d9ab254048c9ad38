package vaccine

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"healthgrid/internal/jobs"
)

// The tallies count people in the age group they are in today; a birthday
// that crosses a band's edge (3, 7, 18, 60) moves the person's doses from
// one band to the next. The ageing job does it once a day — hourly, so it
// runs soon after Beijing midnight — for the birthdays since its last run,
// which it remembers (epi_vaccination_aged), so a pause is caught up.

// AgeArgs is the River job that moves people between age groups.
type AgeArgs struct{}

// Kind names the job.
func (AgeArgs) Kind() string { return "epidemic_vaccination_age" }

type ageWorker struct {
	river.WorkerDefaults[AgeArgs]
	s *Service
}

func (w *ageWorker) Work(ctx context.Context, _ *river.Job[AgeArgs]) error {
	n, err := w.s.Age(ctx)
	if err != nil {
		slog.Error("vaccination ageing failed", "err", err)
		return err
	}
	if n > 0 {
		slog.Info("vaccination ageing", "moved", n)
	}
	return nil
}

// Jobs registers the ageing job, hourly and once at start.
func (s *Service) Jobs(q *jobs.Queue) {
	jobs.AddWorker(q, &ageWorker{s: s})
	q.Every(time.Hour, func() river.JobArgs { return AgeArgs{} })
}

// edges are the ages a birthday moves someone to another band at.
var edges = []int{3, 7, 18, 60}

// Age moves the doses of everyone whose birthday since the last run put
// them in another age group, in one transaction, and answers how many
// doses moved.
func (s *Service) Age(ctx context.Context) (int, error) {
	today := ymd(s.now())
	moved := 0
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var last int
		err := s.db.QueryRow(ctx, "SELECT day FROM epi_vaccination_aged WHERE id = 1").Scan(&last)
		if err != nil {
			last = 0 // never run: every record was grouped as of its import; look back a year for safety
		}
		if last >= today {
			return nil
		}
		if last == 0 {
			last = today - 10000
		}
		deltas := tallies.Deltas()
		for _, n := range edges {
			rows, err := s.db.Query(ctx, `SELECT id_idx, vaccine, dose, birth_ymd, region_path, age_group FROM epi_vaccinations
				WHERE birth_ymd > ? AND birth_ymd <= ? AND region_path <> ''`, last-n*10000, today-n*10000)
			if err != nil {
				return fmt.Errorf("vaccine: birthdays: %w", err)
			}
			type mv struct {
				k          key
				path, from string
				to         string
			}
			var moves []mv
			err = scanAll(rows, func() error {
				var m mv
				var birth int
				if err := rows.Scan(&m.k.idx, &m.k.vaccine, &m.k.n, &birth, &m.path, &m.from); err != nil {
					return err
				}
				if m.to = ageGroup(birth, today); m.to != m.from {
					moves = append(moves, m)
				}
				return nil
			})
			if err != nil {
				return err
			}
			people := map[[2]string]bool{}
			for _, m := range moves {
				if _, err := s.db.Exec(ctx, "UPDATE epi_vaccinations SET age_group = ? WHERE id_idx = ? AND vaccine = ? AND dose = ?",
					m.to, m.k.idx, m.k.vaccine, m.k.n); err != nil {
					return fmt.Errorf("vaccine: age: %w", err)
				}
				var p int64
				if person := [2]string{m.k.idx, m.k.vaccine}; !people[person] {
					people[person], p = true, 1
				}
				deltas.Add([]any{m.path, m.k.vaccine, m.from}, -p, -1)
				deltas.Add([]any{m.path, m.k.vaccine, m.to}, p, 1)
				moved++
			}
		}
		if err := deltas.Apply(ctx, s.db); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM epi_vaccination_aged WHERE id = 1"); err != nil {
			return err
		}
		_, err = s.db.Exec(ctx, "INSERT INTO epi_vaccination_aged (id, day) VALUES (1, ?)", today)
		return err
	})
	return moved, err
}
