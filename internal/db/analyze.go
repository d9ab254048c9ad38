package db

import (
	"context"
	"fmt"
)

// Analyze refreshes the planner's statistics of tables after a bulk load.
//
// On SQLite it keeps the averages (sqlite_stat1) and drops the samples
// (sqlite_stat4). With samples, SQLite plans a statement again every time a
// parameter that bounds an indexed column is bound to a new value, so a
// cached statement is parsed and planned on every call: a fifth of a
// resident search's CPU at three million residents. The lists choose their
// index by the shape of their filter and the total they count first, not
// by its values (see docs/architecture.md). SQLite connections read the statistics when they
// load the schema, so a schema change at the end makes every pooled
// connection read the new ones.
//
// On PostgreSQL it vacuums as well, unless ctx carries a transaction (the
// demo's seed), where VACUUM cannot run: until a page is marked all-visible
// an index-only scan reads the table for each entry, and autovacuum, when it
// is on at all, comes later.
func (d *DB) Analyze(ctx context.Context, tables ...string) error {
	if d.Dialect != SQLite {
		verb := "VACUUM (ANALYZE) "
		if d.InTransaction(ctx) {
			verb = "ANALYZE "
		}
		for _, t := range tables {
			if _, err := d.Exec(ctx, verb+t); err != nil {
				return fmt.Errorf("db: vacuum %s: %w", t, err)
			}
		}
		return nil
	}
	return d.InTx(ctx, func(ctx context.Context) error {
		for _, t := range tables {
			if _, err := d.Exec(ctx, "ANALYZE "+t); err != nil {
				return fmt.Errorf("db: analyze %s: %w", t, err)
			}
		}
		var stat4 int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'").Scan(&stat4); err != nil {
			return fmt.Errorf("db: analyze: %w", err)
		}
		if stat4 > 0 { // else built without SQLITE_ENABLE_STAT4
			if _, err := d.Exec(ctx, "DELETE FROM sqlite_stat4"); err != nil {
				return fmt.Errorf("db: analyze: drop samples: %w", err)
			}
		}
		for _, q := range []string{"CREATE TABLE analyze_epoch (x INTEGER)", "DROP TABLE analyze_epoch"} {
			if _, err := d.Exec(ctx, q); err != nil {
				return fmt.Errorf("db: analyze: reload: %w", err)
			}
		}
		return nil
	})
}
