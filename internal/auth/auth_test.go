package auth_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/auth"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/region"
	"healthgrid/internal/testkit"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func newClock() *clock               { return &clock{t: time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)} }
func (s *outbox) Send(_ context.Context, phone, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, [2]string{phone, text})
	return nil
}

type outbox struct {
	mu   sync.Mutex
	msgs [][2]string
}

var codeRE = regexp.MustCompile(`\d{6}`)

func (s *outbox) lastCode(t *testing.T) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.msgs) == 0 {
		t.Fatal("no SMS sent")
	}
	return codeRE.FindString(s.msgs[len(s.msgs)-1][1])
}

type fixture struct {
	svc     *auth.Service
	clock   *clock
	sms     *outbox
	audit   *audit.Log
	sys     *access.Principal
	d       *db.DB
	cipher  *pii.Cipher
	regions *region.Service
	set     auth.Settings
}

func setup(t *testing.T, d *db.DB, demo bool) *fixture {
	t.Helper()
	ctx := context.Background()
	c := newClock()
	cipher, err := pii.New(pii.Keys{Enc: [32]byte{1}, Index: [32]byte{2}})
	if err != nil {
		t.Fatal(err)
	}
	al := audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: c.Now})
	regions := region.New(region.Deps{DB: d, Audit: al, Now: c.Now})
	if err := regions.Seed(ctx, []region.Input{{Code: "140900000000", Name: "忻州市"}, {Code: "140902000000", Name: "忻府区"}}); err != nil {
		t.Fatal(err)
	}
	sms := &outbox{}
	set := auth.Settings{Demo: demo, TOTPRequired: true, LockoutThreshold: 5,
		LockoutDuration: 15 * time.Minute, PasswordMaxAge: 90 * 24 * time.Hour, SessionIdle: 30 * time.Minute,
		SessionAbsolute: 12 * time.Hour, SMSPhoneCap: 10, SMSIPCap: 50, IPFailureLimit: 20, IPFailureWindow: 10 * time.Minute,
		Argon: auth.TestArgon}
	svc, err := auth.New(auth.Deps{DB: d, Audit: al, PII: cipher, Regions: regions, SMS: sms, Settings: set, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	sys := &access.Principal{Username: "system", RegionPath: "140900000000/", Perms: map[string]bool{}}
	for _, r := range auth.Roles {
		for _, p := range r.Permissions {
			sys.Perms[p] = true
		}
	}
	return &fixture{svc: svc, clock: c, sms: sms, audit: al, sys: sys, d: d, cipher: cipher, regions: regions, set: set}
}

func (f *fixture) user(t *testing.T, username, phone string, demo bool, roles ...string) auth.Created {
	t.Helper()
	u, err := f.svc.CreateUser(context.Background(), f.sys, auth.UserInput{Username: username, Name: "测试", Phone: &phone,
		Roles: roles, RegionCode: "140902000000", Password: "Good@Pass1"}, demo)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestLockout(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, true)
		f.user(t, "xinfu", "", true, "region_admin")
		_, unknownErr := f.svc.Login(ctx, "nobody", "x")
		for i := 1; i <= 4; i++ {
			// width and case variants count against the same account
			name := []string{"xinfu", "XINFU", "ｘｉｎｆｕ", " Xinfu "}[i-1]
			if _, err := f.svc.Login(ctx, name, "wrong"); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if _, err := f.svc.Login(ctx, "xinfu", "Good@Pass1"); err != nil {
			t.Fatalf("4 failures must not lock: %v", err)
		}
		for i := 0; i < 5; i++ { // a success reset the count: five more to lock
			f.svc.Login(ctx, "XinFu", "wrong")
		}
		_, err := f.svc.Login(ctx, "xinfu", "Good@Pass1")
		if err == nil || err.Error() != unknownErr.Error() {
			t.Fatalf("locked account with right password: %v, want the same answer as a wrong password", err)
		}
		f.clock.Add(14 * time.Minute)
		if _, err := f.svc.Login(ctx, "xinfu", "Good@Pass1"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("still locked at 14 min: %v", err)
		}
		f.clock.Add(61 * time.Second)
		if _, err := f.svc.Login(ctx, "xinfu", "Good@Pass1"); err != nil {
			t.Fatalf("lock should have ended: %v", err)
		}
		items, _, _ := f.audit.List(ctx, "140900000000/", audit.Filter{Action: "auth.lockout"}, 0, 10)
		fails, _, _ := f.audit.List(ctx, "140900000000/", audit.Filter{Action: "auth.login", Outcome: audit.Failure}, 0, 100)
		if len(items) != 1 || len(fails) != 12 { // unknown, 4, 5, locked twice
			t.Fatalf("audit: %d lockouts, %d failed logins; want 1 and 12", len(items), len(fails))
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, true)
		f.user(t, "grid", "", true, "grid_worker")
		res, err := f.svc.Login(ctx, "grid", "Good@Pass1")
		if err != nil || res.Token == "" {
			t.Fatalf("login: %v %+v", err, res)
		}
		// idle: a request every 29 minutes keeps it alive until the absolute limit
		for elapsed := time.Duration(0); elapsed+29*time.Minute < 12*time.Hour; elapsed += 29 * time.Minute {
			f.clock.Add(29 * time.Minute)
			if _, err := f.svc.Authenticate(ctx, res.Token); err != nil {
				t.Fatalf("active session died after %v: %v", elapsed+29*time.Minute, err)
			}
		}
		f.clock.Set(res.ExpiresAt.Add(time.Second))
		if _, err := f.svc.Authenticate(ctx, res.Token); !errors.Is(err, auth.ErrNoSession) {
			t.Fatalf("past the absolute limit: %v", err)
		}
		res, _ = f.svc.Login(ctx, "grid", "Good@Pass1")
		f.clock.Add(31 * time.Minute)
		if _, err := f.svc.Authenticate(ctx, res.Token); !errors.Is(err, auth.ErrNoSession) {
			t.Fatalf("idle 31 min: %v", err)
		}
		if _, err := f.svc.Authenticate(ctx, "not-a-token"); !errors.Is(err, auth.ErrNoSession) {
			t.Fatalf("random token: %v", err)
		}
	})
}

