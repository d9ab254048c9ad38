package db

import "context"

// ForUpdate is the row-lock clause for a SELECT that must serialise writers.
// SQLite has none and needs none: its IMMEDIATE transactions already do.
func (d Dialect) ForUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// LockTx holds the application-wide lock key until the transaction ctx
// carries ends: writers of one shared structure (the transmission graph)
// take turns. PostgreSQL: a transaction-level advisory lock; SQLite's
// IMMEDIATE transactions already take turns.
func (d *DB) LockTx(ctx context.Context, key int64) error {
	if d.Dialect != Postgres {
		return nil
	}
	_, err := d.Exec(ctx, "SELECT pg_advisory_xact_lock(?)", key)
	return err
}
