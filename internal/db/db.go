// Package db opens the platform's database — an embedded SQLite file or a
// PostgreSQL server — and gives every module the same small surface over both:
// ?-placeholders, transactions carried in the context, error kinds, migrations.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names the database engine. Every SQL difference between engines
// lives behind one of its methods.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. Its query methods run inside the transaction the
// context carries (see InTx), or directly on the pool when there is none.
type DB struct {
	sql     *sql.DB
	Dialect Dialect
	// Pool is the pgx pool behind a PostgreSQL DB (River needs it); nil on SQLite.
	Pool *pgxpool.Pool
	// Path is the SQLite file; empty on PostgreSQL.
	Path string

	ckpt      *checkpointer // SQLite only
	stmts     sync.Map      // SQLite: query text → *sql.Stmt; parsing costs more than running a small query
	stmtCount atomic.Int32
	// SQLite: queries first met inside a transaction, to prepare once it ends
	unprepared sync.Map
	// SQLite: the bulk writers of this process, queued (InBulkTx)
	bulk sync.Mutex
}

// maxStmts bounds the statement cache; queries past it are prepared each time.
const maxStmts = 1000

// Open opens dsn: a postgres:// URL, or empty for the SQLite file healthgrid.db
// in dataDir (a "sqlite:" prefix names another file).
func Open(ctx context.Context, dsn, dataDir string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" {
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("db: create data dir: %w", err)
		}
		path = filepath.Join(dataDir, "healthgrid.db")
	}
	return openSQLite(ctx, path)
}

// SQLiteDSN is the connection string for a SQLite file: WAL for concurrent
// readers, foreign keys on, a busy timeout instead of instant "locked"
// errors, and IMMEDIATE transactions so that two writers queue up instead
// of deadlocking when both upgrade from a read lock. The path is a URI's:
// its %, ? and # are escaped, so that a data dir (or a test's) named with
// them opens that file and not a cut-off one.
func SQLiteDSN(path string) string {
	path = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	return "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(15000)" +
		"&_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(67108864)&_txlock=immediate&_time_format=sqlite"
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if err := ownerOnly(path); err != nil {
		return nil, err
	}
	sdb, err := sql.Open("sqlite", SQLiteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	// Many more connections than cores only add contention on the WAL index
	// (measured on 2 cores: 8 connections served half the requests of 2–4).
	sdb.SetMaxOpenConns(max(4, 2*runtime.GOMAXPROCS(0)))
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	ck, err := startCheckpointer(path)
	if err != nil {
		sdb.Close()
		return nil, err
	}
	return &DB{sql: sdb, Dialect: SQLite, Path: path, ckpt: ck}, nil
}

// ownerOnly creates the database file readable and writable by its owner
// only, and narrows an existing one and its -wal and -shm files to that.
// SQLite gives the -wal and -shm files it creates the database file's
// permissions, whatever the umask.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("db: create sqlite %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err == nil && st.Mode().Perm()&0o077 != 0 {
			err = os.Chmod(p, st.Mode().Perm()&0o700)
		}
		if err != nil {
			return fmt.Errorf("db: make %s readable by its owner only: %w", p, err)
		}
	}
	return nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("db: parse postgres dsn: %w", err)
	}
	if cfg.MaxConns < 16 {
		cfg.MaxConns = 16
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	return &DB{sql: stdlib.OpenDBFromPool(pool), Dialect: Postgres, Pool: pool}, nil
}

// Close closes the database.
func (d *DB) Close() error {
	err := d.sql.Close()
	if d.ckpt != nil {
		d.ckpt.close()
	}
	if d.Pool != nil {
		d.Pool.Close()
	}
	return err
}

// SQL is the underlying *sql.DB, for the few callers that need the pool itself.
func (d *DB) SQL() *sql.DB { return d.sql }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.sql.PingContext(ctx) }

// Rebind turns ? placeholders into the engine's own ($1, $2 … on PostgreSQL).
// A ? inside a quoted string literal is left alone.
func (d Dialect) Rebind(q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type txKey struct{ db *DB }

// afterKey carries the functions to run once the context's transaction commits.
type afterKey struct{ db *DB }

type stmtQuerier interface {
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, args ...any) *sql.Row
}

