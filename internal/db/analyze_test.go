package db_test

import (
	"context"
	"strings"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// Analyze leaves the averages and no samples, and a pooled connection that
// had planned before it plans with the new statistics after it.
func TestAnalyze(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, q := range []string{
			"CREATE TABLE analyze_probe (a INTEGER NOT NULL, b INTEGER NOT NULL)",
			"CREATE INDEX analyze_probe_a ON analyze_probe (a)",
			"CREATE INDEX analyze_probe_b ON analyze_probe (b)",
		} {
			if _, err := d.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		err := d.InTx(ctx, func(ctx context.Context) error {
			for i := range 2000 {
				if _, err := d.Exec(ctx, "INSERT INTO analyze_probe (a, b) VALUES (?, ?)", i, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// inside a transaction too (the demo's seed), where PostgreSQL cannot vacuum
		if err := d.InTx(ctx, func(ctx context.Context) error { return d.Analyze(ctx, "analyze_probe") }); err != nil {
			t.Fatal(err)
		}
		if err := d.Analyze(ctx, "analyze_probe"); err != nil {
			t.Fatal(err)
		}
		if d.Dialect != db.SQLite {
			var n int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'analyze_probe' AND schemaname = current_schema()").Scan(&n); err != nil || n != 2 {
				t.Errorf("PostgreSQL's statistics of the two columns: %d %v", n, err)
			}
			// (which pages it can mark all-visible depends on what other sessions of the server have open)
			var vacuums int
			if err := d.QueryRow(ctx, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relid = 'analyze_probe'::regclass").Scan(&vacuums); err != nil || vacuums != 1 {
				t.Errorf("vacuumed %d times (%v), want once", vacuums, err)
			}
			return
		}
		conn, err := d.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		const q = "EXPLAIN QUERY PLAN SELECT b FROM analyze_probe WHERE a = 1 AND b > 1990"
		plan := func() string {
			// a query that reads notices a changed schema (EXPLAIN alone reads nothing)
			var id, parent, unused int
			if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM analyze_probe").Scan(&id); err != nil {
				t.Fatal(err)
			}
			var detail string
			if err := conn.QueryRowContext(ctx, q).Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			return detail
		}
		if p := plan(); !strings.Contains(p, "analyze_probe_a") {
			t.Fatalf("a is unique: %s", p)
		}
		// now every row has a = 1: an equality on a selects them all, which only new statistics tell
		if _, err := d.Exec(ctx, "UPDATE analyze_probe SET a = 1"); err != nil {
			t.Fatal(err)
		}
		if err := d.Analyze(ctx, "analyze_probe"); err != nil { // on another connection: this one is held
			t.Fatal(err)
		}
		if p := plan(); !strings.Contains(p, "analyze_probe_b") {
			t.Errorf("the connection that planned before Analyze still plans with the old statistics: %s", p)
		}
		var stat1, stat4 int
		d.QueryRow(ctx, "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'analyze_probe'").Scan(&stat1)
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM sqlite_stat4").Scan(&stat4); err != nil || stat1 != 2 || stat4 != 0 {
			t.Errorf("stat1 rows %d (want 2), stat4 rows %d (want 0): %v", stat1, stat4, err)
		}
	})
}
