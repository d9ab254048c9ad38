package bus

import (
	"context"
	"crypto/rand"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Cache is the bus side of an in-memory copy of shared rows that every
// instance keeps (the grid locate index, the matter catalogue, the work
// calendar): Changed, after a commit, reloads this instance's copy and tells
// the others; Follow reloads theirs when told, and whenever their
// subscription was dropped, since they may have missed a word.
type Cache struct {
	bus    Bus // nil: this instance alone
	topic  string
	origin string // this copy's id: its own word is no news to it
	reload func(context.Context) error

	mu    sync.Mutex  // one reload at a time, so that a later one reads later rows
	stale atomic.Bool // the last reload failed: Follow tries again
}

// Timings of Follow.
const (
	retryEvery  = 5 * time.Second        // a copy whose reload failed is tried again this often
	resubscribe = 250 * time.Millisecond // the pause after a drop, so that a closed link is not spun on
)

// NewCache is the copy kept on topic, read again by reload; b nil keeps it
// on this instance alone.
func NewCache(b Bus, topic string, reload func(context.Context) error) *Cache {
	return &Cache{bus: b, topic: topic, origin: rand.Text(), reload: reload}
}

// Changed reloads this instance's copy and tells every other instance to
// reload theirs. Call it once the change has committed (db.AfterCommit). A
// reload that fails leaves the copy stale, and Follow tries it again.
func (c *Cache) Changed(ctx context.Context) error {
	err := c.Reload(ctx)
	if c.bus != nil {
		c.bus.Publish(c.topic, []byte(c.origin))
	}
	return err
}

// Reload reads the copy again, after any reload under way.
func (c *Cache) Reload(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.reload(ctx)
	c.stale.Store(err != nil)
	return err
}

// Follow keeps each cache in step with the other instances' changes until
// stop is called; stop waits for the reloads under way. Errors are logged.
func Follow(log *slog.Logger, caches ...*Cache) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, c := range caches {
		if c.bus != nil {
			wg.Go(func() { c.follow(ctx, log) })
		}
	}
	return func() {
		cancel()
		wg.Wait()
	}
}

// follow subscribes, and after each drop subscribes again and reloads —
// in that order, so that no change falls between the two.
func (c *Cache) follow(ctx context.Context, log *slog.Logger) {
	for first := true; ctx.Err() == nil; first = false {
		msgs, cancel := c.bus.Subscribe(c.topic)
		if !first {
			c.reloadLogged(ctx, log)
		}
		c.listen(ctx, msgs, log)
		cancel()
		select {
		case <-ctx.Done():
		case <-time.After(resubscribe):
		}
	}
}

// listen reloads on each word from another instance — once for a burst —
// and retries a stale copy, until the subscription is dropped or ctx ends.
func (c *Cache) listen(ctx context.Context, msgs <-chan []byte, log *slog.Logger) {
	retry := time.NewTicker(retryEvery)
	defer retry.Stop()
	for {
		select {
		case m, ok := <-msgs:
			if !ok {
				return
			}
			news := string(m) != c.origin
			for drained := false; !drained; {
				select {
				case m, ok := <-msgs:
					if !ok {
						return
					}
					news = news || string(m) != c.origin
				default:
					drained = true
				}
			}
			if news {
				c.reloadLogged(ctx, log)
			}
		case <-retry.C:
			if c.stale.Load() {
				c.reloadLogged(ctx, log)
			}
		case <-ctx.Done():
			return
		}
	}
}

func (c *Cache) reloadLogged(ctx context.Context, log *slog.Logger) {
	if err := c.Reload(ctx); err != nil && ctx.Err() == nil {
		log.Error("bus: reload a cache", "topic", c.topic, "err", err)
	}
}

// Committer is the database's transaction in the context (db.DB).
type Committer interface {
	InTransaction(ctx context.Context) bool
	AfterCommit(ctx context.Context, f func(ctx context.Context))
}

// ChangedIn is Changed for a change written with ctx: with a transaction
// open, the copy is reloaded at once, inside it, for what follows in it (the
// demo seed locates points in the grids it has just written), and Changed
// runs once it commits — never if it rolls back.
func (c *Cache) ChangedIn(ctx context.Context, tx Committer) error {
	if !tx.InTransaction(ctx) {
		return c.Changed(ctx)
	}
	// a failure there leaves the copy stale: Follow tries again, and logs
	tx.AfterCommit(ctx, func(ctx context.Context) { _ = c.Changed(ctx) })
	return c.Reload(ctx)
}
