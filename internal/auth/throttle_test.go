package auth_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/auth"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

func from(ip string) context.Context {
	return access.WithRequest(context.Background(), access.Request{IP: ip})
}

// refused asserts a 429 with the given Retry-After (0: any).
func refused(t *testing.T, path string, err error, retryAfter int) {
	t.Helper()
	var many apperr.TooMany
	if !errors.As(err, &many) || many.RetryAfter <= 0 || retryAfter > 0 && many.RetryAfter != retryAfter {
		t.Errorf("%s: %v, want 429 with Retry-After %d", path, err, retryAfter)
	}
}

// One address that fails 20 times in 10 minutes, on any login path, is
// refused on every login path until the oldest failure leaves the window —
// so cycling through a department's names locks none of them out.
func TestLoginThrottlePerAddress(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, false)
		var staff []*member
		for i := range 10 {
			staff = append(staff, f.member(t, i, true))
		}
		mfa := staff[0].challenge(from("10.1.1.1"), t)
		attacker, office := from("198.51.100.7"), from("198.51.100.8")
		code := staff[1].smsCode(office, t)
		start := f.clock.Now()
		for i := range 20 { // two wrong tries at each of ten accounts, by every login path
			m := staff[i%10]
			var err error
			want := auth.ErrBadCode
			switch i % 3 {
			case 0:
				_, err = f.svc.Login(attacker, m.name, wrongPw)
				want = auth.ErrBadCredentials
			case 1:
				_, err = f.svc.LoginSMS(attacker, m.phone, "000000")
			case 2:
				_, err = f.svc.LoginTOTP(attacker, "no-such-challenge", "123456")
			}
			if !errors.Is(err, want) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		// every login path now answers 429, the right secret too, until the
		// first failure is 10 minutes old
		_, err := f.svc.Login(attacker, staff[0].name, rightPw)
		refused(t, "password", err, 600)
		_, err = f.svc.SendCode(attacker, staff[1].phone, "login")
		refused(t, "sms send", err, 600)
		_, err = f.svc.LoginSMS(attacker, staff[1].phone, code)
		refused(t, "sms login", err, 600)
		_, err = f.svc.LoginTOTP(attacker, mfa, staff[0].code(t))
		refused(t, "totp", err, 600)
		// the refused tries counted nothing: every account logs in from elsewhere
		for _, m := range staff {
			res, err := f.svc.Login(office, m.name, rightPw)
			if err != nil || !res.MFARequired {
				t.Fatalf("%s from another address: %+v %v", m.name, res, err)
			}
		}
		f.clock.Set(start.Add(10*time.Minute - time.Second))
		_, err = f.svc.Login(attacker, staff[2].name, rightPw)
		refused(t, "a second before the window ends", err, 1)
		f.clock.Set(start.Add(10 * time.Minute))
		if res, err := f.svc.Login(attacker, staff[2].name, rightPw); err != nil || !res.MFARequired {
			t.Fatalf("once the failures left the window: %+v %v", res, err)
		}
		if _, err := f.svc.CleanupExpired(context.Background()); err != nil {
			t.Fatal(err)
		}
		var left int // only the attacker's new window is left; the others have ended
		if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM login_throttle").Scan(&left); err != nil || left != 1 {
			t.Errorf("after cleanup: %d addresses, %v; want 1", left, err)
		}
	})
}

// Parallel guesses from one address each take their place in the count
// before any is checked: exactly the limit get an answer, the rest 429 —
// whichever of two instances on the same database they reach.
func TestLoginThrottleParallel(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, true)
		twin := f.twin(t)
		ctx := from("203.0.113.9")
		var mu sync.Mutex
		var wg sync.WaitGroup
		got := map[string]int{}
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				svc := []*auth.Service{f.svc, twin}[i%2]
				_, err := svc.Login(ctx, fmt.Sprintf("nobody%d", i), wrongPw)
				kind := fmt.Sprint(err)
				switch {
				case errors.Is(err, auth.ErrBadCredentials):
					kind = "401"
				case errors.Is(err, apperr.ErrTooMany):
					kind = "429"
				}
				mu.Lock()
				got[kind]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if got["401"] != 20 || got["429"] != 20 || len(got) != 2 {
			t.Fatalf("40 parallel wrong logins from one address: %v, want 20 answered and 20 refused", got)
		}
	})
}

