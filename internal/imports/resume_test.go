package imports

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// A run that dies in the middle of a batch leaves none of that batch and
// every batch before it; a fresh service on the same database and folder
// (a restarted instance) goes on from the first batch not committed.
func TestCrashResumes(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		first := e.service(10)
		crash := errors.New("kill -9")
		first.SetBatchHook(func(ctx context.Context, _ string, batch int) error {
			if batch == 4 {
				return crash // the sink has written batch 4's rows in this transaction
			}
			return nil
		})
		j := e.create(first, "insert", residentsCSV(95))
		if err := first.run(ctx, j.ID); !errors.Is(err, crash) {
			t.Fatalf("run: %v, want the crash", err)
		}
		mid := e.get(first, j.ID)
		impAt30, rejAt30 := expected(30)
		if mid.Status != Running || mid.Total != 30 || mid.Imported != int64(impAt30) || mid.Rejected != int64(rejAt30) {
			t.Fatalf("after the crash: %+v, want 3 batches committed", mid)
		}
		if n := e.count("SELECT COUNT(*) FROM fake_residents"); n != impAt30 {
			t.Fatalf("%d residents after the crash, want %d: a batch was half written", n, impAt30)
		}
		if n := e.count("SELECT COUNT(*) FROM import_row_errors"); n != rejAt30 {
			t.Fatalf("%d row errors kept, want %d", n, rejAt30)
		}
		if n := e.count("SELECT COUNT(*) FROM fake_residents WHERE line > 31"); n != 0 {
			t.Fatalf("%d rows from past the resume point", n)
		}

		// the restarted instance waits for the dead worker's lease …
		second := e.service(10)
		if err := second.run(ctx, j.ID); err == nil || !strings.Contains(err.Error(), "Snooze") {
			t.Fatalf("run under a live lease: %v, want a snooze", err)
		}
		// … and takes over once it expires
		e.clock.Advance(leaseTTL + time.Second)
		if err := second.run(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		done := e.get(second, j.ID)
		imp, rej := expected(95)
		if done.Status != Done || done.Total != 95 || done.Imported != int64(imp) || done.Rejected != int64(rej) {
			t.Fatalf("resumed: %+v, want %d + %d = 95", done, imp, rej)
		}
		if n := e.count("SELECT COUNT(*) FROM fake_residents"); n != imp {
			t.Fatalf("%d residents, want %d", n, imp)
		}
		// the duplicate on line 34 (the 33rd resident) was found although
		// its first line was committed before the crash
		rows := e.report(second, j.ID)
		found := false
		for _, r := range rows {
			if r[0] == "34" && strings.Contains(r[2], "与第33行重复") {
				found = true
			}
		}
		if !found || len(rows) != rej+1 {
			t.Fatalf("report after resume: %d rows, duplicate found %v", len(rows), found)
		}
		// the first instance, back to life, finds the job finished
		first.SetBatchHook(nil)
		if err := first.run(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// A job whose file cannot be read fails, saying what was committed, and
// its upload is deleted; the last attempt of a passing failure fails too.
func TestJobFailures(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		s := e.service(10)
		j := e.create(s, "insert", residentsCSV(25))
		var path string
		if err := d.QueryRow(ctx, "SELECT file_path FROM import_jobs WHERE id = ?", j.ID).Scan(&path); err != nil {
			t.Fatal(err)
		}
		os.Remove(path)
		if err := s.run(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		if j = e.get(s, j.ID); j.Status != Failed || !strings.Contains(j.Message, "已提交 0 行") {
			t.Fatalf("missing file: %+v", j)
		}

		// each run on a new instance, as restarts would have it: the count
		// of runs is the job's, not one instance's or one queue job's
		broken := errors.New("database away")
		j2 := e.create(s, "insert", residentsCSV(25))
		for run := 1; run <= DefaultMaxAttempts; run++ {
			s = e.service(10)
			s.SetBatchHook(func(context.Context, string, int) error { return broken })
			err := s.run(ctx, j2.ID)
			if run < DefaultMaxAttempts && !errors.Is(err, broken) || run == DefaultMaxAttempts && err != nil {
				t.Fatalf("run %d: %v", run, err)
			}
			e.clock.Advance(leaseTTL + time.Second)
		}
		if j2 = e.get(s, j2.ID); j2.Status != Failed || !strings.Contains(j2.Message, "database away") || j2.Total != 0 {
			t.Fatalf("last attempt: %+v", j2)
		}
		if uploads, _ := filepath.Glob(filepath.Join(e.dir, "imports", "*.upload")); len(uploads) != 0 {
			t.Fatalf("uploads left: %v", uploads)
		}
		var audits int
		d.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'import.%'").Scan(&audits)
		if audits != 4 {
			t.Fatalf("%d import audit records, want a start and an end for each job", audits)
		}
	})
}

// An import that kills its instance — here a panic that nothing recovers,
// in the middle of its first batch — is run again by each instance that
// starts, at most MaxAttempts times; the run after that fails it, saying
// so, and a failed job is never run again.
func TestCrashLoopEndsFailed(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		j := e.create(e.service(10), "insert", residentsCSV(25))
		die := func(context.Context, string, int) error { panic("out of memory") }
		for start := 1; start <= DefaultMaxAttempts; start++ {
			s := e.service(10) // the instance (re)starts …
			ids, err := s.stale(ctx, true)
			if err != nil || !slices.Contains(ids, j.ID) {
				t.Fatalf("start %d: %v %v, want the job run again", start, ids, err)
			}
			s.SetBatchHook(die)
			func() { // … and dies in the job
				defer func() {
					if recover() == nil {
						t.Fatalf("start %d: the run did not reach its first batch", start)
					}
				}()
				s.run(ctx, j.ID)
			}()
			e.clock.Advance(leaseTTL + time.Second)
		}
		s := e.service(10)
		s.SetBatchHook(die)
		if err := s.run(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		j = e.get(s, j.ID)
		if j.Status != Failed || !strings.Contains(j.Message, "已运行 5 次仍未完成") || !strings.Contains(j.Message, "第5次运行中途停止") ||
			j.Total != 0 || e.count("SELECT COUNT(*) FROM fake_residents") != 0 {
			t.Fatalf("after %d deaths: %+v", DefaultMaxAttempts, j)
		}
		if ids, err := e.service(10).stale(ctx, true); err != nil || len(ids) != 0 {
			t.Fatalf("a failed job is queued at start: %v %v", ids, err)
		}
	})
}
