package imports

import (
	"sync/atomic"
	"time"
)

// A batch is one transaction, and on SQLite a transaction holds the
// database's one write lock: every other writer (a login, a workflow step)
// waits until it commits. Bigger batches import much faster — each random
// index page a batch dirties is written once per commit however many rows
// land on it, so 20,000 rows a transaction import twice as fast as 5,000 —
// but hold the lock longer. The pacer sizes each batch to take about
// batchTarget at the pace the writer has shown, within [minBatch, maxBatch].
const (
	batchTarget = time.Second
	minBatch    = 2000
	firstBatch  = 5000
	maxBatch    = 50000
)

// pacer tells the parser how many rows the next batch should hold.
type pacer struct {
	fixed bool
	next  atomic.Int64
}

// newPacer paces batches; a positive fixed size turns pacing off.
func newPacer(fixed int) *pacer {
	p := &pacer{fixed: fixed > 0}
	p.next.Store(int64(firstBatch))
	if p.fixed {
		p.next.Store(int64(fixed))
	}
	return p
}

func (p *pacer) size() int { return int(p.next.Load()) }

// took records that a batch of n rows committed in d.
func (p *pacer) took(n int, d time.Duration) {
	if p.fixed || n == 0 || d <= 0 {
		return
	}
	want := int64(float64(n) * float64(batchTarget) / float64(d))
	p.next.Store(min(maxBatch, max(minBatch, want)))
}
