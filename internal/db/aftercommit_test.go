package db_test

import (
	"context"
	"errors"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// TestAfterCommit: what is deferred to the commit runs once the outermost
// transaction commits, never after a rollback, and at once outside one.
func TestAfterCommit(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var ran []string
		d.AfterCommit(ctx, func(context.Context) { ran = append(ran, "no tx") })
		err := d.InTx(ctx, func(ctx context.Context) error {
			d.AfterCommit(ctx, func(ctx context.Context) {
				ran = append(ran, "outer")
				if d.InTransaction(ctx) {
					t.Error("the function runs inside the committed transaction")
				}
			})
			err := d.InTx(ctx, func(ctx context.Context) error {
				d.AfterCommit(ctx, func(context.Context) { ran = append(ran, "inner") })
				return nil
			})
			if len(ran) != 1 {
				t.Errorf("ran before the outer commit: %v", ran)
			}
			return err
		})
		if err != nil || len(ran) != 3 || ran[1] != "outer" || ran[2] != "inner" {
			t.Fatalf("after commit: %v %v", ran, err)
		}
		boom := errors.New("boom")
		err = d.InTx(ctx, func(ctx context.Context) error {
			d.AfterCommit(ctx, func(context.Context) { ran = append(ran, "rolled back") })
			return boom
		})
		if !errors.Is(err, boom) || len(ran) != 3 {
			t.Errorf("after a rollback: %v %v", ran, err)
		}
	})
}
