package auth_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/httpx"
	"healthgrid/internal/testkit"
)

// Through the real router: wrong current passwords on POST /me/password lock
// the account like wrong passwords at login; then the session is told to wait
// (429, Retry-After) and every login path refuses the right secret.
func TestLockoutHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		u := e.NewUser(t, apptest.HomeVillage, "grid_worker")
		c := e.Login(t, u.Username)
		change := func(old string) (int, testkit.Body) {
			return c.Do("POST", "/api/v1/me/password", map[string]string{"old_password": old, "new_password": "Fresh@Pass2026"})
		}
		for i := range 5 {
			if st, b := change("Wrong@Pass9"); st != 422 || b.Str("errors.0.location") != "body.old_password" {
				t.Fatalf("wrong current password %d: %d %s", i+1, st, b)
			}
		}
		if st, b := change(apptest.Password); st != 429 || c.Last.Header.Get("Retry-After") != "900" {
			t.Errorf("right current password while locked: %d %s (Retry-After %q), want 429 and 900", st, b, c.Last.Header.Get("Retry-After"))
		}
		anon := e.Client(t)
		if st, b := anon.Do("POST", "/api/v1/auth/login", map[string]string{"username": u.Username, "password": apptest.Password}); st != 401 || b.Str("token") != "" {
			t.Errorf("password login while locked: %d %s", st, b)
		}
		code := e.SMSCode(t, u.Phone)
		if st, b := anon.Do("POST", "/api/v1/auth/sms/login", map[string]string{"phone": u.Phone, "code": code}); st != 401 || b.Str("token") != "" {
			t.Errorf("sms login while locked: %d %s", st, b)
		}
		e.Clock.Advance(15*time.Minute + time.Second)
		if st, b := change(apptest.Password); st != 204 {
			t.Errorf("right current password after the lock: %d %s", st, b)
		}
	})
}

// Through the real router: 20 failed logins from one address and every login
// route answers it 429 with Retry-After; once the window has passed, a
// count that cannot be written fails the login with a 500 that is logged,
// and no token.
func TestLoginThrottleHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client(t)
		login := map[string]string{"username": "grid_worker", "password": apptest.Password}
		for i := range 20 {
			if st, b := c.Do("POST", "/api/v1/auth/login", map[string]string{"username": fmt.Sprintf("nobody%d", i), "password": "x"}); st != 401 {
				t.Fatalf("failure %d: %d %s", i+1, st, b)
			}
		}
		for _, r := range []struct {
			path string
			body map[string]string
		}{
			{"/api/v1/auth/login", login},
			{"/api/v1/auth/sms/send", map[string]string{"phone": apptest.Phone(1)}},
			{"/api/v1/auth/sms/login", map[string]string{"phone": apptest.Phone(1), "code": "123456"}},
			{"/api/v1/auth/totp", map[string]string{"mfa_token": "no-such-challenge", "code": "123456"}},
		} {
			st, b := c.Do("POST", r.path, r.body)
			if st != 429 || c.Last.Header.Get("Retry-After") != "600" || b.Str("token") != "" {
				t.Errorf("%s from a throttled address: %d %s (Retry-After %q), want 429 and 600", r.path, st, b, c.Last.Header.Get("Retry-After"))
			}
			apptest.CheckProblem(t, c, b, st, "")
		}
		e.Clock.Advance(10 * time.Minute)
		logs := captureLog(t)
		if _, err := e.App.DB.SQL().ExecContext(context.Background(), "DROP TABLE login_throttle"); err != nil {
			t.Fatal(err)
		}
		st, b := c.Do("POST", "/api/v1/auth/login", login)
		if st != 500 || b.Str("token") != "" || c.Cookies[httpx.SessionCookie] != "" {
			t.Errorf("login with the count failing: %d %s, cookies %v; want 500 and no token", st, b, c.Cookies)
		}
		if !strings.Contains(logs.String(), "auth: count a login try") {
			t.Errorf("the count's error is not logged: %q", logs.String())
		}
	})
}

// captureLog sends the default logger (where the API logs internal errors)
// to a buffer until the test ends.
func captureLog(t *testing.T) *syncBuffer {
	t.Helper()
	buf, old := &syncBuffer{}, slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return buf
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
