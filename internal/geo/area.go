package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// earthRadius is the WGS-84 equatorial radius in metres.
const earthRadius = 6378137.0

// Area returns the area of a Polygon, MultiPolygon, Ring or Bound in square
// metres, holes subtracted; other geometries have none.
//
// Rings are projected onto a sphere of the WGS-84 equatorial radius with
// edges treated as straight in longitude/latitude (the formula of Chamberlain
// and Duquette, as in Turf and orb/geo). It is exact for cells bounded by
// meridians and parallels on that sphere and within about 0.5% of the
// ellipsoidal area elsewhere in China — ample for grids and villages.
func Area(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Ring:
		return math.Abs(ringArea(g))
	case orb.Bound:
		return math.Abs(ringArea(g.ToRing()))
	case orb.Polygon:
		return polygonArea(g)
	case orb.MultiPolygon:
		sum := 0.0
		for _, p := range g {
			sum += polygonArea(p)
		}
		return sum
	}
	return 0
}

func polygonArea(p orb.Polygon) float64 {
	if len(p) == 0 {
		return 0
	}
	a := math.Abs(ringArea(p[0]))
	for _, hole := range p[1:] {
		a -= math.Abs(ringArea(hole))
	}
	return max(a, 0)
}

// ringArea is the signed spherical area of a ring, positive when
// counter-clockwise; an open ring is closed implicitly.
func ringArea(r orb.Ring) float64 {
	n := len(r)
	if n < 3 {
		return 0
	}
	sum := 0.0
	for i := range n {
		a, b := r[i], r[(i+1)%n]
		sum += (b[0] - a[0]) * math.Pi / 180 *
			(math.Sin(a[1]*math.Pi/180) + math.Sin(b[1]*math.Pi/180))
	}
	return -sum * earthRadius * earthRadius / 2
}