// Parallel guesses at one account from many addresses: no more than the
// threshold are checked, the account locks once, and the right password is
// refused after.
func TestLockoutParallel(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, true)
		f.user(t, "target", "", true, "region_admin")
		var wg sync.WaitGroup
		errs := make([]error, 20)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.svc.Login(from(fmt.Sprintf("10.2.0.%d", i)), "target", wrongPw)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		ctx := context.Background()
		fails, _, err := f.audit.List(ctx, "140900000000/", audit.Filter{Action: "auth.login", Outcome: audit.Failure}, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, e := range fails {
			if e.Detail["reason"] == "wrong password" {
				checked++
			}
		}
		locks, _, _ := f.audit.List(ctx, "140900000000/", audit.Filter{Action: "auth.lockout"}, 0, 10)
		if checked != 5 || len(fails) != 20 || len(locks) != 1 {
			t.Fatalf("%d guesses checked of %d, %d lockouts; want 5 of 20 and 1", checked, len(fails), len(locks))
		}
		if res, err := f.svc.Login(from("10.2.1.1"), "target", rightPw); !errors.Is(err, auth.ErrBadCredentials) || res.Token != "" {
			t.Fatalf("right password after the parallel guesses: %+v %v", res, err)
		}
	})
}

// twin is a second instance of the service on the same database, as a
// second server behind the load balancer.
func (f *fixture) twin(t *testing.T) *auth.Service {
	t.Helper()
	svc, err := auth.New(auth.Deps{DB: f.d, Audit: f.audit, PII: f.cipher, Regions: f.regions, SMS: f.sms, Settings: f.set, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// A count that cannot be written lets no try through: the login fails with
// the database's error (which the API logs as an internal error), with no
// token, on every path — even with the right secret.
func TestAddressCountErrorFailsClosed(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, false)
		m := f.member(t, 1, true)
		ctx := from("10.3.0.1")
		mfa, code := m.challenge(ctx, t), m.smsCode(ctx, t)
		exec(t, d, "DROP TABLE login_throttle")
		m.noTokenEverywhere(ctx, t, mfa, code)
		if _, err := f.svc.SendCode(ctx, m.phone, "login"); err == nil {
			t.Error("sms send with the address's count failing: no error")
		}
	})
}

// The same for the account's count.
func TestAccountCountErrorFailsClosed(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, false)
		m := f.member(t, 1, true)
		ctx := from("10.3.0.1")
		mfa, code := m.challenge(ctx, t), m.smsCode(ctx, t)
		refuseCounting(t, d)
		m.noTokenEverywhere(ctx, t, mfa, code)
		if err := f.svc.ChangePassword(ctx, m.p, rightPw, "Fresh@Pass2026"); err == nil || errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("current password with the count failing: %v, want the database's error", err)
		}
		if _, err := f.svc.Login(ctx, m.name, wrongPw); err == nil || errors.Is(err, apperr.ErrUnauthorized) {
			t.Errorf("a wrong password with the count failing: %v, want the database's error", err)
		}
	})
}

// noTokenEverywhere tries the right secret on every login path, expecting
// the database's error and no token.
func (m *member) noTokenEverywhere(ctx context.Context, t *testing.T, mfa, code string) {
	t.Helper()
	svc := m.f.svc
	noToken := func(path string, res auth.LoginResult, err error) {
		t.Helper()
		if err == nil || errors.Is(err, apperr.ErrUnauthorized) || res.Token != "" || res.MFAToken != "" {
			t.Errorf("%s with its count failing: %+v %v, want the database's error and no token", path, res, err)
		}
	}
	res, err := svc.Login(ctx, m.name, rightPw)
	noToken("password", res, err)
	res, err = svc.LoginTOTP(ctx, mfa, m.code(t))
	noToken("totp", res, err)
	res, err = svc.LoginSMS(ctx, m.phone, code)
	noToken("sms", res, err)
}

// refuseCounting makes every increment of an account's failure count fail,
// as a database refusing writes would.
func refuseCounting(t *testing.T, d *db.DB) {
	t.Helper()
	if d.Dialect == db.Postgres {
		exec(t, d, `CREATE FUNCTION refuse_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'count refused'; END $$`)
		exec(t, d, `CREATE TRIGGER refuse_count BEFORE UPDATE OF failed_count ON users FOR EACH ROW
			WHEN (NEW.failed_count > OLD.failed_count) EXECUTE FUNCTION refuse_count()`)
		return
	}
	exec(t, d, `CREATE TRIGGER refuse_count BEFORE UPDATE OF failed_count ON users
		WHEN NEW.failed_count > OLD.failed_count BEGIN SELECT RAISE(ABORT, 'count refused'); END`)
}

func exec(t *testing.T, d *db.DB, q string) {
	t.Helper()
	if _, err := d.SQL().ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
