package population

import (
	"cmp"
	"context"
	"fmt"
	"healthgrid/internal/access"
	"slices"
	"strings"
	"unicode/utf8"
)

// Tallies are the living residents of each region at every level (city to
// grid), in all (tag "") and per stored tag, kept by reindex in the
// transaction of every write. They answer the counts of the lists that
// filter by nothing but a subtree and perhaps a stored tag — the commonest,
// and the costliest to count row by row — from one row. The city's rows
// are moved by every write; residents change slowly enough (an import is
// one batch a second) that on PostgreSQL this row queues nothing that
// matters, unlike the event workflow's (which shards its all-matters rows).

type tallyKey struct{ tag, path string }

// addTallies adds to the counts many rows a statement: the table is small
// (a row per region and tag), so SQLite's statement journal for a multi-row
// statement costs little there, unlike on the residents' indexes.
var addTallies = bulk{"INSERT INTO resident_tallies (tag, region_path, n)",
	" ON CONFLICT (tag, region_path) DO UPDATE SET n = resident_tallies.n + excluded.n", 3, true}

// tally adds d to the counts r's state contributes to, at every level of
// its path.
func tally(deltas map[tallyKey]int64, r *rec, d int64) {
	if r == nil || r.Deleted {
		return
	}
	for _, p := range access.Scope(r.Path).Lineage() {
		deltas[tallyKey{"", p}] += d
		for _, t := range r.Tags {
			deltas[tallyKey{t, p}] += d
		}
	}
}

// reindex moves the tag rows and the tallies of residents from their old
// states (nil: none) to their current ones. Every write of a resident goes
// through it.
func (s *Service) reindex(ctx context.Context, old, cur []*rec) error {
	if err := s.retag(ctx, old, cur); err != nil {
		return err
	}
	s.touched(ctx, paths(old, cur)...)
	deltas := map[tallyKey]int64{}
	for i := range cur {
		if old[i] == nil || !sameTagRows(old[i], cur[i]) {
			tally(deltas, old[i], -1)
			tally(deltas, cur[i], +1)
		}
	}
	err := addDeltas(ctx, s, addTallies, deltas, func(a, b tallyKey) int {
		return cmp.Or(strings.Compare(a.tag, b.tag), strings.Compare(a.path, b.path))
	}, func(k tallyKey, dst []any) []any { return append(dst, k.tag, k.path) })
	if err != nil {
		return fmt.Errorf("resident: tallies: %w", err)
	}
	if err := addCountyDeltas(ctx, s, addBirthTallies, old, cur, birthYear); err != nil {
		return fmt.Errorf("resident: birth tallies: %w", err)
	}
	if err := addCountyDeltas(ctx, s, addNameTallies, old, cur, initial); err != nil {
		return fmt.Errorf("resident: name tallies: %w", err)
	}
	return nil
}

// addBuildingTallies adds to the buildings counted at each level.
var addBuildingTallies = bulk{"INSERT INTO building_tallies (region_path, n)",
	" ON CONFLICT (region_path) DO UPDATE SET n = building_tallies.n + excluded.n", 2, true}

// tallyBuildings moves the building tallies: d[path] buildings more (or
// fewer) in the grid at path, counted at every level of it.
func (s *Service) tallyBuildings(ctx context.Context, d map[string]int64) error {
	deltas := map[string]int64{}
	for path, n := range d {
		for _, p := range access.Scope(path).Lineage() {
			deltas[p] += n
		}
	}
	err := addDeltas(ctx, s, addBuildingTallies, deltas, strings.Compare, func(k string, dst []any) []any { return append(dst, k) })
	if err != nil {
		return fmt.Errorf("building: tallies: %w", err)
	}
	return nil
}

// paths are the distinct grid paths of the residents' states.
func paths(states ...[]*rec) []string {
	var out []string
	for _, rs := range states {
		for _, r := range rs {
			if r != nil && r.Path != "" && !slices.Contains(out, r.Path) {
				out = append(out, r.Path)
			}
		}
	}
	return out
}

// addDeltas adds each non-zero delta to its tally row with b, many rows a
// statement, in the keys' order: the same for every writer, so that two on
// PostgreSQL lock rows alike. key appends a key's columns.
func addDeltas[K comparable](ctx context.Context, s *Service, b bulk, deltas map[K]int64, order func(a, b K) int,
	key func(k K, dst []any) []any) error {
	keys := make([]K, 0, len(deltas))
	for k, d := range deltas {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, order)
	_, err := s.run(ctx, b, len(keys), func(i int, dst []any) []any { return append(key(keys[i], dst), deltas[keys[i]]) })
	return err
}

