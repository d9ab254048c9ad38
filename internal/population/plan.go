package population

import (
	"context"
	"strings"
	"unicode/utf8"

	"healthgrid/internal/access"
	"healthgrid/internal/pii"
)

// A resident list is planned in three steps, each a choice among named
// strategies, so that each kind of filter runs on the index made for it:
//   - how the scope is narrowed (scoped): by the tag rows of a stored tag
//     (byTagRows), by county code for a name search over whole counties
//     (byCountyNames), else by the residents' path (byPath);
//   - how the total is counted (tallied): off a tally when one answers the
//     filter, else the rows (plan.countSQL);
//   - how the page is read, once the total is known (Service.forPage,
//     plan.pageSQL): an age range over whole counties off the birth index
//     where that pays, a name search over several counties merged from each
//     county's first rows.

// plan is one list query: FROM, WHERE and ORDER BY with its arguments. The
// count may scope its rows differently from the page.
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

// ask is a filter read for planning.
type ask struct {
	f    Filter
	path string // the deepest of the scope and the filter's paths
	// name is a name prefix searched for; idx or phone the blind index of
	// an ID number or a phone searched for instead
	name, idx, phone string
	ageMin, ageMax   int  // -1: none; the derived tags' ages folded in
	tagged           bool // a stored tag: its tag rows are read
	// counties are the county codes that make up path exactly (countiesOf),
	// looked up only where no ID number, phone, household or stored tag
	// narrows the rows better
	counties []any
	today    int
}

// ask reads f within scope as of day today; ok is false when the scope and
// the filter's paths are disjoint.
func (s *Service) ask(ctx context.Context, scope string, f Filter, today int) (a ask, ok bool, err error) {
	a = ask{f: f, ageMin: f.AgeMin, ageMax: f.AgeMax, today: today}
	if a.path, ok = narrow(scope, f.Path, f.GridPath); !ok {
		return a, false, nil
	}
	q := strings.TrimSpace(f.Q)
	if info, err := pii.ValidateIDNumber(q, s.now()); q != "" && err == nil {
		a.idx = s.pii.Index(pii.KindID, info.Number)
	} else if phone, err := pii.NormalizePhone(q); q != "" && err == nil {
		a.phone = s.pii.Index(pii.KindPhone, phone)
	} else {
		a.name = q
	}
	switch f.Tag {
	case TagElderly65:
		a.ageMin = max(a.ageMin, 65)
	case TagChild06:
		if a.ageMax < 0 || a.ageMax > 6 {
			a.ageMax = 6
		}
	}
	a.tagged = f.Tag != "" && !derivedTag(f.Tag)
	if !a.tagged && a.idx == "" && a.phone == "" && f.Household == "" {
		a.counties, err = s.countiesOf(ctx, a.path)
	}
	return a, true, err
}

// aged is whether an age bound is asked for.
func (a *ask) aged() bool { return a.ageMin >= 0 || a.ageMax >= 0 }

// readsR is whether a condition reads the resident row: a tag row carries
// the path, the name and the birth date, nothing else.
func (a *ask) readsR() bool {
	return a.idx != "" || a.phone != "" || a.f.Household != "" || (a.aged() && !a.tagged) ||
		a.f.ResidenceType != "" || a.f.Status != ""
}

// inCounties is the condition that a living resident lies in the counties.
func (a *ask) inCounties() string {
	return "r.county_code IN (?" + strings.Repeat(",?", len(a.counties)-1) + ") AND r.deleted_at IS NULL"
}

// planList builds the query for f within scope as of day today.
func (s *Service) planList(ctx context.Context, scope string, f Filter, today int) (plan, error) {
	a, ok, err := s.ask(ctx, scope, f, today)
	if err != nil {
		return plan{}, err
	}
	if !ok {
		p := plan{from: "residents r", order: "r.region_path, r.name, r.id"}
		p.add("1 = 0")
		return p, nil
	}
	p := a.scoped()
	a.filter(&p)
	// what byPath counts by county code, its page may read by it too
	p.aged = a.aged() && a.name == "" && p.countScope != ""
	p.countQuery, p.countArgs = a.tallied()
	return p, nil
}

// scoped is the plan with the subtree enforced in one of three equivalent
// ways, whichever an index serves alone.
func (a *ask) scoped() plan {
	switch {
	case a.tagged:
		return a.byTagRows()
	case a.name != "" && len(a.counties) > 0:
		return a.byCountyNames()
	default:
		return a.byPath()
	}
}