func TestSMSCode(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, true)
		f.user(t, "resident", "13800000001", true, "resident")
		ctx := access.WithRequest(ctx, access.Request{IP: "10.0.0.9"})
		if _, err := f.svc.SendCode(ctx, "+86 138-0000-0001", "login"); err != nil {
			t.Fatal(err)
		}
		code := f.sms.lastCode(t)
		var many apperr.TooMany
		if _, err := f.svc.SendCode(ctx, "13800000001", "login"); !errors.As(err, &many) || many.RetryAfter != 60 {
			t.Fatalf("second send within the cooldown: %v", err)
		}
		for i := 0; i < 5; i++ {
			wrong := "000000"
			if code == wrong {
				wrong = "111111"
			}
			if _, err := f.svc.LoginSMS(ctx, "13800000001", wrong); !errors.Is(err, auth.ErrBadCode) {
				t.Fatalf("wrong code: %v", err)
			}
		}
		if _, err := f.svc.LoginSMS(ctx, "13800000001", code); !errors.Is(err, auth.ErrBadCode) {
			t.Fatalf("a code is void after 5 wrong tries, got %v", err)
		}
		f.clock.Add(15*time.Minute + time.Second) // the five wrong codes locked the account too (TestLockoutEveryPath)
		f.svc.SendCode(ctx, "13800000001", "login")
		code = f.sms.lastCode(t)
		res, err := f.svc.LoginSMS(ctx, "13800000001", code)
		if err != nil || res.Token == "" {
			t.Fatalf("right code: %v", err)
		}
		if _, err := f.svc.LoginSMS(ctx, "13800000001", code); !errors.Is(err, auth.ErrBadCode) {
			t.Fatalf("a code is single use, got %v", err)
		}
		f.clock.Add(61 * time.Second)
		f.svc.SendCode(ctx, "13800000001", "login")
		code = f.sms.lastCode(t)
		f.clock.Add(5*time.Minute + time.Second)
		if _, err := f.svc.LoginSMS(ctx, "13800000001", code); !errors.Is(err, auth.ErrBadCode) {
			t.Fatalf("expired code: %v", err)
		}
		// daily cap: 10 per phone (3 sent so far)
		for i := 0; i < 7; i++ {
			f.clock.Add(61 * time.Second)
			if _, err := f.svc.SendCode(ctx, "13800000001", "login"); err != nil {
				t.Fatalf("send %d: %v", i+4, err)
			}
		}
		f.clock.Add(61 * time.Second)
		if _, err := f.svc.SendCode(ctx, "13800000001", "login"); !errors.As(err, &many) {
			t.Fatalf("11th code in a day: %v", err)
		}
		// an unknown phone gets the same answer but no message
		sent := len(f.sms.msgs)
		if _, err := f.svc.SendCode(ctx, "13900000009", "login"); err != nil || len(f.sms.msgs) != sent {
			t.Fatalf("unknown phone: %v, %d messages", err, len(f.sms.msgs)-sent)
		}
	})
}

