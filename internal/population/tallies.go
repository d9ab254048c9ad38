package population

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// Tallies are the living residents of each region at every level (city to
// grid), in all (tag "") and per stored tag, kept by reindex in the
// transaction of every write. They answer the counts of the lists that
// filter by nothing but a subtree and perhaps a stored tag — the commonest,
// and the costliest to count row by row — from one row. The city's rows
// are moved by every write; residents change slowly enough (an import is
// one batch a second) that on PostgreSQL this row queues nothing that
// matters, unlike the event workflow's (which shards its all-matters rows).
// Beside them (each a db.Tally): the buildings at every level, and the
// residents per county and year of birth, and per county and first
// character of their name.
var (
	residentTallies = &db.Tally{Table: "resident_tallies", Keys: []string{"tag", "region_path"}, Counts: []string{"n"},
		Path: "region_path"}
	buildingTallies = &db.Tally{Table: "building_tallies", Keys: []string{"region_path"}, Counts: []string{"n"},
		Path: "region_path"}
	birthTallies = &db.Tally{Table: "resident_birth_tallies", Keys: []string{"county_code", "birth_y"}, Counts: []string{"n"}}
	nameTallies  = &db.Tally{Table: "resident_name_tallies", Keys: []string{"county_code", "initial"}, Counts: []string{"n"}}
)

// tally adds n to the counts r's state contributes to.
func tally(d *db.Deltas, r *rec, n int64) {
	if r == nil || r.Deleted {
		return
	}
	d.Add([]any{"", r.Path}, n)
	for _, t := range r.Tags {
		d.Add([]any{t, r.Path}, n)
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
	d := residentTallies.Deltas()
	for i := range cur {
		if old[i] == nil || !sameTagRows(old[i], cur[i]) {
			tally(d, old[i], -1)
			tally(d, cur[i], +1)
		}
	}
	if err := d.Apply(ctx, s.db); err != nil {
		return fmt.Errorf("resident: tallies: %w", err)
	}
	if err := s.moveCountyTallies(ctx, birthTallies, old, cur, birthYear); err != nil {
		return fmt.Errorf("resident: birth tallies: %w", err)
	}
	if err := s.moveCountyTallies(ctx, nameTallies, old, cur, initial); err != nil {
		return fmt.Errorf("resident: name tallies: %w", err)
	}
	return nil
}

// tallyBuildings moves the building tallies: moved[path] buildings more (or
// fewer) in the grid at path.
func (s *Service) tallyBuildings(ctx context.Context, moved map[string]int64) error {
	d := buildingTallies.Deltas()
	for path, n := range moved {
		d.Add([]any{path}, n)
	}
	if err := d.Apply(ctx, s.db); err != nil {
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

// birthYear and initial are what a per-county tally counts a resident by:
// their year of birth (resident_birth_tallies), the first character of their
// name (resident_name_tallies).
func birthYear(r *rec) any { return r.Birth / 10000 }

func initial(r *rec) any {
	_, size := utf8.DecodeRuneInString(r.Name)
	return r.Name[:size]
}

// moveCountyTallies moves the per-county tally t of each resident whose key
// — its county and of(r) — changed from old to cur. A deleted resident has
// none.
func (s *Service) moveCountyTallies(ctx context.Context, t *db.Tally, old, cur []*rec, of func(*rec) any) error {
	keyOf := func(r *rec) []any {
		if r == nil || r.Deleted {
			return nil
		}
		return []any{access.Scope(r.Path).County().Code(), of(r)}
	}
	d := t.Deltas()
	for i := range cur {
		o, c := keyOf(old[i]), keyOf(cur[i])
		if slices.Equal(o, c) {
			continue
		}
		if o != nil {
			d.Add(o, -1)
		}
		if c != nil {
			d.Add(c, +1)
		}
	}
	return d.Apply(ctx, s.db)
}

// initialCount counts the living residents of counties whose name begins
// with the one character first.
func initialCount(counties []any, first string) (string, []any) {
	return nameTallies.Sum("n", "county_code IN (?"+strings.Repeat(",?", len(counties)-1)+") AND initial = ?",
		append(append([]any{}, counties...), first)...)
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
	whole, args := birthTallies.Sum("n", in+" AND birth_y >= ? AND birth_y <= ?", append(slices.Clip(counties), fromY, toY)...)
	return "SELECT (" + whole + ") " + strings.Join(born, " "), append(args, bornArgs...), true
}

// tallied is the count of living residents in the subtree path (a region's)
// with the stored tag (all residents for ""), from its tally row.
func tallied(tag, path string) (string, []any) {
	at, args := residentTallies.At(access.Scope(path))
	return residentTallies.Sum("n", "tag = ? AND "+at, append([]any{tag}, args...)...)
}

// Living is the living residents of each region path's subtree, read off
// the tallies (a row a path, whatever the area); a path with nobody is 0.
// Epidemic coverage (应检尽检) divides by it.
func (s *Service) Living(ctx context.Context, paths []string) (map[string]int64, error) {
	out := make(map[string]int64, len(paths))
	for part := range slices.Chunk(paths, smallChunk) {
		args := []any{""}
		for _, p := range part {
			args = append(args, p)
			out[p] = 0
		}
		rows, err := s.db.Query(ctx, "SELECT region_path, n FROM resident_tallies WHERE tag = ? AND region_path IN (?"+
			strings.Repeat(",?", len(part)-1)+")", args...)
		if err != nil {
			return nil, fmt.Errorf("resident: living: %w", err)
		}
		for rows.Next() {
			var p string
			var n int64
			if err := rows.Scan(&p, &n); err != nil {
				rows.Close()
				return nil, err
			}
			out[p] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
