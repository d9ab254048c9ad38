package db_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"healthgrid/internal/db"
)

// A data dir whose name holds #, ? or % opens the file in it, not one
// named by the path cut short (a second EachDB's subtest is "sqlite#01").
func TestSQLitePathWithURIMarks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a#b?c%41")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(dir, "x.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(context.Background(), "CREATE TABLE t (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err != nil {
		t.Errorf("the database is not where it was asked to be: %v", err)
	}
}
