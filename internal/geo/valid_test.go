package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestValidPolygon(t *testing.T) {
	good := orb.Polygon{square(112, 38, 113, 39)}
	for _, tc := range []struct {
		name    string
		g       orb.Geometry
		wantErr string // "" for valid
	}{
		{"square", good, ""},
		{"with hole", orb.Polygon{square(112, 38, 113, 39), square(112.2, 38.2, 112.4, 38.4)}, ""},
		{"triangle", orb.Polygon{{{0, 0}, {1, 0}, {0, 1}, {0, 0}}}, ""},
		{"concave", orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {7, 10}, {7, 3}, {3, 3}, {3, 10}, {0, 10}, {0, 0}}}, ""},
		{"repeated point", orb.Polygon{{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}, ""},
		{"multipolygon", orb.MultiPolygon{good, {square(0, 0, 1, 1)}}, ""},
		{"extremes", orb.Polygon{square(-180, -90, 180, 90)}, ""},

		{"nil", nil, "no geometry"},
		{"line", orb.LineString{{0, 0}, {1, 1}}, "want Polygon or MultiPolygon"},
		{"no rings", orb.Polygon{}, "no rings"},
		{"empty multi", orb.MultiPolygon{}, "no polygons"},
		{"bad member", orb.MultiPolygon{good, {{{0, 0}, {1, 0}, {0, 0}}}}, "polygon 1 ring 0"},
		{"three points", orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}}, "at least 4"},
		{"not closed", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, "not closed"},
		{"all one point", orb.Polygon{{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, "distinct"},
		{"two distinct", orb.Polygon{{{0, 0}, {1, 1}, {1, 1}, {0, 0}}}, "distinct"},
		{"collinear", orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}, "intersect"},
		{"spike", orb.Polygon{{{0, 0}, {2, 0}, {2, 2}, {2, 3}, {2, 2}, {0, 2}, {0, 0}}}, "intersect"},
		{"bow tie", orb.Polygon{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}, "intersect"},
		{"touching vertex", orb.Polygon{{{0, 0}, {4, 0}, {2, 2}, {4, 4}, {0, 4}, {2, 2}, {0, 0}}}, "intersect"},
		{"vertex on edge", orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}}, "intersect"},
		{"bad hole", orb.Polygon{square(0, 0, 10, 10), {{1, 1}, {2, 2}, {2, 1}, {1, 2}, {1, 1}}}, "ring 1"},
		{"NaN", orb.Polygon{{{0, 0}, {1, 0}, {math.NaN(), 1}, {0, 0}}}, "not finite"},
		{"Inf", orb.Polygon{{{0, 0}, {math.Inf(1), 0}, {1, 1}, {0, 0}}}, "not finite"},
		{"lng range", orb.Polygon{{{0, 0}, {181, 0}, {1, 1}, {0, 0}}}, "outside"},
		{"lat range", orb.Polygon{{{0, 0}, {1, -91}, {1, 1}, {0, 0}}}, "outside"},
	} {
		err := ValidPolygon(tc.g)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.wantErr != "" && (!errors.Is(err, ErrInvalidPolygon) || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: err = %v, want ErrInvalidPolygon mentioning %q", tc.name, err, tc.wantErr)
		}
	}
}

// TestValidPolygonRandom checks the generator used by the other property
// tests: star-shaped rings with distinct angles are simple, and swapping two
// non-adjacent vertices of one usually is not — whichever it is, the brute
// force oracle over all edge pairs must agree.
func TestValidPolygonRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for range 500 {
		poly := starPolygon(r, orb.Point{100, 30}, 1, false)
		if err := ValidPolygon(poly); err != nil {
			t.Fatalf("star polygon %v: %v", poly, err)
		}
		ring := append(orb.Ring(nil), poly[0]...)
		n := len(ring) - 1
		i, j := r.IntN(n), r.IntN(n)
		ring[i], ring[j] = ring[j], ring[i]
		ring[n] = ring[0]
		if got, want := ValidPolygon(orb.Polygon{ring}) == nil, simpleOracle(ring); got != want {
			t.Fatalf("ring %v: ValidPolygon ok=%v, oracle %v", ring, got, want)
		}
	}
}

// simpleOracle decides whether a closed ring with distinct vertices is
// simple by solving for the crossing of every pair of non-adjacent edges,
// independent of the orientation arithmetic under test.
func simpleOracle(ring orb.Ring) bool {
	n := len(ring) - 1
	if n < 3 {
		return false
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if j == i+1 || (i == 0 && j == n-1) {
				continue
			}
			if crossBySolve(ring[i], ring[i+1], ring[j], ring[j+1]) {
				return false
			}
		}
	}
	return true
}

// crossBySolve intersects two segments by solving p + s·(q−p) = u + t·(v−u).
func crossBySolve(p, q, u, v orb.Point) bool {
	den := (q[0]-p[0])*(v[1]-u[1]) - (q[1]-p[1])*(v[0]-u[0])
	if den == 0 {
		return false // parallel: random rings never have collinear edges
	}
	s := ((u[0]-p[0])*(v[1]-u[1]) - (u[1]-p[1])*(v[0]-u[0])) / den
	tt := ((u[0]-p[0])*(q[1]-p[1]) - (u[1]-p[1])*(q[0]-p[0])) / den
	return s >= 0 && s <= 1 && tt >= 0 && tt <= 1
}
