package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
)

// One lockout on every way in. A try at a secret — a password, an SMS code,
// a TOTP code, the current password or code a session route asks for again —
// is counted before the secret is checked: against the client's address
// (login_throttle, on the login routes) and against the account it names
// (users.failed_count, on every route). Counting first is what makes the
// limits hold: parallel guesses each take their place in the count before
// any is checked, so no more than the limit are ever checked, and a count
// that cannot be written lets no try through. A try whose secret is right
// gives its places back; a finished login resets the account's count.

// attempt is one try at a secret.
type attempt struct {
	ip     string    // the address it counts against
	since  time.Time // when it took its place in the address's count; zero on a session route
	a      *account  // the account it names; nil: none (unknown name or phone, void challenge)
	n      int       // the account's failed tries, this one included; 0: not counted (locked, or cannot log in)
	answer error     // the path's one answer to every failure
}

// begin counts a login try against the client's address and, when it names
// one, account a, before its secret is checked; answer is what the path
// answers every failure with. Both counts are written in one transaction, so
// that a try at an unknown name costs the same writes as one at a real name.
func (s *Service) begin(ctx context.Context, answer error, a *account) (*attempt, error) {
	at := &attempt{answer: answer}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.admit(ctx, at); err != nil {
			return err
		}
		if a == nil {
			return nil
		}
		return s.count(ctx, at, a)
	})
	if err != nil {
		return nil, err
	}
	return at, nil
}

// admit counts the try against the client's address. An address's window
// lasts IPFailureWindow from its first try after the last window ended; once
// the window holds IPFailureLimit failures, every try from there is refused
// with apperr.TooMany, and not counted, until it ends.
func (s *Service) admit(ctx context.Context, at *attempt) error {
	ip, now := access.RequestFrom(ctx).IP, s.stamp()
	// a new address, or one whose window has ended, starts a new window
	if _, err := s.db.Exec(ctx, `INSERT INTO login_throttle (ip, since, n) VALUES (?, ?, 0)
		ON CONFLICT (ip) DO UPDATE SET since = excluded.since, n = 0 WHERE login_throttle.since <= ?`,
		ip, now, now.Add(-s.set.IPFailureWindow)); err != nil {
		return fmt.Errorf("auth: count a login try: %w", err)
	}
	// one statement takes the place, so parallel tries get one each
	res, err := s.db.Exec(ctx, "UPDATE login_throttle SET n = n + 1 WHERE ip = ? AND n < ?", ip, s.set.IPFailureLimit)
	if err != nil {
		return fmt.Errorf("auth: count a login try: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err != nil {
			return err
		}
		wait, err := s.addressWait(ctx, ip, now)
		if err != nil {
			return err
		}
		return addressRefused(max(wait, time.Second)) // at least a second: the window may have just ended
	}
	at.ip, at.since = ip, now
	return nil
}

// throttled refuses a request from an address whose window is full; it
// counts nothing, for a request that guesses nothing (asking for an SMS code).
func (s *Service) throttled(ctx context.Context) error {
	wait, err := s.addressWait(ctx, access.RequestFrom(ctx).IP, s.stamp())
	if err != nil || wait == 0 {
		return err
	}
	return addressRefused(wait)
}

// addressWait is how long until the address's full window ends; 0 when it
// is not full.
func (s *Service) addressWait(ctx context.Context, ip string, now time.Time) (time.Duration, error) {
	var since time.Time
	var n int
	err := s.db.QueryRow(ctx, "SELECT since, n FROM login_throttle WHERE ip = ?", ip).Scan(&since, &n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("auth: login failures of an address: %w", err)
	}
	if end := since.Add(s.set.IPFailureWindow); n >= s.set.IPFailureLimit && now.Before(end) {
		return end.Sub(now), nil
	}
	return 0, nil
}

func addressRefused(wait time.Duration) error {
	return tooMany(errIPLoginLimit, wait, "登录失败次数过多,请稍后再试 / too many failed logins from this address; try again later")
}

// stamp is now as login_throttle keeps it (PostgreSQL keeps microseconds).
func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// usable reports whether a may log in at all, locks aside.
func (s *Service) usable(a *account) bool {
	return a.status == "active" && !(a.demo && !s.set.Demo)
}

// count counts the try against account a before its secret is checked. It
// does not count a try at a locked account, nor at one that cannot log in.
func (s *Service) count(ctx context.Context, at *attempt, a *account) error {
	at.a = a
	if !s.usable(a) {
		return nil
	}
	err := s.db.QueryRow(ctx, `UPDATE users SET failed_count = failed_count + 1
		WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?) RETURNING failed_count`, a.ID, s.now()).Scan(&at.n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("auth: count a try at %s: %w", a.Username, err)
	}
	return nil
}

