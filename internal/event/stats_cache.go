package event

import (
	"context"
	"errors"
	"healthgrid/internal/access"
	"sync"
	"time"
)

// The indicators of a period are computed from its cases and their tasks
// (a city's month is some 85,000 of each, a third of a second of work);
// the statistics screen and the big screen ask the same question of every
// leader who opens them. So a computed answer is kept and shared:
//   - one computation a question at a time: callers who ask while it runs
//     wait for it rather than start their own;
//   - a committed write of a case on this instance drops every answer whose
//     area holds the case, so a user who acts and then looks sees the act;
//   - an answer lives at most statsTTL otherwise: what depends on the clock
//     (overdue now) and writes made on other instances show within it.

// statsTTL is the longest an answer is kept.
const statsTTL = 30 * time.Second

// maxStatsAnswers bounds the answers kept (one a region, grouping and
// period asked for); the oldest goes first.
const maxStatsAnswers = 512

type statsKey struct {
	path, by string
	from, to int64
}

type statsAnswer struct {
	done chan struct{} // closed when st and err are set
	st   Stats
	err  error
	at   time.Time
}

type statsCache struct {
	mu      sync.Mutex
	answers map[statsKey]*statsAnswer
}

func newStatsCache() *statsCache { return &statsCache{answers: map[statsKey]*statsAnswer{}} }

// get is the answer for k: a kept one younger than statsTTL, the one being
// computed, or compute's, shared with whoever asks meanwhile. A failed
// computation is not kept; one that failed because its asker went away is
// computed again for those who waited on it.
func (c *statsCache) get(k statsKey, now time.Time, compute func() (Stats, error)) (Stats, error) {
	c.mu.Lock()
	a, ok := c.answers[k]
	if ok && !a.at.IsZero() && now.Sub(a.at) >= statsTTL {
		delete(c.answers, k)
		ok = false
	}
	if ok {
		c.mu.Unlock()
		<-a.done
		if errors.Is(a.err, context.Canceled) || errors.Is(a.err, context.DeadlineExceeded) {
			return c.get(k, now, compute)
		}
		return a.st, a.err
	}
	a = &statsAnswer{done: make(chan struct{})}
	c.evict()
	c.answers[k] = a
	c.mu.Unlock()

	a.st, a.err = compute()
	c.mu.Lock()
	if a.err != nil || c.answers[k] != a {
		if c.answers[k] == a {
			delete(c.answers, k)
		}
	} else {
		a.at = now
	}
	close(a.done)
	c.mu.Unlock()
	return a.st, a.err
}

// evict makes room for one more answer, dropping the oldest finished one.
// The caller holds mu.
func (c *statsCache) evict() {
	if len(c.answers) < maxStatsAnswers {
		return
	}
	var oldest statsKey
	var at time.Time
	for k, a := range c.answers {
		if !a.at.IsZero() && (at.IsZero() || a.at.Before(at)) {
			oldest, at = k, a.at
		}
	}
	if !at.IsZero() {
		delete(c.answers, oldest)
	}
}

// forget drops the answers whose area holds a case at path, those being
// computed included (they may have read the case before the write).
func (c *statsCache) forget(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.answers {
		if access.Scope(k.path).Covers(path) {
			delete(c.answers, k)
		}
	}
}
