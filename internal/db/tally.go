package db

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"healthgrid/internal/access"
)

// Tally is a table of counts kept in step with the rows they count: every
// write adds to them, in its own transaction, what it changed, so that a
// list's total is a row or a few, not a count of a city's rows (see
// "Counting at city scale" in docs/architecture.md). It is the one way a
// module keeps one; population (residents, buildings), event (cases per
// status and matter, per due day) and notify (each user's inbox) do, and so
// would an epidemic module tallying cases per disease and region, or a
// dispatch module its open tasks per unit:
//
//	var cases = &db.Tally{Table: "epidemic_tallies", Keys: []string{"region_path", "disease"},
//		Counts: []string{"n"}, Path: "region_path"}
//
//	d := cases.Deltas()
//	d.Add([]any{old.RegionPath, old.Disease}, -1) // in the transaction of the write
//	d.Add([]any{cur.RegionPath, cur.Disease}, +1)
//	err := d.Apply(ctx, s.db)
//
//	at, args := cases.At(scope)
//	q, args := cases.Sum("n", at+" AND disease = ?", append(args, disease)...)
//
// The table's primary key is Keys, and each Counts column is NOT NULL.
type Tally struct {
	Table  string
	Keys   []string // the key columns: the table's primary key
	Counts []string // the count columns, each moved by a delta
	// Path, if set, is the key column holding a region path: a delta at a
	// path counts at every level of it (access.Scope.Lineage) — the city, the
	// county … the grid — so that any subtree's count is its head's one row
	// (At), whatever the area.
	Path string
}

// maxKeys and maxCounts bound a tally's key and count columns.
const maxKeys, maxCounts = 4, 4

type tallyKey [maxKeys]any

// Deltas gather what writes add to a tally's rows, by key, until Apply
// writes them.
type Deltas struct {
	t    *Tally
	path int // the index of Path in Keys; -1 for none
	rows map[tallyKey][maxCounts]int64
}

// Deltas is an empty gathering of deltas to t.
func (t *Tally) Deltas() *Deltas {
	if len(t.Keys) > maxKeys || len(t.Counts) > maxCounts {
		panic("db: tally " + t.Table + " has too many columns")
	}
	return &Deltas{t: t, path: slices.Index(t.Keys, t.Path), rows: map[tallyKey][maxCounts]int64{}}
}

// Add adds n — a value per count column, in order — to the row keyed by key
// (a value per key column: a string or an integer); with Path, to that row
// at every level of the path.
func (d *Deltas) Add(key []any, n ...int64) {
	var k tallyKey
	copy(k[:], key)
	if d.path < 0 {
		d.add(k, n)
		return
	}
	p := k[d.path].(string)
	for i := range len(p) {
		if p[i] == '/' {
			k[d.path] = p[:i+1]
			d.add(k, n)
		}
	}
}

func (d *Deltas) add(k tallyKey, n []int64) {
	v := d.rows[k]
	for i, x := range n {
		v[i] += x
	}
	d.rows[k] = v
}

// Apply writes the deltas gathered — but rows that none moves — and empties
// d. Rows are written in the order of their keys, column by column: the
// same for every writer of every tally, so that two transactions on
// PostgreSQL lock rows alike and never wait on each other in a circle.
// They go as multi-row upserts, as many rows a statement as the engine
// likes best (a tally's upsert cannot fail half-way: see Dialect.BulkRows).
func (d *Deltas) Apply(ctx context.Context, db *DB) error {
	keys := make([]tallyKey, 0, len(d.rows))
	for k, v := range d.rows {
		if v != ([maxCounts]int64{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, compareKeys)
	nk := len(d.t.Keys)
	_, err := db.WriteBulk(ctx, d.t.upsert(), len(keys), func(i int, dst []any) []any {
		dst = append(dst, keys[i][:nk]...)
		v := d.rows[keys[i]]
		for j := range d.t.Counts {
			dst = append(dst, v[j])
		}
		return dst
	})
	clear(d.rows)
	if err != nil {
		return fmt.Errorf("%s: %w", d.t.Table, err)
	}
	return nil
}

// upsert is the statement that adds a row's deltas to its counts.
func (t *Tally) upsert() Bulk {
	sets := make([]string, len(t.Counts))
	for i, c := range t.Counts {
		sets[i] = c + " = " + t.Table + "." + c + " + excluded." + c
	}
	return Bulk{Head: "INSERT INTO " + t.Table + " (" + strings.Join(append(slices.Clip(t.Keys), t.Counts...), ", ") + ")",
		Tail: " ON CONFLICT (" + strings.Join(t.Keys, ", ") + ") DO UPDATE SET " + strings.Join(sets, ", "),
		Cols: len(t.Keys) + len(t.Counts)}
}

// compareKeys orders keys column by column; strings by their bytes.
func compareKeys(a, b tallyKey) int {
	for i := range a {
		if c := compareValues(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

func compareValues(a, b any) int {
	switch x := a.(type) {
	case nil:
		if b == nil {
			return 0
		}
		return -1
	case string:
		return strings.Compare(x, b.(string))
	case int:
		return cmp.Compare(x, b.(int))
	case int64:
		return cmp.Compare(x, b.(int64))
	}
	panic(fmt.Sprintf("db: a tally key of type %T", a))
}

// At is the condition that selects the rows counting the subtree at scope:
// the rows of its head, since a delta counts at every level of its path.
func (t *Tally) At(scope access.Scope) (string, []any) {
	return t.Path + " = ?", []any{string(scope)}
}

// Sum is the query of the total of the count column over the rows cond
// selects (with args), 0 when there are none: a count read off the tally.
func (t *Tally) Sum(count, cond string, args ...any) (string, []any) {
	return "SELECT COALESCE(SUM(" + count + "), 0) FROM " + t.Table + " WHERE " + cond, args
}
