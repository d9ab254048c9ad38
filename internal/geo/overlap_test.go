package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

func rect(x0, y0, x1, y1 float64) orb.Polygon { return orb.Polygon{square(x0, y0, x1, y1)} }

func reversed(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}

func TestOverlaps(t *testing.T) {
	u := orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {7, 10}, {7, 3}, {3, 3}, {3, 10}, {0, 10}, {0, 0}}}
	withHole := orb.Polygon{square(0, 0, 10, 10), square(4, 4, 6, 6)}
	diamond := orb.Polygon{{{-1, -1}, {5, 4}, {11, 11}, {4, 5}, {-1, -1}}} // runs corner to corner through the square
	for _, tc := range []struct {
		name string
		a, b orb.Geometry
		want bool
	}{
		{"disjoint", rect(0, 0, 1, 1), rect(2, 0, 3, 1), false},
		{"shared edge", rect(0, 0, 1, 1), rect(1, 0, 2, 1), false},
		{"shared part of an edge", rect(0, 0, 1, 1), rect(1, 0.5, 2, 3), false},
		{"shared corner", rect(0, 0, 1, 1), rect(1, 1, 2, 2), false},
		{"crossing", rect(0, 0, 2, 2), rect(1, 1, 3, 3), true},
		{"contained", rect(0, 0, 10, 10), rect(2, 2, 3, 3), true},
		{"contains", rect(2, 2, 3, 3), rect(0, 0, 10, 10), true},
		{"identical", rect(0, 0, 1, 1), rect(0, 0, 1, 1), true},
		{"identical, other orientation", rect(0, 0, 1, 1), orb.Polygon{reversed(square(0, 0, 1, 1))}, true},
		{"inside touching an edge", rect(0, 0, 10, 10), rect(0, 2, 3, 3), true},
		{"through two corners", rect(0, 0, 10, 10), diamond, true},
		{"in the U's notch", u, rect(3, 3, 7, 10), false},
		{"over the U's notch", u, rect(2, 4, 8, 6), true},
		{"filling the hole", withHole, rect(4, 4, 6, 6), false},
		{"in the hole", withHole, rect(4.5, 4.5, 5.5, 5.5), false},
		{"over the hole's edge", withHole, rect(5, 5, 7, 7), true},
		{"multipolygon", orb.MultiPolygon{rect(0, 0, 1, 1), rect(5, 5, 6, 6)}, rect(5.5, 5.5, 8, 8), true},
		{"within tolerance", rect(0, 0, 1, 1), rect(1-1e-12, 0, 2, 1), false},
		{"beyond tolerance", rect(0, 0, 1, 1), rect(1-1e-6, 0, 2, 1), true},
		{"not a polygon", orb.LineString{{0, 0}, {1, 1}}, rect(0, 0, 1, 1), false},
	} {
		if got := Overlaps(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: Overlaps = %v, want %v", tc.name, got, tc.want)
		}
		if got := Overlaps(tc.b, tc.a); got != tc.want {
			t.Errorf("%s (swapped): Overlaps = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestWithin(t *testing.T) {
	u := orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {7, 10}, {7, 3}, {3, 3}, {3, 10}, {0, 10}, {0, 0}}}
	withHole := orb.Polygon{square(0, 0, 10, 10), square(4, 4, 6, 6)}
	for _, tc := range []struct {
		name         string
		inner, outer orb.Geometry
		want         bool
	}{
		{"inside", rect(1, 1, 2, 2), rect(0, 0, 10, 10), true},
		{"identical", rect(0, 0, 10, 10), rect(0, 0, 10, 10), true},
		{"on the edge", rect(0, 0, 5, 10), rect(0, 0, 10, 10), true},
		{"sticks out", rect(5, 5, 11, 6), rect(0, 0, 10, 10), false},
		{"outside", rect(20, 20, 21, 21), rect(0, 0, 10, 10), false},
		{"beside", rect(10, 0, 11, 1), rect(0, 0, 10, 10), false},
		{"bridges the U's notch", rect(1, 8, 9, 9), u, false},
		{"corners on the U, over the notch", rect(0, 0, 10, 10), u, false},
		{"in the U's arm", rect(0, 3, 3, 10), u, true},
		{"around the hole", rect(3, 3, 7, 7), withHole, false},
		{"beside the hole", rect(0, 0, 4, 10), withHole, true},
		{"is the hole", rect(4, 4, 6, 6), withHole, false},
		{"within tolerance", rect(0, 0, 10+1e-12, 10), rect(0, 0, 10, 10), true},
		{"beyond tolerance", rect(0, 0, 10+1e-6, 10), rect(0, 0, 10, 10), false},
		{"in either part", rect(21, 21, 22, 22), orb.MultiPolygon{rect(0, 0, 10, 10), rect(20, 20, 30, 30)}, true},
		{"across both parts", rect(5, 5, 25, 25), orb.MultiPolygon{rect(0, 0, 10, 10), rect(20, 20, 30, 30)}, false},
	} {
		if got := Within(tc.inner, tc.outer); got != tc.want {
			t.Errorf("%s: Within = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// latticePolygon is a random simple polygon with integer corners in
// [0, n]², star-shaped around a random centre, sometimes with a hole, so
// that shared edges, collinear stretches and vertex-on-edge contacts are
// common between two of them.
func latticePolygon(rng *rand.Rand, n int) orb.Polygon {
	for {
		cx, cy := 1+rng.Float64()*float64(n-2), 1+rng.Float64()*float64(n-2)
		k := 3 + rng.IntN(5)
		angles := make([]float64, k)
		for i := range angles {
			angles[i] = rng.Float64() * 2 * math.Pi
		}
		sortFloats(angles)
		var ring orb.Ring
		for _, a := range angles {
			r := 0.5 + rng.Float64()*float64(n)/2
			x := math.Round(min(float64(n), max(0, cx+r*math.Cos(a))))
			y := math.Round(min(float64(n), max(0, cy+r*math.Sin(a))))
			ring = append(ring, orb.Point{x, y})
		}
		ring = append(ring, ring[0])
		p := orb.Polygon{ring}
		if rng.IntN(2) == 0 {
			hx, hy := math.Round(cx), math.Round(cy)
			hole := square(hx, hy, hx+1, hy+1)
			clear := Within(orb.Polygon{hole}, p)
			for _, v := range hole {
				clear = clear && distToEdges(v, edgesOf(p)) > 0.5
			}
			if clear {
				p = append(p, hole)
			}
		}
		if ValidPolygon(p) == nil {
			return p
		}
	}
}

func sortFloats(a []float64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// sample looks for a point of the bound, on a grid of the given step offset
// so that it avoids lattice lines, for which pred holds.
func sample(b orb.Bound, step float64, pred func(orb.Point) bool) bool {
	off := step * 0.4142135623730951
	for x := b.Min[0] + off; x < b.Max[0]; x += step {
		for y := b.Min[1] + off*0.7; y < b.Max[1]; y += step {
			if pred(orb.Point{x, y}) {
				return true
			}
		}
	}
	return false
}

// strictlyIn is the oracle's notion of an interior point.
func strictlyIn(g orb.Geometry, p orb.Point) bool {
	return Contains(g, p) && distToEdges(p, edgesOf(g)) > 1e-7
}

// TestOverlapsOracle checks Overlaps against dense sampling: the interiors
// overlap exactly when some sampled point lies strictly inside both.
func TestOverlapsOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	agree := 0
	for i := range 3000 {
		a, b := latticePolygon(rng, 6), latticePolygon(rng, 6)
		switch i % 6 {
		case 0: // a neighbour: a reflected to share its right side
			b = shiftedNeighbour(a)
		case 1: // the same shape, maybe running the other way
			b = orb.Polygon{a[0]}
			if rng.IntN(2) == 0 {
				b = orb.Polygon{reversed(a[0])}
			}
		case 2: // a's hole, if it has one: fits exactly
			if len(a) > 1 {
				b = orb.Polygon{a[1]}
			}
		}
		got := Overlaps(a, b)
		if got != Overlaps(b, a) {
			t.Fatalf("not symmetric:\n%v\n%v", a, b)
		}
		both := func(p orb.Point) bool { return strictlyIn(a, p) && strictlyIn(b, p) }
		ab, bb := a.Bound(), b.Bound()
		bound := orb.Bound{Min: orb.Point{max(ab.Min[0], bb.Min[0]), max(ab.Min[1], bb.Min[1])},
			Max: orb.Point{min(ab.Max[0], bb.Max[0]), min(ab.Max[1], bb.Max[1])}}
		want := sample(bound, 1.0/32, both) || (got && sample(bound, 1.0/512, both))
		if got != want {
			t.Fatalf("Overlaps = %v, sampling says %v:\na = %v\nb = %v", got, want, a, b)
		}
		if got {
			agree++
		}
	}
	if agree < 300 || agree > 2700 {
		t.Fatalf("only %d of 3000 pairs overlap: the generator is too one-sided", agree)
	}
}

// shiftedNeighbour is the mirror image of a across x = max x of a: it
// shares a's rightmost edge or vertex and overlaps nothing else of it.
func shiftedNeighbour(a orb.Polygon) orb.Polygon {
	m := a.Bound().Max[0]
	out := orb.Polygon{}
	for _, r := range a {
		nr := make(orb.Ring, len(r))
		for i, p := range r {
			nr[i] = orb.Point{2*m - p[0], p[1]}
		}
		out = append(out, nr)
	}
	return out
}

// TestWithinOracle checks Within against dense sampling: inner is within
// outer exactly when no sampled point lies strictly inside inner and
// strictly outside outer.
func TestWithinOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	inside := 0
	for range 3000 {
		outer := latticePolygon(rng, 6)
		inner := latticePolygon(rng, 6)
		switch rng.IntN(6) {
		case 0:
			inner = outer
		case 1: // the shell without the hole: not within when there is one
			inner = orb.Polygon{reversed(outer[0])}
		case 2: // the hole itself: never within
			if len(outer) > 1 {
				inner = orb.Polygon{outer[1]}
			}
		case 3: // a frame around the hole: within only when there is none
			if len(outer) > 1 {
				h := outer[1].Bound()
				inner = rect(h.Min[0]-0.5, h.Min[1]-0.5, h.Max[0]+0.5, h.Max[1]+0.5)
			}
		}
		got := Within(inner, outer)
		out := func(p orb.Point) bool {
			return strictlyIn(inner, p) && !Contains(outer, p) && distToEdges(p, edgesOf(outer)) > 1e-7
		}
		b := inner.Bound()
		want := !(sample(b, 1.0/32, out) || (!got && sample(b, 1.0/512, out)))
		if got != want {
			t.Fatalf("Within = %v, sampling says %v:\ninner = %v\nouter = %v", got, want, inner, outer)
		}
		if got {
			inside++
		}
	}
	if inside < 300 {
		t.Fatalf("only %d of 3000 cases inside: the generator is too one-sided", inside)
	}
}
