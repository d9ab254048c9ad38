// Package testkit gives tests real databases — SQLite always, PostgreSQL when
// HEALTHGRID_TEST_POSTGRES names one — and builders for the data they need.
package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"healthgrid/internal/db"
)

// EachDB runs fn as a subtest on a fresh, migrated SQLite database and, when
// HEALTHGRID_TEST_POSTGRES is set, on a fresh PostgreSQL schema. Under CI=true
// a missing PostgreSQL fails the test instead of skipping it.
func EachDB(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, NewSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, NewPostgres(t)) })
}

// NewSQLite opens a migrated SQLite database in a temporary directory.
func NewSQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d)
	return d
}

// PostgresDSN is the test server's DSN, skipping (or failing under CI) when unset.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("HEALTHGRID_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("HEALTHGRID_TEST_POSTGRES is not set; under CI=true PostgreSQL tests must run")
		}
		t.Skip("HEALTHGRID_TEST_POSTGRES not set")
	}
	return dsn
}

// NewPostgres opens a migrated PostgreSQL database in a throw-away schema.
func NewPostgres(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), PostgresSchemaDSN(t), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d)
	return d
}

// PostgresSchemaDSN creates an empty throw-away schema on the test server and
// returns a DSN whose search_path is that schema, for tests that open the
// database themselves (a whole app). The schema is dropped at cleanup, after
// everything registered later — the app using it — has closed.
func PostgresSchemaDSN(t testing.TB) string {
	t.Helper()
	dsn, schema := PostgresDSN(t), "t_"+randomHex(6)
	ctx := context.Background()
	admin, err := db.Open(ctx, dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func migrate(t testing.TB, d *db.DB) {
	t.Helper()
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
