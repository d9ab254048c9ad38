// Package quota counts what each user does of a kind over the last hour —
// reveals of personal data, registrations refused for scope — so that a
// module can refuse the next one with a 429. The counts live in the database
// (user_quota), so every instance shares them, and a count is part of the
// caller's transaction: what is rolled back is not counted.
package quota

import (
	"context"
	"fmt"
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/db"
)

// Kinds of quota. Reveals are one kind whatever is revealed (a resident, an
// event's numbers): the quota is on a user's unmaskings, not on a module's.
const (
	Reveal  = "reveal"
	Refusal = "refusal"
	// a resident's sign-ups, password resets and real-name bindings, and
	// their reports: counted per account, per phone and per client address
	Signup = "signup"
	Bind   = "bind"
	Report = "report"
	// signed-out reads of the city's reference data (the sign-up's region
	// picker), per client address
	Lookup = "lookup"
	// the rows of venue check-ins a caller sends
	Checkin = "checkin"
	// posts of daily surveillance counts (a partner's system), per account
	Counts = "counts"
)

// limits are the codes of the refusals of each kind.
var limits = map[string]*apperr.Error{
	Reveal:  apperr.New(apperr.ErrTooMany, "quota.reveal", ""),
	Refusal: apperr.New(apperr.ErrTooMany, "quota.refusal", ""),
	Signup:  apperr.New(apperr.ErrTooMany, "quota.signup", ""),
	Bind:    apperr.New(apperr.ErrTooMany, "quota.bind", ""),
	Report:  apperr.New(apperr.ErrTooMany, "quota.report", ""),
	Lookup:  apperr.New(apperr.ErrTooMany, "quota.lookup", ""),
	Checkin: apperr.New(apperr.ErrTooMany, "quota.checkin", ""),
	Counts:  apperr.New(apperr.ErrTooMany, "quota.counts", ""),
}

// A quota counts over the last hour in ten-minute steps: a step's count
// leaves the sum when the step is an hour old, so the sum never holds more
// than an hour and at most ten minutes less.
const (
	window = 3600 // seconds
	step   = 600
)

// Counter counts users' quotas in the database.
type Counter struct {
	db  *db.DB
	now func() time.Time
}

// New is a counter on d, reading the time from now.
func New(d *db.DB, now func() time.Time) *Counter { return &Counter{db: d, now: now} }

// Usage is a user's count of one kind over the last hour, oldest step first.
type Usage struct {
	steps []int64 // each step's start, unix seconds
	ns    []int
	Total int // the hour's count
	now   int64
}

// Use adds n (which may be 0, to read) to the user's count of kind and
// returns the hour's usage, n included. It runs in the transaction ctx
// carries (its own if none) and holds the user's counter of kind until that
// ends: every caller first updates the counter's step-0 row, so that on
// PostgreSQL parallel requests of one user queue there instead of all
// reading the same sum (SQLite's transactions queue anyway). Hour-old steps
// are deleted on the way.
func (c *Counter) Use(ctx context.Context, kind, user string, n int) (Usage, error) {
	now := c.now().Unix()
	u := Usage{now: now}
	err := c.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := c.db.Exec(ctx, `INSERT INTO user_quota (user_id, kind, step, n) VALUES (?, ?, 0, 0)
			ON CONFLICT (user_id, kind, step) DO UPDATE SET n = user_quota.n`, user, kind); err != nil {
			return fmt.Errorf("quota: lock: %w", err)
		}
		if n != 0 {
			if _, err := c.db.Exec(ctx, `INSERT INTO user_quota (user_id, kind, step, n) VALUES (?, ?, ?, ?)
				ON CONFLICT (user_id, kind, step) DO UPDATE SET n = user_quota.n + excluded.n`,
				user, kind, now-now%step, n); err != nil {
				return fmt.Errorf("quota: count: %w", err)
			}
		}
		if _, err := c.db.Exec(ctx, "DELETE FROM user_quota WHERE user_id = ? AND kind = ? AND step > 0 AND step <= ?",
			user, kind, now-window); err != nil {
			return fmt.Errorf("quota: expiry: %w", err)
		}
		rows, err := c.db.Query(ctx, "SELECT step, n FROM user_quota WHERE user_id = ? AND kind = ? AND step > ? ORDER BY step",
			user, kind, now-window)
		if err != nil {
			return fmt.Errorf("quota: read: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var s int64
			var k int
			if err := rows.Scan(&s, &k); err != nil {
				return err
			}
			u.steps, u.ns, u.Total = append(u.steps, s), append(u.ns, k), u.Total+k
		}
		return rows.Err()
	})
	return u, err
}

// RetryAfter is how many seconds pass before the sum drops to per or below.
func (u Usage) RetryAfter(per int) int {
	left := u.Total
	for i, s := range u.steps {
		if left -= u.ns[i]; left <= per {
			return int(max(s+window-u.now, 1))
		}
	}
	return window
}

// Take counts one of kind for the user, or refuses with a TooMany once the
// hour holds more than per; msg is the refusal's message, given the wait in
// seconds. The count is part of the caller's transaction: a refusal rolls
// it back with the rest.
func (c *Counter) Take(ctx context.Context, kind, user string, per int, msg func(wait int) string) error {
	return c.TakeN(ctx, kind, user, 1, per, msg)
}

// TakeN is Take of n at once (the rows of a batch).
func (c *Counter) TakeN(ctx context.Context, kind, user string, n, per int, msg func(wait int) string) error {
	u, err := c.Use(ctx, kind, user, n)
	if err != nil {
		return err
	}
	if u.Total > per {
		wait := u.RetryAfter(per)
		return limits[kind].Wait(wait, msg(wait))
	}
	return nil
}

// TooManyReveals is the refusal of a reveal over the quota.
func TooManyReveals(wait int) string {
	return fmt.Sprintf("查看完整信息过于频繁，请%d秒后再试 / too many reveals; try again in %d s", wait, wait)
}

// Limit is one kind of quota at per an hour, with its refusal's message: a
// module that needs only to take from it declares an interface with Take.
type Limit struct {
	Counter *Counter
	Kind    string
	Per     int
	Message func(wait int) string
}

// Take counts one for the user, or refuses with a TooMany over the limit.
func (l Limit) Take(ctx context.Context, user string) error {
	return l.Counter.Take(ctx, l.Kind, user, l.Per, l.Message)
}

// TakeN counts n for the user, or refuses with a TooMany over the limit.
func (l Limit) TakeN(ctx context.Context, user string, n int) error {
	return l.Counter.TakeN(ctx, l.Kind, user, n, l.Per, l.Message)
}

// TooManyTries is the refusal of a sign-up, binding or report over the quota.
func TooManyTries(wait int) string {
	return fmt.Sprintf("操作过于频繁，请%d秒后再试 / too many attempts; try again in %d s", wait, wait)
}
