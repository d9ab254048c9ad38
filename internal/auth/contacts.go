package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Contact is a user as a notification reaches them: the phone in full, for
// an SMS ("" when none); Kind is staff or resident.
type Contact struct {
	ID, Name, Phone, RegionPath, UnitID, Kind string
}

// ContactQuery selects active users: those of one of UnitIDs, whose home
// region is one of RegionPaths, or one of IDs — every selector given must
// hold, and at least one must be given. With Perms, only users whose roles
// grant one of them.
type ContactQuery struct {
	UnitIDs, RegionPaths, IDs []string
	Perms                     []string
}

// Contacts are the users q selects, by id.
func (s *Service) Contacts(ctx context.Context, q ContactQuery) ([]Contact, error) {
	var where []string
	var args []any
	in := func(col string, vals []string) {
		if len(vals) > 0 {
			where = append(where, col+" IN ("+strings.Repeat(",?", len(vals))[1:]+")")
			for _, v := range vals {
				args = append(args, v)
			}
		}
	}
	in("u.unit_id", q.UnitIDs)
	in("u.region_path", q.RegionPaths)
	in("u.id", q.IDs)
	if len(where) == 0 {
		return nil, nil
	}
	if len(q.Perms) > 0 {
		roles := rolesGranting(q.Perms)
		if len(roles) == 0 {
			return nil, nil
		}
		where = append(where, "EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role IN ("+
			strings.Repeat(",?", len(roles))[1:]+"))")
		for _, r := range roles {
			args = append(args, r)
		}
	}
	rows, err := s.db.Query(ctx, "SELECT u.id, u.name, u.phone_enc, u.region_path, COALESCE(u.unit_id, ''), u.kind FROM users u WHERE u.status = 'active' AND "+
		strings.Join(where, " AND ")+" ORDER BY u.id", args...)
	if err != nil {
		return nil, fmt.Errorf("user: contacts: %w", err)
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		var phoneEnc string
		if err := rows.Scan(&c.ID, &c.Name, &phoneEnc, &c.RegionPath, &c.UnitID, &c.Kind); err != nil {
			return nil, fmt.Errorf("user: contacts: %w", err)
		}
		if c.Phone, err = s.pii.Open(phoneEnc); err != nil {
			return nil, fmt.Errorf("user %s: phone: %w", c.ID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// rolesGranting are the built-in roles that grant any of perms.
func rolesGranting(perms []string) []string {
	var out []string
	for _, r := range Roles {
		if slices.ContainsFunc(perms, func(p string) bool { return slices.Contains(r.Permissions, p) }) {
			out = append(out, r.Name)
		}
	}
	return out
}

// SessionLive reports whether the session whose token hashes to hash still
// holds — not ended, expired or idle past the limit, its user active —
// without counting as activity: a push channel left open must not keep an
// idle session alive.
func (s *Service) SessionLive(ctx context.Context, hash string) (bool, error) {
	var stage, status string
	var demo bool
	var lastSeen, expires time.Time
	err := s.db.QueryRow(ctx, `SELECT s.stage, s.last_seen_at, s.expires_at, u.status, u.demo FROM sessions s
		JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hash).Scan(&stage, &lastSeen, &expires, &status, &demo)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("auth: session: %w", err)
	}
	now := s.now()
	return stage == stageFull && now.Before(expires) && now.Before(lastSeen.Add(s.set.SessionIdle)) &&
		status == "active" && (!demo || s.set.Demo), nil
}
