package auth

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/pii"
)

// User is a user as the API shows it: phone masked.
type User struct {
	ID                 string     `json:"id"`
	Username           string     `json:"username"`
	Name               string     `json:"name"`
	Kind               string     `json:"kind" enum:"staff,resident"`
	Phone              string     `json:"phone" doc:"masked"`
	Roles              []string   `json:"roles"`
	RegionCode         string     `json:"region_code"`
	RegionName         string     `json:"region_name"`
	UnitID             string     `json:"unit_id,omitempty"`
	UnitName           string     `json:"unit_name,omitempty"`
	Status             string     `json:"status" enum:"active,disabled,locked"`
	TOTPEnabled        bool       `json:"totp_enabled"`
	MustChangePassword bool       `json:"must_change_password"`
	LastLoginAt        *time.Time `json:"last_login_at,omitempty"`
	CreatedAt          time.Time  `json:"created_at"`
}

// account is a user row with the secrets the service works with.
type account struct {
	User
	regionPath        string
	phone             string // decrypted
	passwordHash      string
	passwordChangedAt *time.Time
	demo              bool
	totpSecret        string // decrypted
	totpLastCounter   int64
	failedCount       int
	lockedUntil       *time.Time
	status            string // stored: active or disabled
}

// accountColumns are a user's columns with their roles (comma-separated, in
// order), and the tables they come from.
const accountColumns = `u.id, u.username, u.name, u.kind, u.phone_enc, u.password_hash, u.must_change_password,
	u.password_changed_at, u.region_code, r.name, u.region_path, COALESCE(u.unit_id, ''), COALESCE(n.name, ''), u.status,
	u.demo, u.totp_secret_enc, u.totp_enabled, u.totp_last_counter, u.failed_count, u.locked_until, u.last_login_at, u.created_at,
	COALESCE((SELECT string_agg(ur.role, ',' ORDER BY ur.role) FROM user_roles ur WHERE ur.user_id = u.id), '')
	FROM users u JOIN regions r ON r.code = u.region_code LEFT JOIN units n ON n.id = u.unit_id`

// scanAccount reads a row of accountColumns, after the columns of pre when
// the query selects more before them.
func (s *Service) scanAccount(row interface{ Scan(...any) error }, pre ...any) (*account, error) {
	var a account
	var phoneEnc, totpEnc, roles string
	var changed, locked, last sql.NullTime
	err := row.Scan(append(pre, &a.ID, &a.Username, &a.Name, &a.Kind, &phoneEnc, &a.passwordHash, &a.MustChangePassword,
		&changed, &a.RegionCode, &a.RegionName, &a.regionPath, &a.UnitID, &a.UnitName, &a.status,
		&a.demo, &totpEnc, &a.TOTPEnabled, &a.totpLastCounter, &a.failedCount, &locked, &last, &a.CreatedAt, &roles)...)
	if err != nil {
		return nil, err
	}
	a.Roles = []string{}
	if roles != "" {
		a.Roles = strings.Split(roles, ",")
	}
	if a.phone, err = s.pii.Open(phoneEnc); err != nil {
		return nil, fmt.Errorf("user %s: phone: %w", a.ID, err)
	}
	if a.totpSecret, err = s.pii.Open(totpEnc); err != nil {
		return nil, fmt.Errorf("user %s: totp secret: %w", a.ID, err)
	}
	a.passwordChangedAt, a.lockedUntil, a.LastLoginAt = ptr(changed), ptr(locked), ptr(last)
	a.Phone = pii.MaskPhone(a.phone)
	a.Status = a.status
	if a.status == "active" && a.lockedUntil != nil && a.lockedUntil.After(s.now()) {
		a.Status = "locked"
	}
	return &a, nil
}

func ptr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// account loads one user by a condition ("u.id = ?"), with roles.
func (s *Service) account(ctx context.Context, cond string, arg any) (*account, error) {
	a, err := s.scanAccount(s.db.QueryRow(ctx, "SELECT "+accountColumns+" WHERE "+cond, arg))
	if err != nil {
		return nil, s.db.ScanErr(err, ErrNotFound)
	}
	return a, nil
}

// inScope loads a user the caller may see.
func (s *Service) inScope(ctx context.Context, scope, id string) (*account, error) {
	a, err := s.account(ctx, "u.id = ?", id)
	if err != nil {
		return nil, err
	}
	if !access.Scope(scope).Covers(a.regionPath) {
		return nil, ErrNotFound
	}
	return a, nil
}

// Filter selects users.
type Filter struct {
	RegionPath string
	Role       string
	Q          string // username or name prefix, or an exact phone
	Status     string
}

// List returns a page of the users in scope matching f.
func (s *Service) List(ctx context.Context, scope string, f Filter, offset, limit int) ([]User, int, error) {
	if f.RegionPath == "" || !access.Scope(scope).Covers(f.RegionPath) {
		f.RegionPath = scope
	}
	cond, args := access.Scope(f.RegionPath).Subtree("u.region_path")
	where := []string{cond}
	add := func(c string, v ...any) { where, args = append(where, c), append(args, v...) }
	if f.Role != "" {
		add("EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role = ?)", f.Role)
	}
	if f.Q != "" {
		if phone, err := pii.NormalizePhone(f.Q); err == nil {
			add("u.phone_idx = ?", s.pii.Index("phone", phone))
		} else {
			add("(u.username LIKE ? OR u.name LIKE ?)", strings.ToLower(f.Q)+"%", f.Q+"%")
		}
	}
	switch f.Status {
	case "disabled", "active":
		add("u.status = ?", f.Status)
	case "locked":
		add("u.status = 'active' AND u.locked_until > ?", s.now())
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM users u WHERE "+w, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("user: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+accountColumns+" WHERE "+w+" ORDER BY u.region_path, u.username LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("user: list: %w", err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		a, err := s.scanAccount(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a.User)
	}
	return out, total, rows.Err()
}
