package population_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"healthgrid/internal/db"
	"healthgrid/internal/population"
	"healthgrid/internal/testkit"
)

// benchRows makes n distinct valid rows starting at the k-th person: a third
// with a phone number of their own, a fifth with tags, every grid in turn.
func benchRows(k, n int) []population.ImportRow {
	rows := make([]population.ImportRow, n)
	grids := []string{grid1, grid2}
	base := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		p := k + i
		birth := base.AddDate(0, 0, p/1000%29000)
		r := population.ImportRow{Line: i + 2, Name: fmt.Sprintf("王%d", p%997), GridCode: grids[p%len(grids)],
			IDNumber:  idNumber("140902", birth.Year()*10000+int(birth.Month())*100+birth.Day(), p%1000),
			Ethnicity: "汉族", Address: "东大街1号楼", ResidenceType: "户籍"}
		if p%3 == 0 {
			r.Phone = fmt.Sprintf("139%08d", p)
		}
		if p%5 == 0 {
			r.Tags = "高血压;低保"
		}
		rows[i] = r
	}
	return rows
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkImportBatch imports batches of 5,000 new residents into a growing
// table, as the import pipeline does; rows/s is the figure.
func BenchmarkImportBatch(b *testing.B) {
	for _, open := range []struct {
		name string
		fn   func(testing.TB) *db.DB
	}{{"sqlite", testkit.NewSQLite}, {"postgres", testkit.NewPostgres}} {
		b.Run(open.name, func(b *testing.B) {
			e := newEnv(b, open.fn(b))
			const batch = 5000
			ctx := context.Background()
			batches := make([][]population.ImportRow, b.N)
			for i := range batches {
				batches[i] = benchRows(i*batch, batch)
			}
			b.ResetTimer()
			start, cpu0 := time.Now(), cpuTime()
			for i := 0; i < b.N; i++ {
				res, err := e.importBatch(ctx, e.town, population.Insert, batches[i])
				if err != nil || res.Imported != batch {
					b.Fatalf("%+v %v", len(res.Rejected), err)
				}
			}
			b.ReportMetric(float64(b.N*batch)/time.Since(start).Seconds(), "rows/s")
			// the machine is shared: rows per second of this process's CPU is the steadier figure
			b.ReportMetric(float64(b.N*batch)/(cpuTime()-cpu0).Seconds(), "rows/cpu-s")
		})
	}
}
