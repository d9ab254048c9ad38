package db

import (
	"context"
	"fmt"
)

// IndexedBy is the clause, to follow a table and its alias in FROM, that
// makes the engine read the table through index: a list's page where the
// caller knows better than the planner, having counted the rows first (see
// "SQLite: cached statements" in docs/architecture.md). SQLite keeps no
// samples of the values, so it is told; PostgreSQL weighs the indexes by the
// values itself and has no such clause: "", which also tells a caller that
// the engine chooses by itself.
func (d Dialect) IndexedBy(index string) string {
	if d == SQLite {
		return " INDEXED BY " + index
	}
	return ""
}

// bulkCacheKiB is the SQLite page cache a bulk transaction's connection gets.
const bulkCacheKiB = 256 << 10

// WidenCache, on SQLite, gives the connection holding the context's bulk
// transaction a page cache that holds the indexes it writes. The driver's
// default is 2 MB; a batch that outgrows it spills dirty pages
// mid-transaction and re-reads them, and profiled at more than half its
// time in system calls. The setting stays with the pooled connection.
// PostgreSQL sizes its buffers itself.
func (d *DB) WidenCache(ctx context.Context) {
	if d.Dialect == SQLite {
		d.Exec(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", bulkCacheKiB))
	}
}
