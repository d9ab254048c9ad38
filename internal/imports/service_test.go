package imports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/jobs"
	"healthgrid/internal/population"
	"healthgrid/internal/testkit"
)

// fakeSink stands in for population: it keeps residents in its own table,
// joining the transaction ctx carries, rejects grid codes not starting
// with 1409 and, in insert mode, ID numbers it has.
type fakeSink struct{ d *db.DB }

func newFakeSink(t *testing.T, d *db.DB) *fakeSink {
	t.Helper()
	if _, err := d.Exec(context.Background(), "CREATE TABLE fake_residents (id_number TEXT PRIMARY KEY, name TEXT NOT NULL, line INTEGER NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	return &fakeSink{d}
}

func (f *fakeSink) CheckBatch(_ context.Context, caller *access.Principal, rows []population.ImportRow) (population.Checked, error) {
	if caller == nil || caller.RegionPath == "" {
		return population.Checked{}, errors.New("no caller")
	}
	return population.Checked{Rows: rows}, nil
}

func (f *fakeSink) WriteBatch(ctx context.Context, caller *access.Principal, mode population.Mode, c population.Checked) (population.BatchResult, error) {
	if caller == nil || caller.RegionPath == "" {
		return population.BatchResult{}, errors.New("no caller")
	}
	var res population.BatchResult
	for _, r := range c.Rows {
		if !strings.HasPrefix(r.GridCode, "1409") {
			res.Rejected = append(res.Rejected, population.RowError{Line: r.Line, Column: "网格编码", Reason: "网格不存在"})
			continue
		}
		var n int
		if err := f.d.QueryRow(ctx, "SELECT COUNT(*) FROM fake_residents WHERE id_number = ?", r.IDNumber).Scan(&n); err != nil {
			return res, err
		}
		switch {
		case n > 0 && mode == population.Insert:
			res.Rejected = append(res.Rejected, population.RowError{Line: r.Line, Column: "身份证号", Reason: "已存在"})
		case n > 0:
			if _, err := f.d.Exec(ctx, "UPDATE fake_residents SET name = ?, line = ? WHERE id_number = ?", r.Name, r.Line, r.IDNumber); err != nil {
				return res, err
			}
			res.Updated++
		default:
			if _, err := f.d.Exec(ctx, "INSERT INTO fake_residents (id_number, name, line) VALUES (?, ?, ?)", r.IDNumber, r.Name, r.Line); err != nil {
				return res, err
			}
			res.Imported++
		}
	}
	return res, nil
}

type env struct {
	t     *testing.T
	d     *db.DB
	dir   string
	clock *testkit.Clock
	sink  *fakeSink
	log   *audit.Log
}

func newEnv(t *testing.T, d *db.DB) *env {
	return &env{t: t, d: d, dir: t.TempDir(), clock: testkit.NewClock(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)),
		sink: newFakeSink(t, d), log: audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: time.Now})}
}

// service is a fresh Service on the env's database and folder, as a
// restarted instance would build it. Its queue is never started: tests
// run jobs by calling run.
func (e *env) service(batch int) *Service {
	e.t.Helper()
	return e.serviceWith(Settings{BatchSize: batch})
}

