package imports

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// A file over a limit its upload's check sees — the bombs of the issue —
// is a job that failed at once, with the limit for its reason in Chinese
// and English; nothing of it is kept, and it is never run.
func TestLimitFailsAtOnce(t *testing.T) {
	sst := &testkit.Part{Head: []byte("<si><t>"), Chunk: bytes.Repeat([]byte("a"), mb), Repeat: 300, Tail: []byte("</t></si>")}
	row := `<row><c t="inlineStr"><is><t>` + strings.Repeat("x", 100) + `</t></is></c></row>`
	files := map[string][]byte{
		"文件中的“xl/sharedStrings.xml”压缩比超过 100 倍": testkit.XLSX(t, testkit.Part{Head: []byte(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}, sst),
		"文件中的“xl/worksheets/sheet1.xml”压缩比超过 100 倍": testkit.XLSX(t, testkit.Part{Head: []byte(headerRow),
			Chunk: []byte(strings.Repeat(row, mb/len(row))), Repeat: 2000}, nil),
	}
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		s := e.service(10)
		ctx := context.Background()
		for want, file := range files {
			j := e.create(s, "insert", file)
			if j.Status != Failed || !strings.Contains(j.Message, want) || !strings.Contains(j.Message, "is compressed more than 100 to 1") ||
				j.FinishedAt == nil || j.Total != 0 {
				t.Fatalf("job: %+v, want failed: %s", j, want)
			}
			if err := s.run(ctx, j.ID); err != nil {
				t.Fatal(err)
			}
			if got := e.get(s, j.ID); got.Status != Failed || got.Message != j.Message {
				t.Fatalf("a refused job ran: %+v", got)
			}
		}
		if ids, err := s.stale(ctx, true); err != nil || len(ids) != 0 {
			t.Fatalf("refused jobs would be run at start: %v %v", ids, err)
		}
		if n := e.count("SELECT COUNT(*) FROM audit_log WHERE action = 'import.finish' AND outcome = 'failure'"); n != 2 {
			t.Fatalf("%d refusals audited, want 2", n)
		}
		assertNothingLeft(t, e)
	})
}

// A file over a limit that only reading it whole shows fails before its
// first batch is written: nothing of it is imported.
func TestLimitMidFileImportsNothing(t *testing.T) {
	long := residentsCSV(30)
	lines := strings.Split(string(long), "\n")
	lines[25] = "居民25," + nthID(25) + ",140902001002001," + strings.Repeat("长", 12000) // 36 KB past the header
	lying := testkit.XLSX(t, testkit.Part{Head: []byte(headerRow), Chunk: []byte(strings.Repeat(plainRow, mb/len(plainRow))), Repeat: 2000,
		Declared: 900 << 10}, nil)
	for _, tt := range []struct {
		name, want string
		file       []byte
	}{
		{"a long cell on line 26", "第26行有单元格超过 32 KB / a cell of row 26 is longer than 32 KB", []byte(strings.Join(lines, "\n"))},
		{"a sheet that says 900 KB and unzips to 2 GB", "解压后超过其声明的大小 / part xl/worksheets/sheet1.xml expands beyond", lying},
	} {
		t.Run(tt.name, func(t *testing.T) {
			testkit.EachDB(t, func(t *testing.T, d *db.DB) {
				e := newEnv(t, d)
				s := e.service(10)
				j := e.create(s, "insert", tt.file)
				if j.Status != Queued {
					t.Fatalf("created: %+v", j)
				}
				if err := s.run(context.Background(), j.ID); err != nil {
					t.Fatal(err)
				}
				if j = e.get(s, j.ID); j.Status != Failed || !strings.Contains(j.Message, tt.want) || j.Total != 0 {
					t.Fatalf("job: %+v, want failed: %s", j, tt.want)
				}
				if n := e.count("SELECT COUNT(*) FROM fake_residents"); n != 0 {
					t.Fatalf("%d rows of a refused file imported", n)
				}
				assertNothingLeft(t, e)
			})
		})
	}
}

// assertNothingLeft: no upload, no temporary file and no resident remain.
func assertNothingLeft(t *testing.T, e *env) {
	t.Helper()
	if uploads, _ := filepath.Glob(filepath.Join(e.dir, "imports", "*.upload")); len(uploads) != 0 {
		t.Fatalf("uploads kept: %v", uploads)
	}
	if n := countFiles(t, filepath.Join(e.dir, "imports", "tmp")); n != 0 {
		t.Fatalf("%d temporary files left", n)
	}
	if n := e.count("SELECT COUNT(*) FROM fake_residents"); n != 0 {
		t.Fatalf("%d residents imported", n)
	}
}

// The limits are what the settings say, and a file just within them goes.
func TestLimitsFromSettings(t *testing.T) {
	e := newEnv(t, testkit.NewSQLite(t))
	s := e.serviceWith(Settings{BatchSize: 10, Limits: Limits{MaxRows: 31, MaxCell: 64}})
	j := e.create(s, "insert", residentsCSV(30)) // 31 lines
	if err := s.run(context.Background(), j.ID); err != nil {
		t.Fatal(err)
	}
	if j = e.get(s, j.ID); j.Status != Done || j.Total != 30 {
		t.Fatalf("a file at the limits: %+v", j)
	}
	over := e.create(s, "upsert", slices.Concat(residentsCSV(30), []byte(fmt.Sprintf("居民31,%s,140902001002001\n", nthID(31)))))
	if err := s.run(context.Background(), over.ID); err != nil {
		t.Fatal(err)
	}
	if over = e.get(s, over.ID); over.Status != Failed || !strings.Contains(over.Message, "文件超过 31 行") || over.Total != 0 {
		t.Fatalf("a line too many: %+v", over)
	}
}

// A rejected row keeps at most 200 bytes of each value for its report:
// the rows of a file within the limits cannot fill the database.
func TestReportValuesAreCut(t *testing.T) {
	e := newEnv(t, testkit.NewSQLite(t))
	s := e.service(10)
	long := strings.Repeat("长", 10000) // 30,000 bytes, under the cell limit
	j := e.create(s, "insert", []byte("姓名,身份证号,网格编码\n"+long+","+nthID(1)+",990000000000001\n"))
	if err := s.run(context.Background(), j.ID); err != nil {
		t.Fatal(err)
	}
	rows := e.report(s, j.ID)
	if len(rows) != 2 {
		t.Fatalf("report: %d rows", len(rows))
	}
	if name := rows[1][3]; len(name) > maxReportValue+len("…") || !strings.HasSuffix(name, "…") || !strings.HasPrefix(long, strings.TrimSuffix(name, "…")) {
		t.Fatalf("reported name of %d bytes: %.40q", len(name), name)
	}
}
