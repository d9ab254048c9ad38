package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations are written in PostgreSQL's syntax, restricted to what both
// engines share; this is the whole list of rewrites SQLite needs.
var sqliteRewrites = strings.NewReplacer(
	"TIMESTAMPTZ", "TIMESTAMP",
	` COLLATE "C"`, "",
	"DOUBLE PRECISION", "REAL",
	"BYTEA", "BLOB",
)

func (d Dialect) ddl(q string) string {
	if d == SQLite {
		return sqliteRewrites.Replace(q)
	}
	return q
}

// Migrate applies every embedded migration not yet applied, each in its own
// transaction, in version order. On PostgreSQL an advisory lock keeps two
// instances starting at once from both migrating.
func (d *DB) Migrate(ctx context.Context) (applied int, err error) {
	if d.Dialect == Postgres {
		conn, err := d.sql.Conn(ctx)
		if err != nil {
			return 0, err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(7419001)"); err != nil {
			return 0, fmt.Errorf("db: migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(7419001)")
	}
	if _, err := d.Exec(ctx, d.Dialect.ddl(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`)); err != nil {
		return 0, fmt.Errorf("db: create schema_migrations: %w", err)
	}
	done := map[int]bool{}
	rows, err := d.Query(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return 0, fmt.Errorf("db: read schema_migrations: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return 0, err
		}
		done[v] = true
	}
	rows.Close()
	files, err := migrationFiles()
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		if done[f.version] {
			continue
		}
		body, err := migrations.ReadFile("migrations/" + f.name)
		if err != nil {
			return applied, err
		}
		err = d.InTx(ctx, func(ctx context.Context) error {
			for _, stmt := range splitStatements(d.Dialect.ddl(string(body)), d.Dialect) {
				if _, err := d.Exec(ctx, stmt); err != nil {
					return fmt.Errorf("%w\n%s", err, stmt)
				}
			}
			_, err := d.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				f.version, f.name, time.Now())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("db: migration %s: %w", f.name, err)
		}
		applied++
	}
	return applied, nil
}

// Pending reports how many embedded migrations are not applied yet.
func (d *DB) Pending(ctx context.Context) (int, error) {
	files, err := migrationFiles()
	if err != nil {
		return 0, err
	}
	var n int
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil {
		return len(files), fmt.Errorf("db: read schema_migrations: %w", err)
	}
	return len(files) - n, nil
}

type migrationFile struct {
	version int
	name    string
}

func migrationFiles() ([]migrationFile, error) {
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migrationFile
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("db: migration %q is not named NNNN_name.sql", e.Name())
		}
		out = append(out, migrationFile{v, e.Name()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// splitStatements splits a migration on the semicolons that end a line. A
// statement after a line "-- sqlite only" or "-- postgres only" is kept
// for that engine alone: the few things the two spell differently (dates).
func splitStatements(body string, d Dialect) []string {
	var out []string
	var cur strings.Builder
	only := Dialect("")
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if e, ok := strings.CutSuffix(strings.TrimPrefix(trimmed, "-- "), " only"); ok && (e == "sqlite" || e == "postgres") {
			only = Dialect(e)
			continue
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			if only == "" || only == d {
				out = append(out, strings.TrimSpace(cur.String()))
			}
			cur.Reset()
			only = ""
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" && (only == "" || only == d) {
		out = append(out, s)
	}
	return out
}
