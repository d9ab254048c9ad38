package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/pii"
)

// SMS code rules.
const (
	codeTTL      = 5 * time.Minute
	codeCooldown = 60 * time.Second
	codeTries    = 5
)

// SMSSender delivers a text message.
type SMSSender interface {
	Send(ctx context.Context, phone, text string) error
}

// FileSender appends each message as one JSON line to a file — the default
// provider, and how tests and the demo read the codes.
type FileSender struct {
	Path string
	now  func() time.Time
	mu   sync.Mutex
}

// NewFileSender writes to <dataDir>/sms-outbox.log.
func NewFileSender(dataDir string, now func() time.Time) *FileSender {
	return &FileSender{Path: filepath.Join(dataDir, "sms-outbox.log"), now: now}
}

// Send appends {phone, text, time}.
func (f *FileSender) Send(_ context.Context, phone, text string) error {
	line, _ := json.Marshal(map[string]any{"phone": phone, "text": text, "time": f.now().UTC().Format(time.RFC3339)})
	f.mu.Lock()
	defer f.mu.Unlock()
	file, err := os.OpenFile(f.Path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("sms outbox: %w", err)
	}
	defer file.Close()
	_, err = file.Write(append(line, '\n'))
	return err
}

// HTTPSender posts {phone, text} as JSON to a gateway URL; any 2xx is success.
type HTTPSender struct {
	URL    string
	Client *http.Client
}

// Send posts the message.
func (h *HTTPSender) Send(ctx context.Context, phone, text string) error {
	body, _ := json.Marshal(map[string]string{"phone": phone, "text": text})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.Client.Do(req)
	if err != nil {
		return fmt.Errorf("sms gateway: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("sms gateway: status %d", resp.StatusCode)
	}
	return nil
}

// Codes of the limits on logins and codes; each is a TooMany with the
// seconds to wait.
var (
	errIPLoginLimit = apperr.New(apperr.ErrTooMany, "auth.too_many_logins", "")
	errLocked       = apperr.New(apperr.ErrTooMany, "auth.account_locked", "")
	errSMSWait      = apperr.New(apperr.ErrTooMany, "auth.sms_wait", "")
	errSMSPhoneDay  = apperr.New(apperr.ErrTooMany, "auth.sms_phone_daily_limit", "")
	errSMSIPDay     = apperr.New(apperr.ErrTooMany, "auth.sms_address_daily_limit", "")
	errPhone        = apperr.New(apperr.ErrInvalid, "auth.bad_phone", "手机号格式不正确 / not a mainland mobile number")
)

func tooMany(code *apperr.Error, wait time.Duration, msg string) error {
	return code.Wait(int(wait.Seconds()+0.999), msg)
}

// SendCode issues a 6-digit code for phone and purpose (login by default,
// register, reset, change_phone). Whether or not an account has that phone,
// the answer is the same (no enumeration); smsText says which message goes
// out. Limits: one code per phone per minute, daily caps
// per phone and per client IP, and none to an address that is refused logins
// for its failures (a request for a code guesses nothing, so it counts none).
func (s *Service) SendCode(ctx context.Context, phoneIn, purpose string) (retryAfter int, err error) {
	phone, err := pii.NormalizePhone(phoneIn)
	if err != nil {
		return 0, errPhone.Field("body.phone")
	}
	if purpose == "" {
		purpose = PurposeLogin
	}
	if !slices.Contains([]string{PurposeLogin, PurposeRegister, PurposeReset, PurposePhone}, purpose) {
		return 0, errPurpose.Field("body.purpose")
	}
	if err := s.throttled(ctx); err != nil {
		return 0, err
	}
	idx, ip, now := s.pii.Index("phone", phone), access.RequestFrom(ctx).IP, s.now()
	var code string
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		var last time.Time
		var n int
		day := now.Add(-24 * time.Hour)
		err := s.db.QueryRow(ctx, "SELECT created_at FROM sms_codes WHERE phone_idx = ? ORDER BY created_at DESC LIMIT 1", idx).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM sms_codes WHERE phone_idx = ? AND created_at > ?", idx, day).Scan(&n); err != nil {
			return err
		}
		if wait := last.Add(codeCooldown).Sub(now); wait > 0 {
			return tooMany(errSMSWait, wait, "发送过于频繁,请稍后再试 / wait before asking for another code")
		}
		if n >= s.set.SMSPhoneCap {
			return tooMany(errSMSPhoneDay, 24*time.Hour, "该手机号今日验证码已达上限 / daily limit for this phone reached")
		}
		if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM sms_codes WHERE ip = ? AND created_at > ?", ip, day).Scan(&n); err != nil {
			return err
		}
		if n >= s.set.SMSIPCap {
			return tooMany(errSMSIPDay, 24*time.Hour, "今日验证码请求过多 / daily limit for this address reached")
		}
		c, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
		if err != nil {
			return err
		}
		id := uuid.Must(uuid.NewV7()).String()
		code = fmt.Sprintf("%06d", c.Int64())
		if _, err := s.db.Exec(ctx, `INSERT INTO sms_codes (id, phone_idx, purpose, code_hash, ip, created_at, expires_at)
			VALUES (?,?,?,?,?,?,?)`, id, idx, purpose, s.pii.Index("sms", id+":"+code), ip, now, now.Add(codeTTL)); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "auth.sms.send", ObjectType: "phone", ObjectID: pii.MaskPhone(phone),
			Actor: pii.MaskPhone(phone), Detail: map[string]any{"purpose": purpose}})
	})
	if err != nil {
		return 0, err
	}
	a, err := s.userByPhone(ctx, phone)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return 0, err
	}
	if err != nil {
		a = nil
	}
	if text := smsText(purpose, code, a); text != "" {
		if err := s.sms.Send(ctx, phone, text); err != nil {
			return 0, fmt.Errorf("auth: send sms: %w", err)
		}
	}
	return int(codeCooldown.Seconds()), nil
}

