package demo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// star is a random simple, usually non-convex, counter-clockwise ring
// around c: angles increase, radii vary wildly, so cells cut it into
// several parts.
func star(rng *rand.Rand, c orb.Point, n int) []orb.Point {
	ring := make([]orb.Point, n)
	for i := range ring {
		a := 2 * math.Pi * (float64(i) + 0.8*rng.Float64()) / float64(n)
		r := 0.1 + rng.Float64()
		ring[i] = orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)}
	}
	return ring
}

func closedPolygon(ring []orb.Point) orb.Polygon {
	return orb.Polygon{append(orb.Ring(append([]orb.Point(nil), ring...)), ring[0])}
}

// TestClipRingAgainstBruteForce checks the clipped shape point by point
// against the definition: inside the ring (orb's own test) and inside the cell.
func TestClipRingAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		ring := star(rng, orb.Point{0, 0}, 5+rng.IntN(60))
		w := boxCell(orb.Bound{Min: orb.Point{-1.5, -1.5}, Max: orb.Point{1.5, 1.5}})
		s := orb.Point{rng.Float64() - 0.5, rng.Float64() - 0.5}
		for range 1 + rng.IntN(6) {
			w = w.clip(bisector(s, orb.Point{rng.Float64()*3 - 1.5, rng.Float64()*3 - 1.5}))
		}
		got := clipRing(ring, w)
		for _, r := range got {
			if ringArea(r) <= 0 {
				t.Fatalf("trial %d: ring with area %g", trial, ringArea(r))
			}
		}
		subject := closedPolygon(ring)
		for range 400 {
			p := orb.Point{rng.Float64()*3 - 1.5, rng.Float64()*3 - 1.5}
			want := planar.PolygonContains(subject, p) && w.inside(p)
			if pointInRings(got, p) != want && boundaryDist(got, p) > 1e-9 && boundaryDist([][]orb.Point{ring}, p) > 1e-9 {
				t.Fatalf("trial %d: point %v: got inside=%v, want %v", trial, p, !want, want)
			}
		}
	}
}

func TestPartitionCoversStar(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		parent := [][]orb.Point{star(rng, orb.Point{112, 38}, 40)}
		sp := &splitter{rng: rng, parent: parent, bound: shapeBound(parent), area: shapeArea(parent)}
		n := 1 + rng.IntN(30)
		pieces, _, err := sp.split(n, nil, orb.Point{112, 38})
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, p := range pieces {
			sum += shapeArea(p)
		}
		if rel := math.Abs(sum-sp.area) / sp.area; rel > 1e-9 {
			t.Errorf("trial %d: %d pieces cover %g of area %g", trial, n, sum, sp.area)
		}
	}
}

func TestScanPointLandsInThinShape(t *testing.T) {
	thin := [][]orb.Point{{{0, 0}, {10, 0}, {10, 1e-6}, {0, 1e-6}}}
	sp := &splitter{rng: rand.New(rand.NewPCG(5, 6)), parent: thin, bound: shapeBound(thin), area: shapeArea(thin)}
	pieces, seeds, err := sp.split(5, nil, orb.Point{5, 5e-7})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pieces {
		if !pointInRings(thin, seeds[i]) || len(p) == 0 {
			t.Errorf("piece %d: seed %v outside or empty piece", i, seeds[i])
		}
	}
}

// boundaryDist is the distance from p to the nearest edge of a shape.
func boundaryDist(rings [][]orb.Point, p orb.Point) float64 {
	best := math.Inf(1)
	for _, r := range rings {
		for i, a := range r {
			best = math.Min(best, planar.DistanceFromSegment(a, r[(i+1)%len(r)], p))
		}
	}
	return best
}
