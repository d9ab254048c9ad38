package bus

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

// TestCache: two instances' copies on one bus. A change on one reloads its
// own copy at once and the other's soon after, and its own word does not
// reload it twice; a dropped subscription reloads the copy, since it may
// have missed a word, and listens again.
func TestCache(t *testing.T) {
	h := NewHub()
	var loads [2]atomic.Int32
	caches := [2]*Cache{}
	for i := range caches {
		caches[i] = NewCache(h, "cache.test", func(context.Context) error { loads[i].Add(1); return nil })
	}
	stop := Follow(slog.New(slog.DiscardHandler), caches[:]...)
	defer stop()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for start := time.Now(); !ok(); time.Sleep(5 * time.Millisecond) {
			if time.Since(start) > 10*time.Second {
				t.Fatalf("%s: loads %d and %d", what, loads[0].Load(), loads[1].Load())
			}
		}
	}
	waitFor("both following", func() bool { return subscribers(h, "cache.test") == 2 })

	if err := caches[0].Changed(context.Background()); err != nil {
		t.Fatal(err)
	}
	if loads[0].Load() != 1 {
		t.Errorf("the changing instance reloaded %d times before Changed returned, want 1", loads[0].Load())
	}
	waitFor("the other instance reloads", func() bool { return loads[1].Load() == 1 })
	time.Sleep(50 * time.Millisecond)
	if loads[0].Load() != 1 {
		t.Errorf("its own word reloaded the changing instance again: %d", loads[0].Load())
	}

	h.DropAll()
	waitFor("both reload after a drop", func() bool { return loads[0].Load() == 2 && loads[1].Load() == 2 })
	waitFor("both follow again", func() bool { return subscribers(h, "cache.test") == 2 })
	caches[1].Changed(context.Background())
	waitFor("the first instance hears the second", func() bool { return loads[0].Load() == 3 })
}

// TestCacheAlone: without a bus a change reloads the copy and Follow has
// nothing to do; a failed reload leaves the copy stale.
func TestCacheAlone(t *testing.T) {
	fail := false
	c := NewCache(nil, "cache.test", func(context.Context) error {
		if fail {
			return context.DeadlineExceeded
		}
		return nil
	})
	Follow(slog.New(slog.DiscardHandler), c)()
	if err := c.Changed(context.Background()); err != nil || c.stale.Load() {
		t.Errorf("a good reload: %v, stale %v", err, c.stale.Load())
	}
	fail = true
	if err := c.Changed(context.Background()); err == nil || !c.stale.Load() {
		t.Errorf("a failed reload: %v, stale %v", err, c.stale.Load())
	}
}
