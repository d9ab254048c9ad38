// Package auth is identity and access: users and their roles, passwords
// (argon2id, policy, expiry), lockout, SMS one-time codes, TOTP second
// factor, and sessions. It implements httpx.Authenticator.
package auth

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
	"healthgrid/internal/quota"
)

// The actions auth writes to the audit log.
var _ = audit.Declare(
	"auth.login", "auth.first_factor", "auth.totp", "auth.lockout", "auth.logout", "auth.sms.send",
	"user.create", "user.update", "user.disable", "user.enable", "user.reset_password", "user.change_password",
	"user.totp_enable", "user.totp_disable", "user.register", "user.change_phone",
)

// Sentinel errors. ErrBadCredentials is the one answer to every failed
// login — wrong name, wrong password, locked, disabled — so that none of
// them can be told apart.
var (
	ErrBadCredentials = apperr.New(apperr.ErrUnauthorized, "auth.bad_credentials", "用户名或密码错误 / wrong username or password")
	ErrBadCode        = apperr.New(apperr.ErrUnauthorized, "auth.bad_code", "验证码错误或已失效 / wrong or expired code")
	ErrNoSession      = apperr.New(apperr.ErrUnauthorized, "auth.no_session", "auth: no valid session")
	ErrNotFound       = apperr.New(apperr.ErrNotFound, "user.not_found", "user")
	ErrUsernameTaken  = apperr.New(apperr.ErrConflict, "user.username_taken", "用户名已存在 / username taken")
	errTOTPOn         = apperr.New(apperr.ErrConflict, "auth.totp_already_on", "已启用动态口令,请先停用 / TOTP already enabled; disable it first")
	errTOTPState      = apperr.New(apperr.ErrConflict, "auth.totp_state", "动态口令状态不允许此操作 / TOTP is not in a state for this")
	errTOTPRequired   = apperr.New(apperr.ErrConflict, "auth.totp_required", "本系统要求工作人员启用动态口令 / staff must keep TOTP on")
	errDisableSelf    = apperr.New(apperr.ErrConflict, "user.disable_self", "不能停用自己的账号 / you cannot disable yourself")
	errManageRole     = apperr.New(apperr.ErrForbidden, "user.manage_role_forbidden", "")
	errRemoveRole     = apperr.New(apperr.ErrInvalid, "user.remove_role_forbidden", "")
	errNewPassword    = apperr.New(apperr.ErrInvalid, "auth.password_unchanged", "新密码不能与原密码相同 / the new password must differ")
	errOldPassword    = apperr.New(apperr.ErrInvalid, "auth.wrong_password", "原密码不正确 / the current password is wrong")
	errWrongTOTP      = apperr.New(apperr.ErrInvalid, "auth.wrong_totp", "动态口令不正确 / wrong code")
	ErrPhoneTaken     = apperr.New(apperr.ErrConflict, "user.phone_taken", "手机号已被其他用户使用 / phone used by another user")
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
	quota   *quota.Counter // the sign-up limits
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
	return &Service{db: d, audit: a, pii: c, regions: r, sms: sms, set: set, now: now, dummy: dummy, loggedOut: deps.LoggedOut,
		quota: quota.New(d, now)}, nil
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