// open reports whether the try's secret may be checked: it was counted (the
// account was not locked), and within the threshold — tries in flight at
// once past it are refused as if the lock had begun.
func (s *Service) open(at *attempt) bool {
	return at.n > 0 && at.n <= s.set.LockoutThreshold
}

// fail ends a try that did not pass. The try that brings the account to the
// threshold locks it for LockoutDuration; rec, when given, is audited. Both
// are written in one transaction whose error is returned in place of the
// path's answer: a count that cannot be written fails the request.
func (s *Service) fail(ctx context.Context, at *attempt, rec *audit.Record) error {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		until, err := s.lock(ctx, at)
		if err != nil || rec == nil {
			return err
		}
		if !until.IsZero() {
			if rec.Detail == nil {
				rec.Detail = map[string]any{}
			}
			rec.Detail["locked_until"] = until
		}
		return s.audit.Write(ctx, *rec)
	})
	if err != nil {
		return err
	}
	return at.answer
}

// lock locks the try's account when the try reached the threshold and no
// other try locked it first; it returns the end of the lock it set.
func (s *Service) lock(ctx context.Context, at *attempt) (time.Time, error) {
	if at.a == nil || at.n < s.set.LockoutThreshold {
		return time.Time{}, nil
	}
	now := s.now()
	until := now.Add(s.set.LockoutDuration)
	res, err := s.db.Exec(ctx, `UPDATE users SET failed_count = 0, locked_until = ?
		WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)`, until, at.a.ID, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("auth: lock %s: %w", at.a.Username, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return time.Time{}, err
	}
	return until, s.audit.Write(ctx, accountRecord("auth.lockout", at.a, audit.Success,
		map[string]any{"until": until, "threshold": s.set.LockoutThreshold}))
}

// pass gives back the places of a try whose secret was right, in the
// caller's transaction, when no finished login (which resets the account's
// count) follows: the password before the TOTP code, a session route.
func (s *Service) pass(ctx context.Context, at *attempt) error {
	if err := s.release(ctx, at); err != nil {
		return err
	}
	if at.n > 0 {
		if _, err := s.db.Exec(ctx, "UPDATE users SET failed_count = failed_count - 1 WHERE id = ? AND failed_count > 0", at.a.ID); err != nil {
			return fmt.Errorf("auth: uncount a right try: %w", err)
		}
	}
	return nil
}

// release gives a try that passed its place in its address's count back,
// once, unless the window it counted in has ended.
func (s *Service) release(ctx context.Context, at *attempt) error {
	if at.since.IsZero() {
		return nil
	}
	if _, err := s.db.Exec(ctx, "UPDATE login_throttle SET n = n - 1 WHERE ip = ? AND n > 0 AND since <= ?", at.ip, at.since); err != nil {
		return fmt.Errorf("auth: uncount a login: %w", err)
	}
	at.since = time.Time{}
	return nil
}

// recheck checks a secret that a session route asks for again (the current
// password, a TOTP code) as a login would: counted against the account first,
// a wrong one audited as action's failure for reason and answered wrong, and
// a locked account refused with apperr.TooMany whatever it sends. right is
// called only when the try may be checked. The try it returns is to be given
// back (pass) in the transaction that acts on the secret.
func (s *Service) recheck(ctx context.Context, a *account, action, reason string, wrong error, right func() bool) (*attempt, error) {
	at := &attempt{answer: wrong}
	if err := s.count(ctx, at, a); err != nil {
		return nil, err
	}
	if !s.open(at) {
		reason, at.answer = "locked", s.lockedAnswer(a)
	} else if right() {
		return at, nil
	}
	rec := audit.Record{Action: action, ObjectType: "user", ObjectID: a.ID, Outcome: audit.Failure,
		Detail: map[string]any{"reason": reason}}
	return nil, s.fail(ctx, at, &rec)
}

// lockedAnswer tells a session of a locked account how long to wait: it is
// the account, so the lock is no secret from it.
func (s *Service) lockedAnswer(a *account) error {
	wait := s.set.LockoutDuration
	if now := s.now(); a.lockedUntil != nil && a.lockedUntil.After(now) {
		wait = a.lockedUntil.Sub(now)
	}
	return tooMany(errLocked, wait, "错误次数过多,账户已临时锁定,请稍后再试 / too many wrong tries: the account is locked for now")
}
