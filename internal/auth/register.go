package auth

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/pii"
	"healthgrid/internal/quota"
)

// Purposes of an SMS code: each code is good only for its own.
const (
	PurposeLogin    = "login"
	PurposeRegister = "register"
	PurposeReset    = "reset"
	PurposePhone    = "change_phone" // to the old phone and to the new one
)

// Limits of the resident's self-service, an hour: sign-ups and resets per
// phone and per client address.
const (
	signupsPerPhone = 5
	signupsPerIP    = 20
)

var (
	errPurpose     = apperr.New(apperr.ErrInvalid, "auth.sms_purpose", "未知的验证码用途 / unknown purpose")
	errRegionLevel = apperr.New(apperr.ErrInvalid, "auth.register_region",
		"请选择所居住的村(社区)或网格 / choose the village (community) or grid you live in")
	errNoPhone = apperr.New(apperr.ErrConflict, "auth.no_phone", "账号未绑定手机号 / the account has no phone")
)

// smsText is the message of a code for purpose; "" sends none. A phone that
// has an account asked to register is told so without a code, and the
// caller is answered as for any other phone.
func smsText(purpose, code string, a *account) string {
	active := a != nil && a.status == "active"
	switch {
	case purpose == PurposeRegister && a != nil:
		return "【忻州智慧卫健】该手机号已注册,请直接用验证码或密码登录;忘记密码可通过短信找回。如非本人操作,请忽略。"
	case purpose == PurposeRegister:
		return fmt.Sprintf("【忻州智慧卫健】您的注册验证码是%s,5分钟内有效。如非本人操作,请忽略。", code)
	case purpose == PurposeReset && active:
		return fmt.Sprintf("【忻州智慧卫健】您正在找回密码,验证码是%s,5分钟内有效。如非本人操作,请忽略。", code)
	case purpose == PurposePhone:
		return fmt.Sprintf("【忻州智慧卫健】您正在更换手机号,验证码是%s,5分钟内有效。如非本人操作,请忽略。", code)
	case purpose == PurposeLogin && active:
		return fmt.Sprintf("【忻州智慧卫健】您的登录验证码是%s,5分钟内有效。如非本人操作,请忽略。", code)
	}
	return ""
}

// checkCode finds the code of purpose sent to phone that code matches: the
// newest unexpired, unused one, void after five wrong tries. A wrong try is
// counted at once (outside any transaction); every failure is ErrBadCode.
func (s *Service) checkCode(ctx context.Context, phone, purpose, code string) (string, error) {
	var id, hash string
	var attempts int
	err := s.db.QueryRow(ctx, `SELECT id, code_hash, attempts FROM sms_codes WHERE phone_idx = ? AND purpose = ?
		AND used = FALSE AND expires_at > ? ORDER BY created_at DESC LIMIT 1`, s.pii.Index("phone", phone), purpose, s.now()).
		Scan(&id, &hash, &attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrBadCode
	}
	if err != nil {
		return "", fmt.Errorf("auth: sms code: %w", err)
	}
	if attempts < codeTries && subtle.ConstantTimeCompare([]byte(s.pii.Index("sms", id+":"+code)), []byte(hash)) == 1 {
		return id, nil
	}
	if _, err := s.db.Exec(ctx, "UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?", id); err != nil {
		return "", fmt.Errorf("auth: count an sms try: %w", err)
	}
	return "", ErrBadCode
}

// spend uses a code up: only the request that flips "used" goes on.
func (s *Service) spend(ctx context.Context, id string) error {
	r, err := s.db.Exec(ctx, "UPDATE sms_codes SET used = TRUE WHERE id = ? AND used = FALSE", id)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n != 1 {
		return cmp.Or[error](err, ErrBadCode)
	}
	return nil
}

// signupLimit counts one sign-up or reset against the phone and the client
// address, each in its own transaction so that a failed try still counts.
func (s *Service) signupLimit(ctx context.Context, phone string) error {
	ip := access.RequestFrom(ctx).IP
	if err := s.quota.Take(ctx, quota.Signup, "phone:"+s.pii.Index("phone", phone), signupsPerPhone, quota.TooManyTries); err != nil {
		return err
	}
	return s.quota.Take(ctx, quota.Signup, "ip:"+ip, signupsPerIP, quota.TooManyTries)
}

// Registration is a resident signing up.
type Registration struct {
	Phone      string `json:"phone" minLength:"11" maxLength:"20"`
	Code       string `json:"code" pattern:"^[0-9]{6}$" doc:"sent by POST /auth/sms/send with purpose register"`
	Name       string `json:"name" minLength:"1" maxLength:"50"`
	Password   string `json:"password,omitempty" maxLength:"256" text:"secret" doc:"optional: without one, log in by SMS code"`
	RegionCode string `json:"region_code" minLength:"1" maxLength:"15" doc:"the village (community) or grid where they live"`
}

