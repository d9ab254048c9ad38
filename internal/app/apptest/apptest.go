// Package apptest runs the whole app — real router, middleware, auth and
// store — on a small test city, on SQLite or PostgreSQL, with a fake clock
// and SMS outbox, for the HTTP scenario and permission tests. It lives apart
// from testkit because it imports internal/app.
package apptest

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/app"
	"healthgrid/internal/auth"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/org"
	"healthgrid/internal/testkit"
)

// Start is where the fake clock starts.
var Start = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)

// Env is a running app on the test city.
type Env struct {
	App   *app.App
	Clock *testkit.Clock
	City  City
	SMS   *Outbox
	seq   *atomic.Int64 // shared with the peers
}

// New builds the app on a fresh database of the dialect — a SQLite file in a
// temporary directory, or a throw-away PostgreSQL schema (skipped, or failed
// under CI, without HEALTHGRID_TEST_POSTGRES) — in demo mode with cheap
// password hashing, and seeds the test city.
func New(t testing.TB, dialect db.Dialect) *Env {
	t.Helper()
	return NewWith(t, dialect, nil)
}

// NewWith is New with settings changed by tweak (nil: none).
func NewWith(t testing.TB, dialect db.Dialect, tweak func(*config.Config)) *Env {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir, cfg.Demo = t.TempDir(), true
	if tweak != nil {
		tweak(&cfg)
	}
	if dialect == db.Postgres {
		cfg.DB = testkit.PostgresSchemaDSN(t)
	}
	e := &Env{Clock: testkit.NewClock(Start), SMS: &Outbox{}, seq: new(atomic.Int64)}
	e.App = e.start(t, cfg)
	e.City = build(t, e.App)
	return e
}

// Peer is a second instance of e's app, as a second server behind the load
// balancer: the same settings, database and data directory (so the same
// keys), its own memory, bus connection and handler. It shares e's city,
// clock, SMS outbox and unique numbers.
func (e *Env) Peer(t testing.TB) *Env {
	t.Helper()
	return &Env{App: e.start(t, e.App.Config), Clock: e.Clock, City: e.City, SMS: e.SMS, seq: e.seq}
}

// start builds an app on cfg, closed when the test ends.
func (e *Env) start(t testing.TB, cfg config.Config) *app.App {
	t.Helper()
	a, err := app.New(context.Background(), cfg, app.Options{Now: e.Clock.Now, Argon: auth.TestArgon, SMS: e.SMS,
		Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// Each runs fn as the subtests "sqlite" and "postgres", each on its own app.
func Each(t *testing.T, fn func(t *testing.T, e *Env)) {
	t.Helper()
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(d), func(t *testing.T) { fn(t, New(t, d)) })
	}
}

// Client is an anonymous client of the app.
func (e *Env) Client(t testing.TB) *testkit.Client { return testkit.NewClient(t, e.App.Handler) }

// Login is a client logged in as a fixture user (or any user with Password).
func (e *Env) Login(t testing.TB, username string) *testkit.Client {
	t.Helper()
	return e.Client(t).Login(username, Password)
}

// System is the all-powerful principal, for setting up data behind the API.
func (e *Env) System(t testing.TB) *access.Principal {
	t.Helper()
	p, err := e.App.System(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Unique is a number no other call on this Env returns, for names and codes.
func (e *Env) Unique() int { return int(e.seq.Add(1)) }

// User is a throw-away user.
type User struct {
	ID, Username, Phone string
}

// NewUser creates a throw-away demo user (password Password, no first-login
// change) with a unique username and phone.
func (e *Env) NewUser(t testing.TB, region string, roles ...string) User {
	t.Helper()
	n := e.Unique()
	u := User{Username: fmt.Sprintf("tmp%d", n), Phone: Phone(n)}
	c, err := e.App.Auth.CreateUser(context.Background(), e.System(t), auth.UserInput{
		Username: u.Username, Name: "临时用户", Phone: &u.Phone, Roles: roles, RegionCode: region, Password: Password}, true)
	if err != nil {
		t.Fatal(err)
	}
	u.ID = c.ID
	return u
}

// NewUnit creates a throw-away unit and returns its id.
func (e *Env) NewUnit(t testing.TB, region string) string {
	t.Helper()
	u, err := e.App.Units.Create(context.Background(), e.System(t).RegionPath,
		org.Input{Name: fmt.Sprintf("临时单位%d", e.Unique()), Type: "other", RegionCode: region})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// Phone is the n-th test mobile number (distinct from the fixture users').
func Phone(n int) string { return fmt.Sprintf("1390%07d", n) }

// MFAChallenge makes a staff user with TOTP on, logs them in with the
// password and returns the challenge token and a fresh valid code for POST
// /auth/totp. It moves the clock on 30 s, so the code is not the one used
// to enrol.
func (e *Env) MFAChallenge(t testing.TB) (mfaToken, code string) {
	t.Helper()
	ctx := context.Background()
	n := e.Unique()
	u, err := e.App.Auth.CreateUser(ctx, e.System(t), auth.UserInput{Username: fmt.Sprintf("mfa%d", n), Name: "双因素",
		Roles: []string{"health_staff"}, RegionCode: Home, Password: Password}, false)
	if err != nil {
		t.Fatal(err)
	}
	me := &access.Principal{UserID: u.ID, Username: u.Username}
	setup, err := e.App.Auth.SetupTOTP(ctx, me)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.App.Auth.SetTOTP(ctx, me, e.totp(t, setup.Secret), true); err != nil {
		t.Fatal(err)
	}
	res, err := e.App.Auth.Login(ctx, u.Username, Password)
	if err != nil || !res.MFARequired {
		t.Fatalf("password step of a TOTP user: %+v %v", res, err)
	}
	e.Clock.Advance(30 * time.Second)
	return res.MFAToken, e.totp(t, setup.Secret)
}

func (e *Env) totp(t testing.TB, secret string) string {
	code, err := auth.TOTPCode(secret, e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// SMSCode asks for a login code for phone and returns it from the outbox.
func (e *Env) SMSCode(t testing.TB, phone string) string {
	t.Helper()
	if _, err := e.App.Auth.SendCode(context.Background(), phone, "login"); err != nil {
		t.Fatal(err)
	}
	code := e.SMS.Last(phone)
	if code == "" {
		t.Fatalf("no SMS code sent to %s", phone)
	}
	return code
}

// Outbox is an SMS sender that keeps the messages.
type Outbox struct {
	mu    sync.Mutex
	last  map[string]string
	texts map[string][]string
	fail  error
}

var codeRE = regexp.MustCompile(`\d{6}`)

// Send keeps the message and its code, or fails as FailWith says.
func (o *Outbox) Send(_ context.Context, phone, text string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail != nil {
		return o.fail
	}
	if o.last == nil {
		o.last, o.texts = map[string]string{}, map[string][]string{}
	}
	o.last[phone] = codeRE.FindString(text)
	o.texts[phone] = append(o.texts[phone], text)
	return nil
}

// Texts are the messages sent to phone, oldest first.
func (o *Outbox) Texts(phone string) []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.texts[phone]...)
}

// FailWith makes every Send fail with err from now on (nil: deliver again),
// as a gateway that is down.
func (o *Outbox) FailWith(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.fail = err
}

// Last is the code most recently sent to phone ("" when none).
func (o *Outbox) Last(phone string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.last[phone]
}
