package db

import (
	"context"
	"strconv"
	"strings"
	"sync"
)

// Bulk is one multi-row statement shape: Head, then VALUES with a group of
// Cols ?-placeholders per row, then Tail ("INSERT INTO t (a, b)", " ON
// CONFLICT DO NOTHING"; or a DELETE … IN ( VALUES … ) by whole keys).
type Bulk struct {
	Head, Tail string
	Cols       int
	// MayFail: a constraint of the table can refuse a row half-way through a
	// statement (a unique index, a foreign key), see Dialect.BulkRows
	MayFail bool
}

// bulkParams bounds the parameters of one statement, well under both
// engines' limits (SQLite's 32,766, PostgreSQL's 65,535).
const bulkParams = 16000

// BulkRows is how many rows one statement of b carries. PostgreSQL:
// hundreds, since every statement is a round trip. SQLite: as many for a
// statement that cannot fail half-way, but one for a statement that may:
// inside a transaction SQLite keeps a statement journal for any statement
// that writes several rows and may fail half-way — a copy of every page it
// touches, about eight random index pages per resident — which costs far
// more than running a cached one-row statement again (measured: 5 k against
// 50 k rows/s).
func (d Dialect) BulkRows(b Bulk) int {
	if d == SQLite && b.MayFail {
		return 1
	}
	return min(500, bulkParams/b.Cols)
}

// bulkText caches the text of each shape and row count, so that a chunk size
// always yields the same text (and the same cached statement).
var bulkText sync.Map

// Text is b's statement for rows rows.
func (b Bulk) Text(rows int) string {
	key := b.Head + "\x00" + strconv.Itoa(b.Cols) + "\x00" + strconv.Itoa(rows) + "\x00" + b.Tail
	if q, ok := bulkText.Load(key); ok {
		return q.(string)
	}
	one := "(?" + strings.Repeat(",?", b.Cols-1) + ")"
	var sb strings.Builder
	sb.Grow(len(b.Head) + rows*(len(one)+1) + len(b.Tail) + 8)
	sb.WriteString(b.Head)
	sb.WriteString(" VALUES ")
	for i := range rows {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(one)
	}
	sb.WriteString(b.Tail)
	q := sb.String()
	bulkText.Store(key, q)
	return q
}

// WriteBulk writes n rows with b, as many a statement as the engine likes
// best (BulkRows); args appends row i's values. It returns the rows affected.
func (d *DB) WriteBulk(ctx context.Context, b Bulk, n int, args func(i int, dst []any) []any) (int64, error) {
	var affected int64
	per := d.Dialect.BulkRows(b)
	buf := make([]any, 0, b.Cols*min(per, n))
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		buf = buf[:0]
		for i := lo; i < hi; i++ {
			buf = args(i, buf)
		}
		res, err := d.Exec(ctx, b.Text(hi-lo), buf...)
		if err != nil {
			return affected, err
		}
		if k, err := res.RowsAffected(); err == nil {
			affected += k
		}
	}
	return affected, nil
}

// Warm puts the one-row statements of the shapes the engine writes a row at
// a time into the statement cache, which only fills outside transactions,
// so that batches (always inside one) find them prepared. Each runs once
// with NULLs, which a NOT NULL column refuses before anything is written.
func (d *DB) Warm(bs ...Bulk) {
	for _, b := range bs {
		if d.Dialect.BulkRows(b) == 1 {
			d.Exec(context.Background(), b.Text(1), make([]any, b.Cols)...)
		}
	}
}
