package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strings"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

// UserInput is a user to create or the new state of one.
type UserInput struct {
	Username   string   `json:"username,omitempty" doc:"on create; 2–32 of a-z 0-9 _ . -"`
	Name       string   `json:"name" minLength:"1" maxLength:"50"`
	Phone      *string  `json:"phone,omitempty" doc:"mainland mobile number, used for SMS login; on update, absent keeps it and \"\" removes it"`
	Roles      []string `json:"roles" minItems:"1"`
	RegionCode string   `json:"region_code" doc:"home region: the user's data scope"`
	UnitID     string   `json:"unit_id,omitempty"`
	Password   string   `json:"password,omitempty" text:"secret" doc:"on create; generated when empty and returned once"`
}

// Created is a new user and, when none was given, the generated password.
type Created struct {
	User
	InitialPassword string `json:"initial_password,omitempty"`
}

// check validates the input against the caller: roles they may grant, a
// region in their scope. It returns the region path and normalized phone.
func (s *Service) check(ctx context.Context, caller *access.Principal, in *UserInput, create bool) (path, phone string, err error) {
	var bad apperr.Invalid
	field := func(code *apperr.Error, f, m string) { bad = append(bad, code.On("body."+f, m)) }
	in.Name = strings.TrimSpace(in.Name)
	if create {
		in.Username = NormalizeUsername(in.Username)
		if !validUsername(in.Username) {
			field(nil, "username", "用户名须为2-32位小写字母、数字或 _ . - / 2–32 of a-z 0-9 _ . -")
		}
	}
	if in.Name == "" {
		field(apperr.Required, "name", "姓名不能为空 / name is required")
	}
	if in.Phone != nil && *in.Phone != "" {
		if phone, err = pii.NormalizePhone(*in.Phone); err != nil {
			field(nil, "phone", "手机号格式不正确 / not a mainland mobile number")
		}
	}
	if len(in.Roles) == 0 {
		field(nil, "roles", "至少选择一个角色 / at least one role")
	}
	for _, r := range in.Roles {
		if _, ok := role(r); !ok {
			field(apperr.Unknown, "roles", "未知角色 / unknown role "+r)
		} else if !canGrant(caller.Perms, r) {
			field(nil, "roles", "无权授予该角色 / you may not grant role "+r)
		}
	}
	slices.Sort(in.Roles)
	in.Roles = slices.Compact(in.Roles)
	path, perr := s.regions.Path(ctx, in.RegionCode)
	if perr != nil || !caller.Scope().Covers(path) {
		field(apperr.OutOfScope, "region_code", "区划不存在或不在您的管辖范围 / region not found in your scope")
	}
	if in.UnitID != "" {
		var unitPath string
		err := s.db.QueryRow(ctx, "SELECT region_path FROM units WHERE id = ?", in.UnitID).Scan(&unitPath)
		if err != nil || !caller.Scope().Covers(unitPath) {
			field(apperr.OutOfScope, "unit_id", "单位不存在或不在您的管辖范围 / unit not found in your scope")
		}
	}
	if create && in.Password != "" {
		if err := CheckPasswordPolicy(in.Password, in.Username); err != nil {
			field(nil, "password", PolicyReason(err))
		}
	}
	if len(bad) > 0 {
		return "", "", bad
	}
	return path, phone, nil
}

func kindOf(roles []string) string {
	if len(roles) == 1 && roles[0] == "resident" {
		return "resident"
	}
	return "staff"
}

// CreateUser adds a user. An admin-made account must change its password at
// first login. demo marks the demo accounts, which work only in demo mode.
func (s *Service) CreateUser(ctx context.Context, caller *access.Principal, in UserInput, demo bool) (Created, error) {
	path, phone, err := s.check(ctx, caller, &in, true)
	if err != nil {
		return Created{}, err
	}
	generated := ""
	if in.Password == "" {
		generated = GeneratePassword()
		in.Password = generated
	}
	hash, err := HashPassword(in.Password, s.set.Argon)
	if err != nil {
		return Created{}, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.insertUser(ctx, id, in, path, phone, hash, !demo, demo); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "user.create", ObjectType: "user", ObjectID: id,
			Detail: map[string]any{"username": in.Username, "roles": in.Roles, "region_code": in.RegionCode, "demo": demo}})
	})
	if err != nil {
		return Created{}, err
	}
	a, err := s.account(ctx, "u.id = ?", id)
	if err != nil {
		return Created{}, err
	}
	return Created{User: a.User, InitialPassword: generated}, nil
}

// insertUser stores a new active user with their roles.
func (s *Service) insertUser(ctx context.Context, id string, in UserInput, path, phone, hash string, mustChange, demo bool) error {
	now := s.now()
	var phoneIdx, unit any
	if phone != "" {
		phoneIdx = s.pii.Index("phone", phone)
	}
	if in.UnitID != "" {
		unit = in.UnitID
	}
	_, err := s.db.Exec(ctx, `INSERT INTO users (id, username, name, kind, phone_enc, phone_idx, password_hash,
		must_change_password, password_changed_at, region_code, region_path, unit_id, status, demo, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'active',?,?,?)`, id, in.Username, in.Name, kindOf(in.Roles), s.pii.Seal(phone),
		phoneIdx, hash, mustChange, now, in.RegionCode, path, unit, demo, now, now)
	if err != nil {
		return uniqueErr(err)
	}
	return s.setRoles(ctx, id, in.Roles)
}

