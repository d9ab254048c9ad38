package epidemic_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/db"
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

// BenchmarkScreeningProgress: the county's progress by township of a list
// of 100,000, read from the tallies.
func BenchmarkScreeningProgress(b *testing.B) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			e := apptest.New(b, d)
			officer := e.Login(b, "epidemic_officer")
			st, body := uploadList(b, officer, "名单.csv", benchList(0, 100_000), listFields(e, "压测"))
			if st != 201 {
				b.Fatalf("upload: %d", st)
			}
			path := "/api/v1/epidemic/screenings/" + body.Str("id") + "/progress"
			b.ResetTimer()
			for range b.N {
				if st, _ := officer.Do("GET", path, nil); st != 200 {
					b.Fatal(st)
				}
			}
		})
	}
}
