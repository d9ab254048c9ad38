package db

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"
)

// checkpointer copies a SQLite database's write-ahead log back into the
// database file on a connection of its own, so that the copy (and its
// fsyncs) runs beside the next transaction instead of inside the commit
// that crossed SQLite's threshold: a bulk import ran a quarter faster. The
// pool's connections have automatic checkpoints turned off (see SQLiteDSN).
//
// SQLite starts the log over only when a transaction begins at a moment the
// log is copied to its end. A writer that begins right after its last commit
// never meets that moment, so once the log is past walLimit the next
// transaction asks for a checkpoint that catches up and waits for it
// (waitWAL). The wait is short: most of the log was copied while it was
// being written.
type checkpointer struct {
	conn    *sql.DB
	kick    chan struct{}
	catchUp chan chan struct{}
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
	log     atomic.Int64 // frames in the log at the last checkpoint
}

// walLimit is the log size, in pages, past which a transaction waits for
// the checkpointer to catch up: 256 MiB of 4 KiB pages.
var walLimit int64 = 65536

func startCheckpointer(path string) (*checkpointer, error) {
	conn, err := sql.Open("sqlite", SQLiteDSN(path))
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	c := &checkpointer{conn: conn, kick: make(chan struct{}, 1), catchUp: make(chan chan struct{}),
		stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

// wrote tells the checkpointer that a transaction committed.
func (c *checkpointer) wrote() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	defer c.checkpoint("TRUNCATE")
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
			c.checkpoint("PASSIVE")
		case <-tick.C:
			c.checkpoint("PASSIVE")
		case waiting := <-c.catchUp:
			// pass after pass until the log is copied to its end: a reader
			// may hold a pass back for a moment
			for i := 0; i < 200 && !c.checkpoint("PASSIVE"); i++ {
				time.Sleep(10 * time.Millisecond)
			}
			close(waiting)
		}
	}
}

// checkpoint runs one checkpoint and reports whether it copied the log to
// its end.
func (c *checkpointer) checkpoint(mode string) bool {
	var busy, log, copied int64
	if err := c.conn.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &log, &copied); err != nil {
		return false
	}
	c.log.Store(log)
	return copied == log
}

// waitWAL holds a transaction that is about to begin, when the log is past
// walLimit, until the checkpointer has copied it to its end — at most a few
// seconds, after which the transaction goes ahead and the log grows.
func (c *checkpointer) waitWAL(ctx context.Context) {
	if c.log.Load() <= walLimit {
		return
	}
	waiting := make(chan struct{})
	select {
	case c.catchUp <- waiting:
	case <-c.done:
		return
	case <-ctx.Done():
		return
	}
	select {
	case <-waiting:
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
	}
}

// close runs a last checkpoint and stops; closing twice is harmless.
func (c *checkpointer) close() {
	c.once.Do(func() {
		close(c.stop)
		<-c.done
		c.conn.Close()
	})
}
