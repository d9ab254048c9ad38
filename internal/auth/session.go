package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"healthgrid/internal/access"
)

// Session stages: a full session, or the short-lived challenge between the
// first factor and the TOTP code.
const (
	stageFull = "full"
	stageMFA  = "mfa"
	mfaTTL    = 5 * time.Minute
)

func newToken() string {
	b := make([]byte, 32) // 256 bits
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// Session is a new login session.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	CSRF      string    `json:"-"`
}

// startSession stores a session (or MFA challenge) for the user; only the
// token's hash is kept.
func (s *Service) startSession(ctx context.Context, userID, stage string) (Session, error) {
	now := s.now()
	ttl := s.set.SessionAbsolute
	if stage == stageMFA {
		ttl = mfaTTL
	}
	sess := Session{Token: newToken(), ExpiresAt: now.Add(ttl), CSRF: newToken()}
	req := access.RequestFrom(ctx)
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, stage, csrf, ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES (?,?,?,?,?,?,?,?,?)`, hashToken(sess.Token), userID, stage, sess.CSRF, req.IP, truncate(req.UserAgent, 300), now, now, sess.ExpiresAt)
	if err != nil {
		return Session{}, fmt.Errorf("auth: start session: %w", err)
	}
	return sess, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Authenticate resolves a session token into the caller. A session ends at
// its absolute expiry, or after SessionIdle without a request.
func (s *Service) Authenticate(ctx context.Context, token string) (*access.Principal, error) {
	h := hashToken(token)
	var stage, csrf string
	var lastSeen, expires time.Time
	// the session, its user and their roles in one query: every request of every client asks it
	a, err := s.scanAccount(s.db.QueryRow(ctx, "SELECT s.stage, s.csrf, s.last_seen_at, s.expires_at, "+accountColumns+
		" JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ?", h), &stage, &csrf, &lastSeen, &expires)
	if err != nil {
		return nil, s.db.ScanErr(err, ErrNoSession)
	}
	now := s.now()
	if stage != stageFull {
		return nil, ErrNoSession
	}
	if !now.Before(expires) || !now.Before(lastSeen.Add(s.set.SessionIdle)) {
		s.db.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", h)
		return nil, ErrNoSession
	}
	if a.status != "active" || (a.demo && !s.set.Demo) {
		return nil, ErrNoSession
	}
	if now.Sub(lastSeen) > time.Minute { // one write a minute per session, not one per request
		if _, err := s.db.Exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", now, h); err != nil {
			return nil, err
		}
	}
	p := s.principal(a)
	p.SessionHash, p.CSRF = h, csrf
	return p, nil
}

func (s *Service) principal(a *account) *access.Principal {
	p := &access.Principal{UserID: a.ID, Username: a.Username, Name: a.Name, Kind: a.Kind, Roles: a.Roles,
		Perms: PermissionsOf(a.Roles), RegionCode: a.RegionCode, RegionPath: a.regionPath, UnitID: a.UnitID}
	switch {
	case a.MustChangePassword || s.passwordExpired(a):
		p.Pending = access.PasswordChangeRequired
	case s.totpNeeded(a) && !a.TOTPEnabled:
		p.Pending = access.TOTPEnrolmentRequired
	}
	return p
}

func (s *Service) passwordExpired(a *account) bool {
	return s.set.PasswordMaxAge > 0 && !a.demo && a.passwordChangedAt != nil &&
		s.now().After(a.passwordChangedAt.Add(s.set.PasswordMaxAge))
}

// totpNeeded: staff need a second factor unless configured off; demo
// accounts in demo mode log in with the password alone.
func (s *Service) totpNeeded(a *account) bool {
	return a.Kind == "staff" && s.set.TOTPRequired && !(a.demo && s.set.Demo)
}

// Logout ends the caller's session.
func (s *Service) Logout(ctx context.Context, p *access.Principal) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", p.SessionHash); err != nil {
			return err
		}
		if s.loggedOut != nil {
			s.db.AfterCommit(ctx, func(context.Context) { s.loggedOut(p.UserID, p.SessionHash) })
		}
		return s.audit.Write(ctx, auditRecord("auth.logout", p.UserID, p.Username, p.RegionPath, "", nil))
	})
}

// CleanupExpired deletes ended sessions, old one-time codes and login
// failures that no longer count; a periodic job runs it.
func (s *Service) CleanupExpired(ctx context.Context) (int64, error) {
	now := s.now()
	r1, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?", now, now.Add(-s.set.SessionIdle))
	if err != nil {
		return 0, fmt.Errorf("auth: cleanup sessions: %w", err)
	}
	// codes are kept a day: the daily send caps count them
	r2, err := s.db.Exec(ctx, "DELETE FROM sms_codes WHERE created_at < ?", now.Add(-25*time.Hour))
	if err != nil {
		return 0, fmt.Errorf("auth: cleanup codes: %w", err)
	}
	r3, err := s.db.Exec(ctx, "DELETE FROM login_throttle WHERE since <= ?", s.stamp().Add(-s.set.IPFailureWindow))
	if err != nil {
		return 0, fmt.Errorf("auth: cleanup login throttle: %w", err)
	}
	n1, _ := r1.RowsAffected()
	n2, _ := r2.RowsAffected()
	n3, _ := r3.RowsAffected()
	return n1 + n2 + n3, nil
}
