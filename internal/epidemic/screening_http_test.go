package epidemic_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/config"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// uploadList posts a list file with its fields as multipart/form-data.
func uploadList(t testing.TB, c *testkit.Client, name string, file []byte, fields map[string]string) (int, testkit.Body) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(file)
	w.Close()
	c.Header.Set("Content-Type", w.FormDataContentType())
	defer c.Header.Del("Content-Type")
	return c.Do(http.MethodPost, "/api/v1/epidemic/screenings", body.Bytes())
}

func listFields(e *apptest.Env, name string) map[string]string {
	return map[string]string{"name": name, "deadline": e.Clock.Now().Add(24 * time.Hour).Format(time.RFC3339),
		"disease": "B27", "category": "close_contact"}
}

// xlsxOf is a workbook of rows.
func xlsxOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestScreeningUploadOverHTTP: a csv with Chinese headers in another order
// and an xlsx with English ones are taken in; each refused row is reported
// with its line, field and reason, the rest land once each — by resident,
// grid code, region code (a pool), outside the city (a hand-over) — and
// the counts are the rows' recount.
func TestScreeningUploadOverHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer := e.Login(t, "epidemic_officer")
		csv := "备注,网格编码,姓名,身份证号,手机号\n" +
			"居民,," + "张三," + apptest.IDNumber(900) + ",13900001111\n" + // the resident of PeopleGrid
			"," + apptest.HomeGrid + ",李四,,\n" +
			",,王五,,\n" + // the caller's pool
			",110101000000,赵六,,\n" + // outside the city: a hand-over
			",,孙七,123,\n" + // a bad ID number
			",,,,13900002222\n" + // no name
			"重复,,张三," + apptest.IDNumber(900) + ",\n" + // named twice: once
			"," + apptest.HomeTownship + ",钱八,,\n" // the township's pool
		st, b := uploadList(t, officer, "名单.csv", []byte(csv), listFields(e, "密接排查第1批"))
		if st != 201 || b.Int("rows_read") != 8 || b.Int("rows_rejected") != 2 || b.Int("repeated") != 1 ||
			b.Int("matched") != 1 || b.Int("handover") != 1 || b.Int("received") != 5 || b.Int("distributed") != 2 ||
			b.Int("pool") != 3 {
			t.Fatalf("upload: %d %s", st, b)
		}
		if b.Int("rejected.0.line") != 6 || b.Str("rejected.0.field") != "id_number" || b.Int("rejected.1.line") != 7 ||
			b.Str("rejected.1.field") != "name" || !strings.Contains(b.Str("rejected.1.reason"), "姓名不能为空") {
			t.Errorf("rejects: %s", b.Get("rejected"))
		}
		id := b.Str("id")
		checkTallies(t, e.App.DB, id, "a csv")
		_, pr := officer.Do("GET", "/api/v1/epidemic/screenings/"+id+"/progress", nil)
		if pr.Str("items.0.region_code") != apptest.HomeTownship || pr.Int("items.0.received") != 3 ||
			pr.Int("items.0.distributed") != 2 || pr.Int("items.0.pool") != 1 || pr.Int("here.pool") != 2 {
			t.Errorf("progress: %s", pr)
		}
		_, hs := officer.Do("GET", "/api/v1/epidemic/screenings/"+id+"/handovers", nil)
		if len(hs.Get("items").([]any)) != 1 || hs.Str("items.0.destination") != "110101000000" || hs.Str("items.0.name") != "赵六" {
			t.Errorf("handovers: %s", hs)
		}
		if st, _ := officer.Do("GET", "/api/v1/epidemic/screenings/"+id+"/handovers.xlsx", nil); st != 200 {
			t.Errorf("hand-over letters: %d", st)
		}
		if _, rj := officer.Do("GET", "/api/v1/epidemic/screenings/"+id+"/rejects", nil); rj.Int("total") != 2 {
			t.Errorf("rejects: %s", rj)
		}

		// 周九 lives in the other county: placed there, out of the uploader's counts
		book := xlsxOf(t, [][]any{{"疫情排查名单"}, {"name", "ID_Number", "grid_code", "origin"},
			{"周九", apptest.IDNumber(901), "", "上海"}, {"吴十", "", apptest.HomeGrid, ""}, {"", "", apptest.HomeGrid, "x"}})
		st, b = uploadList(t, officer, "list.xlsx", book, listFields(e, "入境人员"))
		if st != 201 || b.Int("rows_read") != 3 || b.Int("rows_rejected") != 1 || b.Int("matched") != 1 ||
			b.Int("distributed") != 1 || b.Int("rejected.0.line") != 5 {
			t.Fatalf("xlsx upload: %d %s", st, b)
		}
		checkTallies(t, e.App.DB, b.Str("id"), "an xlsx")
	})
}

