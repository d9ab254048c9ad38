package imports

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"healthgrid/internal/testkit"
)

// The sweep deletes old uploads no job refers to and what excelize left in
// tmp/, and keeps a running job's upload.
func TestSweepFolder(t *testing.T) {
	d := testkit.NewSQLite(t)
	e := newEnv(t, d)
	s := e.service(10)
	j := e.create(s, "insert", residentsCSV(3))
	var live string
	d.QueryRow(context.Background(), "SELECT file_path FROM import_jobs WHERE id = ?", j.ID).Scan(&live)
	orphan := filepath.Join(s.dir(), "orphan.upload")
	tmp := filepath.Join(s.tmpDir(), "excelize-123")
	young := filepath.Join(s.dir(), "young.upload")
	old := time.Now().Add(-orphanAge - time.Minute)
	for _, p := range []string{orphan, tmp, young} {
		os.WriteFile(p, []byte("x"), 0o600)
	}
	for _, p := range []string{orphan, tmp, live} {
		os.Chtimes(p, old, old)
	}
	if n, err := s.CleanupExpired(context.Background()); err != nil || n != 2 {
		t.Fatalf("cleanup: %d %v", n, err)
	}
	for p, want := range map[string]bool{orphan: false, tmp: false, young: true, live: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", p, err == nil, want)
		}
	}
}