// Register makes a resident account for a phone proven by a register code,
// in the community chosen, and logs it in.
func (s *Service) Register(ctx context.Context, in Registration) (LoginResult, error) {
	phone, err := pii.NormalizePhone(in.Phone)
	if err != nil {
		return LoginResult{}, errPhone.Field("body.phone")
	}
	if err := s.signupLimit(ctx, phone); err != nil {
		return LoginResult{}, err
	}
	username := residentUsername()
	var bad apperr.Invalid
	if in.Name = strings.TrimSpace(in.Name); in.Name == "" {
		bad = append(bad, apperr.Required.On("body.name", "姓名不能为空 / name is required"))
	}
	if in.Password != "" {
		if err := CheckPasswordPolicy(in.Password, username); err != nil {
			bad = append(bad, apperr.Field("body.password", PolicyReason(err))...)
		}
	}
	path, err := s.regions.Path(ctx, in.RegionCode)
	if level := access.Scope(path).Level(); err != nil || level != access.Village && level != access.Grid {
		bad = append(bad, errRegionLevel.At("body.region_code"))
	}
	if len(bad) > 0 {
		return LoginResult{}, bad
	}
	codeID, err := s.checkCode(ctx, phone, PurposeRegister, in.Code)
	if err != nil {
		return LoginResult{}, err
	}
	pw := in.Password
	if pw == "" {
		pw = GeneratePassword() // never told: SMS login until they set one
	}
	hash, err := HashPassword(pw, s.set.Argon)
	if err != nil {
		return LoginResult{}, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	var res LoginResult
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.spend(ctx, codeID); err != nil {
			return err
		}
		u := UserInput{Username: username, Name: in.Name, Roles: []string{"resident"}, RegionCode: in.RegionCode}
		if err := s.insertUser(ctx, id, u, path, phone, hash, false, false); err != nil {
			return err
		}
		a, err := s.account(ctx, "u.id = ?", id)
		if err != nil {
			return err
		}
		if err := s.audit.Write(ctx, accountRecord("user.register", a, audit.Success,
			map[string]any{"region_code": in.RegionCode, "password": in.Password != ""})); err != nil {
			return err
		}
		res, err = s.startFull(ctx, a, "register")
		return err
	})
	return res, err
}

// residentUsername is a resident's account name: never their phone, which
// would then show in every log.
func residentUsername() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "r" + hex.EncodeToString(b)
}

// PasswordReset sets a new password with a reset code.
type PasswordReset struct {
	Phone    string `json:"phone" minLength:"11" maxLength:"20"`
	Code     string `json:"code" pattern:"^[0-9]{6}$" doc:"sent by POST /auth/sms/send with purpose reset"`
	Password string `json:"password" minLength:"1" maxLength:"256" text:"secret"`
}

// ResetBySMS sets the password of the account of a phone proven by a reset
// code, ending its sessions. An unknown or disabled phone answers as a
// wrong code.
func (s *Service) ResetBySMS(ctx context.Context, in PasswordReset) error {
	phone, err := pii.NormalizePhone(in.Phone)
	if err != nil {
		return errPhone.Field("body.phone")
	}
	if err := s.signupLimit(ctx, phone); err != nil {
		return err
	}
	codeID, err := s.checkCode(ctx, phone, PurposeReset, in.Code)
	if err != nil {
		return err
	}
	a, err := s.userByPhone(ctx, phone)
	if errors.Is(err, ErrNotFound) || err == nil && !s.usable(a) {
		return ErrBadCode
	}
	if err != nil {
		return err
	}
	if err := CheckPasswordPolicy(in.Password, a.Username); err != nil {
		return apperr.Field("body.password", PolicyReason(err))
	}
	hash, err := HashPassword(in.Password, s.set.Argon)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.spend(ctx, codeID); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = FALSE, password_changed_at = ?,
			updated_at = ? WHERE id = ?`, hash, s.now(), s.now(), a.ID); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", a.ID); err != nil {
			return err
		}
		return s.audit.Write(ctx, accountRecord("user.reset_password", a, audit.Success, map[string]any{"method": "sms"}))
	})
}

// PhoneChange moves an account to a new phone: a code to the old phone and
// one to the new, both with purpose change_phone.
type PhoneChange struct {
	OldCode string `json:"old_code" pattern:"^[0-9]{6}$" doc:"the code sent to the account's present phone"`
	Phone   string `json:"phone" minLength:"11" maxLength:"20" doc:"the new phone"`
	Code    string `json:"code" pattern:"^[0-9]{6}$" doc:"the code sent to the new phone"`
}

// ChangePhone re-checks the old phone and proves the new one.
func (s *Service) ChangePhone(ctx context.Context, p *access.Principal, in PhoneChange) error {
	phone, err := pii.NormalizePhone(in.Phone)
	if err != nil {
		return errPhone.Field("body.phone")
	}
	a, err := s.account(ctx, "u.id = ?", p.UserID)
	if err != nil {
		return err
	}
	if a.phone == "" {
		return errNoPhone
	}
	oldID, err := s.checkCode(ctx, a.phone, PurposePhone, in.OldCode)
	if err != nil {
		return apperr.Invalid{ErrBadCode.At("body.old_code")}
	}
	newID, err := s.checkCode(ctx, phone, PurposePhone, in.Code)
	if err != nil {
		return apperr.Invalid{ErrBadCode.At("body.code")}
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		for _, id := range []string{oldID, newID} {
			if err := s.spend(ctx, id); err != nil {
				return err
			}
		}
		if _, err := s.db.Exec(ctx, "UPDATE users SET phone_enc = ?, phone_idx = ?, updated_at = ? WHERE id = ?",
			s.pii.Seal(phone), s.pii.Index("phone", phone), s.now(), a.ID); err != nil {
			return uniqueErr(err)
		}
		return s.audit.Write(ctx, accountRecord("user.change_phone", a, audit.Success,
			map[string]any{"phone": pii.MaskPhone(phone)}))
	})
}

// SetHome moves an account's region (a resident bound to their record
// lives in its grid).
func (s *Service) SetHome(ctx context.Context, userID, regionCode string) error {
	path, err := s.regions.Path(ctx, regionCode)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, "UPDATE users SET region_code = ?, region_path = ?, updated_at = ? WHERE id = ?",
		regionCode, path, s.now(), userID)
	return err
}
