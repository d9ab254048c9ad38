package auth_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/auth"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

const (
	rightPw = "Good@Pass1"
	wrongPw = "Wrong@Pass9"
)

// member is a staff user of the lockout tests: a password, a phone, and a
// TOTP secret that is on (enrolled) or set up and waiting for its first code.
type member struct {
	f                   *fixture
	name, phone, secret string
	p                   *access.Principal
}

func (f *fixture) member(t *testing.T, n int, enrolled bool) *member {
	t.Helper()
	ctx := context.Background()
	m := &member{f: f, name: fmt.Sprintf("staff%d", n), phone: fmt.Sprintf("1390000%04d", n)}
	u := f.user(t, m.name, m.phone, false, "health_staff")
	m.p = &access.Principal{UserID: u.ID, Username: m.name}
	setup, err := f.svc.SetupTOTP(ctx, m.p)
	if err != nil {
		t.Fatal(err)
	}
	m.secret = setup.Secret
	if enrolled {
		if err := f.svc.SetTOTP(ctx, m.p, m.code(t), true); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(30 * time.Second) // the next code is a new one
	}
	return m
}

// code is the authenticator's code now; wrongCode one an hour off.
func (m *member) code(t *testing.T) string { return m.codeAt(t, 0) }
func (m *member) wrongCode(t *testing.T) string {
	if c := m.codeAt(t, time.Hour); c != m.code(t) {
		return c
	}
	return m.codeAt(t, 2*time.Hour)
}

func (m *member) codeAt(t *testing.T, d time.Duration) string {
	t.Helper()
	c, err := auth.TOTPCode(m.secret, m.f.clock.Now().Add(d))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// smsCode asks for a login code and returns it.
func (m *member) smsCode(ctx context.Context, t *testing.T) string {
	t.Helper()
	m.f.clock.Add(61 * time.Second) // past the cooldown of the last one
	if _, err := m.f.svc.SendCode(ctx, m.phone, "login"); err != nil {
		t.Fatal(err)
	}
	return m.f.sms.lastCode(t)
}

// challenge is the password step of a member with TOTP on.
func (m *member) challenge(ctx context.Context, t *testing.T) string {
	t.Helper()
	res, err := m.f.svc.Login(ctx, m.name, rightPw)
	if err != nil || !res.MFARequired {
		t.Fatalf("password step: %+v %v", res, err)
	}
	return res.MFAToken
}

// A wrong secret of any kind — password, SMS code, TOTP code at login, the
// current password or a TOTP code a session route asks for — counts on the
// account's one counter; at the threshold the account locks, and until the
// lock ends the right secret is refused on every path.
func TestLockoutEveryPath(t *testing.T) {
	type wrongs func(ctx context.Context, t *testing.T, m *member)
	one := func(try func(ctx context.Context, t *testing.T, m *member) error, want error) func(ctx context.Context, t *testing.T, m *member) {
		return func(ctx context.Context, t *testing.T, m *member) {
			t.Helper()
			if err := try(ctx, t, m); !errors.Is(err, want) {
				t.Fatalf("wrong try: %v, want %v", err, want)
			}
		}
	}
	password := one(func(ctx context.Context, t *testing.T, m *member) error {
		_, err := m.f.svc.Login(ctx, m.name, wrongPw)
		return err
	}, auth.ErrBadCredentials)
	smsCode := one(func(ctx context.Context, t *testing.T, m *member) error {
		wrong := "000000"
		if m.f.sms.lastCode(t) == wrong {
			wrong = "111111"
		}
		_, err := m.f.svc.LoginSMS(ctx, m.phone, wrong)
		return err
	}, auth.ErrBadCode)
	totpCode := one(func(ctx context.Context, t *testing.T, m *member) error {
		_, err := m.f.svc.LoginTOTP(ctx, m.challenge(ctx, t), m.wrongCode(t))
		return err
	}, auth.ErrBadCode)
	oldPassword := one(func(ctx context.Context, t *testing.T, m *member) error {
		return m.f.svc.ChangePassword(ctx, m.p, wrongPw, "Fresh@Pass2026")
	}, apperr.ErrInvalid)
	enrolCode := one(func(ctx context.Context, t *testing.T, m *member) error {
		return m.f.svc.SetTOTP(ctx, m.p, m.wrongCode(t), true)
	}, apperr.ErrInvalid)
	times := func(n int, w wrongs) wrongs {
		return func(ctx context.Context, t *testing.T, m *member) {
			for range n {
				w(ctx, t, m)
			}
		}
	}
	mixed := func(totp wrongs) wrongs {
		return func(ctx context.Context, t *testing.T, m *member) {
			password(ctx, t, m)
			smsCode(ctx, t, m)
			totp(ctx, t, m)
			oldPassword(ctx, t, m)
			password(ctx, t, m)
		}
	}
	cases := []struct {
		name     string
		enrolled bool
		lock     wrongs
	}{
		{"passwords", true, times(5, password)},
		{"sms codes", true, times(5, smsCode)},
		{"totp codes", true, times(5, totpCode)},
		{"current passwords", true, times(5, oldPassword)},
		{"every kind on one counter", true, mixed(totpCode)},
		{"passwords, enrolling", false, times(5, password)},
		{"enrolment codes", false, times(5, enrolCode)},
		{"every kind on one counter, enrolling", false, mixed(enrolCode)},
	}
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, false)
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ctx := access.WithRequest(context.Background(), access.Request{IP: fmt.Sprintf("10.0.%d.1", i)})
				m := f.member(t, i, c.enrolled)
				m.smsCode(ctx, t)
				var mfa string
				if c.enrolled {
					mfa = m.challenge(ctx, t) // taken before the lock: its code step is refused all the same
				}
				c.lock(ctx, t, m)
				lockedAt := f.clock.Now()
				m.refusedEverywhere(ctx, t, mfa, c.enrolled)
				f.clock.Set(lockedAt.Add(15*time.Minute - time.Second))
				if res, err := f.svc.Login(ctx, m.name, rightPw); !errors.Is(err, auth.ErrBadCredentials) || res.Token != "" || res.MFAToken != "" {
					t.Fatalf("a second before the lock ends: %+v %v", res, err)
				}
				f.clock.Set(lockedAt.Add(15*time.Minute + time.Second))
				m.logsIn(ctx, t, c.enrolled)
			})
		}
	})
}

