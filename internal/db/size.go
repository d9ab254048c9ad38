package db

import (
	"context"
	"fmt"
	"strings"
)

// TableBytes is the space tables take on disk with their indexes
// (PostgreSQL: with their TOAST; SQLite: their pages, from dbstat).
func (d *DB) TableBytes(ctx context.Context, tables ...string) (int64, error) {
	args := make([]any, len(tables))
	for i, t := range tables {
		args[i] = t
	}
	in := "(?" + strings.Repeat(",?", len(tables)-1) + ")"
	q := "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c WHERE c.relkind = 'r' AND c.relname IN " + in
	if d.Dialect == SQLite {
		q = "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name IN " + in + ")"
	}
	var n int64
	if err := d.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("db: table size: %w", err)
	}
	return n, nil
}