func TestTOTPAndFirstLogin(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, false)
		f.user(t, "staff1", "", false, "health_staff")
		res, err := f.svc.Login(ctx, "staff1", "Good@Pass1")
		if err != nil {
			t.Fatal(err)
		}
		p, _ := f.svc.Authenticate(ctx, res.Token)
		if p.Pending != access.PasswordChangeRequired {
			t.Fatalf("admin-made account: pending %q", p.Pending)
		}
		if err := f.svc.ChangePassword(ctx, p, "Good@Pass1", "weakpass"); !errors.Is(err, apperr.ErrInvalid) {
			t.Fatalf("weak new password: %v", err)
		}
		if err := f.svc.ChangePassword(ctx, p, "Good@Pass1", "Better#Pass2"); err != nil {
			t.Fatal(err)
		}
		p, _ = f.svc.Authenticate(ctx, res.Token)
		if p.Pending != access.TOTPEnrolmentRequired {
			t.Fatalf("staff without TOTP: pending %q", p.Pending)
		}
		setup, err := f.svc.SetupTOTP(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := auth.TOTPCode(setup.Secret, f.clock.Now())
		if err := f.svc.SetTOTP(ctx, p, code, true); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(30 * time.Second)
		res, err = f.svc.Login(ctx, "staff1", "Better#Pass2")
		if err != nil || !res.MFARequired || res.Token != "" {
			t.Fatalf("password step: %+v %v", res, err)
		}
		if _, err := f.svc.LoginTOTP(ctx, res.MFAToken, "123456"); !errors.Is(err, auth.ErrBadCode) {
			t.Fatalf("wrong TOTP: %v", err)
		}
		code, _ = auth.TOTPCode(setup.Secret, f.clock.Now())
		done, err := f.svc.LoginTOTP(ctx, res.MFAToken, code)
		if err != nil || done.Token == "" {
			t.Fatalf("TOTP step: %v", err)
		}
		if p, err := f.svc.Authenticate(ctx, done.Token); err != nil || p.Pending != "" {
			t.Fatalf("full session: %v %+v", err, p)
		}
		again, _ := f.svc.Login(ctx, "staff1", "Better#Pass2")
		if _, err := f.svc.LoginTOTP(ctx, again.MFAToken, code); !errors.Is(err, auth.ErrBadCode) {
			t.Fatalf("a TOTP code is accepted once: %v", err)
		}
		if _, err := f.svc.LoginTOTP(ctx, res.MFAToken, code); !errors.Is(err, auth.ErrBadCode) {
			t.Fatalf("a used challenge: %v", err)
		}
	})
}

// A stored phone number is nowhere in the database file in the clear, and
// lists show it masked; an exact search still finds it through the blind index.
func TestPhoneEncryptedAtRest(t *testing.T) {
	ctx := context.Background()
	d := testkit.NewSQLite(t)
	f := setup(t, d, true)
	f.user(t, "resident", "13812345678", true, "resident")
	if _, err := d.SQL().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{d.Path, d.Path + "-wal"} {
		raw, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("13812345678")) || bytes.Contains(raw, []byte("12345678")) {
			t.Fatalf("%s contains the phone number in the clear", path)
		}
	}
	users, total, err := f.svc.List(ctx, "140900000000/", auth.Filter{Q: "138 1234 5678"}, 0, 10)
	if err != nil || total != 1 || users[0].Phone != "138****5678" {
		t.Fatalf("search by phone: %d %+v %v", total, users, err)
	}
}

// On update an absent phone keeps the stored one, an empty one removes it.
func TestUpdateKeepsPhone(t *testing.T) {
	ctx := context.Background()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, true)
		u := f.user(t, "res1", "13812345678", true, "resident")
		in := auth.UserInput{Name: "改名", Roles: []string{"resident"}, RegionCode: "140902000000"}
		got, err := f.svc.UpdateUser(ctx, f.sys, u.ID, in)
		if err != nil || got.Phone != "138****5678" || got.Name != "改名" {
			t.Fatalf("update without phone: %+v %v", got, err)
		}
		empty := ""
		in.Phone = &empty
		if got, err = f.svc.UpdateUser(ctx, f.sys, u.ID, in); err != nil || got.Phone != "" {
			t.Fatalf("update with empty phone: %+v %v", got, err)
		}
	})
}
