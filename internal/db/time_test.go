package db_test

import (
	"context"
	"testing"
	"time"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// TestTimeOfExpression reads a timestamp through an expression, which SQLite
// gives back as text, and a NULL, on both engines.
func TestTimeOfExpression(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Date(2026, 12, 7, 14, 30, 15, 123456000, time.UTC)
		if _, err := d.Exec(ctx, "CREATE TABLE times (a TIMESTAMPTZ, b TIMESTAMPTZ)"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, "INSERT INTO times (a, b) VALUES (?, NULL)", at); err != nil {
			t.Fatal(err)
		}
		var got, none db.Time
		if err := d.QueryRow(ctx, "SELECT CASE WHEN 1 = 1 THEN a ELSE b END, CASE WHEN 1 = 1 THEN b ELSE a END FROM times").
			Scan(&got, &none); err != nil {
			t.Fatal(err)
		}
		if !got.Valid || !got.Time.Equal(at) || none.Valid || none.Ptr() != nil {
			t.Errorf("got %v %v, none %v", got.Time, got.Valid, none.Valid)
		}
	})
}