// byTagRows reads a stored tag's rows in the subtree, which carry the path,
// the name and the birth date, joined to their residents for the page; the
// count reads the tag rows alone when no condition reads the resident.
func (a *ask) byTagRows() plan {
	p := plan{from: "resident_tags t JOIN residents r ON r.id = t.resident_id", order: "t.region_path, t.name, t.resident_id"}
	if !a.readsR() {
		p.countFrom = "resident_tags t"
	}
	cond, args := access.Scope(a.path).Subtree("t.region_path")
	p.add("t.tag = ? AND "+cond, append([]any{a.f.Tag}, args...)...)
	if a.name != "" { // the tag rows carry the name: no join to filter it
		p.add("t.name >= ? AND t.name < ?", a.name, prefixEnd(a.name))
	}
	return p
}

// byCountyNames reads a name search over whole counties (or the city) by
// county code — the second element of every path in a one-root tree — off
// the name index, in name order; over several counties the page is merged
// from each one's first rows (pageSQL).
func (a *ask) byCountyNames() plan {
	p := plan{from: "residents r", order: "r.name, r.id"}
	p.add(a.inCounties(), a.counties...)
	if len(a.counties) > 1 {
		p.split = a.counties
	}
	return p
}

// byPath reads the residents' path range, which the scope index orders by
// and which carries the name and the birth date; over whole counties the
// count says the subtree by county code, which more indexes begin with.
func (a *ask) byPath() plan {
	p := plan{from: "residents r", order: "r.region_path, r.name, r.id"}
	cond, args := access.Scope(a.path).Subtree("r.region_path")
	p.add(cond+" AND r.deleted_at IS NULL", args...)
	if len(a.counties) > 0 {
		p.countScope, p.countScopeArgs = a.inCounties(), a.counties
	}
	return p
}

// filter adds the conditions past the scope.
func (a *ask) filter(p *plan) {
	if a.name != "" && !a.tagged {
		p.add("r.name >= ? AND r.name < ?", a.name, prefixEnd(a.name))
	}
	if a.idx != "" {
		p.add("r.id_idx = ?", a.idx)
	}
	if a.phone != "" {
		p.add("r.phone_idx = ?", a.phone)
	}
	if a.f.Household != "" {
		p.add("r.household_id = ?", a.f.Household)
	}
	birth := "r.birth_ymd"
	if a.tagged {
		birth = "t.birth_ymd"
	}
	if a.ageMin >= 0 {
		p.add(birth+" <= ?", bornBy(a.ageMin, a.today))
	}
	if a.ageMax >= 0 {
		p.add(birth+" > ?", bornBy(a.ageMax+1, a.today))
	}
	if a.f.ResidenceType != "" {
		p.add("r.residence_type = ?", a.f.ResidenceType)
	}
	if a.f.Status != "" {
		p.add("r.status = ?", a.f.Status)
	}
}

// tallied is the count read off a tally, when one answers the filter — a
// subtree and perhaps a stored tag (resident_tallies), one first character
// of the name over whole counties (resident_name_tallies), an age range
// alone over whole counties (resident_birth_tallies); "" when the rows must
// be counted.
func (a *ask) tallied() (string, []any) {
	switch {
	case !a.readsR() && a.name == "" && !a.aged() && (a.f.Tag == "" || a.tagged):
		return tallied(a.f.Tag, a.path)
	case !a.readsR() && a.name != "" && !a.tagged && len(a.counties) > 0 && utf8.RuneCountInString(a.name) == 1:
		return initialCount(a.counties, a.name)
	case a.ageOnly() && len(a.counties) > 0:
		lo, hi := 0, 0
		if a.ageMax >= 0 {
			lo = bornBy(a.ageMax+1, a.today)
		}
		if a.ageMin >= 0 {
			hi = bornBy(a.ageMin, a.today)
		}
		if q, args, ok := agedCount(a.counties, lo, hi); ok {
			return q, args
		}
	}
	return "", nil
}

// ageOnly is whether the filter asks for an age range and nothing else.
func (a *ask) ageOnly() bool {
	return a.aged() && a.idx == "" && a.phone == "" && a.f.Household == "" && a.f.ResidenceType == "" &&
		a.f.Status == "" && a.name == "" && !a.tagged
}
