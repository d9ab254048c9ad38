package imports_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/imports"
	"healthgrid/internal/testkit"
)

// A 300 KB xlsx holding one 300 MB shared string is a job that failed at
// once, saying why in Chinese and English; nothing of it is imported.
func TestImportRefusesAZipBomb(t *testing.T) {
	bomb := testkit.XLSX(t, testkit.Part{Head: []byte(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)},
		&testkit.Part{Head: []byte("<si><t>"), Chunk: bytes.Repeat([]byte("a"), 1<<20), Repeat: 300, Tail: []byte("</t></si>")})
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login(t, "region_admin")
		var before, after int
		e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM residents").Scan(&before)
		st, b := upload(c, "insert", "bomb.xlsx", bomb)
		if st != http.StatusAccepted || b.Str("status") != imports.Failed ||
			!strings.Contains(b.Str("message"), "压缩比超过 100 倍") || !strings.Contains(b.Str("message"), "compressed more than 100 to 1") {
			t.Fatalf("upload: %d %s", st, b)
		}
		if _, got := c.Do(http.MethodGet, "/api/v1/imports/"+b.Str("id"), nil); got.Str("status") != imports.Failed {
			t.Fatalf("job: %s", got)
		}
		e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM residents").Scan(&after)
		if after != before {
			t.Fatalf("%d residents imported from a bomb", after-before)
		}
	})
}

// An invalid ID number on two lines is rejected for what is wrong with it
// on both, not as a duplicate of the first.
func TestImportRepeatedBadID(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		apptest.StartJobs(t, e.App)
		c := e.Login(t, "region_admin")
		short := apptest.ImportID(40)[:17]
		file := "姓名,身份证号,网格编码\n甲," + short + "," + apptest.HomeGrid + "\n乙," + short + "," + apptest.HomeGrid + "\n" +
			"丙," + apptest.ImportID(41) + "," + apptest.HomeGrid + "\n"
		st, b := upload(c, "insert", "ids.csv", []byte(file))
		if st != http.StatusAccepted {
			t.Fatalf("upload: %d %s", st, b)
		}
		id := b.Str("id")
		if b = finish(t, c, id); b.Int("imported") != 1 || b.Int("rejected") != 2 {
			t.Fatalf("job: %s", b)
		}
		_, rep := c.Do(http.MethodGet, "/api/v1/imports/"+id+"/errors", nil)
		rows := xlsxRows(t, rep)
		if len(rows) != 3 {
			t.Fatalf("report: %v", rows)
		}
		for _, r := range rows[1:] {
			if r[1] != "身份证号" || r[2] != "身份证号应为18位" {
				t.Errorf("line %s: %s %s, want its length", r[0], r[1], r[2])
			}
		}
	})
}
