package db_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/db"
	"healthgrid/internal/testkit"
)

func TestRebind(t *testing.T) {
	cases := []struct{ in, sqlite, pg string }{
		{"SELECT 1", "SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' OR y = ?", "x = '?' OR y = ?", "x = '?' OR y = $1"},
	}
	for _, c := range cases {
		if got := db.SQLite.Rebind(c.in); got != c.sqlite {
			t.Errorf("sqlite %q → %q", c.in, got)
		}
		if got := db.Postgres.Rebind(c.in); got != c.pg {
			t.Errorf("postgres %q → %q, want %q", c.in, got, c.pg)
		}
	}
}

func TestStore(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 8, 0, 0, 123456000, time.FixedZone("CST", 8*3600))
		insert := func(ctx context.Context, code string) error {
			_, err := d.Exec(ctx, `INSERT INTO regions (code, name, level, path, created_at, updated_at)
				VALUES (?, ?, 'city', ?, ?, ?)`, code, "n"+code, code+"/", now, now)
			return err
		}
		t.Run("rollback leaves nothing", func(t *testing.T) {
			boom := errors.New("boom")
			err := d.InTx(ctx, func(ctx context.Context) error {
				if err := insert(ctx, "110000000000"); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("err = %v", err)
			}
			var n int
			d.QueryRow(ctx, "SELECT COUNT(*) FROM regions").Scan(&n)
			if n != 0 {
				t.Fatalf("rolled-back insert left %d rows", n)
			}
		})
		t.Run("commit, times in UTC, unique maps to conflict", func(t *testing.T) {
			if err := d.InTx(ctx, func(ctx context.Context) error { return insert(ctx, "120000000000") }); err != nil {
				t.Fatal(err)
			}
			var got time.Time
			if err := d.QueryRow(ctx, "SELECT created_at FROM regions WHERE code = ?", "120000000000").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if !got.Equal(now) {
				t.Fatalf("created_at = %v, want %v", got, now)
			}
			err := insert(ctx, "120000000000")
			if !errors.Is(err, db.ErrUnique) || !errors.Is(err, apperr.ErrConflict) {
				t.Fatalf("duplicate insert: %v", err)
			}
		})
		t.Run("subtree range", func(t *testing.T) {
			for _, p := range []string{"140900000000/", "140900000000/140902000000/", "140900000000/140902000000/140902001000/", "140900000001/"} {
				if _, err := d.Exec(ctx, `INSERT INTO regions (code, name, level, path, created_at, updated_at)
					VALUES (?, 'x', 'city', ?, ?, ?)`, p[len(p)-13:len(p)-1]+"x", p, now, now); err != nil {
					t.Fatal(err)
				}
			}
			cond, args := access.Scope("140900000000/140902000000/").Subtree("path")
			var n int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM regions WHERE "+cond, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 2 {
				t.Fatalf("subtree count = %d, want 2", n)
			}
		})
		t.Run("migrate is idempotent", func(t *testing.T) {
			n, err := d.Migrate(ctx)
			if err != nil || n != 0 {
				t.Fatalf("second migrate applied %d, err %v", n, err)
			}
			if p, err := d.Pending(ctx); err != nil || p != 0 {
				t.Fatalf("pending = %d, %v", p, err)
			}
		})
	})
}

// Concurrent writers queue for the write lock instead of failing with
// "database is locked", also while reads share the pool (a regression: a
// statement prepared from inside a transaction once took a second connection
// and deadlocked a full pool).
func TestConcurrentWriters(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "CREATE TABLE k (id TEXT PRIMARY KEY, v INTEGER NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		const workers, each = 8, 100
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < each; i++ {
					err := d.InTx(ctx, func(ctx context.Context) error {
						var n int
						if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM k WHERE v = ?", w).Scan(&n); err != nil {
							return err
						}
						_, err := d.Exec(ctx, "INSERT INTO k (id, v) VALUES (?, ?)", fmt.Sprintf("%d-%d", w, n), w)
						return err
					})
					if err == nil {
						var n int
						err = d.QueryRow(ctx, "SELECT COUNT(*) FROM k WHERE v <> ?", w).Scan(&n)
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var n int
		d.QueryRow(ctx, "SELECT COUNT(*) FROM k").Scan(&n)
		if n != workers*each {
			t.Fatalf("%d rows, want %d", n, workers*each)
		}
	})
}
