package testkit

import (
	"context"
	"database/sql"
	"testing"

	"modernc.org/sqlite"

	"healthgrid/internal/db"
)

// Reads is how much of the database fn reads: on SQLite the pages it
// fetches (from the page cache or the file), on PostgreSQL the rows it
// reads and the index scans it starts. Tests hold a query's work to what it
// should need, where its cost would show only at scale, without timing it.
// fn runs once before, so that what a first call loads (the schema, cached
// statements) is not counted; nothing else may use d meanwhile.
func Reads(t testing.TB, d *db.DB, fn func(ctx context.Context)) int {
	t.Helper()
	ctx := context.Background()
	fn(ctx)
	if d.Dialect != db.SQLite {
		var n int
		err := d.InTx(ctx, func(ctx context.Context) error {
			before, err := pgReads(ctx, d)
			if err != nil {
				return err
			}
			fn(ctx)
			after, err := pgReads(ctx, d)
			n = after - before
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// one connection, so that the counters read are those fn's queries moved
	pool := d.SQL()
	defer pool.SetMaxOpenConns(pool.Stats().MaxOpenConnections)
	pool.SetMaxOpenConns(1)
	pages(t, pool, true)
	fn(ctx)
	return pages(t, pool, false)
}

// pgReads is the rows read and the index scans started so far in the
// context's transaction.
func pgReads(ctx context.Context, d *db.DB) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT COALESCE(SUM(seq_tup_read + COALESCE(idx_tup_fetch, 0) + COALESCE(idx_scan, 0)), 0)
		FROM pg_stat_xact_user_tables`).Scan(&n)
	return n, err
}

// pages is how many pages the SQLite connection has fetched since the last
// reset (and resets the count when asked).
func pages(t testing.TB, pool *sql.DB, reset bool) int {
	t.Helper()
	c, err := pool.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	n := 0
	err = c.Raw(func(dc any) error {
		for _, op := range []sqlite.DBStatusOp{sqlite.DBStatusCacheHit, sqlite.DBStatusCacheMiss} {
			cur, _, err := dc.(sqlite.DBStatus).Status(op, reset)
			if err != nil {
				return err
			}
			n += cur
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
