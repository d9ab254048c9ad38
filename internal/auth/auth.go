// Package auth is identity and access: users and their roles, passwords
// (argon2id, policy, expiry), lockout, SMS one-time codes, TOTP second
// factor, and sessions. It implements httpx.Authenticator.
package auth

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

// Sentinel errors. ErrBadCredentials is the one answer to every failed
// login — wrong name, wrong password, locked, disabled — so that none of
// them can be told apart.
var (
	ErrBadCredentials = fmt.Errorf("用户名或密码错误 / wrong username or password: %w", apperr.ErrUnauthorized)
	ErrBadCode        = fmt.Errorf("验证码错误或已失效 / wrong or expired code: %w", apperr.ErrUnauthorized)
	ErrNoSession      = fmt.Errorf("auth: no valid session: %w", apperr.ErrUnauthorized)
	ErrNotFound       = fmt.Errorf("user: %w", apperr.ErrNotFound)
	ErrUsernameTaken  = fmt.Errorf("用户名已存在 / username taken: %w", apperr.ErrConflict)
	ErrPhoneTaken     = fmt.Errorf("手机号已被其他用户使用 / phone used by another user: %w", apperr.ErrConflict)
)

// Settings are the security knobs (from config).
type Settings struct {
	Demo             bool
	TOTPRequired     bool
	LockoutThreshold int           // wrong secrets of any kind before an account locks
	LockoutDuration  time.Duration // how long a lock lasts
	IPFailureLimit   int           // failed logins from one address within IPFailureWindow before it is refused
	IPFailureWindow  time.Duration
	PasswordMaxAge   time.Duration
	SessionIdle      time.Duration
	SessionAbsolute  time.Duration
	SMSPhoneCap      int
	SMSIPCap         int
	Argon            ArgonParams
}

// Regions is what auth needs of the region tree.
type Regions interface {
	Path(ctx context.Context, code string) (string, error)
	Within(ctx context.Context, scope, code string) (string, error)
}

// Service is the identity service.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	pii     *pii.Cipher
	sms     SMSSender
	set     Settings
	now     func() time.Time
	regions Regions
	// dummy is a hash to verify unknown users against, so that timing tells
	// nothing; made on first use to keep it off the start-up path.
	dummy func() string
	// loggedOut hears of each logout (Deps.LoggedOut); nil: nobody
	loggedOut func(userID, sessionHash string)
}

// Deps are what the identity service is built on.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	PII      *pii.Cipher
	Regions  Regions
	SMS      SMSSender
	Settings Settings
	// LoggedOut is told of every logout once it has committed — the push
	// channels of that session close at once; nil: nobody
	LoggedOut func(userID, sessionHash string)
	Now       func() time.Time
}

// New returns the identity service.
func New(deps Deps) (*Service, error) {
	d, a, c, r, sms, set, now := deps.DB, deps.Audit, deps.PII, deps.Regions, deps.SMS, deps.Settings, deps.Now
	dummy := sync.OnceValue(func() string {
		h, _ := HashPassword("healthgrid-dummy-password", set.Argon)
		return h
	})
	return &Service{db: d, audit: a, pii: c, regions: r, sms: sms, set: set, now: now, dummy: dummy, loggedOut: deps.LoggedOut}, nil
}

// NormalizeUsername folds width and case variants (ＡＤＭＩＮ, Admin) into one
// account name, so that they count against the same lockout.
func NormalizeUsername(s string) string {
	return strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
}

func validUsername(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLower(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-')) {
			return false
		}
	}
	return true
}
