package matter

import (
	"sync"
	"time"
)

// cacheTTL bounds how stale the cache may look should the bus lose an
// edit's word: edits on any instance drop it at once.
const cacheTTL = time.Minute

// cache is the whole catalogue by code; the event workflow reads a matter
// on every action, and the catalogue is small.
type cache struct {
	mu     sync.RWMutex
	byCode map[string]Matter
	loaded time.Time
	gen    int // bumped by every invalidation, so a load that raced an edit is not kept
}

func (c *cache) lookup(now time.Time) (map[string]Matter, int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.byCode != nil && now.Sub(c.loaded) < cacheTTL {
		return c.byCode, c.gen
	}
	return nil, c.gen
}

func (c *cache) store(m map[string]Matter, gen int, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		c.byCode, c.loaded = m, now
	}
}

func (c *cache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.byCode = nil
}