// serviceWith is service with other settings; the folder and the report's
// life are the env's.
func (e *env) serviceWith(set Settings) *Service {
	e.t.Helper()
	set.DataDir, set.ReportTTL = e.dir, time.Hour
	s, err := New(Deps{DB: e.d, Audit: e.log, Sink: e.sink, Queue: jobs.New(), Settings: set, Now: e.clock.Now,
		Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

var importer = &access.Principal{UserID: "u1", Username: "street", Roles: []string{"region_admin"},
	Perms: map[string]bool{"resident:import": true}, RegionCode: "140902001000", RegionPath: "140900000000/140902000000/140902001000/"}

func (e *env) create(s *Service, mode string, file []byte) Job {
	e.t.Helper()
	in := &Upload{Kind: KindResidents, Mode: mode, FileName: "居民.csv"}
	if err := s.StoreFile(in, bytes.NewReader(file)); err != nil {
		e.t.Fatal(err)
	}
	j, err := s.Create(context.Background(), importer, in)
	if err != nil {
		e.t.Fatal(err)
	}
	return j
}

func (e *env) get(s *Service, id string) Job {
	e.t.Helper()
	j, err := s.Get(context.Background(), "", id)
	if err != nil {
		e.t.Fatal(err)
	}
	return j
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// residentsCSV is a file of n rows: every 7th row has a grid the sink
// rejects, every 11th repeats the ID of the row before it.
func residentsCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("姓名,身份证号,网格编码\n")
	for i := 1; i <= n; i++ {
		id := nthID(i)
		if i%11 == 0 {
			id = nthID(i - 1)
		}
		grid := "140902001002001"
		if i%7 == 0 {
			grid = "990000000000001"
		}
		fmt.Fprintf(&b, "居民%d,%s,%s\n", i, id, grid)
	}
	return b.Bytes()
}

// expected counts what residentsCSV(n) gives in insert mode on an empty table.
func expected(n int) (imported, rejected int) {
	for i := 1; i <= n; i++ {
		if i%11 == 0 || i%7 == 0 {
			rejected++
		} else {
			imported++
		}
	}
	return
}

func TestJobCountsAndReport(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		s := e.service(10)
		ctx := context.Background()
		j := e.create(s, "insert", residentsCSV(95))
		if j.Status != Queued || j.Format != "csv" {
			t.Fatalf("created: %+v", j)
		}
		if err := s.run(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		j = e.get(s, j.ID)
		imp, rej := expected(95)
		if j.Status != Done || j.Total != 95 || j.Imported != int64(imp) || j.Rejected != int64(rej) || j.Updated != 0 || j.Progress != 1 {
			t.Fatalf("done: %+v (want %d imported, %d rejected)", j, imp, rej)
		}
		if n := e.count("SELECT COUNT(*) FROM fake_residents"); n != imp {
			t.Fatalf("%d residents written, want %d", n, imp)
		}
		if j.ErrorReportURL == nil || e.count("SELECT COUNT(*) FROM import_row_errors") != 0 {
			t.Fatalf("report: %v; row errors left behind", j.ErrorReportURL)
		}
		if _, err := os.Stat(filepath.Join(e.dir, "imports")); err != nil {
			t.Fatal(err)
		}
		if uploads, _ := filepath.Glob(filepath.Join(e.dir, "imports", "*.upload")); len(uploads) != 0 {
			t.Fatalf("upload not deleted: %v", uploads)
		}
		rows := e.report(s, j.ID)
		if len(rows) != rej+1 || rows[0][0] != "行号" {
			t.Fatalf("report has %d rows, want %d and a header", len(rows), rej+1)
		}
		// line 8 is the 7th resident, with a grid the sink rejects; line 12
		// the 11th, with the ID of line 11 again
		if r := rows[1]; r[0] != "8" || r[1] != "网格编码" {
			t.Fatalf("first rejected row: %v", r)
		}
		if r := rows[2]; r[0] != "12" || !strings.Contains(r[2], "与第11行重复") || !strings.Contains(r[4], "********") {
			t.Fatalf("duplicate row: %v (ID must be masked)", r)
		}
		// the same file again in insert mode: nothing new, everything rejected
		j2 := e.create(s, "insert", residentsCSV(95))
		if err := s.run(ctx, j2.ID); err != nil {
			t.Fatal(err)
		}
		if j2 = e.get(s, j2.ID); j2.Imported != 0 || j2.Rejected != 95 || e.count("SELECT COUNT(*) FROM fake_residents") != imp {
			t.Fatalf("rerun insert: %+v", j2)
		}
		// and in upsert mode: every valid row updates
		j3 := e.create(s, "upsert", residentsCSV(95))
		if err := s.run(ctx, j3.ID); err != nil {
			t.Fatal(err)
		}
		if j3 = e.get(s, j3.ID); j3.Updated != int64(imp) || j3.Imported != 0 || j3.Rejected != int64(rej) {
			t.Fatalf("rerun upsert: %+v", j3)
		}
		// the report expires: the cleaner deletes it, the download answers gone
		e.clock.Advance(2 * time.Hour)
		if n, err := s.CleanupExpired(ctx); err != nil || n < 1 {
			t.Fatalf("cleanup: %d %v", n, err)
		}
		if _, _, err := s.Report(ctx, importer, j.ID); err != ErrGone {
			t.Fatalf("expired report: %v", err)
		}
		if got := e.get(s, j.ID); got.ErrorReportURL != nil {
			t.Fatalf("expired report still offered: %v", *got.ErrorReportURL)
		}
		if reports, _ := filepath.Glob(filepath.Join(e.dir, "imports", "*.xlsx")); len(reports) != 0 {
			t.Fatalf("expired reports on disk: %v", reports)
		}
	})
}

// report downloads a job's error report and returns its cells.
func (e *env) report(s *Service, id string) [][]string {
	e.t.Helper()
	f, _, err := s.Report(context.Background(), importer, id)
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		e.t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

// A file the import cannot use is refused when it is uploaded, and not kept.
func TestCreateRefuses(t *testing.T) {
	d := testkit.NewSQLite(t)
	e := newEnv(t, d)
	s := e.service(10)
	for _, tt := range []struct {
		name, mode, file, want string
	}{
		{"unknown column", "insert", "姓名,身份证号,网格编码,性别\n", "“性别”"},
		{"bad mode", "merge", "姓名,身份证号,网格编码\n", "mode"},
		{"xls", "insert", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", ".xls"},
		{"empty", "insert", "", "为空"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := &Upload{Kind: KindResidents, Mode: tt.mode}
			err := s.StoreFile(in, strings.NewReader(tt.file))
			if err == nil {
				_, err = s.Create(context.Background(), importer, in)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if files, _ := filepath.Glob(filepath.Join(e.dir, "imports", "*.upload")); len(files) != 0 {
				t.Fatalf("refused upload kept: %v", files)
			}
		})
	}
}
