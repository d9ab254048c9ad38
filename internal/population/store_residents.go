package population

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"healthgrid/internal/access"
)

// getRec loads a resident in scope; a deleted one only when deleted is true.
func (s *Service) getRec(ctx context.Context, scope, id string, deleted bool) (*rec, error) {
	cond, args := access.Scope(scope).Subtree("r.region_path")
	q := "SELECT " + recCols + " FROM residents r WHERE r.id = ? AND " + cond
	if !deleted {
		q += " AND r.deleted_at IS NULL"
	}
	r, err := scanRec(s.db.QueryRow(ctx, q, append([]any{id}, args...)...))
	if err != nil {
		return nil, s.db.ScanErr(err, ErrNotFound)
	}
	return r, nil
}

// Filter selects residents. Paths must lie in the caller's scope (the
// service narrows them with Regions.Within); the store falls back to the
// scope for any that does not.
type Filter struct {
	Path          string // a region's subtree
	GridPath      string // a grid's subtree
	Q             string // name prefix, or an exact ID number or phone
	Tag           string // a tag code, stored or age-based
	AgeMin        int    // -1: none
	AgeMax        int    // -1: none
	ResidenceType string
	Status        string
	Household     string // a household's id: its members
}

// countiesOf is the county codes whose subtrees make up path exactly: the
// county itself for a county's path, every county for the root's; none for
// anything else (a township, or a tree with several roots, where the second
// element of a path alone does not name a subtree).
func (s *Service) countiesOf(ctx context.Context, path string) ([]any, error) {
	var roots int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM regions WHERE parent_code IS NULL").Scan(&roots); err != nil {
		return nil, fmt.Errorf("resident: roots: %w", err)
	}
	if roots != 1 {
		return nil, nil
	}
	switch access.Scope(path).Level() {
	case access.County:
		if c := access.Scope(path).County().Code(); c != "" {
			return []any{c}, nil
		}
	case access.City:
		rows, err := s.db.Query(ctx, "SELECT code FROM regions WHERE parent_code = ? AND level = 'county'", strings.TrimSuffix(path, "/"))
		if err != nil {
			return nil, fmt.Errorf("resident: counties: %w", err)
		}
		defer rows.Close()
		var codes []any
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return nil, err
			}
			codes = append(codes, c)
		}
		return codes, rows.Err()
	}
	return nil, nil
}

// prefixEnd is the least string greater than every string starting with q:
// q with its last rune incremented.
func prefixEnd(q string) string {
	r, size := utf8.DecodeLastRuneInString(q)
	return q[:len(q)-size] + string(r+1)
}

// count is the number of residents the plan selects.
func (s *Service) count(ctx context.Context, p plan) (int, error) {
	var n int
	q, args := p.countSQL()
	if err := s.db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("resident: count: %w", err)
	}
	return n, nil
}

// page runs the plan for limit rows after offset (all for limit 0),
// calling fn with each resident and its grid's name.
func (s *Service) page(ctx context.Context, p plan, offset, limit int, fn func(r *rec, gridName string) error) error {
	q, args := p.pageSQL(offset, limit)
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("resident: list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var grid string
		r, err := scanRec(rows, &grid)
		if err != nil {
			return err
		}
		if err := fn(r, grid); err != nil {
			return err
		}
	}
	return rows.Err()
}

// gridName is the display name of a grid.
func (s *Service) gridName(ctx context.Context, code string) string {
	var name string
	s.db.QueryRow(ctx, "SELECT name FROM regions WHERE code = ?", code).Scan(&name)
	return name
}