func uniqueErr(err error) error {
	if !errors.Is(err, db.ErrUnique) {
		return err
	}
	if strings.Contains(err.Error(), "phone") {
		return ErrPhoneTaken
	}
	return ErrUsernameTaken
}

func (s *Service) setRoles(ctx context.Context, id string, roles []string) error {
	if _, err := s.db.Exec(ctx, "DELETE FROM user_roles WHERE user_id = ?", id); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := s.db.Exec(ctx, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", id, r); err != nil {
			return err
		}
	}
	return nil
}

// UpdateUser replaces a user's profile, roles, region and unit.
func (s *Service) UpdateUser(ctx context.Context, caller *access.Principal, id string, in UserInput) (User, error) {
	path, phone, err := s.check(ctx, caller, &in, false)
	if err != nil {
		return User{}, err
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		old, err := s.inScope(ctx, caller.RegionPath, id)
		if err != nil {
			return err
		}
		if in.Phone == nil {
			phone = old.phone
		}
		for _, r := range old.Roles { // nobody takes away a role they could not give
			if !slices.Contains(in.Roles, r) && !canGrant(caller.Perms, r) {
				return errRemoveRole.With(apperr.P{"role": r}, "无权撤销该角色 / you may not remove role "+r).Field("body.roles")
			}
		}
		var phoneIdx, unit any
		if phone != "" {
			phoneIdx = s.pii.Index("phone", phone)
		}
		if in.UnitID != "" {
			unit = in.UnitID
		}
		if _, err := s.db.Exec(ctx, `UPDATE users SET name = ?, kind = ?, phone_enc = ?, phone_idx = ?, region_code = ?,
			region_path = ?, unit_id = ?, updated_at = ? WHERE id = ?`, in.Name, kindOf(in.Roles), s.pii.Seal(phone), phoneIdx,
			in.RegionCode, path, unit, s.now(), id); err != nil {
			return uniqueErr(err)
		}
		if err := s.setRoles(ctx, id, in.Roles); err != nil {
			return err
		}
		if path != old.regionPath || !slices.Equal(old.Roles, in.Roles) {
			// new scope or permissions: sessions must pick them up now
			if _, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
				return err
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "user.update", ObjectType: "user", ObjectID: id,
			Detail: map[string]any{"roles_before": old.Roles, "roles": in.Roles, "region_before": old.RegionCode,
				"region_code": in.RegionCode, "phone_changed": phone != old.phone}})
	})
	if err != nil {
		return User{}, err
	}
	a, err := s.account(ctx, "u.id = ?", id)
	if err != nil {
		return User{}, err
	}
	return a.User, nil
}

// SetStatus disables (ending every session at once) or re-enables a user.
func (s *Service) SetStatus(ctx context.Context, caller *access.Principal, id string, enabled bool) (User, error) {
	status, action := "disabled", "user.disable"
	if enabled {
		status, action = "active", "user.enable"
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		a, err := s.inScope(ctx, caller.RegionPath, id)
		if err != nil {
			return err
		}
		if err := mayManage(caller, a); err != nil {
			return err
		}
		if id == caller.UserID && !enabled {
			return errDisableSelf
		}
		if _, err := s.db.Exec(ctx, "UPDATE users SET status = ?, failed_count = 0, locked_until = NULL, updated_at = ? WHERE id = ?",
			status, s.now(), id); err != nil {
			return err
		}
		if !enabled {
			if _, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
				return err
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: action, ObjectType: "user", ObjectID: id})
	})
	if err != nil {
		return User{}, err
	}
	a, err := s.account(ctx, "u.id = ?", id)
	if err != nil {
		return User{}, err
	}
	return a.User, nil
}

// ResetPassword gives a user a new temporary password (returned once), to be
// changed at next login, and ends their sessions.
func (s *Service) ResetPassword(ctx context.Context, caller *access.Principal, id string) (string, error) {
	pw := GeneratePassword()
	hash, err := HashPassword(pw, s.set.Argon)
	if err != nil {
		return "", err
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		a, err := s.inScope(ctx, caller.RegionPath, id)
		if err != nil {
			return err
		}
		if err := mayManage(caller, a); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = TRUE, password_changed_at = ?,
			failed_count = 0, locked_until = NULL, updated_at = ? WHERE id = ?`, hash, s.now(), s.now(), id); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "user.reset_password", ObjectType: "user", ObjectID: id})
	})
	return pw, err
}

// mayManage: nobody disables, re-enables or resets the password of a user
// holding a role they could not grant themselves — with the temporary
// password they could log in as that user and hold its permissions.
func mayManage(caller *access.Principal, a *account) error {
	for _, r := range a.Roles {
		if !canGrant(caller.Perms, r) {
			return errManageRole.Withf(apperr.P{"role": r}, "无权管理持有角色 %s 的用户 / you may not manage a user with role %s", r, r)
		}
	}
	return nil
}

// GeneratePassword is a random 14-character password meeting the policy.
func GeneratePassword() string {
	const sets = "abcdefghjkmnpqrstuvwxyz" + "ABCDEFGHJKLMNPQRSTUVWXYZ" + "23456789" + "@#%+=?"
	b := make([]byte, 14)
	rand.Read(b)
	out := []byte{"abcdefghjkmnpqrstuvwxyz"[b[0]%23], "ABCDEFGHJKLMNPQRSTUVWXYZ"[b[1]%24], "23456789"[b[2]%8], "@#%+=?"[b[3]%6]}
	for _, c := range b[4:] {
		out = append(out, sets[int(c)%len(sets)])
	}
	return string(out)
}
