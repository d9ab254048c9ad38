package imports

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/db"
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

// A job's temporary files — its shared strings, and what a run of it that
// died left — are gone when it ends.
func TestTempFilesRemovedWhenJobEnds(t *testing.T) {
	e := newEnv(t, testkit.NewSQLite(t))
	s := e.service(10)
	var sst, rows strings.Builder
	sst.WriteString(`<si><t>姓名</t></si><si><t>身份证号</t></si><si><t>网格编码</t></si>`)
	rows.WriteString(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`)
	for i := 1; i <= 25; i++ {
		fmt.Fprintf(&sst, `<si><t>居民%d</t></si><si><t>%s</t></si>`, i, nthID(i))
		fmt.Fprintf(&rows, `<row><c t="s"><v>%d</v></c><c t="s"><v>%d</v></c><c t="inlineStr"><is><t>140902001002001</t></is></c></row>`,
			1+2*i, 2+2*i)
	}
	j := e.create(s, "insert", testkit.XLSX(t, testkit.Part{Head: []byte(rows.String())}, &testkit.Part{Head: []byte(sst.String())}))
	dir := s.jobTmp(j.ID)
	dead := filepath.Join(dir, "sst-data-1")
	os.MkdirAll(dir, 0o700)
	os.WriteFile(dead, []byte("what a run that died left"), 0o600)
	var during []string
	s.SetBatchHook(func(context.Context, string, int) error {
		if during == nil {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				during = append(during, e.Name())
			}
		}
		return nil
	})
	if err := s.run(context.Background(), j.ID); err != nil {
		t.Fatal(err)
	}
	if j = e.get(s, j.ID); j.Status != Done || j.Imported != 25 {
		t.Fatalf("job: %+v", j)
	}
	if len(during) != 2 || !strings.HasPrefix(during[0], "sst-") || slices.Contains(during, "sst-data-1") {
		t.Fatalf("during the run tmp/%s held %v, want its two shared-string files only", j.ID, during)
	}
	if n := countFiles(t, s.tmpDir()); n != 0 {
		t.Fatalf("%d temporary files left after the job", n)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the job's temporary folder is still there: %v", err)
	}
}

// At start, tmp/ keeps only what a live job holds, or what is too young to
// tell (an upload being checked has no job yet).
func TestTempSweptAtStart(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		s := e.service(10)
		ctx := context.Background()
		done, dead, live := e.create(s, "insert", residentsCSV(3)), e.create(s, "insert", residentsCSV(3)), e.create(s, "insert", residentsCSV(3))
		now := e.clock.Now()
		for _, q := range []struct {
			id    string
			st    string
			lease time.Time
		}{{done.ID, Done, now}, {dead.ID, Running, now.Add(-time.Hour)}, {live.ID, Running, now.Add(leaseTTL)}} {
			if _, err := d.Exec(ctx, "UPDATE import_jobs SET status = ?, lease_owner = 'w', lease_until = ? WHERE id = ?", q.st, q.lease, q.id); err != nil {
				t.Fatal(err)
			}
		}
		old := time.Now().Add(-tmpGrace - time.Minute)
		keep, gone := map[string]bool{}, map[string]bool{}
		for name, kept := range map[string]bool{done.ID: false, dead.ID: false, live.ID: true, "orphan-old": false,
			"orphan-young": true, "excelize-123": false} {
			p := filepath.Join(s.tmpDir(), name)
			if strings.HasPrefix(name, "excelize") {
				os.WriteFile(p, []byte("x"), 0o600)
			} else {
				os.MkdirAll(p, 0o700)
				os.WriteFile(filepath.Join(p, "sst-data-1"), []byte("x"), 0o600)
			}
			if name != "orphan-young" {
				os.Chtimes(p, old, old)
			}
			if kept {
				keep[p] = true
			} else {
				gone[p] = true
			}
		}
		e.service(10) // the instance starts again
		for p := range keep {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s swept: %v", filepath.Base(p), err)
			}
		}
		for p := range gone {
			if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s kept at start", filepath.Base(p))
			}
		}
	})
}
