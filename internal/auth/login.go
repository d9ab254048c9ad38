package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"healthgrid/internal/audit"
)

// LoginResult is a finished login (Token set) or a request for the second
// factor (MFARequired with MFAToken).
type LoginResult struct {
	Token       string     `json:"token,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	User        *LoginUser `json:"user,omitempty"`
	MFARequired bool       `json:"mfa_required,omitempty"`
	MFAToken    string     `json:"mfa_token,omitempty" doc:"send it with the TOTP code to POST /auth/totp within 5 minutes"`
	csrf        string
}

// CSRF is the token the console must echo in X-CSRF-Token.
func (r LoginResult) CSRF() string { return r.csrf }

// LoginUser is the user part of a login answer.
type LoginUser struct {
	ID                 string   `json:"id"`
	Username           string   `json:"username"`
	Name               string   `json:"name"`
	Roles              []string `json:"roles"`
	RegionCode         string   `json:"region_code"`
	MustChangePassword bool     `json:"must_change_password"`
}

func auditRecord(action, actorID, actor, scope, outcome string, detail map[string]any) audit.Record {
	return audit.Record{Action: action, ObjectType: "user", ObjectID: actorID, ActorID: actorID, Actor: actor,
		ScopePath: scope, Outcome: outcome, Detail: detail}
}

// accountRecord is an audit record about a (not yet logged-in) account.
func accountRecord(action string, a *account, outcome string, detail map[string]any) audit.Record {
	r := auditRecord(action, a.ID, a.Username, a.regionPath, outcome, detail)
	r.Role = strings.Join(a.Roles, ",")
	return r
}

// Login checks a username and password. Every failure — unknown user, wrong
// password, locked, disabled, demo account outside demo mode — answers
// ErrBadCredentials after the same argon2 work. The wrong password that
// reaches the threshold locks the account for LockoutDuration.
func (s *Service) Login(ctx context.Context, username, password string) (LoginResult, error) {
	name := NormalizeUsername(username)
	a, err := s.account(ctx, "u.username = ?", name)
	if errors.Is(err, ErrNotFound) {
		VerifyPassword(s.dummy(), password)
		s.audit.Write(ctx, auditRecord("auth.login", "", truncate(name, 64), "", audit.Failure, map[string]any{"reason": "unknown user"}))
		return LoginResult{}, ErrBadCredentials
	}
	if err != nil {
		return LoginResult{}, err
	}
	ok, _, err := VerifyPassword(a.passwordHash, password)
	if err != nil {
		return LoginResult{}, err
	}
	now := s.now()
	reason := ""
	switch {
	case a.lockedUntil != nil && now.Before(*a.lockedUntil):
		reason = "locked"
	case a.status != "active":
		reason = "disabled"
	case a.demo && !s.set.Demo:
		reason = "demo account outside demo mode"
	case !ok:
		reason = "wrong password"
	}
	if reason != "" {
		return LoginResult{}, s.failLogin(ctx, a, reason, reason == "wrong password")
	}
	if NeedsRehash(a.passwordHash, s.set.Argon) { // parameters were raised since it was hashed
		if h, err := HashPassword(password, s.set.Argon); err == nil {
			s.db.Exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", h, a.ID)
		}
	}
	return s.firstFactorPassed(ctx, a, "password")
}

// failLogin records a failed attempt and, for a wrong secret, counts it
// towards the lockout.
func (s *Service) failLogin(ctx context.Context, a *account, reason string, count bool) error {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		detail := map[string]any{"reason": reason}
		if count {
			var n int // counted in the database, so concurrent attempts all count
			if err := s.db.QueryRow(ctx, "UPDATE users SET failed_count = failed_count + 1 WHERE id = ? RETURNING failed_count",
				a.ID).Scan(&n); err != nil {
				return err
			}
			if n >= s.set.LockoutThreshold {
				lockedUntil := s.now().Add(s.set.LockoutDuration)
				detail["locked_until"] = lockedUntil
				if _, err := s.db.Exec(ctx, "UPDATE users SET failed_count = 0, locked_until = ? WHERE id = ?", lockedUntil, a.ID); err != nil {
					return err
				}
				if err := s.audit.Write(ctx, accountRecord("auth.lockout", a, audit.Success,
					map[string]any{"until": lockedUntil, "threshold": s.set.LockoutThreshold})); err != nil {
					return err
				}
			}
		}
		return s.audit.Write(ctx, accountRecord("auth.login", a, audit.Failure, detail))
	})
	if err != nil {
		return err
	}
	return ErrBadCredentials
}

// firstFactorPassed either finishes the login or asks for the TOTP code.
func (s *Service) firstFactorPassed(ctx context.Context, a *account, method string) (LoginResult, error) {
	if a.TOTPEnabled && s.totpNeeded(a) {
		var res LoginResult
		err := s.db.InTx(ctx, func(ctx context.Context) error {
			sess, err := s.startSession(ctx, a.ID, stageMFA)
			if err != nil {
				return err
			}
			res = LoginResult{MFARequired: true, MFAToken: sess.Token}
			return s.audit.Write(ctx, accountRecord("auth.first_factor", a, audit.Success,
				map[string]any{"method": method}))
		})
		return res, err
	}
	return s.finishLogin(ctx, a, method)
}

func (s *Service) finishLogin(ctx context.Context, a *account, method string) (LoginResult, error) {
	var res LoginResult
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		now := s.now()
		if _, err := s.db.Exec(ctx, "UPDATE users SET failed_count = 0, locked_until = NULL, last_login_at = ? WHERE id = ?", now, a.ID); err != nil {
			return err
		}
		sess, err := s.startSession(ctx, a.ID, stageFull)
		if err != nil {
			return err
		}
		p := s.principal(a)
		res = LoginResult{Token: sess.Token, ExpiresAt: &sess.ExpiresAt, csrf: sess.CSRF, User: &LoginUser{ID: a.ID,
			Username: a.Username, Name: a.Name, Roles: a.Roles, RegionCode: a.RegionCode, MustChangePassword: p.Pending != ""}}
		return s.audit.Write(ctx, accountRecord("auth.login", a, audit.Success,
			map[string]any{"method": method}))
	})
	return res, err
}

// LoginTOTP completes a login with the code from the user's authenticator.
// A code is accepted once; five wrong codes void the challenge.
func (s *Service) LoginTOTP(ctx context.Context, mfaToken, code string) (LoginResult, error) {
	h := hashToken(mfaToken)
	var userID string
	var attempts int
	var expires time.Time
	err := s.db.QueryRow(ctx, "SELECT user_id, attempts, expires_at FROM sessions WHERE token_hash = ? AND stage = ?", h, stageMFA).
		Scan(&userID, &attempts, &expires)
	if err != nil || !s.now().Before(expires) || attempts >= 5 {
		return LoginResult{}, ErrBadCode
	}
	a, err := s.account(ctx, "u.id = ?", userID)
	if err != nil {
		return LoginResult{}, err
	}
	counter, ok := VerifyTOTP(a.totpSecret, code, s.now(), 1)
	if !ok || counter <= a.totpLastCounter || a.status != "active" {
		s.db.InTx(ctx, func(ctx context.Context) error {
			s.db.Exec(ctx, "UPDATE sessions SET attempts = attempts + 1 WHERE token_hash = ?", h)
			return s.audit.Write(ctx, accountRecord("auth.totp", a, audit.Failure,
				map[string]any{"reused": ok && counter <= a.totpLastCounter}))
		})
		return LoginResult{}, ErrBadCode
	}
	var res LoginResult
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", h); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "UPDATE users SET totp_last_counter = ? WHERE id = ?", counter, a.ID); err != nil {
			return err
		}
		res, err = s.finishLogin(ctx, a, "password+totp")
		return err
	})
	return res, err
}

// userByPhone finds the account an SMS login is for.
func (s *Service) userByPhone(ctx context.Context, phone string) (*account, error) {
	return s.account(ctx, "u.phone_idx = ?", s.pii.Index("phone", phone))
}