// stmt is the cached prepared statement for q on SQLite, bound to the
// context's transaction if any; nil when q is not cached (PostgreSQL caches
// statements in pgx itself).
func (d *DB) stmt(ctx context.Context, q string) stmtQuerier {
	if d.Dialect != SQLite {
		return nil
	}
	tx, inTx := ctx.Value(txKey{d}).(*sql.Tx)
	v, ok := d.stmts.Load(q)
	if !ok {
		// Preparing takes a connection from the pool: never while holding a
		// transaction's connection, or a full pool deadlocks on the write
		// lock. Such a query is prepared when the transaction has ended.
		if d.stmtCount.Load() >= maxStmts {
			return nil
		}
		if inTx {
			d.unprepared.Store(q, true)
			return nil
		}
		st, err := d.sql.PrepareContext(context.WithoutCancel(ctx), q)
		if err != nil {
			return nil // let the plain call report the error
		}
		if v, ok = d.stmts.LoadOrStore(q, st); ok {
			st.Close()
		} else {
			d.stmtCount.Add(1)
		}
	}
	st := v.(*sql.Stmt)
	if inTx {
		return tx.StmtContext(ctx, st) // re-prepared on the transaction's own connection if need be
	}
	return st
}

func (d *DB) conn(ctx context.Context) querier {
	if tx, ok := ctx.Value(txKey{d}).(*sql.Tx); ok {
		return tx
	}
	return d.sql
}

// Exec runs a statement.
func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := d.stmt(ctx, q); st != nil {
		res, err := st.ExecContext(ctx, utc(args)...)
		return res, d.mapErr(err)
	}
	res, err := d.conn(ctx).ExecContext(ctx, d.Dialect.Rebind(q), utc(args)...)
	return res, d.mapErr(err)
}

// Query runs a query returning rows.
func (d *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := d.stmt(ctx, q); st != nil {
		rows, err := st.QueryContext(ctx, utc(args)...)
		return rows, d.mapErr(err)
	}
	rows, err := d.conn(ctx).QueryContext(ctx, d.Dialect.Rebind(q), utc(args)...)
	return rows, d.mapErr(err)
}

// QueryRow runs a query returning one row; Scan errors are not mapped, use
// ScanErr on them.
func (d *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := d.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, utc(args)...)
	}
	return d.conn(ctx).QueryRowContext(ctx, d.Dialect.Rebind(q), utc(args)...)
}

// utc stores every time in UTC, whatever zone the caller built it in.
func utc(args []any) []any {
	for i, a := range args {
		switch t := a.(type) {
		case time.Time:
			args[i] = t.UTC()
		case *time.Time:
			if t != nil {
				args[i] = t.UTC()
			}
		}
	}
	return args
}

// InTx runs fn in a transaction carried by the context it is given: every
// query through this DB with that context joins it. A nested InTx joins the
// outer transaction. The transaction commits when fn returns nil.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{d}).(*sql.Tx); ok {
		return fn(ctx)
	}
	if d.ckpt != nil {
		d.ckpt.waitWAL(ctx)
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", d.mapErr(err))
	}
	var after []func(context.Context)
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
			return
		}
		if cerr := tx.Commit(); cerr != nil {
			err = fmt.Errorf("db: commit: %w", d.mapErr(cerr))
			return
		}
		if d.ckpt != nil {
			d.ckpt.wrote()
		}
		d.prepareUnprepared(ctx)
		for _, f := range after {
			f(ctx)
		}
	}()
	return fn(context.WithValue(context.WithValue(ctx, txKey{d}, tx), afterKey{d}, &after))
}

// InBulkTx is InTx for a transaction that writes many rows at once (a
// batch of an ingest API). On SQLite such writers of this process queue
// here rather than in SQLite's busy handler, which sleeps up to 100 ms
// between tries and leaves the one write lock idle meanwhile; on
// PostgreSQL they run side by side.
func (d *DB) InBulkTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if d.Dialect == SQLite && !d.InTransaction(ctx) {
		d.bulk.Lock()
		defer d.bulk.Unlock()
	}
	return d.InTx(ctx, fn)
}

// AfterCommit runs f once the transaction ctx carries has committed — the
// outermost one, when InTx calls nest — and never if it rolls back; at once
// when ctx carries none. f gets the context the transaction began with, so
// its own queries run outside it. What others must only hear of once it is
// true (a message pushed to a browser, an SMS) goes here.
func (d *DB) AfterCommit(ctx context.Context, f func(ctx context.Context)) {
	if after, ok := ctx.Value(afterKey{d}).(*[]func(context.Context)); ok {
		*after = append(*after, f)
		return
	}
	f(ctx)
}

// prepareUnprepared caches the statements transactions met unprepared, so
// that the next transaction running them finds them parsed.
func (d *DB) prepareUnprepared(ctx context.Context) {
	d.unprepared.Range(func(k, _ any) bool {
		d.unprepared.Delete(k)
		d.stmt(context.WithoutCancel(ctx), k.(string))
		return true
	})
}

// InTransaction reports whether ctx carries a transaction of this database:
// what a query reads then may still be rolled back.
func (d *DB) InTransaction(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{d}).(*sql.Tx)
	return ok
}

// ScanErr maps a Scan error: sql.ErrNoRows becomes notFound (the caller's
// sentinel), anything else is mapped like a query error.
func (d *DB) ScanErr(err, notFound error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	return d.mapErr(err)
}
