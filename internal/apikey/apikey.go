// Package apikey is partner systems' credentials: API keys that hotlines and
// city apps present instead of a login. A key is its own principal with the
// partner role over one region subtree; only a hash of its secret is stored,
// the secret is shown once when the key is made, and a key is revoked, never
// deleted. Wrong keys are counted per client address and refused with 429
// past a limit, so that keys cannot be guessed.
package apikey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
)

// The actions apikey writes to the audit log.
var _ = audit.Declare("apikey.create", "apikey.revoke", "apikey.auth")

// Sentinel errors. ErrBadKey is the one answer to a key that is unknown,
// malformed or revoked, so that none of them can be told apart.
var (
	ErrBadKey         = apperr.New(apperr.ErrUnauthorized, "apikey.bad_key", "api_key 无效 / invalid api_key")
	ErrNotFound       = apperr.New(apperr.ErrNotFound, "apikey.not_found", "api key")
	errTooManyBadKeys = apperr.New(apperr.ErrTooMany, "apikey.too_many_failures", "")
	ErrRevoked        = apperr.New(apperr.ErrConflict, "apikey.revoked", "密钥已吊销 / the key is already revoked")
)

// Secrets are "hgk_" and 43 base64url characters (256 random bits): 47
// characters, where a session token has 43, so the two never mix.
const (
	secretPrefix = "hgk_"
	secretLen    = len(secretPrefix) + 43
	shownLen     = len(secretPrefix) + 8 // the part of a secret lists show
)

// Key statuses.
const (
	Active  = "active"
	Revoked = "revoked"
)

// Key is an API key as admins see it: never its secret.
type Key struct {
	ID            string     `json:"id"`
	Name          string     `json:"name" doc:"the partner system"`
	RegionCode    string     `json:"region_code" doc:"the subtree it files and reads events in"`
	RegionName    string     `json:"region_name"`
	Prefix        string     `json:"prefix" doc:"the secret's first characters, to tell keys apart"`
	Status        string     `json:"status" enum:"active,revoked"`
	CreatedBy     string     `json:"created_by"`
	CreatedByName string     `json:"created_by_name"`
	CreatedAt     time.Time  `json:"created_at"`
	LastUsedAt    *time.Time `json:"last_used_at,omitempty"`
	RevokedAt     *time.Time `json:"revoked_at,omitempty"`
	RevokedByName string     `json:"revoked_by_name,omitempty"`

	regionPath string
}

// Created is a new key with its secret, which is never shown again.
type Created struct {
	Key
	Secret string `json:"secret" doc:"shown this once: only its hash is kept"`
}

// Input is a new key.
type Input struct {
	Name       string `json:"name" minLength:"1" maxLength:"50" doc:"the partner system, e.g. 12345 热线"`
	RegionCode string `json:"region_code" minLength:"1" maxLength:"15" doc:"within the caller's scope"`
}

// Regions is what keys need of the region tree.
type Regions interface {
	Path(ctx context.Context, code string) (string, error)
	Within(ctx context.Context, scope, code string) (string, error)
}

// Service issues, lists, revokes and checks keys.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	regions Regions
	now     func() time.Time
}

// Deps are what the key service is built on.
type Deps struct {
	DB      *db.DB
	Audit   *audit.Log
	Regions Regions
	Now     func() time.Time
}

// New returns the key service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, regions: d.Regions, now: d.Now}
}

// IsKey reports whether a bearer token has the shape of a key rather than a
// session token.
func IsKey(token string) bool {
	return len(token) == secretLen && strings.HasPrefix(token, secretPrefix)
}

func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return secretPrefix + base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// shown is the part of a presented secret that may be logged.
func shown(s string) string {
	if len(s) > shownLen {
		return s[:shownLen]
	}
	return s
}

// Create makes a key over a region in the caller's scope and returns it
// with its secret. Audited.
func (s *Service) Create(ctx context.Context, caller *access.Principal, in Input) (Created, error) {
	in.Name, in.RegionCode = strings.TrimSpace(in.Name), strings.TrimSpace(in.RegionCode)
	var bad apperr.Invalid
	if n := utf8.RuneCountInString(in.Name); n == 0 || n > 50 {
		bad = append(bad, apperr.FieldError{Field: "body.name", Message: "名称应为1至50个字符 / name: 1 to 50 characters"})
	}
	path, err := s.regions.Path(ctx, in.RegionCode)
	if errors.Is(err, apperr.ErrNotFound) || err == nil && !caller.Scope().Covers(path) {
		bad = append(bad, apperr.OutOfScope.On("body.region_code", "区域不存在或不在您的管辖范围 / no such region in your scope"))
	} else if err != nil {
		return Created{}, err
	}
	if len(bad) > 0 {
		return Created{}, bad
	}
	secret := newSecret()
	by := caller.Name
	if by == "" {
		by = caller.Username
	}
	id := uuid.Must(uuid.NewV7()).String()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO api_keys (id, name, region_code, region_path, prefix, secret_hash, created_by,
			created_by_name, created_at) VALUES (?,?,?,?,?,?,?,?,?)`, id, in.Name, in.RegionCode, path, shown(secret),
			hashSecret(secret), caller.UserID, by, s.now().UTC().Truncate(time.Microsecond)); err != nil {
			return fmt.Errorf("api key: insert: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "apikey.create", ObjectType: "api_key", ObjectID: id, ScopePath: path,
			Detail: map[string]any{"name": in.Name, "region_code": in.RegionCode, "prefix": shown(secret)}})
	})
	if err != nil {
		return Created{}, err
	}
	k, err := s.Get(ctx, caller.RegionPath, id)
	return Created{Key: k, Secret: secret}, err
}

// Revoke ends a key in the caller's scope at once: the next call with it is
// refused. Audited; revoking twice is a conflict.
func (s *Service) Revoke(ctx context.Context, caller *access.Principal, id string) (Key, error) {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		k, err := s.get(ctx, caller.RegionPath, id, true)
		if err != nil {
			return err
		}
		if k.Status == Revoked {
			return ErrRevoked
		}
		by := caller.Name
		if by == "" {
			by = caller.Username
		}
		if _, err := s.db.Exec(ctx, "UPDATE api_keys SET revoked_at = ?, revoked_by_name = ? WHERE id = ?",
			s.now().UTC().Truncate(time.Microsecond), by, id); err != nil {
			return fmt.Errorf("api key: revoke: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "apikey.revoke", ObjectType: "api_key", ObjectID: id,
			ScopePath: k.regionPath, Detail: map[string]any{"name": k.Name, "prefix": k.Prefix}})
	})
	if err != nil {
		return Key{}, err
	}
	return s.Get(ctx, caller.RegionPath, id)
}
