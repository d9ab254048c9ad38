package db_test

import (
	"context"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// TestTableBytes: a table's size counts its pages and its indexes', more
// for two tables than for one.
func TestTableBytes(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		one, err := d.TableBytes(ctx, "regions")
		if err != nil || one <= 0 {
			t.Fatalf("regions: %d %v", one, err)
		}
		if two, err := d.TableBytes(ctx, "regions", "residents"); err != nil || two <= one {
			t.Errorf("regions and residents: %d (regions %d) %v", two, one, err)
		}
	})
}