// countyKey is a row of a tally per county and a value of its residents':
// their year of birth (resident_birth_tallies) or the first character of
// their name (resident_name_tallies). A deleted resident has none (county "").
type countyKey[V cmp.Ordered] struct {
	county string
	v      V
}

func birthYear(r *rec) int { return r.Birth / 10000 }

func initial(r *rec) string {
	_, size := utf8.DecodeRuneInString(r.Name)
	return r.Name[:size]
}

// addCountyDeltas moves the per-county tally b of each resident whose key
// (its county and of(r)) changed from old to cur.
func addCountyDeltas[V cmp.Ordered](ctx context.Context, s *Service, b bulk, old, cur []*rec, of func(*rec) V) error {
	keyOf := func(r *rec) countyKey[V] {
		if r == nil || r.Deleted {
			return countyKey[V]{}
		}
		return countyKey[V]{access.Scope(r.Path).County().Code(), of(r)}
	}
	deltas := map[countyKey[V]]int64{}
	for i := range cur {
		o, c := keyOf(old[i]), keyOf(cur[i])
		if o == c {
			continue
		}
		if o.county != "" {
			deltas[o]--
		}
		if c.county != "" {
			deltas[c]++
		}
	}
	return addDeltas(ctx, s, b, deltas, func(a, b countyKey[V]) int {
		return cmp.Or(strings.Compare(a.county, b.county), cmp.Compare(a.v, b.v))
	}, func(k countyKey[V], dst []any) []any { return append(dst, k.county, k.v) })
}

var addBirthTallies = bulk{"INSERT INTO resident_birth_tallies (county_code, birth_y, n)",
	" ON CONFLICT (county_code, birth_y) DO UPDATE SET n = resident_birth_tallies.n + excluded.n", 3, true}

var addNameTallies = bulk{"INSERT INTO resident_name_tallies (county_code, initial, n)",
	" ON CONFLICT (county_code, initial) DO UPDATE SET n = resident_name_tallies.n + excluded.n", 3, true}

// initialCount counts the living residents of counties whose name begins
// with the one character first.
func initialCount(counties []any, first string) (string, []any) {
	return "SELECT COALESCE(SUM(n), 0) FROM resident_name_tallies WHERE county_code IN (?" +
		strings.Repeat(",?", len(counties)-1) + ") AND initial = ?", append(append([]any{}, counties...), first)
}

// agedCount counts the living residents of counties born after lo and on
// or before hi (yyyymmdd; 0: no bound): the whole years between the two
// from the birth tallies, and each boundary year's part from the birth
// index — or, when that part is the larger one, the whole year from its
// tally less the other part. ok is false when both bounds fall in one year,
// which the index counts alone.
func agedCount(counties []any, lo, hi int) (q string, args []any, ok bool) {
	if lo > 0 && hi > 0 && lo/10000 >= hi/10000 { // in one year, or none
		return "", nil, false
	}
	in := "county_code IN (?" + strings.Repeat(",?", len(counties)-1) + ")"
	var born []string
	var bornArgs []any
	add := func(sign string, a, b int) { // those born after a and before b
		born = append(born, sign+" (SELECT COUNT(*) FROM residents WHERE "+in+" AND deleted_at IS NULL AND birth_ymd > ? AND birth_ymd < ?)")
		bornArgs = append(append(bornArgs, counties...), a, b)
	}
	const midYear = 701   // mmdd
	fromY, toY := 0, 9999 // the years taken whole from the tallies
	if y := lo / 10000; lo > 0 {
		if lo%10000 < midYear { // lo's year whole, less those born on or before lo
			fromY = y
			add("-", y*10000, lo+1)
		} else { // the rest of lo's year
			fromY = y + 1
			add("+", lo, fromY*10000)
		}
	}
	if y := hi / 10000; hi > 0 {
		if hi%10000 >= midYear { // hi's year whole, less those born after hi
			toY = y
			add("-", hi, (y+1)*10000)
		} else { // hi's year up to hi
			toY = y - 1
			add("+", y*10000, hi+1)
		}
	}
	q = "SELECT (SELECT COALESCE(SUM(n), 0) FROM resident_birth_tallies WHERE " + in + " AND birth_y >= ? AND birth_y <= ?) " +
		strings.Join(born, " ")
	return q, append(append(append(args, counties...), fromY, toY), bornArgs...), true
}

// tallied is the count of living residents in the subtree path (a region's)
// with the stored tag (all residents for ""), from its tally row.
func tallied(tag, path string) (string, []any) {
	return "SELECT COALESCE(SUM(n), 0) FROM resident_tallies WHERE tag = ? AND region_path = ?", []any{tag, path}
}
