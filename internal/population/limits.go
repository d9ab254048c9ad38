package population

import (
	"context"
	"fmt"

	"healthgrid/internal/apperr"
)

// Settings are the population module's limits, from the configuration; a
// zero field takes its default.
type Settings struct {
	UnmaskedExportMaxRows int // most residents one unmasked export may hold
	RevealsPerHour        int // reveals per user per hour
	RefusalsPerHour       int // registrations refused for scope per user per hour
}

// Defaults of Settings.
const (
	DefaultUnmaskedExportMaxRows = 10000
	DefaultRevealsPerHour        = 100
	DefaultRefusalsPerHour       = 100
)

func (s Settings) withDefaults() Settings {
	if s.UnmaskedExportMaxRows <= 0 {
		s.UnmaskedExportMaxRows = DefaultUnmaskedExportMaxRows
	}
	if s.RevealsPerHour <= 0 {
		s.RevealsPerHour = DefaultRevealsPerHour
	}
	if s.RefusalsPerHour <= 0 {
		s.RefusalsPerHour = DefaultRefusalsPerHour
	}
	return s
}

// What a user's counters count (resident_limits.kind).
const (
	limitReveal  = "reveal"
	limitRefusal = "refusal"
)

// A limit counts over the last hour in ten-minute steps: a step's count
// leaves the sum when the step is an hour old, so the sum never holds more
// than an hour and at most ten minutes less.
const (
	limitWindow = 3600 // seconds
	limitStep   = 600
)

// usage is a user's count of one kind over the last hour, oldest step first.
type usage struct {
	steps []int64 // each step's start, unix seconds
	ns    []int
	total int
	now   int64
}

// use adds n to the user's count of kind and returns the hour's usage, n
// included. It runs in the transaction ctx carries (its own if none) and
// holds the user's counter of kind until that ends: every caller first
// updates the counter's step-0 row, so that on PostgreSQL parallel requests
// of one user queue there instead of all reading the same sum (SQLite's
// transactions queue anyway). Hour-old steps are deleted on the way.
func (s *Service) use(ctx context.Context, kind, user string, n int) (usage, error) {
	now := s.now().Unix()
	u := usage{now: now}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO resident_limits (user_id, kind, step, n) VALUES (?, ?, 0, 0)
			ON CONFLICT (user_id, kind, step) DO UPDATE SET n = resident_limits.n`, user, kind); err != nil {
			return fmt.Errorf("resident: limit lock: %w", err)
		}
		if n != 0 {
			if _, err := s.db.Exec(ctx, `INSERT INTO resident_limits (user_id, kind, step, n) VALUES (?, ?, ?, ?)
				ON CONFLICT (user_id, kind, step) DO UPDATE SET n = resident_limits.n + excluded.n`,
				user, kind, now-now%limitStep, n); err != nil {
				return fmt.Errorf("resident: limit count: %w", err)
			}
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM resident_limits WHERE user_id = ? AND kind = ? AND step > 0 AND step <= ?",
			user, kind, now-limitWindow); err != nil {
			return fmt.Errorf("resident: limit expiry: %w", err)
		}
		rows, err := s.db.Query(ctx, "SELECT step, n FROM resident_limits WHERE user_id = ? AND kind = ? AND step > ? ORDER BY step",
			user, kind, now-limitWindow)
		if err != nil {
			return fmt.Errorf("resident: limit read: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var step int64
			var k int
			if err := rows.Scan(&step, &k); err != nil {
				return err
			}
			u.steps, u.ns, u.total = append(u.steps, step), append(u.ns, k), u.total+k
		}
		return rows.Err()
	})
	return u, err
}

// retryAfter is how many seconds pass before the sum drops to per or below.
func (u usage) retryAfter(per int) int {
	left := u.total
	for i, step := range u.steps {
		if left -= u.ns[i]; left <= per {
			return int(max(step+limitWindow-u.now, 1))
		}
	}
	return limitWindow
}

// take counts one of kind for the user, or refuses with a TooMany once the
// hour holds more than per; msg is the refusal's message, given the wait in
// seconds. The count is part of the caller's transaction: a refusal rolls
// it back with the rest.
func (s *Service) take(ctx context.Context, kind, user string, per int, msg func(wait int) string) error {
	u, err := s.use(ctx, kind, user, 1)
	if err != nil {
		return err
	}
	if u.total > per {
		wait := u.retryAfter(per)
		return apperr.TooMany{RetryAfter: wait, Message: msg(wait)}
	}
	return nil
}

func tooManyReveals(wait int) string {
	return fmt.Sprintf("查看完整信息过于频繁，请%d秒后再试 / too many reveals; try again in %d s", wait, wait)
}

func tooManyRefusals(wait int) string {
	return fmt.Sprintf("因辖区外身份证号被拒的登记过多，请%d秒后再试 / too many registrations refused for scope; try again in %d s", wait, wait)
}
