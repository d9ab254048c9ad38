package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func TestContains(t *testing.T) {
	withHole := orb.Polygon{square(0, 0, 10, 10), square(4, 4, 6, 6)}
	// A U shape: the notch x∈(3,7), y∈(3,10) is outside.
	u := orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {7, 10}, {7, 3}, {3, 3}, {3, 10}, {0, 10}, {0, 0}}}
	open := orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}} // not closed: closed implicitly
	multi := orb.MultiPolygon{withHole, {square(20, 20, 30, 30)}}
	clockwise := orb.Polygon{{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}}
	for _, tc := range []struct {
		name string
		g    orb.Geometry
		p    orb.Point
		want bool
	}{
		{"inside", withHole, orb.Point{1, 1}, true},
		{"outside", withHole, orb.Point{11, 1}, false},
		{"in hole", withHole, orb.Point{5, 5}, false},
		{"between hole and shell", withHole, orb.Point{5, 8}, true},
		{"left edge", withHole, orb.Point{0, 5}, true},
		{"bottom edge", withHole, orb.Point{5, 0}, true},
		{"right edge", withHole, orb.Point{10, 5}, false},
		{"top edge", withHole, orb.Point{5, 10}, false},
		{"bottom-left corner", withHole, orb.Point{0, 0}, true},
		{"top-right corner", withHole, orb.Point{10, 10}, false},
		{"hole left edge is the hole's", withHole, orb.Point{4, 5}, false},
		{"hole right edge is the shell's", withHole, orb.Point{6, 5}, true},
		{"U arm", u, orb.Point{1, 9}, true},
		{"U notch", u, orb.Point{5, 9}, false},
		{"U base", u, orb.Point{5, 1}, true},
		{"ray through notch", u, orb.Point{1, 5}, true},
		{"open ring", open, orb.Point{5, 5}, true},
		{"clockwise", clockwise, orb.Point{5, 5}, true},
		{"multi first", multi, orb.Point{1, 1}, true},
		{"multi second", multi, orb.Point{25, 25}, true},
		{"multi hole", multi, orb.Point{5, 5}, false},
		{"multi gap", multi, orb.Point{15, 15}, false},
		{"NaN", withHole, orb.Point{math.NaN(), 5}, false},
		{"empty polygon", orb.Polygon{}, orb.Point{0, 0}, false},
		{"degenerate ring", orb.Polygon{{{0, 0}, {1, 1}}}, orb.Point{0.5, 0.5}, false},
		{"bound is not a polygon", orb.Bound{Max: orb.Point{10, 10}}, orb.Point{5, 5}, false},
		{"point", orb.Point{1, 1}, orb.Point{1, 1}, false},
		{"nil", nil, orb.Point{1, 1}, false},
	} {
		if got := Contains(tc.g, tc.p); got != tc.want {
			t.Errorf("%s: Contains(%v) = %v, want %v", tc.name, tc.p, got, tc.want)
		}
	}
}

// TestContainsAgreesWithPlanar checks random polygons against orb/planar on
// random points, which are almost never on a boundary where the two may
// legitimately differ.
func TestContainsAgreesWithPlanar(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		poly := starPolygon(r, orb.Point{r.Float64() * 10, r.Float64() * 10}, 0.5+r.Float64()*3, r.IntN(3) == 0)
		b := poly.Bound().Pad(0.5)
		for range 200 {
			p := orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
			if got, want := Contains(poly, p), planar.PolygonContains(poly, p); got != want {
				t.Fatalf("Contains(%v, %v) = %v, planar says %v", poly, p, got, want)
			}
		}
	}
}

// TestContainsTilingClaimsEachPointOnce tiles a region with triangles (each
// grid square split along a diagonal, alternating direction) and probes
// points exactly on edges and vertices: inside the tiling, exactly one
// tile must claim each.
func TestContainsTilingClaimsEachPointOnce(t *testing.T) {
	const n = 8
	var tiles []orb.Polygon
	for i := range n {
		for j := range n {
			x, y := float64(i)*0.25+100, float64(j)*0.125+30
			a, b, c, d := orb.Point{x, y}, orb.Point{x + 0.25, y}, orb.Point{x + 0.25, y + 0.125}, orb.Point{x, y + 0.125}
			if (i+j)%2 == 0 {
				tiles = append(tiles, orb.Polygon{{a, b, c, a}}, orb.Polygon{{a, c, d, a}})
			} else {
				tiles = append(tiles, orb.Polygon{{a, b, d, a}}, orb.Polygon{{b, c, d, b}})
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	probe := func(p orb.Point) {
		t.Helper()
		claims := 0
		for _, tile := range tiles {
			if Contains(tile, p) {
				claims++
			}
		}
		if claims != 1 {
			t.Fatalf("point %v claimed by %d tiles, want 1", p, claims)
		}
	}
	for i := range n {
		for j := range n {
			x, y := float64(i)*0.25+100, float64(j)*0.125+30
			probe(orb.Point{x, y})                  // vertex
			probe(orb.Point{x + 0.125, y})          // midpoint of a horizontal edge
			probe(orb.Point{x, y + 0.0625})         // midpoint of a vertical edge
			probe(orb.Point{x + 0.125, y + 0.0625}) // centre: on a diagonal
			f := float64(r.IntN(64)) / 64           // a dyadic fraction keeps points exactly on the diagonal
			if (i+j)%2 == 0 {
				probe(orb.Point{x + 0.25*f, y + 0.125*f})
			} else {
				probe(orb.Point{x + 0.25*f, y + 0.125*(1-f)})
			}
		}
	}
}

// starPolygon returns a random star-shaped (usually concave) polygon around
// c, or a convex one when few vertices land at equal radii, optionally with a
// star-shaped hole around c.
func starPolygon(r *rand.Rand, c orb.Point, radius float64, hole bool) orb.Polygon {
	ring := func(rmin, rmax float64, k int) orb.Ring {
		ring := make(orb.Ring, 0, k+1)
		start := r.Float64() * 2 * math.Pi
		for i := range k {
			a := start + 2*math.Pi*(float64(i)+0.8*r.Float64())/float64(k)
			d := rmin + r.Float64()*(rmax-rmin)
			ring = append(ring, orb.Point{c[0] + d*math.Cos(a), c[1] + d*math.Sin(a)})
		}
		return append(ring, ring[0])
	}
	k := 3 + r.IntN(12)
	if hole {
		k = max(k, 6) // keeps the shell at least 0.29·radius from c, clear of the hole
	}
	var poly orb.Polygon
	if r.IntN(3) == 0 {
		poly = orb.Polygon{ring(radius, radius, k)} // points on a circle: convex
	} else {
		poly = orb.Polygon{ring(radius*0.5, radius, k)}
	}
	if hole {
		poly = append(poly, ring(radius*0.05, radius*0.25, 3+r.IntN(6)))
	}
	return poly
}
