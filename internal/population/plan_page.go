package population

import (
	"fmt"
	"strings"
)

// forPage is the plan of a page once its total is known. A whole county's
// (or the city's) age range with few residents is best read off the birth
// index and sorted (byBirthIndex): walking the scope index in page order
// would pass over nearly every resident of the subtree to find them (the
// city's centenarians); with many, the walk finds a page soon. An engine
// without statistics of the values (SQLite, see db.Dialect.IndexedBy) is
// told so below Settings.FewRows; one with them (PostgreSQL) weighs the two
// itself once the subtree is said by county code, which the birth index
// begins with.
func (s *Service) forPage(p plan, total int) plan {
	hint := s.db.Dialect.IndexedBy("residents_birth")
	switch {
	case !p.aged:
		return p
	case hint == "":
		return p.byCounties()
	case total < s.set.FewRows:
		p = p.byCounties()
		p.from = "residents r" + hint
		return p
	default:
		return p
	}
}

// byCounties is p with the page's scope said by county code, as its count's.
func (p plan) byCounties() plan {
	p.where = append([]string{p.countScope}, p.where[1:]...)
	p.args = append(append([]any{}, p.countScopeArgs...), p.args[p.scopeArgs:]...)
	p.scopeArgs = len(p.countScopeArgs)
	return p
}

// pageSQL is the query of limit rows after offset (all rows for limit 0):
// the plan's rows in its order, or for a name search over several counties
// mergedCounties.
func (p plan) pageSQL(offset, limit int) (string, []any) {
	if limit <= 0 {
		return pageCols + p.from + " WHERE " + p.whereSQL() + " ORDER BY " + p.order, p.args
	}
	if len(p.split) < 2 {
		return pageCols + p.from + " WHERE " + p.whereSQL() + " ORDER BY " + p.order + " LIMIT ? OFFSET ?",
			append(append([]any{}, p.args...), limit, offset)
	}
	return p.mergedCounties(offset, limit)
}

// pageCols is what a page reads of each resident: its columns and its
// grid's name.
const pageCols = "SELECT " + recCols + ", (SELECT g.name FROM regions g WHERE g.code = r.grid_code) FROM "

// mergedCounties merges each county's first offset+limit rows in name
// order, which its name index gives without sorting, instead of sorting
// every match in the city.
func (p plan) mergedCounties(offset, limit int) (string, []any) {
	rest := strings.Join(append([]string{"r.deleted_at IS NULL"}, p.where[1:]...), " AND ")
	subs := make([]string, len(p.split))
	var args []any
	for i, c := range p.split {
		subs[i] = fmt.Sprintf("SELECT id FROM (SELECT r.id AS id FROM residents r WHERE r.county_code = ? AND %s ORDER BY %s LIMIT ?) c%d",
			rest, p.order, i)
		args = append(append(append(args, c), p.args[p.scopeArgs:]...), offset+limit)
	}
	return pageCols + "residents r WHERE r.id IN (" + strings.Join(subs, " UNION ALL ") + ") ORDER BY " + p.order + " LIMIT ? OFFSET ?",
		append(args, limit, offset)
}
