package apikey

import (
	"context"
	"fmt"
	"healthgrid/internal/access"
)

const keyColumns = `k.id, k.name, k.region_code, r.name, k.region_path, k.prefix, k.created_by, k.created_by_name,
	k.created_at, k.last_used_at, k.revoked_at, k.revoked_by_name
	FROM api_keys k JOIN regions r ON r.code = k.region_code`

func scanKey(row interface{ Scan(...any) error }) (Key, error) {
	var k Key
	err := row.Scan(&k.ID, &k.Name, &k.RegionCode, &k.RegionName, &k.regionPath, &k.Prefix, &k.CreatedBy,
		&k.CreatedByName, &k.CreatedAt, &k.LastUsedAt, &k.RevokedAt, &k.RevokedByName)
	k.Status = Active
	if k.RevokedAt != nil {
		k.Status = Revoked
	}
	return k, err
}

// Get returns a key in the caller's scope.
func (s *Service) Get(ctx context.Context, scope, id string) (Key, error) {
	return s.get(ctx, scope, id, false)
}

// get reads a key in scope; lock takes the row lock a write needs on
// PostgreSQL.
func (s *Service) get(ctx context.Context, scope, id string, lock bool) (Key, error) {
	cond, args := access.Scope(scope).Subtree("k.region_path")
	q := "SELECT " + keyColumns + " WHERE k.id = ? AND " + cond
	if lock {
		q += s.db.Dialect.ForUpdate()
	}
	k, err := scanKey(s.db.QueryRow(ctx, q, append([]any{id}, args...)...))
	if err != nil {
		return Key{}, s.db.ScanErr(err, ErrNotFound)
	}
	return k, nil
}

// Filter selects keys.
type Filter struct {
	Path   string // subtree, within the caller's scope
	Status string // Active, Revoked or both
}

// List is a page of the keys in scope that f selects, newest first, and how
// many there are.
func (s *Service) List(ctx context.Context, scope string, f Filter, offset, limit int) ([]Key, int, error) {
	if f.Path == "" || !access.Scope(scope).Covers(f.Path) {
		f.Path = scope
	}
	cond, args := access.Scope(f.Path).Subtree("k.region_path")
	switch f.Status {
	case Active:
		cond += " AND k.revoked_at IS NULL"
	case Revoked:
		cond += " AND k.revoked_at IS NOT NULL"
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM api_keys k WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("api key: count: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+keyColumns+" WHERE "+cond+" ORDER BY k.created_at DESC, k.id DESC LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("api key: list: %w", err)
	}
	defer rows.Close()
	out := []Key{}
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("api key: list: %w", err)
		}
		out = append(out, k)
	}
	return out, total, rows.Err()
}
