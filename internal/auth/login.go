package auth

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/audit"
	"healthgrid/internal/pii"
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

// Login checks a username — or the phone of an account that has one — and
// a password. Every failure — unknown user, wrong
// password, locked, disabled, demo account outside demo mode — answers
// ErrBadCredentials after the same argon2 work. The try is counted before the
// password is checked (see attempt); the wrong one that reaches the threshold
// locks the account for LockoutDuration.
func (s *Service) Login(ctx context.Context, username, password string) (LoginResult, error) {
	name := NormalizeUsername(username)
	a, err := s.account(ctx, "u.username = ?", name)
	if errors.Is(err, ErrNotFound) {
		// a resident's account name is generated; they sign in with their
		// phone, which the audit trail names only masked
		if phone, perr := pii.NormalizePhone(username); perr == nil {
			name = pii.MaskPhone(phone)
			a, err = s.userByPhone(ctx, phone)
		}
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return LoginResult{}, err
	}
	at, err := s.begin(ctx, ErrBadCredentials, a)
	if err != nil {
		return LoginResult{}, err
	}
	if a == nil {
		VerifyPassword(s.dummy(), password)
		rec := auditRecord("auth.login", "", truncate(name, 64), "", audit.Failure, map[string]any{"reason": "unknown user"})
		return LoginResult{}, s.fail(ctx, at, &rec)
	}
	ok, _, err := VerifyPassword(a.passwordHash, password)
	if err != nil {
		return LoginResult{}, err
	}
	reason := ""
	switch {
	case a.status != "active":
		reason = "disabled"
	case a.demo && !s.set.Demo:
		reason = "demo account outside demo mode"
	case !s.open(at):
		reason = "locked"
	case !ok:
		reason = "wrong password"
	}
	if reason != "" {
		rec := accountRecord("auth.login", a, audit.Failure, map[string]any{"reason": reason})
		return LoginResult{}, s.fail(ctx, at, &rec)
	}
	if NeedsRehash(a.passwordHash, s.set.Argon) { // parameters were raised since it was hashed
		if h, err := HashPassword(password, s.set.Argon); err == nil {
			s.db.Exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", h, a.ID)
		}
	}
	return s.firstFactorPassed(ctx, at, "password")
}

// firstFactorPassed either finishes the login or asks for the TOTP code.
func (s *Service) firstFactorPassed(ctx context.Context, at *attempt, method string) (LoginResult, error) {
	a := at.a
	if a.TOTPEnabled && s.totpNeeded(a) {
		var res LoginResult
		err := s.db.InTx(ctx, func(ctx context.Context) error {
			if err := s.pass(ctx, at); err != nil {
				return err
			}
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
	return s.finishLogin(ctx, at, method)
}

// finishLogin starts the session. The lock is checked once more in the
// statement that resets the count, so a lock set by a parallel try while
// this one was checked still holds.
func (s *Service) finishLogin(ctx context.Context, at *attempt, method string) (LoginResult, error) {
	a := at.a
	var res LoginResult
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.release(ctx, at); err != nil {
			return err
		}
		now := s.now()
		r, err := s.db.Exec(ctx, `UPDATE users SET failed_count = 0, locked_until = NULL, last_login_at = ?
			WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)`, now, a.ID, now)
		if err != nil {
			return fmt.Errorf("auth: reset the count: %w", err)
		}
		if n, err := r.RowsAffected(); err != nil || n != 1 {
			return cmp.Or(err, at.answer)
		}
		res, err = s.startFull(ctx, a, method)
		return err
	})
	return res, err
}

// startFull starts a full session for the account and audits the login.
func (s *Service) startFull(ctx context.Context, a *account, method string) (LoginResult, error) {
	sess, err := s.startSession(ctx, a.ID, stageFull)
	if err != nil {
		return LoginResult{}, err
	}
	p := s.principal(a)
	res := LoginResult{Token: sess.Token, ExpiresAt: &sess.ExpiresAt, csrf: sess.CSRF, User: &LoginUser{ID: a.ID,
		Username: a.Username, Name: a.Name, Roles: a.Roles, RegionCode: a.RegionCode, MustChangePassword: p.Pending != ""}}
	return res, s.audit.Write(ctx, accountRecord("auth.login", a, audit.Success, map[string]any{"method": method}))
}

// LoginTOTP completes a login with the code from the user's authenticator.
// A code is accepted once; five wrong codes void the challenge, and every
// wrong code counts towards the account's lockout like a wrong password.
func (s *Service) LoginTOTP(ctx context.Context, mfaToken, code string) (LoginResult, error) {
	a, h, err := s.challenged(ctx, mfaToken)
	if err != nil {
		return LoginResult{}, err
	}
	at, err := s.begin(ctx, ErrBadCode, a)
	if err != nil {
		return LoginResult{}, err
	}
	if a == nil {
		return LoginResult{}, s.fail(ctx, at, nil)
	}
	counter, ok := VerifyTOTP(a.totpSecret, code, s.now(), 1)
	reused := ok && counter <= a.totpLastCounter
	reason := ""
	switch {
	case !s.usable(a):
		reason = "disabled"
	case !s.open(at):
		reason = "locked"
	case !ok || reused:
		reason = "wrong code"
	}
	if reason != "" {
		if _, err := s.db.Exec(ctx, "UPDATE sessions SET attempts = attempts + 1 WHERE token_hash = ?", h); err != nil {
			return LoginResult{}, fmt.Errorf("auth: count a totp try: %w", err)
		}
		rec := accountRecord("auth.totp", a, audit.Failure, map[string]any{"reason": reason, "reused": reused})
		return LoginResult{}, s.fail(ctx, at, &rec)
	}
	var res LoginResult
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		// the address's row before the user's, the order every transaction here takes them in
		if err := s.release(ctx, at); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", h); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "UPDATE users SET totp_last_counter = ? WHERE id = ?", counter, a.ID); err != nil {
			return err
		}
		res, err = s.finishLogin(ctx, at, "password+totp")
		return err
	})
	return res, err
}

// challenged finds the account a TOTP challenge is for, and the challenge's
// hash; a nil account when the challenge is unknown, expired or void.
func (s *Service) challenged(ctx context.Context, mfaToken string) (*account, string, error) {
	h := hashToken(mfaToken)
	var userID string
	var attempts int
	var expires time.Time
	err := s.db.QueryRow(ctx, "SELECT user_id, attempts, expires_at FROM sessions WHERE token_hash = ? AND stage = ?", h, stageMFA).
		Scan(&userID, &attempts, &expires)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (!s.now().Before(expires) || attempts >= 5) {
		return nil, h, nil
	}
	if err != nil {
		return nil, h, fmt.Errorf("auth: totp challenge: %w", err)
	}
	a, err := s.account(ctx, "u.id = ?", userID)
	if errors.Is(err, ErrNotFound) {
		return nil, h, nil
	}
	return a, h, err
}

// userByPhone finds the account an SMS login is for.
func (s *Service) userByPhone(ctx context.Context, phone string) (*account, error) {
	return s.account(ctx, "u.phone_idx = ?", s.pii.Index("phone", phone))
}
