package population

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

// getRec loads a resident in scope; a deleted one only when deleted is true.
func (s *Service) getRec(ctx context.Context, scope, id string, deleted bool) (*rec, error) {
	cond, args := db.Subtree("r.region_path", scope)
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
}

// plan is one list query: FROM, WHERE and ORDER BY with its arguments,
// shaped so that each kind of filter runs on the index made for it.
type plan struct {
	from, order string
	where       []string
	args        []any
}

func (p *plan) add(cond string, args ...any) {
	p.where = append(p.where, cond)
	p.args = append(p.args, args...)
}

func (p *plan) whereSQL() string { return strings.Join(p.where, " AND ") }

// narrow is the deepest of the scope and the filter's paths, or ok=false
// when two of them are disjoint (an empty result).
func narrow(scope string, paths ...string) (string, bool) {
	out := scope
	for _, p := range paths {
		switch {
		case p == "" || !strings.HasPrefix(p, scope):
		case strings.HasPrefix(p, out):
			out = p
		case !strings.HasPrefix(out, p):
			return "", false
		}
	}
	return out, true
}

// planList builds the query for f within scope as of day today.
func (s *Service) planList(ctx context.Context, scope string, f Filter, today int) (plan, error) {
	p := plan{from: "residents r", order: "r.region_path, r.name, r.id"}
	path, ok := narrow(scope, f.Path, f.GridPath)
	if !ok {
		p.add("1 = 0")
		return p, nil
	}
	county := countyOf(path)
	tagged := f.Tag != "" && !derivedTag(f.Tag)
	col := "r.region_path"
	if tagged {
		p.from = "resident_tags t JOIN residents r ON r.id = t.resident_id"
		p.order, col = "t.region_path, t.name, t.resident_id", "t.region_path"
		p.add("t.tag = ?", f.Tag)
	}
	cond, args := db.Subtree(col, path)
	p.add(cond, args...)
	p.add("r.deleted_at IS NULL")
	if q := strings.TrimSpace(f.Q); q != "" {
		if info, err := pii.ValidateIDNumber(q, s.now()); err == nil {
			p.add("r.id_idx = ?", s.pii.Index(pii.KindID, info.Number))
		} else if phone, err := pii.NormalizePhone(q); err == nil {
			p.add("r.phone_idx = ?", s.pii.Index(pii.KindPhone, phone))
		} else if err := s.namePrefix(ctx, &p, q, path, county, tagged); err != nil {
			return p, err
		}
	}
	ageMin, ageMax := f.AgeMin, f.AgeMax
	switch f.Tag {
	case TagElderly65:
		ageMin = max(ageMin, 65)
	case TagChild06:
		if ageMax < 0 || ageMax > 6 {
			ageMax = 6
		}
	}
	if (ageMin >= 0 || ageMax >= 0) && county != "" && !tagged {
		p.add("r.county_code = ?", county) // lets the birth index serve the range
	}
	if ageMin >= 0 {
		p.add("r.birth_ymd <= ?", bornBy(ageMin, today))
	}
	if ageMax >= 0 {
		p.add("r.birth_ymd > ?", bornBy(ageMax+1, today))
	}
	if f.ResidenceType != "" {
		p.add("r.residence_type = ?", f.ResidenceType)
	}
	if f.Status != "" {
		p.add("r.status = ?", f.Status)
	}
	return p, nil
}

// namePrefix adds a name-prefix condition. Inside a county it runs on
// (county_code, name); above one, on each county of the scope.
func (s *Service) namePrefix(ctx context.Context, p *plan, q, path, county string, tagged bool) error {
	if tagged { // the tag rows carry the name: no join to filter it
		p.add("t.name >= ? AND t.name < ?", q, prefixEnd(q))
		return nil
	}
	p.add("r.name >= ? AND r.name < ?", q, prefixEnd(q))
	if county != "" {
		p.add("r.county_code = ?", county)
		p.order = "r.name, r.id"
		return nil
	}
	rows, err := s.db.Query(ctx, "SELECT code FROM regions WHERE parent_code = ?", strings.TrimSuffix(path, "/"))
	if err != nil {
		return fmt.Errorf("resident: counties: %w", err)
	}
	defer rows.Close()
	var codes []any
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return err
		}
		codes = append(codes, c)
	}
	if len(codes) > 0 {
		p.add("r.county_code IN (?"+strings.Repeat(",?", len(codes)-1)+")", codes...)
		p.order = "r.name, r.id"
	}
	return rows.Err()
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
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM "+p.from+" WHERE "+p.whereSQL(), p.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("resident: count: %w", err)
	}
	return n, nil
}

// page runs the plan for limit rows after offset, calling fn with each
// resident and its grid's name.
func (s *Service) page(ctx context.Context, p plan, offset, limit int, fn func(r *rec, gridName string) error) error {
	q := "SELECT " + recCols + ", (SELECT g.name FROM regions g WHERE g.code = r.grid_code) FROM " + p.from +
		" WHERE " + p.whereSQL() + " ORDER BY " + p.order
	args := p.args
	if limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(append([]any{}, args...), limit, offset)
	}
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
