package imports

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/jobs"
	"healthgrid/internal/population"
	"healthgrid/internal/testkit"
)

// nopSink accepts every row without writing it: what the job costs apart
// from the residents' own writes.
type nopSink struct{}

func (nopSink) CheckBatch(_ context.Context, _ *access.Principal, rows []population.ImportRow) (population.Checked, error) {
	return population.Checked{Rows: rows}, nil
}

func (nopSink) WriteBatch(_ context.Context, _ *access.Principal, _ population.Mode, c population.Checked) (population.BatchResult, error) {
	return population.BatchResult{Imported: len(c.Rows)}, nil
}

// BenchmarkJobMachinery runs a 200,000-row job on SQLite with a sink that
// writes nothing: parsing, batching, the per-batch transaction and the
// job's progress — the ceiling the import itself puts on throughput.
func BenchmarkJobMachinery(b *testing.B) {
	const rows = 200000
	var buf bytes.Buffer
	buf.WriteString("姓名,身份证号,手机号,民族,网格编码,地址,居住类型,标签\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&buf, "居民%d,%s,138%08d,汉族,140902001002001,东大街%d号,户籍,高血压\n", i, nthID(i), i, i%300)
	}
	file := buf.Bytes()
	d := testkit.NewSQLite(b)
	for b.Loop() {
		s, err := New(Deps{DB: d, Audit: audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: time.Now}), Sink: nopSink{}, Queue: jobs.New(),
			Settings: Settings{DataDir: b.TempDir()}, Now: time.Now, Log: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		in := &Upload{Kind: KindResidents, Mode: "insert"}
		if err := s.StoreFile(in, bytes.NewReader(file)); err != nil {
			b.Fatal(err)
		}
		j, err := s.Create(context.Background(), importer, in)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.run(context.Background(), j.ID); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
