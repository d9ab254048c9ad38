package db

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// Back-to-back write transactions, with readers running, still let the
// write-ahead log start over: it never grows far past walLimit.
func TestWALStaysBounded(t *testing.T) {
	defer func(n int64) { walLimit = n }(walLimit)
	walLimit = 500 // pages: 2 MB
	ctx := context.Background()
	d, err := Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Exec(ctx, "CREATE TABLE t (k BLOB PRIMARY KEY, v BLOB)"); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	readers := make(chan struct{})
	go func() {
		defer close(readers)
		for !stop.Load() {
			var n int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	wal := filepath.Join(filepath.Dir(d.Path), "healthgrid.db-wal")
	var largest int64
	const txs = 120
	for range txs { // each transaction writes ≈ 430 pages
		err := d.InTx(ctx, func(ctx context.Context) error {
			for range 300 {
				if _, err := d.Exec(ctx, "INSERT INTO t (k, v) VALUES (?, ?)", rand.Text(), make([]byte, 3000)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(wal); err == nil {
			largest = max(largest, fi.Size())
		}
	}
	stop.Store(true)
	<-readers
	// 120 transactions wrote ≈ 50,000 pages (200 MB). Had the log never
	// started over, it would hold them all; it may run a few transactions
	// past walLimit before a writer sees it has.
	if limit := int64(txs * 430 * 4096 / 4); largest > limit {
		t.Fatalf("the log grew to %d bytes, more than %d: it did not start over", largest, limit)
	}
	t.Logf("largest log: %d KB", largest>>10)
}