// LoginSMS logs in with a code sent to phone: the newest unexpired, unused
// code for that phone, void after five wrong tries. Every failure answers
// ErrBadCode, and a wrong code counts towards the account's lockout like a
// wrong password.
func (s *Service) LoginSMS(ctx context.Context, phoneIn, code string) (LoginResult, error) {
	phone, err := pii.NormalizePhone(phoneIn)
	if err != nil {
		return LoginResult{}, errPhone.Field("body.phone")
	}
	a, err := s.userByPhone(ctx, phone)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return LoginResult{}, err
	}
	at, err := s.begin(ctx, ErrBadCode, a)
	if err != nil {
		return LoginResult{}, err
	}
	var id, hash string
	var attempts int
	err = s.db.QueryRow(ctx, `SELECT id, code_hash, attempts FROM sms_codes WHERE phone_idx = ? AND purpose = 'login'
		AND used = FALSE AND expires_at > ? ORDER BY created_at DESC LIMIT 1`, s.pii.Index("phone", phone), s.now()).Scan(&id, &hash, &attempts)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return LoginResult{}, fmt.Errorf("auth: sms code: %w", err)
	}
	found := err == nil
	right := found && attempts < codeTries &&
		subtle.ConstantTimeCompare([]byte(s.pii.Index("sms", id+":"+code)), []byte(hash)) == 1
	reason := ""
	switch {
	case !right:
		reason = "wrong code"
	case a == nil:
		reason = "unknown phone"
	case !s.usable(a):
		reason = "disabled"
	case !s.open(at):
		reason = "locked"
	}
	if reason != "" {
		if found && !right {
			if _, err := s.db.Exec(ctx, "UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?", id); err != nil {
				return LoginResult{}, fmt.Errorf("auth: count an sms try: %w", err)
			}
		}
		rec := audit.Record{Action: "auth.login", ObjectType: "phone", ObjectID: pii.MaskPhone(phone),
			Actor: pii.MaskPhone(phone), Outcome: audit.Failure, Detail: map[string]any{"method": "sms", "reason": reason}}
		if a != nil {
			rec = accountRecord("auth.login", a, audit.Failure, rec.Detail)
		}
		return LoginResult{}, s.fail(ctx, at, &rec)
	}
	var res LoginResult
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		// single use: only the request that flips "used" may log in
		if err := s.spend(ctx, id); err != nil {
			return err
		}
		var err error
		res, err = s.firstFactorPassed(ctx, at, "sms")
		return err
	})
	return res, err
}
