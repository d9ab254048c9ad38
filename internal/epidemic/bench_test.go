package epidemic_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

// benchList is a csv of n rows as an upper level sends it: most with an ID
// number and phone, half with a grid code (a few a region's, a few outside
// the city), the rest for the pool; a tenth without an ID number.
func benchList(run, n int) []byte {
	grids := []string{apptest.HomeGrid, apptest.PeopleGrid, apptest.OtherGrid, "140921100001002"}
	var b strings.Builder
	b.WriteString("姓名,身份证号,手机号,网格编码,地址,来源地\n")
	for i := range n {
		id := apptest.ImportID((run*n + i) % 960000)
		code := ""
		switch i % 10 {
		case 0, 1, 2, 3, 4:
			code = grids[i%4]
		case 5:
			code = apptest.HomeTownship
		case 6:
			code = "110101000000"
		case 9:
			id = ""
		}
		fmt.Fprintf(&b, "人员%d,%s,%s,%s,秀容街道%d号,北京\n", i, id, apptest.Phone(i), code, i%500)
	}
	return []byte(b.String())
}

// BenchmarkScreeningUpload: a 100,000-row list, from the upload to every
// person distributed and counted (one request, one transaction).
func BenchmarkScreeningUpload(b *testing.B) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			e := apptest.New(b, d)
			officer := e.Login(b, "epidemic_officer")
			const n = 100_000
			for i := range b.N {
				file := benchList(i, n)
				start := time.Now()
				st, body := uploadList(b, officer, "名单.csv", file, listFields(e, "压测"))
				if st != 201 || body.Int("rows_rejected") != 0 {
					b.Fatalf("upload: %d %.300s", st, body)
				}
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
			}
		})
	}
}

// BenchmarkScreeningReads: on a list of 100,000, the county's progress by
// township (from the tallies), the county's first page of the list's
// persons, and a grid worker's first page of their share.
func BenchmarkScreeningReads(b *testing.B) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			e := apptest.New(b, d)
			officer, worker := e.Login(b, "epidemic_officer"), e.Login(b, "grid_worker")
			st, body := uploadList(b, officer, "名单.csv", benchList(0, 100_000), listFields(e, "压测"))
			if st != 201 {
				b.Fatalf("upload: %d", st)
			}
			id := body.Str("id")
			for _, r := range []struct {
				name string
				c    *testkit.Client
				path string
			}{
				{"progress", officer, "/api/v1/epidemic/screenings/" + id + "/progress"},
				{"county_persons", officer, "/api/v1/epidemic/persons?screening=" + id},
				{"grid_persons", worker, "/api/v1/epidemic/persons?state=assigned"},
			} {
				b.Run(r.name, func(b *testing.B) {
					for range b.N {
						if st, _ := r.c.Do("GET", r.path, nil); st != 200 {
							b.Fatal(st)
						}
					}
				})
			}
		})
	}
}
