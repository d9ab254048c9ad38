package population

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
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

// plan is one list query: FROM, WHERE and ORDER BY with its arguments,
// shaped so that each kind of filter runs on the index made for it. The
// count may scope its rows differently from the page (see planList).
type plan struct {
	from, order string
	where       []string // the page's scope, then the filters
	args        []any
	// countFrom is what COUNT reads: the tag rows alone when no condition
	// reads the resident row (tag rows exist for living residents only)
	countFrom string
	// countQuery, when set, is the whole count (from the tallies)
	countQuery string
	countArgs  []any
	// countScope replaces where[0] (with its arguments) in the count
	countScope     string
	countScopeArgs []any
	scopeArgs      int // how many of args belong to where[0]
	// split: the counties a name search's page is merged from, each one's
	// first rows in name order, when there are several
	split []any
	// aged: an age range over whole counties, whose page may be read off the birth index (see forPage)
	aged bool
}

func (p *plan) add(cond string, args ...any) {
	if len(p.where) == 0 {
		p.scopeArgs = len(args)
	}
	p.where = append(p.where, cond)
	p.args = append(p.args, args...)
}

func (p *plan) whereSQL() string { return strings.Join(p.where, " AND ") }

// countSQL is the count's query and its arguments.
func (p *plan) countSQL() (string, []any) {
	if p.countQuery != "" {
		return p.countQuery, p.countArgs
	}
	from := p.from
	if p.countFrom != "" {
		from = p.countFrom
	}
	if p.countScope == "" {
		return "SELECT COUNT(*) FROM " + from + " WHERE " + p.whereSQL(), p.args
	}
	where := append([]string{p.countScope}, p.where[1:]...)
	return "SELECT COUNT(*) FROM " + from + " WHERE " + strings.Join(where, " AND "),
		append(append([]any{}, p.countScopeArgs...), p.args[p.scopeArgs:]...)
}

// narrow is the deepest of the scope and the filter's paths, or ok=false
// when two of them are disjoint (an empty result).
func narrow(scope string, paths ...string) (string, bool) {
	out := scope
	for _, p := range paths {
		switch {
		case p == "" || !access.Scope(scope).Covers(p):
		case access.Scope(out).Covers(p):
			out = p
		case !access.Scope(p).Covers(out):
			return "", false
		}
	}
	return out, true
}

