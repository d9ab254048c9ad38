package geo

import "github.com/paulmach/orb"

// Contains reports whether p lies in the Polygon or MultiPolygon g, holes
// excluded; other geometry types contain nothing.
//
// It casts a ray towards +x and counts crossings over all rings together, so
// holes need no special case and rings may be open or closed. Boundary
// points follow the half-open rule of that test: a point on an edge counts as
// inside when the interior lies on its +x side (for a horizontal edge, its +y
// side), so an axis-aligned rectangle holds [minX, maxX) × [minY, maxY). Each
// edge is evaluated with its endpoints in a canonical order, so polygons
// sharing an edge evaluate it bit-for-bit alike and a point on a shared edge
// of a tiling is normally claimed by one tile only. Holes are assumed to lie
// inside their shell, as in GeoJSON. Points with NaN coordinates are never
// contained.
func Contains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return polygonContains(g, p)
	case orb.MultiPolygon:
		for _, poly := range g {
			if polygonContains(poly, p) {
				return true
			}
		}
	}
	return false
}

func polygonContains(poly orb.Polygon, p orb.Point) bool {
	in := false
	for _, ring := range poly {
		if ringCrossesOdd(ring, p) {
			in = !in
		}
	}
	return in
}

// ringCrossesOdd reports whether a ray from p towards +x crosses ring an odd
// number of times.
func ringCrossesOdd(ring orb.Ring, p orb.Point) bool {
	odd := false
	n := len(ring)
	if n < 3 {
		return false
	}
	x, y := p[0], p[1]
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		a, b := ring[j], ring[i]
		if a[1] > b[1] || (a[1] == b[1] && a[0] > b[0]) {
			a, b = b, a // canonical order: the same edge computes the same crossing
		}
		if a[1] <= y && y < b[1] {
			cx := a[0] + (y-a[1])*(b[0]-a[0])/(b[1]-a[1])
			if x < cx {
				odd = !odd
			}
		}
	}
	return odd
}
