package event

import (
	"testing"
	"time"
)

// TestStatsForget: a write drops the answers of the areas that hold it —
// its grid's, its village's … the city's — and no other.
func TestStatsForget(t *testing.T) {
	c := newStatsCache()
	now := time.Now()
	computed := map[string]int{}
	ask := func(path string) {
		c.get(statsKey{path: path, by: "region"}, now, func() (Stats, error) { computed[path]++; return Stats{}, nil })
	}
	paths := []string{"14/", "14/02/", "14/02/001/", "14/03/"}
	for _, p := range paths {
		ask(p)
		ask(p)
	}
	c.forget("14/02/001/007/")
	for _, p := range paths {
		ask(p)
	}
	want := map[string]int{"14/": 2, "14/02/": 2, "14/02/001/": 2, "14/03/": 1}
	for p, n := range want {
		if computed[p] != n {
			t.Errorf("%s computed %d times, want %d", p, computed[p], n)
		}
	}
	// bounded: the oldest answer goes first
	for i := range maxStatsAnswers + 10 {
		c.get(statsKey{path: "x/", from: int64(i)}, now.Add(time.Duration(i)), func() (Stats, error) { return Stats{}, nil })
	}
	if len(c.answers) > maxStatsAnswers {
		t.Errorf("%d answers kept, at most %d", len(c.answers), maxStatsAnswers)
	}
	if _, ok := c.answers[statsKey{path: "x/", from: int64(maxStatsAnswers + 9)}]; !ok {
		t.Error("the newest answer was evicted")
	}
}
