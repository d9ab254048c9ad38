package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// PolicyReason is a broken password rule as users read it.
func PolicyReason(err error) string {
	var pe *PasswordPolicyError
	if errors.As(err, &pe) {
		return pe.Chinese() + " / " + strings.TrimPrefix(pe.Error(), "auth: ")
	}
	return err.Error()
}

// Me is the caller's own profile.
type Me struct {
	User
	Permissions       []string   `json:"permissions"`
	PasswordExpiresAt *time.Time `json:"password_expires_at,omitempty"`
	Pending           string     `json:"pending,omitempty" doc:"a step required before anything else: 'password change required' or 'totp enrolment required'"`
}

// Me returns the caller's profile.
func (s *Service) Me(ctx context.Context, p *access.Principal) (Me, error) {
	a, err := s.account(ctx, "u.id = ?", p.UserID)
	if err != nil {
		return Me{}, err
	}
	me := Me{User: a.User, Permissions: []string{}, Pending: p.Pending}
	me.MustChangePassword = p.Pending == access.PasswordChangeRequired
	for _, perm := range allPermissions {
		if p.Perms[perm] {
			me.Permissions = append(me.Permissions, perm)
		}
	}
	if s.set.PasswordMaxAge > 0 && a.passwordChangedAt != nil && !a.demo {
		t := a.passwordChangedAt.Add(s.set.PasswordMaxAge)
		me.PasswordExpiresAt = &t
	}
	return me, nil
}

// ChangePassword sets a new password after checking the old one; other
// sessions of the user end, this one stays. A wrong old password counts
// towards the lockout like a wrong one at login, and a locked account is
// refused (see recheck).
func (s *Service) ChangePassword(ctx context.Context, p *access.Principal, oldPw, newPw string) error {
	a, err := s.account(ctx, "u.id = ?", p.UserID)
	if err != nil {
		return err
	}
	if err := CheckPasswordPolicy(newPw, a.Username); err != nil {
		return apperr.Field("body.new_password", PolicyReason(err))
	}
	if oldPw == newPw {
		return errNewPassword.Field("body.new_password")
	}
	at, err := s.recheck(ctx, a, "user.change_password", "wrong old password",
		errOldPassword.Field("body.old_password"), func() bool {
			ok, _, _ := VerifyPassword(a.passwordHash, oldPw)
			return ok
		})
	if err != nil {
		return err
	}
	hash, err := HashPassword(newPw, s.set.Argon)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.pass(ctx, at); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = FALSE, password_changed_at = ?,
			updated_at = ? WHERE id = ?`, hash, s.now(), s.now(), a.ID); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", a.ID, p.SessionHash); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "user.change_password", ObjectType: "user", ObjectID: a.ID})
	})
}

// TOTPSetup is a fresh secret to enrol in an authenticator app.
type TOTPSetup struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauth_url"`
}

// SetupTOTP stores a new, not yet enabled secret for the caller.
func (s *Service) SetupTOTP(ctx context.Context, p *access.Principal) (TOTPSetup, error) {
	a, err := s.account(ctx, "u.id = ?", p.UserID)
	if err != nil {
		return TOTPSetup{}, err
	}
	if a.TOTPEnabled {
		return TOTPSetup{}, errTOTPOn
	}
	secret, err := NewTOTPSecret()
	if err != nil {
		return TOTPSetup{}, err
	}
	if _, err := s.db.Exec(ctx, "UPDATE users SET totp_secret_enc = ?, totp_last_counter = 0 WHERE id = ?", s.pii.Seal(secret), a.ID); err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Secret: secret, OTPAuthURL: TOTPURL("忻州智慧卫健", a.Username, secret)}, nil
}

// SetTOTP enables (after setup) or disables the second factor, proven with a
// current code either way; a wrong code counts towards the lockout.
func (s *Service) SetTOTP(ctx context.Context, p *access.Principal, code string, enable bool) error {
	a, err := s.account(ctx, "u.id = ?", p.UserID)
	if err != nil {
		return err
	}
	if a.totpSecret == "" || a.TOTPEnabled == enable {
		return errTOTPState
	}
	if !enable && s.totpNeeded(a) {
		return errTOTPRequired
	}
	action := "user.totp_enable"
	if !enable {
		action = "user.totp_disable"
	}
	var counter int64
	at, err := s.recheck(ctx, a, action, "wrong code", errWrongTOTP.Field("body.code"), func() bool {
		c, ok := VerifyTOTP(a.totpSecret, code, s.now(), 1)
		counter = c
		return ok && c > a.totpLastCounter
	})
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.pass(ctx, at); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "UPDATE users SET totp_enabled = ?, totp_last_counter = ? WHERE id = ?", enable, counter, a.ID); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: action, ObjectType: "user", ObjectID: a.ID})
	})
}
