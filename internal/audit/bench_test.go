package audit_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

var (
	benchRecords = flag.Int("audit.records", 100_000, "records in the chain BenchmarkVerify checks")
	benchEvery   = flag.Int("audit.every", 10, "records between two anchors in BenchmarkVerify")
)

// memSink keeps anchors as the file sink writes them, without a sync each.
type memSink struct{ bytes.Buffer }

func (m *memSink) Append(_ context.Context, a audit.Anchor) error {
	b, err := json.Marshal(a)
	m.Write(append(b, '\n'))
	return err
}

// BenchmarkVerify times a whole verification of a chain of -audit.records
// records, without anchors and against one anchor every -audit.every records
// (a minute's anchors on a server that audits that many writes a minute): the
// difference is the cost of reading and checking the anchors. PostgreSQL runs
// when HEALTHGRID_TEST_POSTGRES is set.
func BenchmarkVerify(b *testing.B) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run(string(dialect), func(b *testing.B) {
			d := testkit.NewSQLite(b)
			if dialect == db.Postgres {
				d = testkit.NewPostgres(b)
			}
			ctx := context.Background()
			clock := testkit.NewClock(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC))
			l := audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: clock.Now})
			_, key, _ := ed25519.GenerateKey(nil)
			sink := &memSink{}
			an := audit.NewAnchorer(l, key, sink, time.Minute, slog.New(slog.NewTextHandler(io.Discard, nil)))
			t0 := time.Now()
			for from := 1; from <= *benchRecords; from += 500 {
				// batches: in one transaction, each update of the head row would leave a
				// version that the next one steps over on PostgreSQL
				err := d.InTx(ctx, func(ctx context.Context) error {
					for i := from; i < from+500 && i <= *benchRecords; i++ {
						clock.Advance(time.Second)
						if err := l.Write(ctx, audit.Record{Action: "user.update", ObjectType: "user", ObjectID: "x",
							Detail: map[string]any{"i": i, "name": "张三"}}); err != nil {
							return err
						}
						if i%*benchEvery == 0 {
							if _, err := an.Anchor(ctx, audit.AnchorInterval); err != nil {
								return err
							}
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			path := filepath.Join(b.TempDir(), audit.AnchorLogFile)
			if err := os.WriteFile(path, sink.Bytes(), 0o600); err != nil {
				b.Fatal(err)
			}
			b.Logf("%d records and %d anchors (%d KiB) written in %v", *benchRecords, *benchRecords / *benchEvery,
				sink.Len()/1024, time.Since(t0).Round(time.Millisecond))
			for _, c := range []struct {
				name string
				path string
			}{{"no-anchors", filepath.Join(b.TempDir(), "none")}, {"anchors", path}} {
				b.Run(c.name, func(b *testing.B) {
					l.WithAnchors(c.path, an.PublicKey())
					for b.Loop() {
						v, err := l.Verify(ctx)
						if err != nil || !v.OK || v.Checked != int64(*benchRecords) {
							b.Fatalf("%+v %v", v, err)
						}
					}
				})
			}
		})
	}
}
