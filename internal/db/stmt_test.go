package db

import (
	"context"
	"testing"
)

// A query met first inside a transaction is prepared once it has ended, so
// that the workflow's statements — which all run in transactions — are
// parsed once, not on every action.
func TestStatementsMetInTransactionsGetPrepared(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	const q = "SELECT 40 + ?"
	err = d.InTx(ctx, func(ctx context.Context) error {
		var n int
		if err := d.QueryRow(ctx, q, 2).Scan(&n); err != nil || n != 42 {
			t.Errorf("in the transaction: %d %v", n, err)
		}
		if _, ok := d.stmts.Load(q); ok {
			t.Error("prepared while the transaction held its connection")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.stmts.Load(q); !ok {
		t.Fatal("not prepared after the transaction")
	}
	err = d.InTx(ctx, func(ctx context.Context) error {
		var n int
		return d.QueryRow(ctx, q, 3).Scan(&n)
	})
	if err != nil {
		t.Errorf("the prepared statement in a later transaction: %v", err)
	}
}
