package org

import (
	"context"
	"fmt"
	"healthgrid/internal/access"
	"strings"
)

const unitColumns = `u.id, u.name, u.type, u.region_code, r.name, u.region_path, u.phone, u.address, u.created_at, u.updated_at
	FROM units u JOIN regions r ON r.code = u.region_code`

func scanUnit(s interface{ Scan(...any) error }) (Unit, error) {
	var u Unit
	err := s.Scan(&u.ID, &u.Name, &u.Type, &u.RegionCode, &u.RegionName, &u.RegionPath, &u.Phone, &u.Address, &u.CreatedAt, &u.UpdatedAt)
	return u, err
}

// Get returns a unit in the caller's scope.
func (s *Service) Get(ctx context.Context, scope, id string) (Unit, error) {
	cond, args := access.Scope(scope).Subtree("u.region_path")
	u, err := scanUnit(s.db.QueryRow(ctx, "SELECT "+unitColumns+" WHERE u.id = ? AND "+cond, append([]any{id}, args...)...))
	if err != nil {
		return Unit{}, s.db.ScanErr(err, ErrNotFound)
	}
	return u, nil
}

// Filter selects units.
type Filter struct {
	RegionPath string // subtree, within the caller's scope
	Type       string
	Q          string // name contains
}

// List returns a page of units in scope matching f, by region then name.
func (s *Service) List(ctx context.Context, scope string, f Filter, offset, limit int) ([]Unit, int, error) {
	if f.RegionPath == "" || !access.Scope(scope).Covers(f.RegionPath) {
		f.RegionPath = scope
	}
	cond, args := access.Scope(f.RegionPath).Subtree("u.region_path")
	where := []string{cond}
	if f.Type != "" {
		where, args = append(where, "u.type = ?"), append(args, f.Type)
	}
	if f.Q != "" {
		where, args = append(where, "u.name LIKE ?"), append(args, "%"+f.Q+"%")
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM units u WHERE "+w, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("unit: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+unitColumns+" WHERE "+w+" ORDER BY u.region_path, u.type, u.name LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("unit: list: %w", err)
	}
	defer rows.Close()
	out := []Unit{}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// Reachable lists the units a case at path may be sent to: the units of
// path's own region and of every region above it, and every unit inside
// area.
func (s *Service) Reachable(ctx context.Context, path, area string) ([]Unit, error) {
	var line []any
	for _, p := range access.Scope(path).Lineage() {
		line = append(line, p)
	}
	if len(line) == 0 {
		return nil, nil
	}
	cond, args := access.Scope(area).Subtree("u.region_path")
	rows, err := s.db.Query(ctx, "SELECT "+unitColumns+" WHERE u.region_path IN (?"+strings.Repeat(",?", len(line)-1)+") OR "+cond+
		" ORDER BY u.region_path, u.type, u.name", append(line, args...)...)
	if err != nil {
		return nil, fmt.Errorf("unit: reachable: %w", err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// BySeedKey finds a seeded unit by its stable key (demo data).
func (s *Service) BySeedKey(ctx context.Context, key string) (string, error) {
	var id string
	err := s.db.QueryRow(ctx, "SELECT id FROM units WHERE seed_key = ?", key).Scan(&id)
	return id, s.db.ScanErr(err, ErrNotFound)
}
