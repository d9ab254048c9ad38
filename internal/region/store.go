package region

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"healthgrid/internal/access"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

const columns = `code, name, level, COALESCE(parent_code, ''), path, created_at, updated_at,
	(SELECT COUNT(*) FROM regions c WHERE c.parent_code = r.code)`

func scanRegion(s interface{ Scan(...any) error }, geom bool) (Region, error) {
	var r Region
	dest := []any{&r.Code, &r.Name, &r.Level, &r.ParentCode, &r.Path, &r.CreatedAt, &r.UpdatedAt, &r.ChildrenCount}
	var g sql.NullString
	if geom {
		dest = append(dest, &g)
	}
	if err := s.Scan(dest...); err != nil {
		return r, err
	}
	if g.Valid && g.String != "" {
		r.Geometry = json.RawMessage(g.String)
	}
	return r, nil
}

// Get returns the region code if it lies in the subtree at scope.
func (s *Service) Get(ctx context.Context, scope, code string, withGeometry bool) (Region, error) {
	q := "SELECT " + columns
	if withGeometry {
		q += ", geometry"
	}
	r, err := scanRegion(s.db.QueryRow(ctx, q+" FROM regions r WHERE code = ?", code), withGeometry)
	if err != nil {
		return r, s.db.ScanErr(err, ErrNotFound)
	}
	if !access.Scope(scope).Covers(r.Path) {
		return Region{}, ErrNotFound
	}
	return r, nil
}

// Children lists the children of parent (in scope), in code order.
func (s *Service) Children(ctx context.Context, scope, parent string, withGeometry bool) ([]Region, error) {
	if _, err := s.Get(ctx, scope, parent, false); err != nil {
		return nil, err
	}
	q := "SELECT " + columns
	if withGeometry {
		q += ", geometry"
	}
	rows, err := s.db.Query(ctx, q+" FROM regions r WHERE parent_code = ? ORDER BY code", parent)
	if err != nil {
		return nil, fmt.Errorf("region: children: %w", err)
	}
	defer rows.Close()
	out := []Region{}
	for rows.Next() {
		r, err := scanRegion(rows, withGeometry)
		if err != nil {
			return nil, fmt.Errorf("region: scan: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Chain is the region and its ancestors, root first.
func (s *Service) Chain(ctx context.Context, code string) ([]Region, error) {
	var path string
	if err := s.db.QueryRow(ctx, "SELECT path FROM regions WHERE code = ?", code).Scan(&path); err != nil {
		return nil, s.db.ScanErr(err, ErrNotFound)
	}
	codes := strings.Split(strings.TrimSuffix(path, "/"), "/")
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	rows, err := s.db.Query(ctx, "SELECT "+columns+" FROM regions r WHERE code IN (?"+strings.Repeat(",?", len(codes)-1)+") ORDER BY path", args...)
	if err != nil {
		return nil, fmt.Errorf("region: chain: %w", err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		r, err := scanRegion(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Path is the materialized path of code, whatever the caller's scope (used to
// stamp rows with their region path).
func (s *Service) Path(ctx context.Context, code string) (string, error) {
	if p, ok := s.paths.Load(code); ok {
		return p.(string), nil
	}
	var path string
	err := s.db.QueryRow(ctx, "SELECT path FROM regions WHERE code = ?", code).Scan(&path)
	if err == nil && !s.db.InTransaction(ctx) {
		s.paths.Store(code, path)
	}
	return path, s.db.ScanErr(err, ErrNotFound)
}

// insert writes one region row; the caller has validated it.
func (s *Service) insert(ctx context.Context, r Region, g orb.Geometry) error {
	var gj any
	var b orb.Bound
	if g != nil {
		gj, b = string(r.Geometry), g.Bound()
	}
	var parent any
	if r.ParentCode != "" {
		parent = r.ParentCode
	}
	_, err := s.db.Exec(ctx, `INSERT INTO regions (code, name, level, parent_code, path, geometry,
		min_lng, min_lat, max_lng, max_lat, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
		r.Code, r.Name, r.Level, parent, r.Path, gj, b.Min[0], b.Min[1], b.Max[0], b.Max[1], r.CreatedAt, r.UpdatedAt)
	return err
}

// gridGeometries loads every grid boundary, for the locate index.
func (s *Service) gridGeometries(ctx context.Context) (map[string]orb.Geometry, error) {
	rows, err := s.db.Query(ctx, "SELECT code, geometry FROM regions WHERE level = 'grid' AND geometry IS NOT NULL")
	if err != nil {
		return nil, fmt.Errorf("region: load grids: %w", err)
	}
	defer rows.Close()
	out := map[string]orb.Geometry{}
	for rows.Next() {
		var code, gj string
		if err := rows.Scan(&code, &gj); err != nil {
			return nil, err
		}
		g, err := geojson.UnmarshalGeometry([]byte(gj))
		if err != nil {
			return nil, fmt.Errorf("region: grid %s: bad geometry: %w", code, err)
		}
		out[code] = g.Geometry()
	}
	return out, rows.Err()
}

// Within narrows a list's scope to the region code names: the caller's own
// scope when code is empty or above it, the code's subtree when inside it,
// and ErrNotFound when it lies beside the scope (as an unknown code does).
func (s *Service) Within(ctx context.Context, scope, code string) (string, error) {
	if code == "" {
		return scope, nil
	}
	path, err := s.Path(ctx, code)
	switch {
	case err != nil:
		return "", err
	case access.Scope(scope).Covers(path):
		return path, nil
	case access.Scope(path).Covers(scope):
		return scope, nil
	}
	return "", ErrNotFound
}