// planList builds the query for f within scope as of day today. The subtree
// is enforced in one of three equivalent ways, whichever an index serves
// alone: a tag row's path; the county code (the second element of every
// path in a one-root tree) when the subtree is a county or the root — for a
// name prefix, and for counting; else the resident's path, which the scope
// index orders by and which carries the name and birth date.
func (s *Service) planList(ctx context.Context, scope string, f Filter, today int) (plan, error) {
	p := plan{from: "residents r", order: "r.region_path, r.name, r.id"}
	path, ok := narrow(scope, f.Path, f.GridPath)
	if !ok {
		p.add("1 = 0")
		return p, nil
	}
	q := strings.TrimSpace(f.Q)
	var idx, phoneIdx string
	if info, err := pii.ValidateIDNumber(q, s.now()); q != "" && err == nil {
		idx = s.pii.Index(pii.KindID, info.Number)
	} else if phone, err := pii.NormalizePhone(q); q != "" && err == nil {
		phoneIdx = s.pii.Index(pii.KindPhone, phone)
	}
	name := q != "" && idx == "" && phoneIdx == ""
	ageMin, ageMax := f.AgeMin, f.AgeMax
	switch f.Tag {
	case TagElderly65:
		ageMin = max(ageMin, 65)
	case TagChild06:
		if ageMax < 0 || ageMax > 6 {
			ageMax = 6
		}
	}
	tagged := f.Tag != "" && !derivedTag(f.Tag)
	// a tag row carries the birth date: an age range with a stored tag reads no resident row
	aged := ageMin >= 0 || ageMax >= 0
	readsR := idx != "" || phoneIdx != "" || f.Household != "" || (aged && !tagged) || f.ResidenceType != "" || f.Status != ""
	var counties []any
	if !tagged && idx == "" && phoneIdx == "" && f.Household == "" {
		var err error
		if counties, err = s.countiesOf(ctx, path); err != nil {
			return p, err
		}
	}
	byCounty := "r.county_code IN (?" + strings.Repeat(",?", max(len(counties)-1, 0)) + ") AND r.deleted_at IS NULL"
	switch {
	case tagged:
		p.from, p.order = "resident_tags t JOIN residents r ON r.id = t.resident_id", "t.region_path, t.name, t.resident_id"
		if !readsR {
			p.countFrom = "resident_tags t"
		}
		cond, args := access.Scope(path).Subtree("t.region_path")
		p.add("t.tag = ? AND "+cond, append([]any{f.Tag}, args...)...)
		if name { // the tag rows carry the name: no join to filter it
			p.add("t.name >= ? AND t.name < ?", q, prefixEnd(q))
		}
	case name && len(counties) > 0:
		p.add(byCounty, counties...)
		p.order = "r.name, r.id"
		if len(counties) > 1 {
			p.split = counties
		}
	default:
		cond, args := access.Scope(path).Subtree("r.region_path")
		p.add(cond+" AND r.deleted_at IS NULL", args...)
		if len(counties) > 0 {
			p.countScope, p.countScopeArgs = byCounty, counties
		}
	}
	if name && !tagged {
		p.add("r.name >= ? AND r.name < ?", q, prefixEnd(q))
	}
	if idx != "" {
		p.add("r.id_idx = ?", idx)
	}
	if phoneIdx != "" {
		p.add("r.phone_idx = ?", phoneIdx)
	}
	if f.Household != "" {
		p.add("r.household_id = ?", f.Household)
	}
	birth := "r.birth_ymd"
	if tagged {
		birth = "t.birth_ymd"
	}
	if ageMin >= 0 {
		p.add(birth+" <= ?", bornBy(ageMin, today))
	}
	if ageMax >= 0 {
		p.add(birth+" > ?", bornBy(ageMax+1, today))
	}
	if f.ResidenceType != "" {
		p.add("r.residence_type = ?", f.ResidenceType)
	}
	if f.Status != "" {
		p.add("r.status = ?", f.Status)
	}
	ageOnly := aged && idx == "" && phoneIdx == "" && f.Household == "" &&
		f.ResidenceType == "" && f.Status == "" && !name && !tagged
	p.aged = aged && !tagged && !name && idx == "" && phoneIdx == "" && p.countScope != ""
	switch {
	case !readsR && !name && !aged && (f.Tag == "" || tagged):
		p.countQuery, p.countArgs = tallied(f.Tag, path)
	case !readsR && name && !tagged && len(counties) > 0 && utf8.RuneCountInString(q) == 1:
		p.countQuery, p.countArgs = initialCount(counties, q)
	case ageOnly && len(counties) > 0:
		lo, hi := 0, 0
		if ageMax >= 0 {
			lo = bornBy(ageMax+1, today)
		}
		if ageMin >= 0 {
			hi = bornBy(ageMin, today)
		}
		if q, args, ok := agedCount(counties, lo, hi); ok {
			p.countQuery, p.countArgs = q, args
		}
	}
	return p, nil
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

// fewRows is where reading a filter's rows off an index made for it and
// sorting them beats walking the scope index in page order.
var fewRows = 2000

// forPage is the plan of a page once its total is known. A whole county's
// (or the city's) age range with few residents is best read off the birth
// index and sorted: walking the scope index in page order would pass over
// nearly every resident of the subtree to find them (the city's
// centenarians); with many, the walk finds a page soon. SQLite is told so
// below fewRows. PostgreSQL's planner weighs the two by the values once the
// subtree is said by county code, which the birth index begins with.
func (p plan) forPage(d db.Dialect, total int) plan {
	switch {
	case !p.aged:
		return p
	case d != db.SQLite:
	case total < fewRows:
		p.from = "residents r INDEXED BY residents_birth"
	default:
		return p
	}
	p.where = append([]string{p.countScope}, p.where[1:]...)
	p.args = append(append([]any{}, p.countScopeArgs...), p.args[p.scopeArgs:]...)
	p.scopeArgs = len(p.countScopeArgs)
	return p
}

// pageSQL is the query of limit rows after offset (all rows for limit 0).
// A name search over several counties merges each county's first
// offset+limit rows in name order, which its name index gives without
// sorting, instead of sorting every match in the city.
func (p plan) pageSQL(offset, limit int) (string, []any) {
	cols := "SELECT " + recCols + ", (SELECT g.name FROM regions g WHERE g.code = r.grid_code) FROM "
	if limit <= 0 {
		return cols + p.from + " WHERE " + p.whereSQL() + " ORDER BY " + p.order, p.args
	}
	if len(p.split) < 2 {
		return cols + p.from + " WHERE " + p.whereSQL() + " ORDER BY " + p.order + " LIMIT ? OFFSET ?",
			append(append([]any{}, p.args...), limit, offset)
	}
	rest := strings.Join(append([]string{"r.deleted_at IS NULL"}, p.where[1:]...), " AND ")
	subs := make([]string, len(p.split))
	var args []any
	for i, c := range p.split {
		subs[i] = fmt.Sprintf("SELECT id FROM (SELECT r.id AS id FROM residents r WHERE r.county_code = ? AND %s ORDER BY %s LIMIT ?) c%d",
			rest, p.order, i)
		args = append(append(append(args, c), p.args[p.scopeArgs:]...), offset+limit)
	}
	return cols + "residents r WHERE r.id IN (" + strings.Join(subs, " UNION ALL ") + ") ORDER BY " + p.order + " LIMIT ? OFFSET ?",
		append(args, limit, offset)
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