// TestScreeningRefusals: a header that is not a list's, a file over the
// import's limits, a past deadline, an unknown disease and an empty list
// are refused whole, with 422 naming the field.
func TestScreeningRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		officer := e.Login(t, "epidemic_officer")
		for _, tt := range []struct {
			name, file string
			fields     map[string]string
			want       string
		}{
			{"header", "名字,电话\n张三,1\n", listFields(e, "x"), "未知列"},
			{"empty", "姓名\n\n", listFields(e, "x"), "没有可导入的人员"},
			{"xls", "\xD0\xCF\x11\xE0rest", listFields(e, "x"), ".xls"},
			{"deadline", "姓名\n张三\n", map[string]string{"name": "x", "deadline": e.Clock.Now().Add(-time.Hour).Format(time.RFC3339),
				"disease": "B27", "category": "close_contact"}, "期限须晚于现在"},
			{"disease", "姓名\n张三\n", map[string]string{"name": "x", "deadline": e.Clock.Now().Add(time.Hour).Format(time.RFC3339),
				"disease": "ZZ9", "category": "close_contact"}, "epidemic.disease_unknown"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				st, b := uploadList(t, officer, "l.csv", []byte(tt.file), tt.fields)
				if st != 422 || !strings.Contains(b.String(), tt.want) {
					t.Errorf("%d %s, want 422 with %q", st, b, tt.want)
				}
			})
		}
		if st, b := officer.Do("POST", "/api/v1/epidemic/screenings", map[string]any{"name": "x", "deadline": e.Clock.Now().Add(time.Hour),
			"disease": "B27", "category": "close_contact", "persons": make([]map[string]any, 5001)}); st != 422 ||
			!strings.Contains(b.String(), "body.persons") {
			t.Errorf("5001 JSON persons: %d %s", st, b)
		}
		var n int
		e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM epi_screenings").Scan(&n)
		if n != 0 {
			t.Errorf("%d lists left by refusals", n)
		}
	})
}

// TestScreeningLimits: a file over the import's row or byte limit is
// refused whole, saying which limit, and leaves no list behind.
func TestScreeningLimits(t *testing.T) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			e := apptest.NewWith(t, d, func(c *config.Config) { c.ImportMaxRows, c.ImportMaxUploadMB = 3, 1 })
			officer := e.Login(t, "epidemic_officer")
			st, b := uploadList(t, officer, "l.csv", []byte("姓名\n甲\n乙\n丙\n丁\n"), listFields(e, "x"))
			if st != 422 || !strings.Contains(b.String(), "文件超过 3 行") || !strings.Contains(b.String(), "epidemic.list_too_large") {
				t.Errorf("rows: %d %s", st, b)
			}
			big := "姓名,备注\n" + strings.Repeat("张三,"+strings.Repeat("备", 60)+"\n", 6000)
			st, b = uploadList(t, officer, "l.csv", []byte(big), listFields(e, "x"))
			if st != 422 || !strings.Contains(b.String(), "文件超过 1 MB") || !strings.Contains(b.String(), "body.file") {
				t.Errorf("bytes: %d %.300s", st, b)
			}
			var n int
			e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM epi_screenings").Scan(&n)
			if n != 0 {
				t.Errorf("%d lists left by refusals", n)
			}
		})
	}
}
