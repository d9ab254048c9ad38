package imports

import (
	"testing"
	"time"
)

func TestPacer(t *testing.T) {
	p := newPacer(0)
	if p.size() != firstBatch {
		t.Fatalf("first batch %d", p.size())
	}
	steps := []struct {
		n    int
		took time.Duration
		want int
	}{
		{5000, 500 * time.Millisecond, 10000},   // 10,000 rows/s: a second's worth
		{10000, 4 * time.Second, 2500},          // slowed down
		{2500, 10 * time.Second, minBatch},      // never below the floor
		{2000, 10 * time.Millisecond, maxBatch}, // nor above the ceiling
		{0, time.Second, maxBatch},              // an empty batch says nothing
	}
	for _, s := range steps {
		p.took(s.n, s.took)
		if p.size() != s.want {
			t.Fatalf("after %d rows in %v: next %d, want %d", s.n, s.took, p.size(), s.want)
		}
	}
	fixed := newPacer(7)
	fixed.took(5000, time.Millisecond)
	if fixed.size() != 7 {
		t.Fatalf("a fixed size moved to %d", fixed.size())
	}
}
