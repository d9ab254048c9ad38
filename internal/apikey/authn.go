package apikey

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/auth"
)

// The brute-force limit: this many wrong keys from one address within the
// window, and every key from there is refused until the oldest of them
// leaves it — a right one too, or the answer would tell a guess was right.
const (
	failureLimit  = 20
	failureWindow = 15 * time.Minute
)

// Role is the role every key acts with.
const Role = "partner"

// Authenticate resolves a key's secret into its principal: the partner role
// over the key's region. Unknown, malformed and revoked keys answer ErrBadKey
// and count against the caller's address; past the limit the answer is
// apperr.TooMany.
func (s *Service) Authenticate(ctx context.Context, secret string) (*access.Principal, error) {
	ip, now := access.RequestFrom(ctx).IP, s.now().UTC()
	var nth time.Time // the failureLimit-th latest failure still in the window
	err := s.db.QueryRow(ctx, "SELECT at FROM api_key_failures WHERE ip = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
		ip, now.Add(-failureWindow), failureLimit-1).Scan(&nth)
	switch {
	case err == nil:
		wait := nth.Add(failureWindow).Sub(now)
		return nil, errTooManyBadKeys.Wait(int(wait.Seconds()+0.999),
			"错误密钥过多，请稍后再试 / too many invalid api_keys from this address; try again later")
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("api key: failures: %w", err)
	}
	if !IsKey(secret) {
		return nil, s.fail(ctx, secret, nil, "malformed")
	}
	k, err := scanKey(s.db.QueryRow(ctx, "SELECT "+keyColumns+" WHERE k.secret_hash = ?", hashSecret(secret)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, s.fail(ctx, secret, nil, "unknown key")
	}
	if err != nil {
		return nil, fmt.Errorf("api key: %w", err)
	}
	if k.Status == Revoked {
		return nil, s.fail(ctx, secret, &k, "revoked")
	}
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > time.Minute { // one write a minute per key, not one per request
		if _, err := s.db.Exec(ctx, "UPDATE api_keys SET last_used_at = ? WHERE id = ?", now.Truncate(time.Microsecond), k.ID); err != nil {
			return nil, fmt.Errorf("api key: last used: %w", err)
		}
	}
	return &access.Principal{UserID: k.ID, Username: k.Prefix, Name: k.Name, Kind: "partner", Roles: []string{Role},
		Perms: auth.PermissionsOf([]string{Role}), RegionCode: k.RegionCode, RegionPath: k.regionPath}, nil
}

// fail counts a wrong key against the caller's address and audits it, naming
// no more of the secret than a list shows.
func (s *Service) fail(ctx context.Context, secret string, k *Key, reason string) error {
	rec := audit.Record{Action: "apikey.auth", ObjectType: "api_key", Actor: shown(secret), Role: Role, Outcome: audit.Failure,
		Detail: map[string]any{"reason": reason}}
	if k != nil {
		rec.ObjectID, rec.ActorID, rec.ScopePath = k.ID, k.ID, k.regionPath
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, "INSERT INTO api_key_failures (ip, at) VALUES (?, ?)",
			access.RequestFrom(ctx).IP, s.now().UTC().Truncate(time.Microsecond)); err != nil {
			return fmt.Errorf("api key: count failure: %w", err)
		}
		return s.audit.Write(ctx, rec)
	})
	if err != nil {
		return err
	}
	return ErrBadKey
}

// CleanupExpired drops the failures that no longer count; the periodic
// cleanup job runs it.
func (s *Service) CleanupExpired(ctx context.Context) (int64, error) {
	r, err := s.db.Exec(ctx, "DELETE FROM api_key_failures WHERE at <= ?", s.now().UTC().Add(-failureWindow))
	if err != nil {
		return 0, fmt.Errorf("api key: cleanup failures: %w", err)
	}
	return r.RowsAffected()
}