// refusedEverywhere tries the right secret on every path of a locked member.
func (m *member) refusedEverywhere(ctx context.Context, t *testing.T, mfa string, enrolled bool) {
	t.Helper()
	svc := m.f.svc
	noToken := func(path string, res auth.LoginResult, err, want error) {
		t.Helper()
		if !errors.Is(err, want) || res.Token != "" || res.MFAToken != "" {
			t.Errorf("%s while locked: %+v %v, want %v", path, res, err, want)
		}
	}
	if enrolled {
		res, err := svc.LoginTOTP(ctx, mfa, m.code(t))
		noToken("totp code", res, err, auth.ErrBadCode)
	}
	res, err := svc.Login(ctx, m.name, rightPw)
	noToken("password", res, err, auth.ErrBadCredentials)
	res, err = svc.LoginSMS(ctx, m.phone, m.smsCode(ctx, t))
	noToken("sms code", res, err, auth.ErrBadCode)
	var many apperr.TooMany
	if err := svc.ChangePassword(ctx, m.p, rightPw, "Fresh@Pass2026"); !errors.As(err, &many) || many.RetryAfter <= 0 {
		t.Errorf("current password while locked: %v, want 429 with Retry-After", err)
	}
	if !enrolled {
		if err := svc.SetTOTP(ctx, m.p, m.code(t), true); !errors.As(err, &many) || many.RetryAfter <= 0 {
			t.Errorf("enrolment code while locked: %v, want 429 with Retry-After", err)
		}
	}
}

// logsIn checks that the right secrets work again once the lock is over.
func (m *member) logsIn(ctx context.Context, t *testing.T, enrolled bool) {
	t.Helper()
	svc := m.f.svc
	res, err := svc.Login(ctx, m.name, rightPw)
	if err != nil {
		t.Fatalf("password after the lock: %v", err)
	}
	if enrolled {
		if res, err = svc.LoginTOTP(ctx, res.MFAToken, m.code(t)); err != nil {
			t.Fatalf("totp code after the lock: %v", err)
		}
	}
	if res.Token == "" {
		t.Fatalf("no token after the lock: %+v", res)
	}
	if !enrolled {
		if err := svc.SetTOTP(ctx, m.p, m.code(t), true); err != nil {
			t.Fatalf("enrolment code after the lock: %v", err)
		}
	}
	if err := svc.ChangePassword(ctx, m.p, rightPw, "Fresh@Pass2026"); err != nil {
		t.Fatalf("current password after the lock: %v", err)
	}
}
