//go:build unix

package db_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"healthgrid/internal/db"
)

// TestFilesOwnerOnly: the database file and its -wal and -shm are readable
// by their owner only, under the usual umask, new or left wider by an
// earlier version.
func TestFilesOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	wider := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(wider, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dsn, path string }{
		{"", filepath.Join(dir, "healthgrid.db")},
		{"sqlite:" + wider, wider},
	} {
		d, err := db.Open(context.Background(), c.dsn, dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(context.Background(), "CREATE TABLE t (x INTEGER)"); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{c.path, c.path + "-wal", c.path + "-shm"} {
			st, err := os.Stat(p)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if st.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v, want -rw-------", filepath.Base(p), st.Mode().Perm())
			}
		}
		d.Close()
	}
}
